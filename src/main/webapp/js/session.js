// The page's side of chat.v1: one connection in several rooms and direct conversations. It
// joins, leaves and writes; after a dropped connection it opens the first room again with `since`
// and joins every other room with its own `since`, so every message shows exactly once, in order.
import { Link } from './link.js';
import { Conversations } from './conversations.js';
import { members, receive } from './frames.js';
import * as view from './view.js';

// Typing: told at most this often (the server passes on one per 2 s anyway).
const TYPING_EVERY_MS = 2000;
// The room directory, asked for at most this often (it counts against the rate limit).
const ROOMS_EVERY_MS = 10000;
// Names asked for at a time in a crowded room, whose list comes in pages on request.
const PAGE = 100;
// Older messages asked for at a time when scrolled to the top.
const PAGE_OLDER = 50;

export const stored = {
  get: (key) => { try { return localStorage.getItem('websocket-chat.' + key); } catch (e) { return null; } },
  set: (key, value) => { try { localStorage.setItem('websocket-chat.' + key, value); } catch (e) { /* private mode */ } },
  list: (key) => { try { return JSON.parse(stored.get(key)) || []; } catch (e) { return []; } }
};

export class Session {
  name = '';          // the name asked for
  you = null;         // the name the first room gave us
  signedIn = false;
  welcomed = false;   // the current connection has had its first welcome
  active = false;     // the user wants to be connected
  conversations = new Conversations();
  #typedAt = 0;
  #roomsAt = -ROOMS_EVERY_MS;

  constructor() {
    this.link = new Link({
      url: () => this.#url(),
      frame: (event) => receive(this, event),
      changed: () => this.refresh(),
      lost: (close) => this.#lost(close),
      retrying: (close, delay) => {
        this.notice(null, 'notice', 'Connection lost (' + close.code + (close.reason ? ': ' + close.reason : '') + ')');
        view.$('retry').textContent = '— reconnecting in ' + Math.ceil(delay / 1000) + ' s';
      }
    });
  }

  // Connects afresh in `room`, then in the other rooms remembered from last time.
  start(name, room) {
    this.name = name;
    stored.set('name', name);
    stored.set('room', room);
    this.conversations.clear();
    [room, ...stored.list('rooms').filter((other) => other !== room)].forEach((r) => this.conversations.open('room', r));
    this.#remember();
    this.active = true;
    this.welcomed = false;
    this.show(this.conversations.find('room', room));
    this.link.connect();
  }

