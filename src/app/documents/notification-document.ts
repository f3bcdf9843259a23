import { PageSizes, PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { drawText, embedDocumentFonts, printable, textWidth } from './pdf-text.js';
import { InvalidInputError } from '../../domain/errors.js';
import { distanceMetres, EARTH_RADIUS_M } from '../../domain/geo.js';

/**
 * The one-page export of a movement notification, as HTML and as PDF. Humanitarian notification
 * informs the parties to a conflict of a movement; it does not ask their permission, and the sheet
 * says so. Pure: everything comes from the argument, so the same notification gives the same bytes.
 */
export interface NotificationDocument {
  operation: { id: string; name: string; timezone: string }; // IANA zone, e.g. 'Asia/Damascus'
  code: string; // e.g. 'NOT-3'
  sentAt: string; // ISO UTC, when it was sent
  emergency: boolean;
  noticeHours: number; // the notice period the operation's policy asks for this notification
  corridor?: { code: string; name: string; status: string };
  convoy?: { code: string };
  window: { start: string; end: string }; // ISO UTC
  route: [number, number][]; // lon/lat, WGS84, at least 2 positions
  checkpoints: {
    code: string;
    name: string;
    kind: 'entry' | 'exit' | 'intermediate';
    at: [number, number];
  }[];
  vehicles: { buses: number; ambulances: number; trucks: number; other: number };
  organisations: { code: string; name: string }[]; // the organisations moving
  parties: { code: string; name: string; acknowledgement?: { by: string; at: string; note?: string } }[];
  note?: string;
}

const TITLE = 'Notification of humanitarian movement';
const FOOTER =
  'This notification informs the parties of a humanitarian movement. It is not a request for permission.';

// One page holds this many rows per list; the rest is counted as "and N more".
const CHECKPOINTS_SHOWN = 6;
const ORGANISATIONS_SHOWN = 6;
const PARTIES_SHOWN = 10;
const NOTE_CHARS = 500;

// ---------------------------------------------------------------------------------------------------
// The sheet: what both renderings show, worked out once so HTML and PDF cannot drift apart.

interface Fact {
  label: string;
  value: string;
  /** Holds a name typed by people, possibly right-to-left. */
  name?: boolean;
}

interface Listing<T> {
  shown: T[];
  more: number;
}

/** A checkpoint, an organisation or a party: its code, its name as typed, and what is said of it. */
interface Row {
  code: string;
  name: string;
  detail: string;
  acknowledged?: boolean;
}

interface Sheet {
  heading: string;
  facts: Fact[];
  routeKm: number;
  checkpoints: Listing<Row>;
  organisations: Listing<Row>;
  parties: Listing<Row>;
  note?: string;
}

function instant(iso: string, field: string): Date {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new InvalidInputError(`${field} is not a date: ${iso}`, { field });
  return d;
}

function utcText(d: Date): string {
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

function zoneFormat(timezone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  } catch {
    throw new InvalidInputError(`Unknown time zone: ${timezone}`, { field: 'operation.timezone' });
  }
}

/**
 * Wall-clock time in the operation's zone with the zone's offset at that instant. The offset is the
 * difference between the wall clock read as UTC and the instant itself, so it follows daylight saving
 * without relying on any particular `timeZoneName` spelling.
 */
function localText(d: Date, timezone: string): string {
  const part = Object.fromEntries(
    zoneFormat(timezone)
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  const n = (k: string) => Number(part[k]);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  const offset = Math.round((wall - (d.getTime() - d.getUTCMilliseconds())) / 60_000);
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute} ${timezone} (UTC${offset < 0 ? '-' : '+'}${hhmm})`;
}

function hoursText(h: number): string {
  const r = Math.round(h * 10) / 10;
  return `${Number.isInteger(r) ? r : r.toFixed(1)} h`;
}

function noticeText(doc: NotificationDocument, sent: Date, start: Date): string {
  const given = (start.getTime() - sent.getTime()) / 3_600_000;
  const when =
    given >= 0
      ? `${hoursText(given)} before the window start`
      : `${hoursText(-given)} after the window start`;
  const asked = `notice period asked: ${hoursText(doc.noticeHours)}`;
  if (doc.emergency) return `${when} (${asked}); emergency notice`;
  return given < doc.noticeHours ? `${when} (${asked}; shorter than asked)` : `${when} (${asked})`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function vehiclesText(v: NotificationDocument['vehicles']): string {
  const total = v.buses + v.ambulances + v.trucks + v.other;
  return (
    `${plural(total, 'vehicle', 'vehicles')}: ${plural(v.buses, 'bus', 'buses')}, ` +
    `${plural(v.ambulances, 'ambulance', 'ambulances')}, ${plural(v.trucks, 'truck', 'trucks')}, ${v.other} other`
  );
}

function capped(text: string, chars: number): string {
  const all = [...text];
  return all.length <= chars
    ? text
    : `${all
        .slice(0, chars - 1)
        .join('')
        .trimEnd()}…`;
}

function listing<T>(items: T[], cap: number): Listing<T> {
  return { shown: items.slice(0, cap), more: Math.max(0, items.length - cap) };
}

function checkPositions(positions: [number, number][], field: string): void {
  for (const [lon, lat] of positions)
    if (!(Math.abs(lon) <= 180 && Math.abs(lat) <= 90))
      throw new InvalidInputError(`${field} holds a position outside WGS84: ${lon}, ${lat}`, { field });
}

function sheetOf(doc: NotificationDocument): Sheet {
  if (doc.route.length < 2)
    throw new InvalidInputError('The route needs at least 2 positions', { field: 'route' });
  checkPositions(doc.route, 'route');
  checkPositions(
    doc.checkpoints.map((c) => c.at),
    'checkpoints',
  );
  if (!(doc.noticeHours >= 0))
    throw new InvalidInputError('noticeHours must be 0 or more', { field: 'noticeHours' });
  const sent = instant(doc.sentAt, 'sentAt');
  const start = instant(doc.window.start, 'window.start');
  const end = instant(doc.window.end, 'window.end');
  if (end < start) throw new InvalidInputError('The window ends before it starts', { field: 'window' });
  const zone = doc.operation.timezone;

  let routeKm = 0;
  for (let i = 1; i < doc.route.length; i++)
    routeKm += distanceMetres(doc.route[i - 1]!, doc.route[i]!) / 1000;

  const facts: Fact[] = [
    { label: 'Sent (UTC)', value: utcText(sent) },
    { label: 'Sent (local time)', value: localText(sent, zone) },
    { label: 'Notice given', value: noticeText(doc, sent, start) },
  ];
  if (doc.corridor)
    facts.push({
      label: 'Corridor',
      value: `${doc.corridor.code} ${doc.corridor.name} (status: ${doc.corridor.status})`,
      name: true,
    });
  if (doc.convoy) facts.push({ label: 'Convoy', value: doc.convoy.code });
  facts.push(
    { label: 'Window (UTC)', value: `${utcText(start)} to ${utcText(end)}` },
    { label: 'Window (local time)', value: `${localText(start, zone)} to ${localText(end, zone)}` },
    { label: 'Route length', value: `${routeKm.toFixed(1)} km (great-circle, along the drawn route)` },
    { label: 'Vehicles', value: vehiclesText(doc.vehicles) },
  );

  return {
    heading: `${doc.code} · ${doc.operation.name}`,
    facts,
    routeKm,
    checkpoints: listing(
      doc.checkpoints.map((c) => ({ code: c.code, name: c.name, detail: c.kind })),
      CHECKPOINTS_SHOWN,
    ),
    organisations: listing(
      doc.organisations.map((o) => ({ code: o.code, name: o.name, detail: '' })),
      ORGANISATIONS_SHOWN,
    ),
    parties: listing(
      doc.parties.map((p) => ({
        code: p.code,
        name: p.name,
        acknowledged: p.acknowledgement !== undefined,
        detail: p.acknowledgement
          ? `Acknowledged ${utcText(instant(p.acknowledgement.at, 'acknowledgement.at'))} by ${p.acknowledgement.by}` +
            (p.acknowledgement.note ? `: ${p.acknowledgement.note}` : '')
          : 'Not acknowledged',
      })),
      PARTIES_SHOWN,
    ),
    ...(doc.note ? { note: capped(doc.note, NOTE_CHARS) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------
// The route figure, in a box of its own units with y pointing down (SVG's convention; the PDF flips it).

interface RouteFigure {
  route: [number, number][];
  checkpoints: { code: string; kind: string; x: number; y: number }[];
  scaleBar: { length: number; label: string };
}

const KM_PER_DEGREE = ((EARTH_RADIUS_M / 1000) * Math.PI) / 180;

/**
 * Equirectangular projection with longitude scaled by cos(mean latitude): over the tens of kilometres
 * of a corridor it keeps angles and distances close enough to read, and needs no projection library.
 * Both axes then count degrees of latitude, so one scale factor gives the kilometres per unit.
 */
// Room around the route: the sides keep labels and the north arrow (top right) clear, the bottom keeps
// the scale bar (bottom left) clear.
const FRAME = { side: 44, top: 24, bottom: 40 };

function routeFigure(doc: NotificationDocument, width: number, height: number): RouteFigure {
  const meanLat = doc.route.reduce((s, p) => s + p[1], 0) / doc.route.length;
  const k = Math.max(Math.cos((meanLat * Math.PI) / 180), 0.01);
  const project = ([lon, lat]: [number, number]): [number, number] => [lon * k, lat];
  const all = [...doc.route, ...doc.checkpoints.map((c) => c.at)].map(project);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  // A route that is a single point still gets a scale: about 100 m across.
  const spanX = Math.max(maxX - minX, 0.001);
  const spanY = Math.max(maxY - minY, 0.001);
  const innerW = width - 2 * FRAME.side;
  const innerH = height - FRAME.top - FRAME.bottom;
  const scale = Math.min(innerW / spanX, innerH / spanY);
  const offX = FRAME.side + (innerW - (maxX - minX) * scale) / 2;
  const offY = FRAME.top + (innerH - (maxY - minY) * scale) / 2;
  const place = (p: [number, number]): [number, number] => {
    const [x, y] = project(p);
    return [offX + (x - minX) * scale, offY + (maxY - y) * scale];
  };

  const kmPerUnit = KM_PER_DEGREE / scale;
  const target = width * 0.25 * kmPerUnit;
  const magnitude = 10 ** Math.floor(Math.log10(target));
  const step = [5, 2, 1].map((m) => m * magnitude).find((v) => v <= target) ?? magnitude;
  const km = Number(step.toPrecision(6));

  return {
    route: doc.route.map(place),
    checkpoints: doc.checkpoints.map((c) => {
      const [x, y] = place(c.at);
      return { code: c.code, kind: c.kind, x, y };
    }),
    scaleBar: { length: km / kmPerUnit, label: `${km} km` },
  };
}

// ---------------------------------------------------------------------------------------------------
// HTML

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

const SVG_W = 600;
const SVG_H = 280;
const r1 = (n: number) => n.toFixed(1);

/** A label beside a point: to its right, or to its left (anchored at its end) near the right edge. */
function svgLabel(text: string, x: number, y: number, cls = 'label'): string {
  text = capped(text, 16);
  const left = x + 7 + text.length * 6 > SVG_W - 4;
  const anchor = left ? ' text-anchor="end"' : '';
  return `<text class="${cls}" x="${r1(left ? x - 7 : x + 7)}" y="${r1(y)}"${anchor}>${escapeHtml(text)}</text>`;
}

function routeSvg(doc: NotificationDocument, routeKm: number): string {
  const f = routeFigure(doc, SVG_W, SVG_H);
  const [sx, sy] = f.route[0]!;
  const [ex, ey] = f.route.at(-1)!;
  const points = f.route.map(([x, y]) => `${r1(x)},${r1(y)}`).join(' ');
  const checkpoints = f.checkpoints
    .map(
      (c) =>
        `<g class="checkpoint ${c.kind}"><circle cx="${r1(c.x)}" cy="${r1(c.y)}" r="4"/>` +
        `${svgLabel(c.code, c.x, c.y - 6)}</g>`,
    )
    .join('');
  const bar = f.scaleBar;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SVG_W} ${SVG_H}" role="img" aria-labelledby="route-title">` +
    `<title id="route-title">Route of ${escapeHtml(doc.code)}, ${routeKm.toFixed(1)} km</title>` +
    `<rect class="frame" x="0.5" y="0.5" width="${SVG_W - 1}" height="${SVG_H - 1}"/>` +
    `<polyline class="route" points="${points}"/>` +
    `<circle class="end" cx="${r1(sx)}" cy="${r1(sy)}" r="5"/>${svgLabel('Start', sx, sy + 15, 'end-label')}` +
    `<circle class="end" cx="${r1(ex)}" cy="${r1(ey)}" r="5"/>${svgLabel('End', ex, ey + 15, 'end-label')}` +
    checkpoints +
    `<g class="scale-bar"><path d="M12 ${SVG_H - 16} v6 h${r1(bar.length)} v-6"/>` +
    `<text x="${r1(bar.length + 17)}" y="${SVG_H - 10}">${escapeHtml(bar.label)}</text></g>` +
    `<g class="north" transform="translate(${SVG_W - 16} 6)"><path d="M0 0 L6 18 L0 14 L-6 18 Z"/>` +
    `<text x="0" y="30" text-anchor="middle">N</text></g>` +
    `</svg>`
  );
}

