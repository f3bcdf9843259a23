import type { Sitrep } from '../../domain/reports/sitrep.js';
import { figureName, sitrepBlocks, type Cell } from './sitrep-document.js';
import { projection, STATUS_COLOUR } from './sitrep-map.js';

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

export function sitrepMarkdown(s: Sitrep): string {
  const md = markdownText;
  const cell = (c: Cell) => (typeof c === 'string' ? md(c) : `[${md(c.text)}](#${anchor(c.figure)})`);
  const out: string[] = [];
  for (const b of sitrepBlocks(s)) {
    if (b.kind === 'title') out.push(`# ${md(b.text)}`, '');
    else if (b.kind === 'heading') out.push(`## ${md(b.text)}`, '');
    else if (b.kind === 'text')
      out.push(
        `${md(b.text)}${b.figures?.length ? ` (${b.figures.map((f) => `[${md(figureName(f))}](#${anchor(f)})`).join(', ')})` : ''}`,
        '',
      );
    else if (b.kind === 'map')
      out.push(
        `${s.map.corridors.length} corridors, ${s.map.checkpoints.length} checkpoints, ${s.map.hazards.length} hazard areas, ${s.map.incidents.length} incidents: see the HTML or PDF report, or the GeoJSON export (\`corridor export geojson\`).`,
        '',
      );
    else {
      if (b.rows.length === 0) {
        out.push(`_None recorded: ${b.headers[0]}._`, '');
        continue;
      }
      out.push(`| ${b.headers.map(md).join(' | ')} |`, `|${b.headers.map(() => '---').join('|')}|`);
      for (const r of b.rows) out.push(`| ${r.map(cell).join(' | ')} |`);
      if (b.source) out.push('', `Source: ${md(b.source)}`);
      out.push('');
    }
  }
  // Anchors for the figure links: the figures table lists each figure once.
  out.push('## Figure anchors', '');
  for (const f of s.figures) out.push(`<a id="${anchor(f.id)}"></a>${md(f.id)}: ${md(f.label)}`, '');
  return out.join('\n');
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (t: string) => t.replace(/[&<>"']/g, (c) => ESC[c]!);

export function sitrepHtml(s: Sitrep): string {
  const cell = (c: Cell) =>
    typeof c === 'string' ? esc(c) : `<a href="#${anchor(c.figure)}">${esc(c.text)}</a>`;
  const body: string[] = [];
  for (const b of sitrepBlocks(s)) {
    if (b.kind === 'title') body.push(`<h1>${esc(b.text)}</h1>`);
    else if (b.kind === 'heading') body.push(`<h2>${esc(b.text)}</h2>`);
    else if (b.kind === 'text')
      body.push(
        `<p>${esc(b.text)}${b.figures?.length ? ` <span class="refs">(${b.figures.map((f) => `<a href="#${anchor(f)}">${esc(figureName(f))}</a>`).join(', ')})</span>` : ''}</p>`,
      );
    else if (b.kind === 'map') body.push(mapSvg(s));
    else if (b.rows.length === 0) body.push(`<p class="none">None recorded: ${esc(b.headers[0]!)}.</p>`);
    else {
      const figuresTable = b.headers[0] === 'figure' && b.headers[1] === 'metric (HXL)';
      body.push(
        `<table><thead><tr>${b.headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
          .map((r) => {
            const id = figuresTable && typeof r[0] !== 'string' ? ` id="${anchor(r[0]!.figure)}"` : '';
            return `<tr${id}>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`;
          })
          .join('')}</tbody></table>${b.source ? `<p class="source">Source: ${esc(b.source)}</p>` : ''}`,
      );
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(`Situation report: ${s.operation.name}`)}</title><style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222}
table{border-collapse:collapse;margin:.5em 0;font-size:13px}th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#f2f2f2}.source{color:#555;font-size:12px}.refs{font-size:12px}tr:target{background:#fff3c4}
svg{border:1px solid #ccc;background:#fafafa}
</style></head><body>${body.join('\n')}</body></html>`;
}

function mapSvg(s: Sitrep): string {
  const [w, h] = [800, 500];
  const p = projection(s, w, h, 30);
  const path = (cs: [number, number][]) =>
    cs.map(([x, y], i) => `${i ? 'L' : 'M'}${p.x(x).toFixed(1)},${p.y(y).toFixed(1)}`).join('');
  const parts = [
    ...s.map.hazards.map((hz) => {
      const ring = (hz.area.type === 'Polygon' ? hz.area.coordinates[0] : hz.area.coordinates[0]?.[0]) ?? [];
      return `<path d="${path(ring)}Z" fill="#cf222e55" stroke="#cf222e"><title>${esc(hz.code)} ${esc(hz.status)}</title></path>`;
    }),
    ...s.map.corridors.map(
      (c) =>
        `<path d="${path(c.coordinates)}" fill="none" stroke="${STATUS_COLOUR[c.status] ?? '#333'}" stroke-width="3"><title>${esc(c.code)} ${esc(c.status)}</title></path><text x="${p.x(c.coordinates[0]![0]).toFixed(1)}" y="${(p.y(c.coordinates[0]![1]) - 6).toFixed(1)}" font-size="11">${esc(c.code)}</text>`,
    ),
    ...s.map.checkpoints.map(
      (c) =>
        `<circle cx="${p.x(c.coordinates[0]).toFixed(1)}" cy="${p.y(c.coordinates[1]).toFixed(1)}" r="3" fill="#0969da"><title>${esc(c.code)} ${esc(c.kind)}</title></circle>`,
    ),
    ...s.map.incidents.map(
      (i) =>
        `<rect x="${(p.x(i.coordinates[0]) - 4).toFixed(1)}" y="${(p.y(i.coordinates[1]) - 4).toFixed(1)}" width="8" height="8" fill="#8250df"><title>${esc(i.code)} ${esc(i.severity)}</title></rect>`,
    ),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="Map of the operation">${parts.join('')}</svg><p class="source">Corridors coloured by status (green open, grey closed, red suspended, amber planned), checkpoints in blue, hazard areas in red, incidents in purple. Source: CorridorDeclared, CheckpointEstablished, HazardReported, IncidentReported.</p>`;
}

// ---- PDF (pdf-lib, Helvetica: A4 portrait) ----
