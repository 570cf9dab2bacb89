// One WebSocket at a time to the chat endpoint, opened again after a drop. What to do with a
// frame, whether a close is worth another try and how to show the wait is the caller's: the
// hooks passed to the constructor.
const RETRY_BASE_MS = 500;
const RETRY_CAP_MS = 30000;
// A connection that stays up this long counts as stable: the next drop starts from a short wait.
const STABLE_MS = 10000;

// The four readyState values, as the WebSocket API numbers them.
export const STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

export class Link {
  #socket = null;
  #wanted = false;
  #attempt = 0;
  #retryTimer = null;
  #stableTimer = null;

  // hooks: url() → the address to open; frame(event); changed() after every readyState change;
  // lost(close) → true to try again; retrying(close, delayMs).
  constructor(hooks) {
    this.hooks = hooks;
  }

  get state() {
    return this.#socket ? this.#socket.readyState : WebSocket.CLOSED;
  }

  get open() {
    return this.state === WebSocket.OPEN;
  }

  // Opens a new socket; one still open is closed first, and whatever it still delivers is ignored.
  connect() {
    this.#stop();
    this.#wanted = true;
    this.#attempt = 0;
    this.#dial();
  }

  disconnect() {
    this.#stop();
    this.hooks.changed();
  }

  send(request) {
    if (!this.open) return false;
    this.#socket.send(JSON.stringify(request));
    return true;
  }

  #stop() {
    this.#wanted = false;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#stableTimer);
    if (this.#socket && this.#socket.readyState < WebSocket.CLOSING) this.#socket.close(1000);
  }

  #dial() {
    const socket = new WebSocket(this.hooks.url(), 'chat.v1');
    this.#socket = socket;
    socket.onopen = () => {
      this.hooks.changed();
      this.#stableTimer = setTimeout(() => { this.#attempt = 0; }, STABLE_MS);
    };
    socket.onmessage = (frame) => { if (socket === this.#socket) this.hooks.frame(JSON.parse(frame.data)); };
    socket.onclose = (close) => this.#closed(close, socket);
    this.hooks.changed();
  }

  #closed(close, socket) {
    if (socket !== this.#socket) return; // replaced already
    clearTimeout(this.#stableTimer);
    this.hooks.changed();
    if (!this.#wanted || !this.hooks.lost(close)) {
      this.#wanted = false;
      return;
    }
    // Full jitter: a server that restarts is not hit by every client at the same instant.
    const delay = Math.round(Math.random() * Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** this.#attempt));
    this.#attempt++;
    this.hooks.retrying(close, delay);
    this.#retryTimer = setTimeout(() => this.#dial(), delay);
  }
}
