// Small line charts of the last 15 minutes on <canvas>, and the number and clock formats they
// share with the tables. Colours and font come from admin.css, so the page has one palette.

const MINUTE = 60_000;
const SPAN = 15 * MINUTE;
// Samples come every 5 s; a wider hole (a restart, a missed sample) breaks the line rather than
// drawing a slope through time nobody measured.
const GAP = 12_000;

const two = (n) => String(n).padStart(2, '0');

// Local HH:MM, or HH:MM:SS: the same in every locale, unlike toLocaleTimeString.
export function clock(ms, seconds = false) {
  const at = new Date(ms);
  const minutes = `${two(at.getHours())}:${two(at.getMinutes())}`;
  return seconds ? `${minutes}:${two(at.getSeconds())}` : minutes;
}

// At most one decimal, two below 1 (a fan-out p99 is often a fraction of a millisecond), none
// when it would be .0.
export function format(value) {
  return String(Number(value.toFixed(Math.abs(value) < 1 ? 2 : 1)));
}

// The top of the y axis: the smallest 1, 2, 4, 6 or 8 × 10ⁿ that holds the highest value, so
// the middle gridline is round too; for a count it stays at least 2, so that one is whole.
function ceiling(highest, whole) {
  if (highest <= 0) return whole ? 2 : 1;
  const magnitude = 10 ** Math.floor(Math.log10(highest));
  const top = [1, 2, 4, 6, 8, 10].map((m) => m * magnitude).find((m) => m >= highest * (1 - 1e-9));
  return whole ? Math.max(top, 2) : top;
}

export class LineChart {
  // whole: the series counts things, so the axis never shows halves.
  constructor(canvas, whole = false) {
    this.canvas = canvas;
    this.whole = whole;
    this.points = [];
    this.end = null;
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  // points: [{at: ms, value: number or null}], oldest first; end: the right edge, the server's
  // "now", so a client clock that is off does not shift the line.
  show(points, end) {
    this.points = points;
    this.end = end;
    this.draw();
  }

  draw() {
    const { canvas } = this;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    // Blank until the first answer: empty axes would read as "no data" while the page still asks.
    if (!width || !height || this.end === null) return;
    // Drawn in CSS pixels on a backing store of device pixels, so lines and text stay sharp.
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    const style = getComputedStyle(canvas);
    const colour = (name) => style.getPropertyValue(name).trim();
    g.font = `11px ${style.fontFamily}`;

    const values = this.points.map((p) => p.value).filter((v) => v !== null);
    const top = ceiling(Math.max(0, ...values), this.whole);
    const ticks = [0, top / 2, top];
    const left = Math.ceil(Math.max(...ticks.map((t) => g.measureText(format(t)).width))) + 8;
    const area = { left, right: width - 6, top: 8, bottom: height - 18 };
    const start = this.end - SPAN;
    const x = (at) => area.left + ((at - start) / SPAN) * (area.right - area.left);
    const y = (value) => area.bottom - (value / top) * (area.bottom - area.top);
    // Whole pixels plus a half: a 1 px line then covers one row of pixels instead of two blurred ones.
    const crisp = (v) => Math.round(v) + 0.5;

    g.lineWidth = 1;
    g.fillStyle = colour('--muted');
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (const tick of ticks) {
      const at = crisp(y(tick));
      g.strokeStyle = tick === 0 ? colour('--muted') : colour('--line');
      g.beginPath();
      g.moveTo(area.left, at);
      g.lineTo(area.right, at);
      g.stroke();
      g.fillText(format(tick), area.left - 4, at);
    }
    g.strokeStyle = colour('--muted');
    g.beginPath();
    g.moveTo(crisp(area.left), area.top);
    g.lineTo(crisp(area.left), area.bottom);
    g.textBaseline = 'top';
    g.textAlign = 'left';
    // Ticks on whole five minutes of the clock, each label kept inside the canvas.
    for (let at = Math.ceil(start / (5 * MINUTE)) * 5 * MINUTE; at <= this.end; at += 5 * MINUTE) {
      const tick = crisp(x(at));
      const label = clock(at);
      const half = g.measureText(label).width / 2;
      g.moveTo(tick, area.bottom);
      g.lineTo(tick, area.bottom + 3);
      g.fillText(label, Math.min(Math.max(tick - half, 0), width - 2 * half), area.bottom + 5);
    }
    g.stroke();

    if (!values.length) {
      g.textAlign = 'center';
      g.textBaseline = 'middle';
      g.fillText('No data yet', (area.left + area.right) / 2, (area.top + area.bottom) / 2);
      return;
    }
    this.line(g, x, y, colour('--accent'));
  }

  // The series as runs of neighbouring samples; a run of one (the first sample after a start, or
  // between two gaps) is a dot, since a line needs two ends.
  line(g, x, y, colour) {
    g.strokeStyle = colour;
    g.fillStyle = colour;
    g.lineWidth = 1.5;
    g.lineJoin = 'round';
    let run = [];
    const finish = () => {
      if (run.length === 1) {
        g.beginPath();
        g.arc(x(run[0].at), y(run[0].value), 2.5, 0, 2 * Math.PI);
        g.fill();
      } else if (run.length > 1) {
        g.beginPath();
        run.forEach((p, i) => (i ? g.lineTo : g.moveTo).call(g, x(p.at), y(p.value)));
        g.stroke();
      }
      run = [];
    };
    for (const point of this.points) {
      if (point.value === null || point.at < this.end - SPAN) {
        finish();
        continue;
      }
      if (run.length && point.at - run.at(-1).at > GAP) finish();
      run.push(point);
    }
    finish();
  }
}
