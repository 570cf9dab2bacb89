// What the page does with each frame the server pushes (docs/protocol.md). Every room event
// names its room; a direct message names its two people.
import * as view from './view.js';

// Typing lines are shown this long after the last sign.
const TYPING_SHOWN_MS = 5000;
const PAST = { kick: 'kicked', mute: 'muted', ban: 'banned', unban: 'unbanned' };

export function receive(session, event) {
  const room = event.room ? session.conversations.find('room', event.room) : null;
  switch (event.type) {
    case 'welcome': welcome(session, event); break;
    case 'goodbye': if (room) goodbye(session, room, event.reason); break;
    case 'message': if (room && room.once(event.id)) message(session, room, event); break;
    case 'joined': if (room && room.once(event.id)) presence(session, room, event, true); break;
    case 'left': if (room && room.once(event.id)) presence(session, room, event, false); break;
    case 'presence': if (room) headcount(session, room, event); break;
    case 'members': if (room) page(session, room, event); break;
    case 'history': if (room) older(session, room, event); break;
    case 'typing': if (room) typing(session, room, event.name); break;
    case 'moderation': if (room) moderation(session, room, event); break;
    case 'deleted': if (room) deleted(room, event); break;
    case 'dm': direct(session, event); break;
    case 'dms': conversation(session, event); break;
    case 'rooms': view.suggestRooms(event.rooms); break;
    case 'error': error(session, room, event); break;
  }
}

function welcome(session, event) {
  const room = session.conversations.open('room', event.room);
  const returning = room.lastId !== null;
  room.joined = true;
  room.you = event.you;
  room.moderator = event.moderator === true;
  room.crowded = !event.members;
  room.members = room.crowded ? [] : event.members.slice();
  room.verified = new Set(event.verifiedMembers || []);
  room.count = room.crowded ? event.count : room.members.length;
  room.next = null;
  [...room.typing.keys()].forEach((name) => stopTyping(session, room, name));
  if (room === session.conversations.rooms()[0]) session.you = event.you;
  if (!session.welcomed) {
    view.showAccount(event.verified === true, event.you);
    session.welcomedFirst(event.verified === true);
  }
  if (!returning) {
    session.notice(room, 'notice', 'You are ' + event.you + ' in #' + event.room);
  } else if (!event.resumed) {
    session.notice(room, 'notice', 'Reconnected; some messages from the gap may be missing');
  }
  members(session, room);
  session.refresh();
  if (room === session.conversations.inView) view.$('text').focus();
}

function goodbye(session, room, reason) {
  session.drop(room);
  session.notice(null, 'notice', reason ? 'You are out of ' + room.key + ': ' + reason : 'You left ' + room.key);
}

// A line in a conversation: counted as unread out of view, announced in view.
function arrived(session, conversation, event) {
  const item = view.line(session.conversations, conversation, 'message' + (mine(session, event.from) ? ' mine' : '') + (event.action ? ' action' : ''));
  if (conversation === session.conversations.inView) {
    view.announce(event.from + (event.action ? ' ' : ': ') + event.text);
  } else {
    conversation.unread++;
    session.refresh();
  }
  return item;
}

function message(session, room, event) {
  stopTyping(session, room, event.from);
  const item = arrived(session, room, event);
  view.message(item, event, deleteButton(session, room, event));
  if (room.oldestId === null) room.oldestId = event.id;
}

function deleteButton(session, room, event) {
  return room.moderator ? view.action('Delete', 'Delete this message from ' + event.from,
    () => session.link.send({ type: 'delete', room: room.name, id: event.id })) : null;
}

// A page of older messages the reader scrolled back to: not unread, not announced.
function older(session, room, event) {
  room.loadingOlder = false;
  room.more = event.more;
  const items = event.messages.filter((m) => room.olderOnce(m.id)).map((m) => {
    const item = view.detachedLine('message' + (mine(session, m.from) ? ' mine' : '') + (m.action ? ' action' : ''));
    view.message(item, m, deleteButton(session, room, m));
    return item;
  });
  if (event.messages.length > 0) room.oldestId = event.messages[0].id;
  if (!event.more) {
    const start = view.detachedLine('notice');
    start.textContent = 'The start of ' + room.key + "'s history";
    items.unshift(start);
  }
  view.older(session.conversations, room, items);
}

function mine(session, name) {
  return name === session.you || session.conversations.rooms().some((room) => room.you === name);
}