const CSS = `@page { size: A4; margin: 15mm }
*{box-sizing:border-box}
body{margin:0;font:9pt/1.3 Helvetica,Arial,sans-serif;color:#111}
p{margin:0}
.sheet{width:180mm;height:267mm;margin:0 auto;display:flex;flex-direction:column;overflow:hidden}
.sheet>*{flex:none}
h1{font-size:15pt;margin:0}
h2{font-size:10pt;margin:8px 0 2px}
.heading{font-size:11pt;margin:2px 0 8px}
table{border-collapse:collapse;width:100%}
th,td{text-align:start;vertical-align:top;padding:1px 6px 1px 0}
.facts th{width:34mm;font-weight:bold}
/* The figure takes the height the rest leaves, as in the PDF; 84mm is its full-width height. */
.sheet>figure{flex:1 1 0;min-height:45mm;max-height:84mm;margin:6px 0}
svg{width:100%;height:100%;display:block}
.frame{fill:#fafafa;stroke:#888}
.route{fill:none;stroke:#1f4e79;stroke-width:2.5;stroke-linejoin:round}
.end{fill:#fff;stroke:#111;stroke-width:2}
.checkpoint circle{fill:#fff;stroke:#1f4e79;stroke-width:2}
.checkpoint.entry circle,.checkpoint.exit circle{fill:#1f4e79}
svg text{font:10px Helvetica,Arial,sans-serif;fill:#111}
svg text.end-label{font-weight:bold}
.scale-bar path{fill:none;stroke:#111;stroke-width:1.5}
.north path{fill:#111}
.columns{display:flex;gap:8mm}.columns>section{flex:1}
table.list{table-layout:fixed}
.list td{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.clamp{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;line-clamp:2;overflow:hidden}
.note.clamp{-webkit-line-clamp:6;line-clamp:6}
footer{margin-top:auto;border-top:1px solid #888;padding-top:4px;font-size:9pt}`;

