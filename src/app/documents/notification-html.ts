import type { NoticeWords } from '../../contracts/words/notice-words.js';
import {
  type Listing,
  type NotificationDocument,
  type Row,
  capped,
  routeFigure,
  sheetOf,
  wordsOfDoc,
} from './notification-document.js';

/** The notification sheet as one HTML page (A4 when printed), its route drawn as SVG. */

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
  const { t } = wordsOfDoc(doc);
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
    `<title id="route-title">${escapeHtml(t('notice.routeOf', { code: doc.code, km: routeKm.toFixed(1) }))}</title>` +
    `<rect class="frame" x="0.5" y="0.5" width="${SVG_W - 1}" height="${SVG_H - 1}"/>` +
    `<polyline class="route" points="${points}"/>` +
    `<circle class="end" cx="${r1(sx)}" cy="${r1(sy)}" r="5"/>${svgLabel(t('notice.start'), sx, sy + 15, 'end-label')}` +
    `<circle class="end" cx="${r1(ex)}" cy="${r1(ey)}" r="5"/>${svgLabel(t('notice.end'), ex, ey + 15, 'end-label')}` +
    checkpoints +
    `<g class="scale-bar"><path d="M12 ${SVG_H - 16} v6 h${r1(bar.length)} v-6"/>` +
    `<text x="${r1(bar.length + 17)}" y="${SVG_H - 10}">${escapeHtml(bar.label)}</text></g>` +
    `<g class="north" transform="translate(${SVG_W - 16} 6)"><path d="M0 0 L6 18 L0 14 L-6 18 Z"/>` +
    `<text x="0" y="30" text-anchor="middle">${escapeHtml(t('notice.north'))}</text></g>` +
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
function tableHtml(cls: string, headers: [string, number][], l: Listing<Row>, w: NoticeWords): string {
  const columns = headers.length;
  const rows = l.shown
    .map((r) => {
      const state =
        r.acknowledged === undefined
          ? ''
          : r.acknowledged
            ? ' class="acknowledged"'
            : ' class="not-acknowledged"';
      const said = [r.detail, r.contact].filter((x) => x).join(' · ');
      const detail = columns > 2 ? `<td dir="auto">${escapeHtml(said)}</td>` : '';
      return `<tr${state}><td>${escapeHtml(r.code)}</td><td dir="auto">${escapeHtml(r.name)}</td>${detail}</tr>`;
    })
    .join('');
  const empty =
    l.shown.length === 0
      ? `<tr><td colspan="${columns}">${escapeHtml(w.t('notice.noneListed'))}</td></tr>`
      : '';
  const more =
    l.more > 0
      ? `<tr><td colspan="${columns}">${escapeHtml(w.t('notice.more', { n: w.number(l.more) }))}</td></tr>`
      : '';
  const cols = headers.map(([, width]) => `<col style="width:${width}%">`).join('');
  const head = headers.map(([h]) => `<th>${escapeHtml(h)}</th>`).join('');
  return (
    `<table class="list ${cls}"><colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead>` +
    `<tbody>${rows}${empty}${more}</tbody></table>`
  );
}

export function notificationHtml(doc: NotificationDocument): string {
  const s = sheetOf(doc);
  const w = s.words;
  const { t } = w;
  const facts = s.facts
    .map(
      (f) =>
        `<tr><th scope="row">${escapeHtml(f.label)}</th><td${f.name ? ' dir="auto"' : ''}><div class="clamp">${escapeHtml(f.value)}</div></td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="${w.lang}" dir="${w.lang === 'ar' ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(t('notice.title'))} ${escapeHtml(doc.code)}</title>
<style>
${CSS}
</style>
</head>
<body>
<main class="sheet">
<header><h1>${escapeHtml(t('notice.title'))}</h1><p class="heading clamp" dir="auto">${escapeHtml(s.heading)}</p></header>
<table class="facts"><tbody>${facts}</tbody></table>
<figure>${routeSvg(doc, s.routeKm)}</figure>
<div class="columns">
<section><h2>${escapeHtml(t('notice.checkpoints'))}</h2>${tableHtml(
    'checkpoints',
    [
      [t('notice.code'), 28],
      [t('notice.name'), 48],
      [t('notice.kind'), 24],
    ],
    s.checkpoints,
    w,
  )}</section>
<section><h2>${escapeHtml(t('notice.organisations'))}</h2>${tableHtml(
    'organisations',
    [
      [t('notice.code'), 18],
      [t('notice.name'), 42],
      [t('notice.contact'), 40],
    ],
    s.organisations,
    w,
  )}</section>
</div>
<section><h2>${escapeHtml(t('notice.parties'))}</h2>${tableHtml(
    'parties',
    [
      [t('notice.code'), 14],
      [t('notice.party'), 34],
      [t('notice.acknowledgement'), 52],
    ],
    s.parties,
    w,
  )}</section>
${s.note ? `<section><h2>${escapeHtml(t('notice.note'))}</h2><p class="note clamp" dir="auto">${escapeHtml(s.note)}</p></section>` : ''}
<footer>${escapeHtml(t('notice.footer'))}</footer>
</main>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------------
// PDF
