import { wordsOf, type Lang, type Words } from '../../contracts/words/translate.js';
import type { Sitrep } from '../../domain/reports/sitrep.js';
import { figureName, sitrepBlocks, type Block, type Cell } from './sitrep-document.js';
import { MAP_COLOURS, projection, STATUS_COLOUR } from './sitrep-map.js';
import { operationName } from './sitrep-words.js';

export { sitrepPdf } from './sitrep-pdf.js';

const anchor = (id: string) => `fig-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/**
 * Recorded text as Markdown that shows as the text it is: HTML is escaped to entities (a `<script>` in
 * a figure's label stays text), and the characters that would make links, emphasis or table cells are
 * escaped with a backslash; a line break becomes a space.
 */
export function markdownText(t: string): string {
  return t
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
    .replace(/[\\`*_[\]|]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ');
}

export function sitrepMarkdown(s: Sitrep, lang: Lang = 'en'): string {
  const w = wordsOf(lang);
  const md = markdownText;
  const cell = (c: Cell) => (typeof c === 'string' ? md(c) : `[${md(c.text)}](#${anchor(c.figure)})`);
  const out: string[] = [];
  for (const b of sitrepBlocks(s, lang)) {
    if (b.kind === 'title') out.push(`# ${md(b.text)}`, '');
    else if (b.kind === 'heading') out.push(`## ${md(b.text)}`, '');
    else if (b.kind === 'text')
      out.push(
        `${md(b.text)}${b.figures?.length ? ` (${w.list(b.figures.map((f) => `[${md(figureName(f, w))}](#${anchor(f)})`))})` : ''}`,
        '',
      );
    else if (b.kind === 'map') out.push(md(mapSummary(s, w)), '');
    else {
      if (b.rows.length === 0) {
        out.push(`_${md(noneText(b))}_`, '');
        continue;
      }
      out.push(`| ${b.headers.map(md).join(' | ')} |`, `|${b.headers.map(() => '---').join('|')}|`);
      for (const r of b.rows) out.push(`| ${r.map(cell).join(' | ')} |`);
      if (b.source) out.push('', md(w.t('rep.source', { source: b.source })));
      out.push('');
    }
  }
  // Anchors for the figure links: the figures table lists each figure once.
  out.push(`## ${md(w.t('rep.anchors'))}`, '');
  for (const f of s.figures) out.push(`<a id="${anchor(f.id)}"></a>${md(f.id)}: ${md(f.label)}`, '');
  return out.join('\n');
}

const noneText = (b: Extract<Block, { kind: 'table' }>) => b.none ?? `None recorded: ${b.headers[0]}.`;

