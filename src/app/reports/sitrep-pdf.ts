import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { wordsOf, type Lang, type Words } from '../../contracts/words/translate.js';
import { drawText, embedDocumentFonts, printable, textWidth, wrapped } from '../documents/pdf-text.js';
import type { Sitrep } from '../../domain/reports/sitrep.js';
import { figureName, reportTime, sitrepBlocks, type Cell } from './sitrep-document.js';
import { MAP_COLOURS, projection, STATUS_COLOUR } from './sitrep-map.js';
import { operationName } from './sitrep-words.js';

// The situation report as an A4 PDF: tables that repeat their header on each page and mark a cut cell
// with an ellipsis, headings kept with what follows, every page numbered, and the map with its scale,
// north and disclaimer. In Arabic the page runs right to left: lines start at the right margin and a
// table's first column is its rightmost.

const [PAGE_W, PAGE_H, MARGIN] = [595.28, 841.89, 40];
const CONTENT_W = PAGE_W - 2 * MARGIN;
const FOOTER = 22;
const MAX_CELL_LINES = 6;
const cellText = (c: Cell) => (typeof c === 'string' ? c : c.text);
const grey = rgb(0.35, 0.35, 0.35);

class PdfWriter {
  page!: PDFPage;
  y = 0;
  private readonly rtl: boolean;
  constructor(
    private readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
    private readonly w: Words,
  ) {
    this.rtl = w.lang === 'ar';
    this.newPage();
  }
  /** Where a line of text starts: at the left margin, or (right to left) so that it ends at `right`. */
  private startOf(line: string, size: number, font: PDFFont, left: number, width: number): number {
    return this.rtl ? left + width - textWidth(font, line, size) : left;
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
      const font = bold ? this.bold : this.regular;
      drawText(this.page, l, {
        x: this.startOf(l, size, font, MARGIN, CONTENT_W),
        y: this.y - size,
        size,
        font,
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
      const font = bold ? this.bold : this.regular;
      let x = this.rtl ? MARGIN + CONTENT_W : MARGIN;
      wrapped.forEach((ls, i) => {
        const left = this.rtl ? x - widths[i]! : x;
        ls.forEach((l, k) =>
          drawText(this.page, l, {
            x: this.startOf(l, size, font, left + 2, widths[i]! - 4),
            y: this.y - (k + 1) * (size + 2),
            size,
            font,
          }),
        );
        x = this.rtl ? left : x + widths[i]!;
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
      color: hex(MAP_COLOURS.land),
      borderColor: rgb(0.7, 0.7, 0.7),
      borderWidth: 0.5,
    });
    // The neighbourhoods' outlines, as the base: a stroke only where both its ends are in the frame.
    const inside = (p: { x: number; y: number }) =>
      p.x >= frame.x && p.x <= frame.x + frame.width && p.y >= frame.y && p.y <= frame.y + frame.height;
    for (const a of s.map.areas)
      for (const ring of a.rings)
        for (let i = 0; i + 1 < ring.length; i++) {
          const [start, end] = [at(...ring[i]!), at(...ring[i + 1]!)];
          if (inside(start) && inside(end))
            this.page.drawLine({ start, end, thickness: 0.4, color: hex(MAP_COLOURS.outline) });
        }
    for (const hz of s.map.hazards) {
      const ring = (hz.area.type === 'Polygon' ? hz.area.coordinates[0] : hz.area.coordinates[0]?.[0]) ?? [];
      for (let i = 0; i + 1 < ring.length; i++)
        this.page.drawLine({
          start: at(...(ring[i] as [number, number])),
          end: at(...(ring[i + 1] as [number, number])),
          thickness: 1,
          color: hex(MAP_COLOURS.hazard),
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
        borderColor: hex(MAP_COLOURS.checkpointEdge),
        borderWidth: 0.8,
      });
    for (const r of s.map.receptionPoints) {
      const point = at(...r.coordinates);
      this.page.drawCircle({ ...point, size: 3.2, color: hex(MAP_COLOURS.reception) });
      drawText(this.page, r.code, { x: point.x + 4, y: point.y - 2, size: 6, font: this.regular });
    }
    for (const c of s.map.commandPosts)
      this.page.drawCircle({ ...at(...c.coordinates), size: 2.2, color: hex(MAP_COLOURS.commandPost) });
    for (const i of s.map.incidents)
      this.page.drawSquare({ ...at(...i.coordinates), size: 3, color: hex(MAP_COLOURS.incident) });
    this.northAndScale(frame, p.metresPerUnit);
    this.y = top - h - 4;
    this.text(this.w.t('rep.map.key'), 7);
    this.text(this.w.t('rep.map.disclaimer'), 6.5, false, grey);
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
      const { t, number: n } = this.w;
      const text = printable(
        this.regular,
        t('rep.footer', {
          number: s.number,
          operation: operationName(this.w, s.operation),
          asOf: reportTime(s.asOf),
        }),
      );
      const number = t('rep.page', { page: n(i + 1), pages: n(pages.length) });
      const numberWidth = textWidth(this.regular, number, 6.5);
      const room = CONTENT_W - numberWidth - 12;
      const title = this.lines(text, 6.5, room, false, 1)[0] ?? '';
      const titleWidth = textWidth(this.regular, title, 6.5);
      // The report's name where a line starts, the page number where it ends.
      const [titleX, numberX] = this.rtl
        ? [PAGE_W - MARGIN - titleWidth, MARGIN]
        : [MARGIN, PAGE_W - MARGIN - numberWidth];
      const o = { y: MARGIN - 4, size: 6.5, font: this.regular, color: grey };
      drawText(page, title, { ...o, x: titleX });
      drawText(page, number, { ...o, x: numberX });
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

export async function sitrepPdf(s: Sitrep, lang: Lang = 'en'): Promise<Uint8Array> {
  const words = wordsOf(lang);
  const doc = await PDFDocument.create();
  doc.setTitle(words.t('rep.title', { number: s.number, operation: operationName(words, s.operation) }));
  doc.setCreator('Corridor');
  doc.setLanguage(lang);
  const fonts = await embedDocumentFonts(doc);
  const w = new PdfWriter(doc, fonts.regular, fonts.bold, words);
  for (const b of sitrepBlocks(s, lang)) {
    if (b.kind === 'title') w.text(b.text, 15, true);
    else if (b.kind === 'heading') w.heading(b.text, 11);
    else if (b.kind === 'text') {
      const refs = b.figures?.length ? ` (${words.list(b.figures.map((f) => figureName(f, words)))})` : '';
      w.text(`${b.text}${refs}`, 8);
    } else if (b.kind === 'map') w.map(s);
    else if (b.rows.length === 0) w.text(b.none ?? `None recorded: ${b.headers[0]}.`, 8);
    else {
      w.table(b.headers, b.rows);
      if (b.source) w.text(words.t('rep.source', { source: b.source }), 6.5, false, grey);
    }
  }
  w.footers(s);
  return doc.save();
}