function presence(session, room, event, joined) {
  if (joined) {
    if (event.verified || !room.members.includes(event.name)) room.members.push(event.name);
    if (event.verified) room.verified.add(event.name);
  } else {
    const at = room.members.indexOf(event.name);
    if (at >= 0) room.members.splice(at, 1);
    if (!room.members.includes(event.name)) room.verified.delete(event.name);
  }
  members(session, room);
  session.notice(room, 'presence', event.name + (event.verified ? ' ✓' : '') + (joined ? ' joined' : ' left'));
}

// Presence without names comes from a crowded room; with `members`, the room is small again.
function headcount(session, room, event) {
  const was = room.crowded;
  room.crowded = !event.members;
  if (!room.crowded) {
    room.members = event.members.slice();
    room.verified = new Set(event.verifiedMembers || []);
    room.next = null;
  } else if (!was) {
    room.members = [];
  }
  room.count = event.count;
  members(session, room);
  if (room.crowded !== was) {
    session.notice(room, 'presence', room.crowded ? 'The room is crowded: members are counted, and listed on request'
      : 'The room is small again: members are listed as they come and go');
  }
}

function page(session, room, event) {
  if (!room.crowded) return; // asked for while crowded, answered once small again: the live list stands
  room.members = room.replacing ? event.names.slice() : room.members.concat(event.names);
  if (room.replacing) room.verified = new Set();
  (event.verifiedNames || []).forEach((name) => room.verified.add(name));
  room.next = event.next;
  room.count = event.count;
  members(session, room);
}

// The member list of the room in view: a button to write to each, and a moderator's buttons.
export function members(session, room) {
  if (room !== session.conversations.inView) return;
  const request = (body) => () => session.link.send(Object.assign({ room: room.name }, body));
  view.renderMembers(room, (name) => [
    view.action('✉', 'Message ' + name, () => session.direct(name), 'write'),
    ...(!room.moderator ? [] : [
      view.action('Mute', 'Mute ' + name + ' for 5 minutes', request({ type: 'mute', name: name, seconds: 300 })),
      view.action('Kick', 'Kick ' + name, request({ type: 'kick', name: name })),
      view.action('Ban', 'Ban ' + name + ' for an hour', request({ type: 'ban', name: name, seconds: 3600 }))])
  ]);
}

// "ana is typing…" until 5 s after the last sign, or until ana's message arrives.
function typing(session, room, name) {
  clearTimeout(room.typing.get(name));
  room.typing.set(name, setTimeout(() => stopTyping(session, room, name), TYPING_SHOWN_MS));
  if (room === session.conversations.inView) view.renderTyping(room);
}

function stopTyping(session, room, name) {
  if (!room.typing.has(name)) return;
  clearTimeout(room.typing.get(name));
  room.typing.delete(name);
  if (room === session.conversations.inView) view.renderTyping(room);
}

function moderation(session, room, event) {
  session.notice(room, 'presence', event.name + ' was ' + PAST[event.action] + (event.seconds ? ' for ' + event.seconds + ' s' : '')
    + ' by ' + event.by + (event.reason ? ': ' + event.reason : ''));
}

function deleted(room, event) {
  const item = room.lines.find((line) => line.dataset.id === event.id);
  if (item) item.replaceChildren(Object.assign(document.createElement('em'), { textContent: 'message deleted by ' + event.by }));
}

// A direct message belongs to the conversation with whoever of the two is not us.
function direct(session, event) {
  const other = mine(session, event.from) ? event.to : event.from;
  const conversation = session.directWith(other);
  if (conversation.once(event.id)) view.message(arrived(session, conversation, event), event, null);
}

function conversation(session, event) {
  const found = session.conversations.find('dm', event.with);
  if (!found) return; // closed while its history was on the way
  if (found.lastId !== null && !event.resumed) session.notice(found, 'notice', 'Some earlier messages may be missing');
  event.messages.filter((dm) => found.once(dm.id)).forEach((dm) => {
    view.message(view.line(session.conversations, found, 'message' + (mine(session, dm.from) ? ' mine' : '')), dm, null);
  });
}

// An error about a room being joined is a refusal: that room goes. Any other shows where it belongs.
function error(session, room, event) {
  if (room) room.loadingOlder = false;
  if (room && !room.joined && session.welcomed) {
    session.drop(room);
    session.notice(null, 'error', 'Not joined ' + room.key + ': ' + event.message);
  } else {
    session.notice(room, 'error', event.message);
  }
}