  #url() {
    const first = this.conversations.rooms()[0];
    const url = new URL('chat', window.location.href);
    url.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    if (this.name) url.searchParams.set('name', this.name);
    url.searchParams.set('room', first.name);
    if (first.lastId) url.searchParams.set('since', first.lastId);
    return url.toString();
  }

  // Refused at the door (bad name or room, foreign origin, banned), put out by a moderator (4002,
  // 4003) or refused for binary (1003): the same request would be refused again, so stop.
  #lost(close) {
    const refused = close.code === 1003 || close.code === 4002 || close.code === 4003 || (close.code === 1008 && !this.welcomed);
    this.welcomed = false;
    this.conversations.rooms().forEach((room) => { room.joined = false; });
    if (refused) {
      this.notice(null, 'error', 'Refused: ' + (close.reason || 'code ' + close.code));
      this.active = false;
    }
    return !refused;
  }

  // The first welcome of a connection: the other rooms, and (signed in) the direct conversations.
  welcomedFirst(signedIn) {
    this.welcomed = true;
    this.signedIn = signedIn;
    view.$('retry').textContent = '';
    this.conversations.rooms().filter((room) => !room.joined).forEach((room) => this.#join(room));
    if (!signedIn) return;
    stored.list('dms').forEach((name) => this.conversations.open('dm', name));
    this.conversations.directs().forEach((direct) => this.link.send(since({ type: 'dms', with: direct.name }, direct)));
  }

  join(room) {
    if (!this.active) {
      this.start(this.name, room);
      return;
    }
    let found = this.conversations.find('room', room);
    if (!found) {
      found = this.conversations.open('room', room);
      this.#remember();
      if (this.welcomed) this.#join(found);
    }
    this.show(found);
  }

  #join(room) {
    this.link.send(since({ type: 'join', room: room.name }, room));
  }

  // Leaves the room in view (its last room closes the connection) or closes the conversation.
  leave() {
    const current = this.conversations.inView;
    if (!current) return;
    if (!current.isRoom) {
      this.drop(current);
    } else if (this.conversations.rooms().length > 1) {
      this.link.send({ type: 'leave', room: current.name });
    } else {
      this.active = false;
      current.joined = false;
      this.link.disconnect();
      this.notice(current, 'notice', 'You left ' + current.key);
      view.$('retry').textContent = '';
    }
    this.refresh();
  }

  // A conversation the page no longer holds: left, put out, refused, or closed by the user.
  drop(conversation) {
    const wasInView = conversation === this.conversations.inView;
    this.conversations.close(conversation);
    this.#remember();
    if (wasInView) this.show(this.conversations.inView);
    else this.refresh();
  }

  // The direct conversation with `name`, opened if it is new.
  directWith(name) {
    const found = this.conversations.find('dm', name);
    if (found) return found;
    const opened = this.conversations.open('dm', name);
    this.#remember();
    this.refresh();
    return opened;
  }

  direct(name) {
    const found = this.directWith(name);
    if (this.signedIn && found.lines.length === 0) this.link.send({ type: 'dms', with: name });
    this.show(found);
    view.$('text').focus();
  }

  // A guest's new name, in every room (a signed-in user's name is the container's).
  nick(name) {
    if (!this.signedIn && name && name !== this.you && this.link.send({ type: 'nick', name: name })) {
      this.name = name;
      stored.set('name', name);
    }
  }

  say(text) {
    const current = this.conversations.inView;
    if (!current) return false;
    const me = /^\/me\s+(\S[\s\S]*)$/.exec(text);
    return this.link.send(!current.isRoom ? { type: 'dm', to: current.name, text: text }
      : me ? { type: 'say', room: current.name, text: me[1], action: true }
      : { type: 'say', room: current.name, text: text });
  }

  typing() {
    const current = this.conversations.inView;
    const now = Date.now();
    if (current && current.isRoom && current.joined && now - this.#typedAt >= TYPING_EVERY_MS) {
      this.#typedAt = now;
      this.link.send({ type: 'typing', room: current.name });
    }
  }

  askMembers() {
    const room = this.conversations.inView;
    if (!room || !room.isRoom) return;
    room.replacing = room.next === null;
    this.link.send(room.replacing ? { type: 'members', room: room.name, limit: PAGE }
      : { type: 'members', room: room.name, limit: PAGE, after: room.next });
  }

  // At the top of a room's messages: the page before its oldest, if older ones may be kept.
  askOlder() {
    const room = this.conversations.inView;
    if (!room || !room.isRoom || !room.joined || room.loadingOlder || !room.more || room.oldestId === null || !view.atTop()) return;
    room.loadingOlder = this.link.send({ type: 'history', room: room.name, before: room.oldestId, limit: PAGE_OLDER });
  }

  askRooms() {
    if (this.welcomed && Date.now() - this.#roomsAt >= ROOMS_EVERY_MS && this.link.send({ type: 'rooms' })) {
      this.#roomsAt = Date.now();
    }
  }

  show(conversation) {
    if (conversation) this.conversations.show(conversation);
    view.showConversation(conversation);
    if (conversation && conversation.isRoom) members(this, conversation);
    else view.renderMembers(null, () => []);
    this.refresh();
  }

  notice(conversation, kind, text) {
    view.notice(this.conversations, conversation, kind, text);
  }

  // The state line, the composer, the title and the list, after anything changed.
  refresh() {
    const current = this.conversations.inView;
    const canWrite = this.link.open && this.welcomed && !!current && (!current.isRoom || current.joined);
    view.showState(this.link.state, canWrite, !!current && (this.active || !current.isRoom));
    view.showTitle(current, this.active);
    view.renderConversations(this.conversations, (picked) => this.show(picked));
  }

  #remember() {
    stored.set('rooms', JSON.stringify(this.conversations.rooms().map((room) => room.name)));
    if (this.signedIn) stored.set('dms', JSON.stringify(this.conversations.directs().map((direct) => direct.name)));
  }
}

function since(request, conversation) {
  if (conversation.lastId) request.since = conversation.lastId;
  return request;
}
