import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { drawText, embedDocumentFonts, printable, textWidth } from '../documents/pdf-text.js';
import type { Sitrep } from '../../domain/reports/sitrep.js';
import { sitrepBlocks, type Cell } from './sitrep-document.js';

const anchor = (id: string) => `fig-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
const cellText = (c: Cell) => (typeof c === 'string' ? c : c.text);

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
        `${md(b.text)}${b.figures?.length ? ` (${b.figures.map((f) => `[${f}](#${anchor(f)})`).join(', ')})` : ''}`,
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
        `<p>${esc(b.text)}${b.figures?.length ? ` <span class="refs">(${b.figures.map((f) => `<a href="#${anchor(f)}">${esc(f)}</a>`).join(', ')})</span>` : ''}</p>`,
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

interface Projection {
  x: (lon: number) => number;
  y: (lat: number) => number;
}

function projection(s: Sitrep, width: number, height: number, pad: number): Projection {
  const pts = [
    ...s.map.corridors.flatMap((c) => c.coordinates),
    ...s.map.checkpoints.map((c) => c.coordinates),
  ];
  if (pts.length === 0) return { x: () => width / 2, y: () => height / 2 };
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const k = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  const scale = Math.min(
    (width - 2 * pad) / Math.max((x1 - x0) * k, 1e-6),
    (height - 2 * pad) / Math.max(y1 - y0, 1e-6),
  );
  return { x: (lon) => pad + (lon - x0) * k * scale, y: (lat) => height - pad - (lat - y0) * scale };
}

const STATUS_COLOUR: Record<string, string> = {
  open: '#1a7f37',
  closed: '#6e7781',
  suspended: '#cf222e',
  planned: '#9a6700',
  notified: '#9a6700',
  ready: '#0969da',
};

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

const [PAGE_W, PAGE_H, MARGIN] = [595.28, 841.89, 40];
const CONTENT_W = PAGE_W - 2 * MARGIN;

class PdfWriter {
  page!: PDFPage;
  y = 0;
  constructor(
    private readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.newPage();
  }
  newPage() {
    this.page = this.doc.addPage([PAGE_W, PAGE_H]);
    this.y = PAGE_H - MARGIN;
  }
  need(h: number) {
    if (this.y - h < MARGIN) this.newPage();
  }
  lines(t: string, size: number, width: number, bold = false): string[] {
    const font = bold ? this.bold : this.regular;
    const words = printable(font, t).split(' ');
    const out: string[] = [];
    let line = '';
    for (const w of words) {
      const next = line ? `${line} ${w}` : w;
      if (textWidth(font, next, size) <= width || !line) line = next;
      else {
        out.push(line);
        line = w;
      }
    }
    if (line) out.push(line);
    // A single word wider than the column is cut.
    return out.map((l) => {
      if (textWidth(font, l, size) <= width) return l;
      // The longest start that fits, by bisection (laying text out is not cheap; words can be long).
      const chars = [...l];
      let lo = 1;
      let hi = chars.length;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (textWidth(font, chars.slice(0, mid).join(''), size) <= width) lo = mid;
        else hi = mid - 1;
      }
      return chars.slice(0, lo).join('');
    });
  }
  text(t: string, size: number, bold = false, colour = rgb(0, 0, 0)) {
    for (const l of this.lines(t, size, CONTENT_W, bold)) {
      this.need(size + 3);
      drawText(this.page, l, {
        x: MARGIN,
        y: this.y - size,
        size,
        font: bold ? this.bold : this.regular,
        color: colour,
      });
      this.y -= size + 3;
    }
  }
  table(headers: string[], rows: Cell[][]) {
    const size = 7;
    const widths = columnWidths(this.bold, size, headers, rows, CONTENT_W);
    const row = (cells: string[], bold: boolean) => {
      const wrapped = cells.map((c, i) => this.lines(c, size, widths[i]! - 4, bold).slice(0, 6));
      const h = Math.max(1, ...wrapped.map((w) => w.length)) * (size + 2) + 3;
      this.need(h);
      let x = MARGIN;
      wrapped.forEach((ls, i) => {
        ls.forEach((l, k) =>
          drawText(this.page, l, {
            x: x + 2,
            y: this.y - (k + 1) * (size + 2),
            size,
            font: bold ? this.bold : this.regular,
          }),
        );
        x += widths[i]!;
      });
      this.page.drawLine({
        start: { x: MARGIN, y: this.y - h },
        end: { x: MARGIN + CONTENT_W, y: this.y - h },
        thickness: 0.3,
        color: rgb(0.7, 0.7, 0.7),
      });
      this.y -= h;
    };
    row(headers, true);
    for (const r of rows) row(r.map(cellText), false);
    this.y -= 4;
  }
  map(s: Sitrep) {
    const h = 300;
    this.need(h + 10);
    const top = this.y;
    const p = projection(s, CONTENT_W, h, 15);
    const at = (lon: number, lat: number) => ({ x: MARGIN + p.x(lon), y: top - p.y(lat) });
    this.page.drawRectangle({
      x: MARGIN,
      y: top - h,
      width: CONTENT_W,
      height: h,
      borderColor: rgb(0.7, 0.7, 0.7),
      borderWidth: 0.5,
    });
    for (const c of s.map.corridors) {
      const colour = hex(STATUS_COLOUR[c.status] ?? '#333333');
      for (let i = 0; i + 1 < c.coordinates.length; i++)
        this.page.drawLine({
          start: at(...c.coordinates[i]!),
          end: at(...c.coordinates[i + 1]!),
          thickness: 1.5,
          color: colour,
        });
      const start = at(...c.coordinates[0]!);
      this.page.drawText(c.code, { x: start.x + 2, y: start.y + 2, size: 6, font: this.regular });
    }
    for (const hz of s.map.hazards) {
      const ring = (hz.area.type === 'Polygon' ? hz.area.coordinates[0] : hz.area.coordinates[0]?.[0]) ?? [];
      for (let i = 0; i + 1 < ring.length; i++)
        this.page.drawLine({
          start: at(...(ring[i] as [number, number])),
          end: at(...(ring[i + 1] as [number, number])),
          thickness: 1,
          color: rgb(0.81, 0.13, 0.18),
        });
    }
    for (const c of s.map.checkpoints)
      this.page.drawCircle({ ...at(...c.coordinates), size: 1.5, color: rgb(0.04, 0.41, 0.85) });
    for (const i of s.map.incidents)
      this.page.drawSquare({ ...at(...i.coordinates), size: 3, color: rgb(0.51, 0.31, 0.87) });
    this.y = top - h - 4;
    this.text(
      'Corridors coloured by status (green open, grey closed, red suspended, amber planned); checkpoints blue; hazard areas red; incidents purple.',
      7,
    );
  }
}

function hex(h: string) {
  return rgb(
    parseInt(h.slice(1, 3), 16) / 255,
    parseInt(h.slice(3, 5), 16) / 255,
    parseInt(h.slice(5, 7), 16) / 255,
  );
}

/**
 * Column widths: each at least as wide as its longest word (measured in the font), the rest of the
 * width shared in proportion to the columns' longest texts (up to 60 characters).
 */
function columnWidths(
  font: PDFFont,
  size: number,
  headers: string[],
  rows: Cell[][],
  width: number,
): number[] {
  const texts = headers.map((h, i) => [h, ...rows.slice(0, 200).map((r) => cellText(r[i] ?? ''))]);
  const least = texts.map(
    (all) =>
      Math.max(
        ...all.flatMap((t) =>
          printable(font, t)
            .split(' ')
            .map((w) => textWidth(font, w, size)),
        ),
      ) + 6,
  );
  const weight = texts.map((all) => Math.min(60, Math.max(...all.map((t) => t.length))) + 3);
  const spare = width - least.reduce((a, b) => a + b, 0);
  const total = weight.reduce((a, b) => a + b, 0);
  if (spare <= 0) return weight.map((w) => (w / total) * width);
  return least.map((l, i) => l + (weight[i]! / total) * spare);
}

export async function sitrepPdf(s: Sitrep): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Situation report: ${s.operation.name}`);
  doc.setCreator('Corridor');
  const fonts = await embedDocumentFonts(doc);
  const w = new PdfWriter(doc, fonts.regular, fonts.bold);
  for (const b of sitrepBlocks(s)) {
    if (b.kind === 'title') w.text(b.text, 15, true);
    else if (b.kind === 'heading') {
      w.y -= 6;
      w.text(b.text, 11, true);
    } else if (b.kind === 'text')
      w.text(`${b.text}${b.figures?.length ? ` (${b.figures.join(', ')})` : ''}`, 8);
    else if (b.kind === 'map') w.map(s);
    else if (b.rows.length === 0) w.text(`None recorded: ${b.headers[0]}.`, 8);
    else {
      w.table(b.headers, b.rows);
      if (b.source) w.text(`Source: ${b.source}`, 6.5, false, rgb(0.35, 0.35, 0.35));
    }
  }
  return doc.save();
}
