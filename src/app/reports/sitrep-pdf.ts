import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { drawText, embedDocumentFonts, printable, textWidth, wrapped } from '../documents/pdf-text.js';
import type { Sitrep } from '../../domain/reports/sitrep.js';
import { figureName, reportTime, sitrepBlocks, type Cell } from './sitrep-document.js';
import { MAP_DISCLAIMER } from './geojson-export.js';
import { projection, STATUS_COLOUR } from './sitrep-map.js';

// The situation report as an A4 PDF: tables that repeat their header on each page and mark a cut cell
// with an ellipsis, headings kept with what follows, every page numbered, and the map with its scale,
// north and disclaimer.

const [PAGE_W, PAGE_H, MARGIN] = [595.28, 841.89, 40];
const CONTENT_W = PAGE_W - 2 * MARGIN;
const FOOTER = 22;
const MAX_CELL_LINES = 6;
const cellText = (c: Cell) => (typeof c === 'string' ? c : c.text);
const grey = rgb(0.35, 0.35, 0.35);

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
  /** Room for `h` more points on this page, or a new page. True when a page was begun. */
  need(h: number): boolean {
    if (this.y - h >= MARGIN + FOOTER) return false;
    this.newPage();
    return true;
  }
  /** Text wrapped to `width`, at most `max` lines; whatever is cut is marked with an ellipsis. */
  lines(t: string, size: number, width: number, bold = false, max = 1000): string[] {
    const font = bold ? this.bold : this.regular;
    return wrapped(font, size, printable(font, t), width, max);
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
  /** A heading, on the page of what follows it (never alone at the foot of a page). */
  heading(t: string, size: number) {
    this.y -= 6;
    this.need(size + 3 + 45);
    this.text(t, size, true);
  }
  table(headers: string[], rows: Cell[][]) {
    const size = 7;
    const widths = columnWidths(this.bold, size, headers, rows, CONTENT_W);
    const measure = (cells: string[], bold: boolean) => {
      const wrapped = cells.map((c, i) => this.lines(c, size, widths[i]! - 4, bold, MAX_CELL_LINES));
      return { wrapped, bold, h: Math.max(1, ...wrapped.map((w) => w.length)) * (size + 2) + 3 };
    };
    const put = ({ wrapped, bold, h }: ReturnType<typeof measure>) => {
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
        thickness: bold ? 0.6 : 0.3,
        color: rgb(0.7, 0.7, 0.7),
      });
      this.y -= h;
    };
    const header = measure(headers, true);
    const body = rows.map((r) => measure(r.map(cellText), false));
    // The header with at least its first row, and again at the top of each page the table runs on to.
    this.need(header.h + (body[0]?.h ?? 0));
    put(header);
    for (const row of body) {
      if (this.need(row.h)) put(header);
      put(row);
    }
    this.y -= 4;
  }
  map(s: Sitrep) {
    const h = 300;
    this.need(h + 40);
    const top = this.y;
    const p = projection(s, CONTENT_W, h, 15);
    const at = (lon: number, lat: number) => ({ x: MARGIN + p.x(lon), y: top - p.y(lat) });
    const frame = { x: MARGIN, y: top - h, width: CONTENT_W, height: h };
    this.page.drawRectangle({
      ...frame,
      color: rgb(0.96, 0.95, 0.92),
      borderColor: rgb(0.7, 0.7, 0.7),
      borderWidth: 0.5,
    });
    for (const hz of s.map.hazards) {
      const ring = (hz.area.type === 'Polygon' ? hz.area.coordinates[0] : hz.area.coordinates[0]?.[0]) ?? [];
      for (let i = 0; i + 1 < ring.length; i++)
        this.page.drawLine({
          start: at(...(ring[i] as [number, number])),
          end: at(...(ring[i + 1] as [number, number])),
          thickness: 1,
          color: rgb(0.94, 0.53, 0.24),
        });
    }
    for (const c of s.map.corridors) {
      const colour = hex(STATUS_COLOUR[c.status] ?? '#1f6feb');
      for (let i = 0; i + 1 < c.coordinates.length; i++)
        this.page.drawLine({
          start: at(...c.coordinates[i]!),
          end: at(...c.coordinates[i + 1]!),
          thickness: 2,
          color: colour,
        });
      const start = at(...c.coordinates[0]!);
      drawText(this.page, c.code, { x: start.x + 3, y: start.y + 3, size: 6.5, font: this.bold });
    }
    for (const c of s.map.checkpoints)
      this.page.drawCircle({
        ...at(...c.coordinates),
        size: 2,
        color: rgb(1, 1, 1),
        borderColor: rgb(0.14, 0.16, 0.18),
        borderWidth: 0.8,
      });
    for (const r of s.map.receptionPoints) {
      const point = at(...r.coordinates);
      this.page.drawCircle({ ...point, size: 3.2, color: rgb(0.1, 0.5, 0.22) });
      drawText(this.page, r.code, { x: point.x + 4, y: point.y - 2, size: 6, font: this.regular });
    }
    for (const c of s.map.commandPosts)
      this.page.drawCircle({ ...at(...c.coordinates), size: 2.2, color: rgb(0.04, 0.36, 0.74) });
    for (const i of s.map.incidents)
      this.page.drawSquare({ ...at(...i.coordinates), size: 3, color: rgb(0.82, 0.14, 0.18) });
    this.northAndScale(frame, p.metresPerUnit);
    this.y = top - h - 4;
    this.text(
      'Corridors coloured by status, as in the console (purple planned, amber notified, teal ready, green open, red suspended, grey closed); checkpoints white, reception points green, command posts blue, hazard areas orange, incidents red.',
      7,
    );
    this.text(MAP_DISCLAIMER, 6.5, false, grey);
  }
  /** A north arrow in the top corner and a scale bar of a round length in the bottom one. */
  private northAndScale(
    frame: { x: number; y: number; width: number; height: number },
    metresPerUnit: number,
  ) {
    const nx = frame.x + frame.width - 16;
    const ny = frame.y + frame.height - 30;
    // An arrow pointing up (the page's north is the map's), in the path's own axes (y down).
    this.page.drawSvgPath('M 5 -14 L 10 0 L 5 -4 L 0 0 Z', { x: nx, y: ny, color: rgb(0.2, 0.2, 0.2) });
    drawText(this.page, 'N', { x: nx + 2.2, y: ny + 16, size: 7, font: this.bold });
    if (metresPerUnit <= 0) return;
    const target = metresPerUnit * 80;
    const step = 10 ** Math.floor(Math.log10(target));
    const metres = [1, 2, 5, 10]
      .map((m) => m * step)
      .filter((m) => m <= target)
      .at(-1)!;
    const length = metres / metresPerUnit;
    const [sx, sy] = [frame.x + 10, frame.y + 10];
    this.page.drawLine({ start: { x: sx, y: sy }, end: { x: sx + length, y: sy }, thickness: 1.5 });
    for (const x of [sx, sx + length])
      this.page.drawLine({ start: { x, y: sy - 2 }, end: { x, y: sy + 3 }, thickness: 1 });
    const label = metres >= 1000 ? `${metres / 1000} km` : `${metres} m`;
    drawText(this.page, label, { x: sx + length + 4, y: sy - 2, size: 6.5, font: this.regular });
  }
  /** Every page numbered at its foot, with the report it belongs to. */
  footers(s: Sitrep) {
    const pages = this.doc.getPages();
    pages.forEach((page, i) => {
      const text = printable(
        this.regular,
        `Situation report: ${s.operation.name} · as of ${reportTime(s.asOf)}`,
      );
      const number = `Page ${i + 1} of ${pages.length}`;
      const room = CONTENT_W - textWidth(this.regular, number, 6.5) - 12;
      const left = this.lines(text, 6.5, room, false, 1)[0] ?? '';
      drawText(page, left, { x: MARGIN, y: MARGIN - 4, size: 6.5, font: this.regular, color: grey });
      drawText(page, number, {
        x: PAGE_W - MARGIN - textWidth(this.regular, number, 6.5),
        y: MARGIN - 4,
        size: 6.5,
        font: this.regular,
        color: grey,
      });
    });
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
  doc.setLanguage('en');
  const fonts = await embedDocumentFonts(doc);
  const w = new PdfWriter(doc, fonts.regular, fonts.bold);
  for (const b of sitrepBlocks(s)) {
    if (b.kind === 'title') w.text(b.text, 15, true);
    else if (b.kind === 'heading') w.heading(b.text, 11);
    else if (b.kind === 'text')
      w.text(`${b.text}${b.figures?.length ? ` (${b.figures.map(figureName).join(', ')})` : ''}`, 8);
    else if (b.kind === 'map') w.map(s);
    else if (b.rows.length === 0) w.text(`None recorded: ${b.headers[0]}.`, 8);
    else {
      w.table(b.headers, b.rows);
      if (b.source) w.text(`Source: ${b.source}`, 6.5, false, grey);
    }
  }
  w.footers(s);
  return doc.save();
}
