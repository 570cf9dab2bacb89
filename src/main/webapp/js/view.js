// Everything the page draws. User text only ever reaches the page through textContent, never
// parsed as HTML.
import { STATES } from './link.js';

export const $ = (id) => document.getElementById(id);

// The server's default chat.max-text-length; a lower server limit answers `too_long`.
export const MAX_TEXT = 2000;

function element(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

function scrollDown() {
  const list = $('messages');
  list.scrollTop = list.scrollHeight;
}

// A new line in a conversation, shown at once if it is the one in view. Without a conversation
// (refused before any room) the line is shown in the empty view and not kept.
export function line(conversations, conversation, className) {
  const item = element('li', className);
  const target = conversation || conversations.inView;
  if (target) target.keep(item);
  if (!target || target === conversations.inView) {
    $('messages').appendChild(item);
    scrollDown();
  }
  return item;
}

// Older lines, oldest first, above the first of a conversation: the lines the reader was reading
// stay where they were on the screen, even when the list did not fill its box before.
export function older(conversations, conversation, items) {
  conversation.lines.unshift(...items);
  if (conversation !== conversations.inView) return;
  const list = $('messages');
  const anchor = list.firstElementChild;
  const before = anchor ? anchor.getBoundingClientRect().top : 0;
  list.prepend(...items);
  if (anchor) list.scrollTop += anchor.getBoundingClientRect().top - before;
}

// A line not yet in any conversation.
export function detachedLine(className) {
  return element('li', className);
}

// Whether the reader is at the top of the messages, where older ones are loaded.
export function atTop() {
  return $('messages').scrollTop <= 40;
}

export function notice(conversations, conversation, kind, text) {
  line(conversations, conversation, kind).textContent = text;
}

// A room's message or a direct one: sender (✓ when signed in), local time, text.
export function message(item, event, extra) {
  const from = element('span', 'from', (event.action ? '* ' : '') + event.from + (event.verified ? ' ✓' : ''));
  const at = element('time', null, new Date(event.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
  at.dateTime = event.at;
  item.append(from, at, element('span', 'text', event.text));
  item.dataset.id = event.id;
  if (extra) item.append(extra);
}

export function announce(text) {
  $('announcer').textContent = text;
}

// A small button that does one thing for one message or member, described for screen readers.
export function action(label, description, onPress, className = 'moderate') {
  const button = element('button', className, label);
  button.type = 'button';
  button.setAttribute('aria-label', description);
  button.addEventListener('click', onPress);
  return button;
}

// The conversation in view, from its first kept line to its last.
export function showConversation(conversation) {
  $('messages').replaceChildren(...(conversation ? conversation.lines : []));
  scrollDown();
  renderTyping(conversation);
}

// Its title and what the Leave button does; `connected` tells a room being joined from one left
// with the connection.
export function showTitle(conversation, connected) {
  const waiting = conversation && conversation.isRoom && !conversation.joined;
  $('room-title').textContent = !conversation ? 'Not in a room'
    : conversation.key + (!waiting ? '' : connected ? ' (joining…)' : ' (not connected)');
  const leave = $('leave');
  leave.textContent = conversation && !conversation.isRoom ? 'Close' : 'Leave';
  leave.setAttribute('aria-label', conversation ? leave.textContent + ' ' + conversation.key : 'Leave');
  $('people').hidden = !!conversation && !conversation.isRoom;
}

// The rooms and direct conversations, each a button with its unread count.
export function renderConversations(conversations, pick) {
  $('conversations').replaceChildren(...conversations.all.map((c) => {
    const button = element('button', 'pick', c.key);
    button.type = 'button';
    const pending = c.isRoom && !c.joined;
    if (c.unread > 0) button.append(element('span', 'unread', String(c.unread)));
    button.setAttribute('aria-label', c.key + (c.unread > 0 ? ', ' + c.unread + ' unread' : '') + (pending ? ', joining' : ''));
    if (c === conversations.inView) button.setAttribute('aria-current', 'true');
    button.addEventListener('click', () => pick(c));
    const item = element('li', pending ? 'pending' : null);
    item.append(button);
    return item;
  }));
}

// The members of a room, with a button to write to each and, for a moderator, to mute, kick, ban.
export function renderMembers(room, controls) {
  const names = room ? [...new Set(room.members)] : [];
  $('members').replaceChildren(...names.map((name) => {
    const item = element('li');
    item.append(element('span', 'member', (name === room.you ? name + ' (you)' : name) + (room.verified.has(name) ? ' ✓' : '')));
    if (name !== room.you) item.append(...controls(name));
    return item;
  }));
  $('member-count').textContent = String(!room ? 0 : room.crowded ? room.count : room.members.length);
  const more = $('more-members');
  more.hidden = !room || !room.crowded;
  more.textContent = room && room.next !== null ? 'More members' : names.length ? 'Reload members' : 'Show members';
}

export function renderTyping(conversation) {
  const names = conversation ? [...conversation.typing.keys()] : [];
  $('typing').textContent = names.length === 0 ? ''
    : names.length === 1 ? names[0] + ' is typing…'
    : names.length <= 3 ? names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1] + ' are typing…'
    : 'Several people are typing…';
}

// Signed in: the name is the container's, so the name field shows it and cannot change it.
export function showAccount(signedIn, you) {
  $('sign-in').hidden = signedIn;
  $('signed-in').hidden = !signedIn;
  $('signed-in-as').textContent = signedIn ? 'Signed in as ' + you + ' ✓' : '';
  $('name').readOnly = signedIn;
  if (signedIn) $('name').value = you;
}

export function showState(state, canWrite, canLeave) {
  $('status').dataset.state = String(state);
  $('state').textContent = STATES[state] + ' (' + state + ')';
  $('text').disabled = !canWrite;
  $('leave').disabled = !canLeave;
  countText();
}

export function countText() {
  const length = [...$('text').value].length; // code points, as the server counts
  $('counter').textContent = length + ' / ' + MAX_TEXT;
  $('counter').className = length > MAX_TEXT ? 'over' : length > MAX_TEXT * 0.9 ? 'near' : '';
  $('send').disabled = $('text').disabled || length === 0 || length > MAX_TEXT;
}

// The directory's rooms as suggestions for the room field.
export function suggestRooms(rooms) {
  $('known-rooms').replaceChildren(...rooms.map((entry) => {
    const option = element('option', null, entry.members + ' online');
    option.value = entry.room;
    return option;
  }));
}