function mapSummary(s: Sitrep, w: Words): string {
  return w.t('rep.map.summary', {
    corridors: w.number(s.map.corridors.length),
    checkpoints: w.number(s.map.checkpoints.length),
    hazards: w.number(s.map.hazards.length),
    incidents: w.number(s.map.incidents.length),
  });
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (t: string) => t.replace(/[&<>"']/g, (c) => ESC[c]!);

export function sitrepHtml(s: Sitrep, lang: Lang = 'en'): string {
  const w = wordsOf(lang);
  const cell = (c: Cell) =>
    typeof c === 'string' ? esc(c) : `<a href="#${anchor(c.figure)}">${esc(c.text)}</a>`;
  const body: string[] = [];
  for (const b of sitrepBlocks(s, lang)) {
    if (b.kind === 'title') body.push(`<h1>${esc(b.text)}</h1>`);
    else if (b.kind === 'heading') body.push(`<h2>${esc(b.text)}</h2>`);
    else if (b.kind === 'text')
      body.push(
        `<p>${esc(b.text)}${b.figures?.length ? ` <span class="refs">(${b.figures.map((f) => `<a href="#${anchor(f)}">${esc(figureName(f, w))}</a>`).join(w.t('listSeparator'))})</span>` : ''}</p>`,
      );
    else if (b.kind === 'map') body.push(mapSvg(s, w));
    else if (b.rows.length === 0) body.push(`<p class="none">${esc(noneText(b))}</p>`);
    else {
      const figuresTable = b.anchors === true;
      body.push(
        `<table><thead><tr>${b.headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
          .map((r) => {
            const id = figuresTable && typeof r[0] !== 'string' ? ` id="${anchor(r[0]!.figure)}"` : '';
            return `<tr${id}>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`;
          })
          .join(
            '',
          )}</tbody></table>${b.source ? `<p class="source">${esc(w.t('rep.source', { source: b.source }))}</p>` : ''}`,
      );
    }
  }
  const title = w.t('rep.title', { number: s.number, operation: operationName(w, s.operation) });
  return `<!doctype html><html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><title>${esc(title)}</title><style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222}
table{border-collapse:collapse;margin:.5em 0;font-size:13px}th,td{border:1px solid #ccc;padding:2px 6px;text-align:start;vertical-align:top}
th{background:#f2f2f2}.source{color:#555;font-size:12px}.refs{font-size:12px}tr:target{background:#fff3c4}
svg{border:1px solid #ccc;background:#fafafa}
</style></head><body>${body.join('\n')}</body></html>`;
}

function mapSvg(s: Sitrep, w: Words): string {
  const [width, height] = [800, 500];
  const p = projection(s, width, height, 30);
  const xy = ([x, y]: [number, number]) => `${p.x(x).toFixed(1)},${p.y(y).toFixed(1)}`;
  const path = (cs: readonly [number, number][]) => cs.map((c, i) => `${i ? 'L' : 'M'}${xy(c)}`).join('');
  const dot = (c: [number, number], r: number, fill: string, title: string, stroke = 'none') =>
    `<circle cx="${p.x(c[0]).toFixed(1)}" cy="${p.y(c[1]).toFixed(1)}" r="${r}" fill="${fill}" stroke="${stroke}"><title>${esc(title)}</title></circle>`;
  const parts = [
    `<rect width="${width}" height="${height}" fill="${MAP_COLOURS.land}"/>`,
    ...s.map.areas.map(
      (a) =>
        `<path d="${a.rings.map((r) => `${path(r)}Z`).join('')}" fill="none" stroke="${MAP_COLOURS.outline}" stroke-width="0.6"><title>${esc(a.code)}</title></path>`,
    ),
    ...s.map.hazards.map((hz) => {
      const ring = (hz.area.type === 'Polygon' ? hz.area.coordinates[0] : hz.area.coordinates[0]?.[0]) ?? [];
      return `<path d="${path(ring)}Z" fill="${MAP_COLOURS.hazard}40" stroke="${MAP_COLOURS.hazard}"><title>${esc(hz.code)} ${esc(w.tx('status', hz.status))}</title></path>`;
    }),
    ...s.map.corridors.map(
      (c) =>
        `<path d="${path(c.coordinates)}" fill="none" stroke="${STATUS_COLOUR[c.status] ?? '#333'}" stroke-width="3"><title>${esc(c.code)} ${esc(w.tx('status', c.status))}</title></path><text x="${p.x(c.coordinates[0]![0]).toFixed(1)}" y="${(p.y(c.coordinates[0]![1]) - 6).toFixed(1)}" font-size="11" direction="ltr">${esc(c.code)}</text>`,
    ),
    ...s.map.checkpoints.map((c) =>
      dot(c.coordinates, 3, '#ffffff', `${c.code} ${c.kind}`, MAP_COLOURS.checkpointEdge),
    ),
    ...s.map.receptionPoints.map((r) => dot(r.coordinates, 4.5, MAP_COLOURS.reception, r.code)),
    ...s.map.commandPosts.map((c) => dot(c.coordinates, 3.2, MAP_COLOURS.commandPost, c.code)),
    ...s.map.incidents.map(
      (i) =>
        `<rect x="${(p.x(i.coordinates[0]) - 4).toFixed(1)}" y="${(p.y(i.coordinates[1]) - 4).toFixed(1)}" width="8" height="8" fill="${MAP_COLOURS.incident}"><title>${esc(i.code)} ${esc(i.severity)}</title></rect>`,
    ),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(w.t('rep.h.map'))}">${parts.join('')}</svg><p class="source">${esc(w.t('rep.map.key'))}</p><p class="source">${esc(w.t('rep.map.disclaimer'))}</p>`;
}
