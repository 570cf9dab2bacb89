// What the page holds: the rooms it is in and the direct conversations it has open, each with its
// own lines, unread count and the id to resume from; and which one is in view.

// Lines kept per conversation: older ones leave the page (the server still has its history).
const KEPT_LINES = 1000;

export class Conversation {
  constructor(kind, name) {
    this.kind = kind;            // 'room' or 'dm'
    this.name = name;            // the room, or the other person's name
    this.key = (kind === 'room' ? '#' : '@') + name;
    this.lines = [];             // <li> elements, oldest first, kept while out of view
    this.unread = 0;
    this.lastId = null;          // the last event shown: `since` when joining again
    this.seen = new Set();       // ids shown, so a replay never shows one twice
    this.oldestId = null;        // the oldest message shown: where scrolling back continues
    this.more = true;            // whether older messages may be kept (the last page said so)
    this.loadingOlder = false;   // a page of older messages has been asked for
    // A room's state, as its latest welcome and presence events left it.
    this.joined = false;         // its welcome came on the current connection
    this.you = null;             // the name this room knows us by (a guest's may differ per room)
    this.moderator = false;
    this.members = [];           // one entry per connection: a signed-in user's tabs share its name
    this.verified = new Set();   // the names among them that are signed-in users'
    // A crowded room (docs/protocol.md) tells its count, not its joins and leaves: the list is then
    // a snapshot loaded a page at a time, and `next` is where the next page starts.
    this.crowded = false;
    this.count = 0;
    this.next = null;
    this.replacing = false;
    this.typing = new Map();     // name → the timer that ends its typing line
  }

  get isRoom() {
    return this.kind === 'room';
  }

  // True the first time an event id is seen; it becomes the place to resume from.
  once(id) {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    this.lastId = id;
    return true;
  }

  // True the first time an older message's id is seen; the place to resume from stays.
  olderOnce(id) {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    return true;
  }

  keep(line) {
    this.lines.push(line);
    if (this.lines.length > KEPT_LINES) {
      this.lines.shift().remove();
      this.more = true;
    }
  }
}

export class Conversations {
  #all = [];
  inView = null;

  get all() {
    return this.#all;
  }

  rooms() {
    return this.#all.filter((c) => c.isRoom);
  }

  directs() {
    return this.#all.filter((c) => !c.isRoom);
  }

  find(kind, name) {
    return this.#all.find((c) => c.kind === kind && c.name === name) || null;
  }

  // The conversation of that kind and name, added at the end of the list if it is new.
  open(kind, name) {
    let found = this.find(kind, name);
    if (!found) {
      found = new Conversation(kind, name);
      this.#all.push(found);
    }
    return found;
  }

  // Drops a conversation; the one in view moves to its neighbour.
  close(conversation) {
    const at = this.#all.indexOf(conversation);
    if (at < 0) return;
    this.#all.splice(at, 1);
    conversation.typing.forEach(clearTimeout);
    if (this.inView === conversation) this.inView = this.#all[Math.min(at, this.#all.length - 1)] || null;
  }

  clear() {
    this.#all.forEach((c) => c.typing.forEach(clearTimeout));
    this.#all = [];
    this.inView = null;
  }

  show(conversation) {
    this.inView = conversation;
    conversation.unread = 0;
  }
}
