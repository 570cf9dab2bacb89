// The chat.v1 client: join a room, show what the server pushes, send what is typed, and come
// back after a dropped connection with `since`, so that every message shows exactly once, in
// order. All user text reaches the page as text nodes (textContent), never parsed as HTML.
(function () {
  'use strict';

  // The four readyState values, as the WebSocket API numbers them.
  const STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];
  // The server's default chat.max-text-length; a lower server limit answers `too_long`.
  const MAX_TEXT = 2000;
  const RETRY_BASE_MS = 500;
  const RETRY_CAP_MS = 30000;
  // A connection that stays up this long counts as stable: the next drop starts from a short wait.
  const STABLE_MS = 10000;
  // Names asked for at a time in a crowded room, whose list comes in pages on request.
  const PAGE = 100;
  // Typing: told at most this often (the server passes on one per 2 s anyway), and shown this long.
  const TYPING_EVERY_MS = 2000;
  const TYPING_SHOWN_MS = 5000;

  const $ = (id) => document.getElementById(id);
  const stored = {
    get: (key) => { try { return localStorage.getItem('websocket-chat.' + key); } catch (e) { return null; } },
    set: (key, value) => { try { localStorage.setItem('websocket-chat.' + key, value); } catch (e) { /* private mode */ } }
  };

  let socket = null;
  let wanted = null;        // {name, room} the user asked for
  let you = null;           // the name the server gave us
  let welcomed = false;     // the current connection got its welcome
  let moderator = false;    // the server lets us kick, mute, ban and delete in this room
  let lastId = null;        // the last event shown: `since` on reconnect
  let seen = new Set();     // event ids shown, so a replay never shows one twice
  let members = [];          // one entry per connection: a signed-in user's tabs share its name
  let verified = new Set();  // the names among them that are signed-in users'
  // A crowded room (see the README's Protocol) tells its count, not its joins and leaves: the
  // list is then a snapshot loaded a page at a time, and `next` is where the next page starts.
  let crowded = false;
  let count = 0;
  let next = null;
  let replacing = false;    // the page asked for starts the list afresh
  let attempt = 0;
  let retryTimer = null;
  let typedAt = 0;          // when we last told the room we were typing
  const typing = new Map(); // name -> the timer that ends its typing line
  let stableTimer = null;

  function chatUrl() {
    const url = new URL('chat', window.location.href);
    url.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    if (wanted.name) url.searchParams.set('name', wanted.name);
    url.searchParams.set('room', wanted.room);
    if (lastId) url.searchParams.set('since', lastId);
    return url.toString();
  }

  function connect() {
    clearTimeout(retryTimer);
    welcomed = false;
    const current = new WebSocket(chatUrl(), 'chat.v1');
    socket = current;
    current.onopen = () => {
      showState();
      stableTimer = setTimeout(() => { attempt = 0; }, STABLE_MS);
    };
    // A socket the user has replaced may still deliver a frame or two: ignore them.
    current.onmessage = (frame) => { if (current === socket) receive(JSON.parse(frame.data)); };
    current.onclose = (close) => closed(close, current);
    showState();
  }

  function closed(close, which) {
    clearTimeout(stableTimer);
    if (which !== socket) return; // an old socket the user already replaced
    showState();
    if (wanted === null) return;  // the user left
    // Refused at the door (bad name or room, foreign origin) or refused for binary: the same
    // request would be refused again, so say why and stop.
    // Refused at the door, or put out by a moderator (4002 kicked, 4003 banned): the same request
    // would be refused again, so say why and stop.
    if (close.code === 1003 || close.code === 4002 || close.code === 4003 || (close.code === 1008 && !welcomed)) {
      notice('error', 'Refused: ' + (close.reason || 'code ' + close.code));
      wanted = null;
      showState();
      return;
    }
    // Full jitter: a server that restarts is not hit by every client at the same instant.
    const delay = Math.round(Math.random() * Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** attempt));
    attempt++;
    notice('notice', 'Connection lost (' + close.code + (close.reason ? ': ' + close.reason : '') + ')');
    $('retry').textContent = '— reconnecting in ' + Math.ceil(delay / 1000) + ' s';
    retryTimer = setTimeout(connect, delay);
  }

  function receive(event) {
    switch (event.type) {
      case 'welcome': welcome(event); break;
      case 'message': once(event, () => message(event)); break;
      case 'joined': once(event, () => presence(event, true)); break;
      case 'left': once(event, () => presence(event, false)); break;
      case 'presence': headcount(event); break;
      case 'members': page(event); break;
      case 'error': notice('error', event.message); break;
      case 'moderation': moderation(event); break;
      case 'deleted': deleted(event); break;
      case 'typing': showTyping(event.name); break;
    }
  }

  // "ana is typing…" until 5 s after the last sign, or until ana's message arrives.
  function showTyping(name) {
    clearTimeout(typing.get(name));
    typing.set(name, setTimeout(() => stopTyping(name), TYPING_SHOWN_MS));
    renderTyping();
  }

  function stopTyping(name) {
    if (!typing.has(name)) return;
    clearTimeout(typing.get(name));
    typing.delete(name);
    renderTyping();
  }

  function renderTyping() {
    const names = [...typing.keys()];
    $('typing').textContent = names.length === 0 ? ''
      : names.length === 1 ? names[0] + ' is typing…'
      : names.length <= 3 ? names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1] + ' are typing…'
      : 'Several people are typing…';
  }

  function welcome(event) {
    const resuming = lastId !== null;
    welcomed = true;
    [...typing.keys()].forEach(stopTyping);
    you = event.you;
    moderator = event.moderator === true;
    showAccount(event.verified === true);
    crowded = !event.members;
    members = crowded ? [] : event.members.slice();
    verified = new Set(event.verifiedMembers || []);
    count = crowded ? event.count : members.length;
    next = null;
    renderMembers();
    $('room-title').textContent = '#' + event.room;
    $('retry').textContent = '';
    if (!resuming) {
      notice('notice', 'You are ' + you + ' in #' + event.room);
    } else if (!event.resumed) {
      notice('notice', 'Reconnected; some messages from the gap may be missing');
    }
    showState();
    $('text').focus();
  }

  function once(event, show) {
    if (seen.has(event.id)) return;
    seen.add(event.id);
    lastId = event.id;
    show();
  }

  function message(event) {
    stopTyping(event.from);
    // An action (/me waves) reads as "* ana waves".
    const item = line('message' + (event.from === you ? ' mine' : '') + (event.action ? ' action' : ''));
    const from = document.createElement('span');
    from.className = 'from';
    from.textContent = (event.action ? '* ' : '') + event.from + (event.verified ? ' ✓' : '');
    const at = document.createElement('time');
    at.dateTime = event.at;
    at.textContent = new Date(event.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = event.text;
    item.append(from, at, text);
    item.dataset.id = event.id;
    if (moderator) item.append(action('Delete', 'Delete this message from ' + event.from, { type: 'delete', id: event.id }));
    $('announcer').textContent = event.from + (event.action ? ' ' : ': ') + event.text;
  }

  function presence(event, joined) {
    if (joined) {
      if (event.verified || !members.includes(event.name)) members.push(event.name);
      if (event.verified) verified.add(event.name);
    } else {
      const at = members.indexOf(event.name);
      if (at >= 0) members.splice(at, 1);
      if (!members.includes(event.name)) verified.delete(event.name);
    }
    renderMembers();
    notice('presence', event.name + (event.verified ? ' ✓' : '') + (joined ? ' joined' : ' left'));
  }

  // Presence without names comes from a crowded room; with `members`, the room is small again.
  function headcount(event) {
    const was = crowded;
    crowded = !event.members;
    if (!crowded) {
      members = event.members.slice();
      verified = new Set(event.verifiedMembers || []);
      next = null;
    } else if (!was) {
      members = [];
    }
    count = event.count;
    renderMembers();
    if (crowded !== was) {
      notice('presence', crowded ? 'The room is crowded: members are counted, and listed on request'
                                 : 'The room is small again: members are listed as they come and go');
    }
  }

  function page(event) {
    if (!crowded) return; // asked for while crowded, answered once small again: the live list stands
    members = replacing ? event.names.slice() : members.concat(event.names);
    if (replacing) verified = new Set();
    (event.verifiedNames || []).forEach((name) => verified.add(name));
    next = event.next;
    count = event.count;
    renderMembers();
  }

  function askMembers() {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    replacing = next === null;
    const request = { type: 'members', limit: PAGE };
    if (!replacing) request.after = next;
    socket.send(JSON.stringify(request));
  }

  const PAST = { kick: 'kicked', mute: 'muted', ban: 'banned', unban: 'unbanned' };

  function moderation(event) {
    notice('presence', event.name + ' was ' + PAST[event.action] + (event.seconds ? ' for ' + event.seconds + ' s' : '')
        + ' by ' + event.by + (event.reason ? ': ' + event.reason : ''));
  }

  function deleted(event) {
    const item = [...$('messages').children].find((message) => message.dataset.id === event.id);
    if (item) item.replaceChildren(Object.assign(document.createElement('em'), { textContent: 'message deleted by ' + event.by }));
  }

  // A moderator's button: sends the request for the room in view; the server says the rest.
  function action(label, description, request) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'moderate';
    button.textContent = label;
    button.setAttribute('aria-label', description);
    button.addEventListener('click', () => {
      if (socket && socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify(Object.assign({ room: wanted.room }, request)));
      }
    });
    return button;
  }

  function notice(kind, text) {
    line(kind).textContent = text;
  }

  function line(className) {
    const list = $('messages');
    const item = document.createElement('li');
    item.className = className;
    list.appendChild(item);
    list.scrollTop = list.scrollHeight;
    return item;
  }

  // Signed in: the name is the container's, so the name field shows it and cannot change it.
  function showAccount(verified) {
    $('sign-in').hidden = verified;
    $('signed-in').hidden = !verified;
    $('signed-in-as').textContent = verified ? 'Signed in as ' + you + ' ✓' : '';
    $('name').readOnly = verified;
    if (verified) $('name').value = you;
  }

  function renderMembers() {
    const list = $('members');
    list.replaceChildren(...[...new Set(members)].map((name) => {
      const item = document.createElement('li');
      const label = document.createElement('span');
      label.textContent = (name === you ? name + ' (you)' : name) + (verified.has(name) ? ' ✓' : '');
      item.append(label);
      if (moderator && name !== you) {
        item.append(action('Mute', 'Mute ' + name + ' for 5 minutes', { type: 'mute', name: name, seconds: 300 }),
            action('Kick', 'Kick ' + name, { type: 'kick', name: name }),
            action('Ban', 'Ban ' + name + ' for an hour', { type: 'ban', name: name, seconds: 3600 }));
      }
      return item;
    }));
    $('member-count').textContent = String(crowded ? count : members.length);
    const more = $('more-members');
    more.hidden = !crowded;
    more.textContent = next !== null ? 'More members' : members.length ? 'Reload members' : 'Show members';
  }

  function showState() {
    const state = socket ? socket.readyState : WebSocket.CLOSED;
    $('status').dataset.state = String(state);
    $('state').textContent = STATES[state] + ' (' + state + ')';
    const open = state === WebSocket.OPEN && welcomed;
    $('text').disabled = !open;
    countText();
    $('leave').disabled = wanted === null;
  }

  function countText() {
    const length = [...$('text').value].length; // code points, as the server counts
    $('counter').textContent = length + ' / ' + MAX_TEXT;
    $('counter').className = length > MAX_TEXT ? 'over' : length > MAX_TEXT * 0.9 ? 'near' : '';
    $('send').disabled = $('text').disabled || length === 0 || length > MAX_TEXT;
  }

  function join(name, room) {
    wanted = { name: name, room: room };
    stored.set('name', name);
    stored.set('room', room);
    if (socket) {
      const old = socket;
      socket = null;
      old.close(1000);
    }
    lastId = null;
    seen = new Set();
    attempt = 0;
    $('messages').replaceChildren();
    connect();
  }

  $('join').addEventListener('submit', (e) => {
    e.preventDefault();
    join($('name').value.trim(), $('room').value.trim().toLowerCase());
  });

  $('leave').addEventListener('click', () => {
    wanted = null;
    clearTimeout(retryTimer);
    $('retry').textContent = '';
    if (socket) socket.close(1000);
    showState();
  });

  $('text').addEventListener('input', () => {
    countText();
    const now = Date.now();
    if ($('text').value.trim() && now - typedAt >= TYPING_EVERY_MS && socket && socket.readyState === WebSocket.OPEN) {
      typedAt = now;
      socket.send(JSON.stringify({ type: 'typing' }));
    }
  });

  $('more-members').addEventListener('click', askMembers);

  $('say').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('text').value;
    if (socket && socket.readyState === WebSocket.OPEN && text.trim() && [...text].length <= MAX_TEXT) {
      const me = /^\/me\s+(\S[\s\S]*)$/.exec(text);
      socket.send(JSON.stringify(me ? { type: 'say', text: me[1], action: true } : { type: 'say', text: text }));
      $('text').value = '';
      countText();
    }
  });

  $('name').value = stored.get('name') || '';
  $('room').value = stored.get('room') || 'lobby';
  const linked = new URLSearchParams(window.location.search).get('room');
  if (linked) {
    $('room').value = linked;
    join($('name').value.trim(), linked.trim().toLowerCase());
  }
  showState();
})();
