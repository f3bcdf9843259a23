import { PageSizes, PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { drawText, embedDocumentFonts, fitted, printable, textWidth, wrapped } from './pdf-text.js';
import type { NoticeWords } from '../../contracts/words/notice-words.js';
import {
  type Listing,
  type NotificationDocument,
  type Row,
  instant,
  routeFigure,
  sheetOf,
} from './notification-document.js';

/** The notification sheet as a one-page A4 PDF, with the fonts it needs embedded. */

const [PAGE_W, PAGE_H] = PageSizes.A4;
const MARGIN = 42.52; // 15 mm, as the HTML's @page
const CONTENT_W = PAGE_W - 2 * MARGIN;
const LINE = 12;
const SMALL_LINE = 11;
const LABEL_W = 106;
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
  /**
   * Written right to left (Arabic): each text box is mirrored across the page, and its text set
   * against the box's right edge. The route figure is a map, and is drawn as it is in either language.
   */
  rtl: boolean;
}

/** Where a text of this width starts in a box that starts at `x` (its left edge in a left-to-right page). */
function startOf(pen: Pen, x: number, width: number): number {
  return pen.rtl ? PAGE_W - x - width : x;
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
  const shown = fitted(font, size, printable(font, text), width);
  drawText(pen.page, shown, {
    x: startOf(pen, x, textWidth(font, shown, size)),
    y,
    size,
    font,
    color: INK,
    ...(pen.rtl ? { base: 'rtl' as const } : {}),
  });
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
  lines.forEach((l, i) =>
    drawText(pen.page, l, {
      x: startOf(pen, x, textWidth(pen.regular, l, size)),
      y: y - i * LINE,
      size,
      font: pen.regular,
      color: INK,
      ...(pen.rtl ? { base: 'rtl' as const } : {}),
    }),
  );
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

function drawFigure(
  drawn: Pen,
  doc: NotificationDocument,
  top: number,
  height: number,
  w: NoticeWords,
): void {
  const pen = { ...drawn, rtl: false };
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
    [f.route[0]!, w.t('notice.start')],
    [f.route.at(-1)!, w.t('notice.end')],
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
  write(pen, w.t('notice.north'), nx - 3, ny - 32, 8, 12, true);
}

function listRows(l: Listing<unknown>): number {
  return Math.max(l.shown.length, 1) + (l.more > 0 ? 1 : 0);
}

function writeListing(
  pen: Pen,
  title: string,
  l: Listing<Row>,
  { x, y, width }: { x: number; y: number; width: number },
  w: NoticeWords,
): void {
  write(pen, title, x, y, 9.5, width, true);
  const rows = l.shown.map((r) => `${r.code} ${r.name}${r.detail ? ` (${r.detail})` : ''}`);
  if (rows.length === 0) rows.push(w.t('notice.noneListed'));
  if (l.more > 0) rows.push(w.t('notice.more', { n: w.number(l.more) }));
  rows.forEach((r, i) => write(pen, r, x, y - 14 - i * SMALL_LINE, 8.5, width));
}

export async function notificationPdf(doc: NotificationDocument): Promise<Uint8Array> {
  const s = sheetOf(doc);
  const w = s.words;
  const { t } = w;
  // Metadata dates come from the notification, not the clock, so the bytes depend on the input alone.
  const sent = instant(doc.sentAt, 'sentAt');
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setTitle(`${t('notice.title')} ${doc.code}`);
  pdf.setSubject(t('notice.subject', { code: doc.code, operation: doc.operation.name }));
  pdf.setCreator('Corridor');
  pdf.setProducer('Corridor (pdf-lib)');
  pdf.setLanguage(w.lang);
  pdf.setCreationDate(sent);
  pdf.setModificationDate(sent);
  const page = pdf.addPage(PageSizes.A4);
  const { regular, bold } = await embedDocumentFonts(pdf);
  const pen: Pen = { page, regular, bold, rtl: w.lang === 'ar' };

  let y = PAGE_H - MARGIN - 16;
  write(pen, t('notice.title'), MARGIN, y, 16, CONTENT_W, true);
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
  drawFigure(pen, doc, y + 4, figureH, w);
  y = y + 4 - figureH - 18;

  const half = (CONTENT_W - 16) / 2;
  writeListing(pen, t('notice.checkpoints'), s.checkpoints, { x: MARGIN, y, width: half }, w);
  writeListing(pen, t('notice.organisations'), s.organisations, { x: MARGIN + half + 16, y, width: half }, w);
  y -= listsH;

  write(pen, t('notice.parties'), MARGIN, y, 9.5, CONTENT_W, true);
  const partyW = 255;
  const rows: [string, string][] = s.parties.shown.map((p) => [`${p.name} (${p.code})`, p.detail]);
  if (rows.length === 0) rows.push([t('notice.noneListed'), '']);
  if (s.parties.more > 0) rows.push([t('notice.more', { n: w.number(s.parties.more) }), '']);
  rows.forEach(([party, ack], i) => {
    write(pen, party, MARGIN, y - 14 - i * SMALL_LINE, 8.5, partyW - 8);
    write(pen, ack, MARGIN + partyW, y - 14 - i * SMALL_LINE, 8.5, CONTENT_W - partyW);
  });
  y -= partiesH;

  if (s.note) {
    write(pen, t('notice.note'), MARGIN, y, 9.5, CONTENT_W, true);
    writeLines(pen, s.note, MARGIN, y - 14, 9, CONTENT_W, NOTE_LINES);
  }

  page.drawLine({
    start: { x: MARGIN, y: MARGIN + 12 },
    end: { x: MARGIN + CONTENT_W, y: MARGIN + 12 },
    thickness: 0.5,
    color: GREY,
  });
  write(pen, t('notice.footer'), MARGIN, MARGIN, 8, CONTENT_W);
  return pdf.save();
}
