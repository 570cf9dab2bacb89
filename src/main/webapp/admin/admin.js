// The operator dashboard: asks the admin API every 5 s and draws its answer. What comes from the
// server (room names, names, reasons) reaches the page through textContent only, never as HTML.
import { LineChart, clock, format } from './charts.js';

const PERIOD = 5000;
// A request that hangs would stop the polling; after this long it counts as a lost connection.
const TIMEOUT = 10_000;

const $ = (id) => document.getElementById(id);

// key: the ids' suffix; field: the sample's; spoken: the name a screen reader says.
const SERIES = [
  { key: 'connections', field: 'connections', spoken: 'Connections', whole: true },
  { key: 'messages', field: 'messagesPerSecond', spoken: 'Messages per second' },
  { key: 'deliveries', field: 'deliveriesPerSecond', spoken: 'Deliveries per second' },
  { key: 'fanout', field: 'fanoutP99Ms', spoken: 'Fan-out p99', unit: ' ms' },
  { key: 'evictions', field: 'evictions', spoken: 'Evictions per 5 seconds', whole: true },
];
const charts = new Map(SERIES.map((s) => [s, new LineChart($(`chart-${s.key}`), s.whole)]));

const number = (value) => (typeof value === 'number' && Number.isFinite(value) ? value : null);

function cell(content, className) {
  const td = document.createElement('td');
  if (className) td.className = className;
  td.append(content ?? '');
  return td;
}

function row(...cells) {
  const tr = document.createElement('tr');
  tr.append(...cells.map((c) => (c instanceof HTMLTableCellElement ? c : cell(c))));
  return tr;
}

function time(iso) {
  const at = document.createElement('time');
  at.dateTime = iso;
  at.textContent = clock(Date.parse(iso));
  return at;
}

// 300 → "5 min"; the largest unit that divides it, so nothing is rounded away.
function duration(seconds) {
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['min', 60]]) {
    if (seconds % size === 0) return `${seconds / size} ${unit}`;
  }
  return `${seconds} s`;
}

// Fills a table's body, or hides the table and shows its empty-state line instead.
function fill(id, rows) {
  const body = $(id);
  body.replaceChildren(...rows);
  body.closest('table').hidden = rows.length === 0;
  $(`${id}-empty`).hidden = rows.length > 0;
}

function showCharts(at, samples) {
  const end = Date.parse(at) || Date.now();
  const timed = samples.filter((s) => !Number.isNaN(Date.parse(s.at)));
  for (const [series, chart] of charts) {
    const points = timed.map((s) => ({ at: Date.parse(s.at), value: number(s[series.field]) }));
    const latest = points.length ? points.at(-1).value : null;
    const text = latest === null ? '—' : format(latest) + (series.unit ?? '');
    $(`latest-${series.key}`).textContent = text;
    $(`chart-${series.key}`).setAttribute('aria-label',
      `${series.spoken}, now ${latest === null ? 'no data' : text}`);
    chart.show(points, end);
  }
}

function showRooms(rooms) {
  fill('rooms', rooms.map((r) => row(r.room, cell(String(r.members), 'number'))));
}

function showModeration(actions) {
  fill('moderation', actions.map((a) => {
    const action = cell(a.action);
    action.dataset.action = a.action;
    // A deleted message is named by its id, which alone reads like a person's name.
    const who = a.action === 'delete' ? `message ${a.name}` : a.name;
    const details = [number(a.seconds) === null ? '' : duration(a.seconds), a.reason ?? '']
      .filter(Boolean).join(' · ');
    return row(cell(time(a.at)), a.room, action, who, a.by, details);
  }));
}

function render(data) {
  showCharts(data.at, data.samples ?? []);
  showRooms(data.rooms ?? []);
  showModeration(data.moderation ?? []);
  $('updated').textContent = `Updated ${clock(Date.now(), true)}`;
  document.body.dataset.loaded = 'true';
}

// One request; answers what went wrong, or null once the page shows the answer.
async function load() {
  let response;
  let body;
  try {
    response = await fetch('api', {
      credentials: 'same-origin', cache: 'no-store', signal: AbortSignal.timeout(TIMEOUT),
    });
    body = await response.text();
  } catch {
    return 'Connection lost, retrying';
  }
  if (response.status === 401) {
    // Not signed in (or no longer): signing in through /login brings the browser back here.
    window.location.assign('../login?next=admin/');
    return 'Signing in…';
  }
  if (response.status === 403) return 'Only moderators may see this: you are signed in without that role';
  if (!response.ok) return `Could not load: HTTP ${response.status}`;
  let data;
  try {
    data = JSON.parse(body);
  } catch {
    return 'Could not load: not JSON';
  }
  try {
    render(data);
  } catch {
    return 'Could not load: unexpected answer';
  }
  return null;
}

async function poll() {
  const problem = await load();
  $('problem').textContent = problem ?? '';
  if (problem && !document.body.dataset.loaded) $('updated').textContent = '';
  $('status').dataset.state = problem ? 'error' : 'ok';
  setTimeout(poll, PERIOD);
}

poll();