/** A list as a table of fixed columns (`[heading, width %]`) whose cells cut long names to one line. */
function tableHtml(cls: string, headers: [string, number][], l: Listing<Row>): string {
  const columns = headers.length;
  const rows = l.shown
    .map((r) => {
      const state =
        r.acknowledged === undefined
          ? ''
          : r.acknowledged
            ? ' class="acknowledged"'
            : ' class="not-acknowledged"';
      const detail = columns > 2 ? `<td dir="auto">${escapeHtml(r.detail)}</td>` : '';
      return `<tr${state}><td>${escapeHtml(r.code)}</td><td dir="auto">${escapeHtml(r.name)}</td>${detail}</tr>`;
    })
    .join('');
  const empty = l.shown.length === 0 ? `<tr><td colspan="${columns}">None listed</td></tr>` : '';
  const more = l.more > 0 ? `<tr><td colspan="${columns}">and ${l.more} more</td></tr>` : '';
  const cols = headers.map(([, width]) => `<col style="width:${width}%">`).join('');
  const head = headers.map(([h]) => `<th>${h}</th>`).join('');
  return (
    `<table class="list ${cls}"><colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead>` +
    `<tbody>${rows}${empty}${more}</tbody></table>`
  );
}

export function notificationHtml(doc: NotificationDocument): string {
  const s = sheetOf(doc);
  const facts = s.facts
    .map(
      (f) =>
        `<tr><th scope="row">${f.label}</th><td${f.name ? ' dir="auto"' : ''}><div class="clamp">${escapeHtml(f.value)}</div></td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${TITLE} ${escapeHtml(doc.code)}</title>
<style>
${CSS}
</style>
</head>
<body>
<main class="sheet">
<header><h1>${TITLE}</h1><p class="heading clamp" dir="auto">${escapeHtml(s.heading)}</p></header>
<table class="facts"><tbody>${facts}</tbody></table>
<figure>${routeSvg(doc, s.routeKm)}</figure>
<div class="columns">
<section><h2>Checkpoints</h2>${tableHtml(
    'checkpoints',
    [
      ['Code', 28],
      ['Name', 48],
      ['Kind', 24],
    ],
    s.checkpoints,
  )}</section>
<section><h2>Organisations moving</h2>${tableHtml(
    'organisations',
    [
      ['Code', 25],
      ['Name', 75],
    ],
    s.organisations,
  )}</section>
</div>
<section><h2>Parties notified</h2>${tableHtml(
    'parties',
    [
      ['Code', 14],
      ['Party', 34],
      ['Acknowledgement', 52],
    ],
    s.parties,
  )}</section>
${s.note ? `<section><h2>Note</h2><p class="note clamp" dir="auto">${escapeHtml(s.note)}</p></section>` : ''}
<footer>${FOOTER}</footer>
</main>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------------
// PDF

const [PAGE_W, PAGE_H] = PageSizes.A4;
const MARGIN = 42.52; // 15 mm, as the HTML's @page
const CONTENT_W = PAGE_W - 2 * MARGIN;
const LINE = 12;
const SMALL_LINE = 11;
const LABEL_W = 92;
const FIGURE_MAX_H = 320;
const NOTE_LINES = 4;
const INK = rgb(0.07, 0.07, 0.07);
const ROUTE_INK = rgb(0.12, 0.31, 0.47);
const GREY = rgb(0.53, 0.53, 0.53);
const PAPER = rgb(0.98, 0.98, 0.98);
const WHITE = rgb(1, 1, 1);

interface Pen {
  page: PDFPage;
  regular: PDFFont;
  bold: PDFFont;
}

/** The text cut to `width` points, with an ellipsis when something was cut. */
function fitted(font: PDFFont, size: number, text: string, width: number): string {
  if (textWidth(font, text, size) <= width) return text;
  // The longest start that fits with the ellipsis, by bisection (widths grow with the length).
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (textWidth(font, `${chars.slice(0, mid).join('')}…`, size) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}

/** Word-wrapped lines within `width`; past `maxLines` the last line ends with an ellipsis. */
function wrapped(font: PDFFont, size: number, text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (textWidth(font, candidate, size) <= width || !line) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  const kept = lines.slice(0, maxLines).map((l) => fitted(font, size, l, width));
  if (lines.length > maxLines) kept[maxLines - 1] = fitted(font, size, `${kept[maxLines - 1]} …`, width);
  return kept;
}

function write(
  pen: Pen,
  text: string,
  x: number,
  y: number,
  size: number,
  width: number,
  bold = false,
): void {
  if (!text) return;
  const font = bold ? pen.bold : pen.regular;
  drawText(pen.page, fitted(font, size, printable(font, text), width), { x, y, size, font, color: INK });
}

function writeLines(
  pen: Pen,
  text: string,
  x: number,
  y: number,
  size: number,
  width: number,
  max: number,
): number {
  const lines = wrapped(pen.regular, size, printable(pen.regular, text), width, max);
  lines.forEach((l, i) => drawText(pen.page, l, { x, y: y - i * LINE, size, font: pen.regular, color: INK }));
  return lines.length;
}

/** A label beside a point of the figure: to its right, or to its left when it would leave the frame. */
function writeLabel(pen: Pen, text: string, x: number, y: number, bold = false): void {
  const font = bold ? pen.bold : pen.regular;
  const shown = fitted(font, 7, printable(font, text), 70);
  const width = textWidth(font, shown, 7);
  const left = x + 6 + width > MARGIN + CONTENT_W - 2;
  drawText(pen.page, shown, { x: left ? x - 6 - width : x + 6, y, size: 7, font, color: INK });
}

function drawFigure(pen: Pen, doc: NotificationDocument, top: number, height: number): void {
  const { page } = pen;
  const f = routeFigure(doc, CONTENT_W, height);
  const at = ([x, y]: [number, number]) => ({ x: MARGIN + x, y: top - y });
  page.drawRectangle({
    x: MARGIN,
    y: top - height,
    width: CONTENT_W,
    height,
    color: PAPER,
    borderColor: GREY,
    borderWidth: 0.75,
  });
  for (let i = 1; i < f.route.length; i++)
    page.drawLine({ start: at(f.route[i - 1]!), end: at(f.route[i]!), thickness: 2, color: ROUTE_INK });
  for (const [point, label] of [
    [f.route[0]!, 'Start'],
    [f.route.at(-1)!, 'End'],
  ] as const) {
    const p = at(point);
    page.drawCircle({ ...p, size: 4, color: WHITE, borderColor: INK, borderWidth: 1.5 });
    writeLabel(pen, label, p.x, p.y - 11, true);
  }
  for (const c of f.checkpoints) {
    const p = at([c.x, c.y]);
    const filled = c.kind !== 'intermediate';
    page.drawCircle({
      ...p,
      size: 3.5,
      color: filled ? ROUTE_INK : WHITE,
      borderColor: ROUTE_INK,
      borderWidth: 1.5,
    });
    writeLabel(pen, c.code, p.x, p.y + 5);
  }
  const barY = top - height + 8;
  const barEnd = MARGIN + 10 + f.scaleBar.length;
  page.drawLine({
    start: { x: MARGIN + 10, y: barY },
    end: { x: barEnd, y: barY },
    thickness: 1.2,
    color: INK,
  });
  for (const x of [MARGIN + 10, barEnd])
    page.drawLine({ start: { x, y: barY }, end: { x, y: barY + 4 }, thickness: 1.2, color: INK });
  write(pen, f.scaleBar.label, barEnd + 5, barY, 7, 80);
  const nx = MARGIN + CONTENT_W - 16;
  const ny = top - 6;
  page.drawLine({ start: { x: nx, y: ny - 22 }, end: { x: nx, y: ny }, thickness: 1.2, color: INK });
  page.drawLine({ start: { x: nx - 4, y: ny - 8 }, end: { x: nx, y: ny }, thickness: 1.2, color: INK });
  page.drawLine({ start: { x: nx + 4, y: ny - 8 }, end: { x: nx, y: ny }, thickness: 1.2, color: INK });
  write(pen, 'N', nx - 3, ny - 32, 8, 12, true);
}

function listRows(l: Listing<unknown>): number {
  return Math.max(l.shown.length, 1) + (l.more > 0 ? 1 : 0);
}

function writeListing(pen: Pen, title: string, l: Listing<Row>, x: number, y: number, width: number): void {
  write(pen, title, x, y, 9.5, width, true);
  const rows = l.shown.map((r) => `${r.code} ${r.name}${r.detail ? ` (${r.detail})` : ''}`);
  if (rows.length === 0) rows.push('None listed');
  if (l.more > 0) rows.push(`and ${l.more} more`);
  rows.forEach((r, i) => write(pen, r, x, y - 14 - i * SMALL_LINE, 8.5, width));
}

export async function notificationPdf(doc: NotificationDocument): Promise<Uint8Array> {
  const s = sheetOf(doc);
  // Metadata dates come from the notification, not the clock, so the bytes depend on the input alone.
  const sent = instant(doc.sentAt, 'sentAt');
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setTitle(`${TITLE} ${doc.code}`);
  pdf.setSubject(`Movement notification ${doc.code}, operation ${doc.operation.name}`);
  pdf.setCreator('Corridor');
  pdf.setProducer('Corridor (pdf-lib)');
  pdf.setLanguage('en');
  pdf.setCreationDate(sent);
  pdf.setModificationDate(sent);
  const page = pdf.addPage(PageSizes.A4);
  const { regular, bold } = await embedDocumentFonts(pdf);
  const pen: Pen = { page, regular, bold };

  let y = PAGE_H - MARGIN - 16;
  write(pen, TITLE, MARGIN, y, 16, CONTENT_W, true);
  y -= 18;
  write(pen, s.heading, MARGIN, y, 11, CONTENT_W);
  y -= 20;
  for (const f of s.facts) {
    write(pen, f.label, MARGIN, y, 9, LABEL_W - 4, true);
    y -= Math.max(1, writeLines(pen, f.value, MARGIN + LABEL_W, y, 9, CONTENT_W - LABEL_W, 2)) * LINE;
  }

  // What goes below the figure is measured first; the figure takes the height that remains.
  const noteLines = s.note
    ? wrapped(regular, 9, printable(regular, s.note), CONTENT_W, NOTE_LINES).length
    : 0;
  const listsH = 14 + Math.max(listRows(s.checkpoints), listRows(s.organisations)) * SMALL_LINE + 8;
  const partiesH = 14 + listRows(s.parties) * SMALL_LINE + 8;
  const noteH = s.note ? 14 + noteLines * LINE + 8 : 0;
  const footerH = 22;
  const figureH = Math.min(FIGURE_MAX_H, y - 4 - (MARGIN + footerH + noteH + partiesH + listsH) - 12);
  drawFigure(pen, doc, y + 4, figureH);
  y = y + 4 - figureH - 18;

  const half = (CONTENT_W - 16) / 2;
  writeListing(pen, 'Checkpoints', s.checkpoints, MARGIN, y, half);
  writeListing(pen, 'Organisations moving', s.organisations, MARGIN + half + 16, y, half);
  y -= listsH;

  write(pen, 'Parties notified', MARGIN, y, 9.5, CONTENT_W, true);
  const partyW = 200;
  const rows: [string, string][] = s.parties.shown.map((p) => [`${p.name} (${p.code})`, p.detail]);
  if (rows.length === 0) rows.push(['None listed', '']);
  if (s.parties.more > 0) rows.push([`and ${s.parties.more} more`, '']);
  rows.forEach(([party, ack], i) => {
    write(pen, party, MARGIN, y - 14 - i * SMALL_LINE, 8.5, partyW - 8);
    write(pen, ack, MARGIN + partyW, y - 14 - i * SMALL_LINE, 8.5, CONTENT_W - partyW);
  });
  y -= partiesH;

  if (s.note) {
    write(pen, 'Note', MARGIN, y, 9.5, CONTENT_W, true);
    writeLines(pen, s.note, MARGIN, y - 14, 9, CONTENT_W, NOTE_LINES);
  }

  page.drawLine({
    start: { x: MARGIN, y: MARGIN + 12 },
    end: { x: MARGIN + CONTENT_W, y: MARGIN + 12 },
    thickness: 0.5,
    color: GREY,
  });
  write(pen, FOOTER, MARGIN, MARGIN, 8, CONTENT_W);
  return pdf.save();
}
