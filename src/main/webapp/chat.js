// A small chat.v1 client: join a room, show what the server pushes, send what is typed.
// All user text reaches the page as text nodes (textContent), never parsed as HTML.
(function () {
  'use strict';
  const STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];
  const $ = (id) => document.getElementById(id);
  let socket = null;

  function chatUrl(name, room) {
    const url = new URL('chat', window.location.href);
    url.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    if (name) url.searchParams.set('name', name);
    if (room) url.searchParams.set('room', room);
    return url.toString();
  }

  function show(className, from, text) {
    const item = document.createElement('li');
    item.className = className;
    if (from) {
      const who = document.createElement('span');
      who.className = 'from';
      who.textContent = from + ':';
      item.appendChild(who);
    }
    item.appendChild(document.createTextNode(text));
    $('messages').appendChild(item);
    item.scrollIntoView({ block: 'end' });
  }

  function showState() {
    $('state').textContent = socket ? STATES[socket.readyState] : 'not connected';
    const open = socket && socket.readyState === WebSocket.OPEN;
    $('text').disabled = !open;
    $('say').querySelector('button').disabled = !open;
  }

  function receive(frame) {
    const event = JSON.parse(frame.data);
    switch (event.type) {
      case 'welcome': show('notice', null, 'You are ' + event.you + ' in #' + event.room + ' with ' + event.members.join(', ')); break;
      case 'message': show('message', event.from, event.text); break;
      case 'joined': show('notice', null, event.name + ' joined'); break;
      case 'left': show('notice', null, event.name + ' left'); break;
      case 'error': show('error', null, event.message); break;
    }
  }

  $('join').addEventListener('submit', (e) => {
    e.preventDefault();
    if (socket) socket.close();
    socket = new WebSocket(chatUrl($('name').value.trim(), $('room').value.trim()), 'chat.v1');
    socket.onopen = showState;
    socket.onmessage = receive;
    socket.onclose = (close) => {
      showState();
      show('notice', null, 'Disconnected (' + close.code + (close.reason ? ': ' + close.reason : '') + ')');
    };
    showState();
  });

  $('say').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('text').value;
    if (socket && socket.readyState === WebSocket.OPEN && text.trim()) {
      socket.send(JSON.stringify({ type: 'say', text: text }));
      $('text').value = '';
    }
  });
})();
