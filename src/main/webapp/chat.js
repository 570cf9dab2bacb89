// The chat.v1 page: rooms and direct conversations on one connection (js/session.js), what the
// server pushes (js/frames.js), drawn by js/view.js. This file wires the page's controls.
import { Session, stored } from './js/session.js';
import { $, MAX_TEXT, countText } from './js/view.js';

const session = new Session();

// Join: the first connects; later ones add a room, or show it when the page is in it already.
// A guest who changed the name field while connected takes the new name in every room.
$('join').addEventListener('submit', (e) => {
  e.preventDefault();
  const name = $('name').value.trim();
  const room = $('room').value.trim().toLowerCase();
  if (session.active) session.nick(name);
  else session.name = name;
  session.join(room);
});

$('room').addEventListener('focus', () => session.askRooms());

$('leave').addEventListener('click', () => session.leave());

$('more-members').addEventListener('click', () => session.askMembers());

// Scrolled (or, with nothing to scroll, wheeled or swiped) to the top: older messages.
['scroll', 'wheel', 'touchmove'].forEach((kind) => $('messages').addEventListener(kind, () => session.askOlder(), { passive: true }));

$('text').addEventListener('input', () => {
  countText();
  if ($('text').value.trim()) session.typing();
});

$('say').addEventListener('submit', (e) => {
  e.preventDefault();
  const text = $('text').value;
  if (text.trim() && [...text].length <= MAX_TEXT && session.say(text)) {
    $('text').value = '';
    countText();
  }
});

$('name').value = stored.get('name') || '';
$('room').value = stored.get('room') || 'lobby';
const linked = new URLSearchParams(window.location.search).get('room');
if (linked) {
  $('room').value = linked;
  session.name = $('name').value.trim();
  session.join(linked.trim().toLowerCase());
}
session.refresh();
