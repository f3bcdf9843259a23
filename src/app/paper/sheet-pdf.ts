import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { CARRIED_KINDS } from '../../contracts/vocabulary.js';
import type { MessageKey } from '../../contracts/words/messages.js';
import { wordsOf, type Words } from '../../contracts/words/translate.js';
import { drawText, embedDocumentFonts, printable, textWidth, wrapped } from '../documents/pdf-text.js';
import type { SheetDocument } from './sheets.js';

// A printed sheet: a convoy's manifest, a checkpoint's tally for a day, or a blank registration form,
// on A4 or US Letter, in English or Arabic (right to left), with a QR code that names it and the same
// as text, boxes to write in, and signature boxes.

const SIZES = { a4: [595.28, 841.89], letter: [612, 792] } as const;
const MARGIN = 36;
const QR_SIZE = 92;
const ROW_H = 22;
const grey = rgb(0.35, 0.35, 0.35);
const line = rgb(0.55, 0.55, 0.55);

const PEOPLE: MessageKey[] = [
  'sheet.men',
  'sheet.women',
  'sheet.boys',
  'sheet.girls',
  'sheet.elderlyMen',
  'sheet.elderlyWomen',
  'sheet.stretcher',
  'sheet.total',
];
/** What people carry, a column per kind (CARRIED_KINDS), on a second table of the same rows. */
const CARRIED = CARRIED_KINDS.map((k) => `carried.${k}` as const satisfies MessageKey);
/** Blank rows after the printed ones: a vehicle or convoy nobody expected. */
const BLANK_ROWS = { manifest: 4, tally: 6 } as const;

class SheetWriter {
  readonly width: number;
  readonly height: number;
  readonly rtl: boolean;
  page!: PDFPage;
  y = 0;
  constructor(
    readonly doc: PDFDocument,
    readonly fonts: { regular: PDFFont; bold: PDFFont },
    readonly w: Words,
    readonly sheet: SheetDocument,
  ) {
    [this.width, this.height] = SIZES[sheet.paper];
    this.rtl = w.lang === 'ar';
    this.newPage();
  }
  get content() {
    return this.width - 2 * MARGIN;
  }
  newPage() {
    const first = this.doc.getPageCount() === 0;
    this.page = this.doc.addPage([this.width, this.height]);
    this.y = this.height - MARGIN;
    if (first) return;
    // Every page names its sheet: a page that comes loose is still entered as part of it.
    const size = 80;
    drawQr(this.page, this.sheet.qr, this.x(this.content - size, size), this.y - size, size);
    this.text(this.w.t('sheet.code', { code: this.sheet.code }), {
      from: 0,
      width: this.content - size - 12,
      y: this.y - 13,
      size: 12,
      bold: true,
    });
    this.y -= size + 8;
  }
  /** A box's left edge, measured from the start of the line (the right edge in Arabic). */
  x(from: number, width: number) {
    return this.rtl ? this.width - MARGIN - from - width : MARGIN + from;
  }
  /** Text in a box, from its start; cut with an ellipsis to fit. */
  text(
    t: string,
    o: { from: number; width: number; y: number; size: number; bold?: boolean; colour?: typeof grey },
  ) {
    const font = o.bold ? this.fonts.bold : this.fonts.regular;
    const [l = ''] = wrapped(font, o.size, printable(font, t), o.width, 1);
    const left = this.x(o.from, o.width);
    const x = this.rtl ? left + o.width - textWidth(font, l, o.size) : left;
    drawText(this.page, l, { x, y: o.y, size: o.size, font, ...(o.colour ? { color: o.colour } : {}) });
  }
  /** A paragraph across `width` from `from`, as many lines as it takes. */
  paragraph(t: string, size: number, from = 0, width = this.content, colour = grey) {
    const font = this.fonts.regular;
    for (const l of wrapped(font, size, printable(font, t), width, 20)) {
      this.text(l, { from, width, y: this.y - size, size, colour });
      this.y -= size + 3;
    }
  }
  box(from: number, width: number, top: number, height: number) {
    this.page.drawRectangle({
      x: this.x(from, width),
      y: top - height,
      width,
      height,
      borderColor: line,
      borderWidth: 0.6,
    });
  }
}

/** The QR code's modules as dark squares, on white with the quiet zone the standard asks for. */
function drawQr(page: PDFPage, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const cell = size / (n + 2 * quiet);
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) });
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      if (qr.modules.get(r, c))
        page.drawRectangle({
          x: x + (quiet + c) * cell,
          y: y + size - (quiet + r + 1) * cell,
          width: cell + 0.05,
          height: cell + 0.05,
          color: rgb(0, 0, 0),
        });
}

/** Text without spaces cut into lines no wider than `width`. */
function byWidth(font: PDFFont, size: number, text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const ch of text) {
    if (current && textWidth(font, current + ch, size) > width) {
      lines.push(current);
      current = '';
    }
    current += ch;
  }
  return current ? [...lines, current] : lines;
}

function header(s: SheetWriter) {
  const { t } = s.w;
  const sheet = s.sheet;
  const textWidthLeft = s.content - QR_SIZE - 12;
  const top = s.y;
  drawQr(s.page, sheet.qr, s.x(s.content - QR_SIZE, QR_SIZE), top - QR_SIZE, QR_SIZE);
  // The QR code's text under it, small: the same as the code, for a reader with no camera. It has no
  // spaces to break at, so it is cut into lines by width.
  const font = s.fonts.regular;
  let qy = top - QR_SIZE - 7;
  for (const l of byWidth(font, 4.5, sheet.qr, QR_SIZE)) {
    drawText(s.page, l, { x: s.x(s.content - QR_SIZE, QR_SIZE), y: qy, size: 4.5, font, color: grey });
    qy -= 5.5;
  }
  s.text(t(`sheet.title.${sheet.kind}`), {
    from: 0,
    width: textWidthLeft,
    y: s.y - 16,
    size: 16,
    bold: true,
  });
  s.y -= 24;
  s.text(t('sheet.code', { code: sheet.code }), {
    from: 0,
    width: textWidthLeft,
    y: s.y - 13,
    size: 13,
    bold: true,
  });
  s.y -= 19;
  const facts = [{ key: 'sheet.operation', value: sheet.operation.name }, ...sheet.facts];
  for (const f of facts) {
    const label = `${t(f.key as MessageKey)}:`;
    s.text(label, { from: 0, width: 100, y: s.y - 9, size: 9, bold: true });
    s.text(f.value, { from: 104, width: textWidthLeft - 104, y: s.y - 9, size: 9 });
    s.y -= 13;
  }
  s.y = Math.min(s.y, qy) - 4;
  s.paragraph(t('sheet.enterOnce', { code: sheet.code }), 7);
  if (sheet.kind !== 'registration')
    s.paragraph(
      t('sheet.ageBands', {
        childUnder: sheet.operation.childUnder,
        elderlyFrom: sheet.operation.elderlyFrom,
      }),
      7,
    );
  s.y -= 6;
}

/**
 * A table of a manifest or a tally: its rows, blank rows after them, a total row on a manifest. The
 * people's table has the tally's time, vehicles and initials; the items' table names its rows only.
 */
function countsTable(s: SheetWriter, counts: readonly MessageKey[]) {
  const { t } = s.w;
  const sheet = s.sheet;
  const people = counts === PEOPLE;
  const first: { key: MessageKey; width: number }[] =
    sheet.kind === 'manifest'
      ? [
          { key: 'sheet.vehicle', width: 58 },
          { key: 'sheet.plate', width: 70 },
        ]
      : [
          { key: 'sheet.convoy', width: 66 },
          { key: 'sheet.time', width: 40 },
          ...(people ? [{ key: 'sheet.vehicles' as const, width: 42 }] : []),
        ];
  const last: { key: MessageKey; width: number }[] =
    sheet.kind === 'tally' && people ? [{ key: 'sheet.initials', width: 44 }] : [];
  const fixed = [...first, ...last].reduce((a, c) => a + c.width, 0);
  const each = (s.content - fixed) / counts.length;
  const columns = [...first, ...counts.map((key) => ({ key, width: each })), ...last];
  const drawHeader = () => {
    let from = 0;
    for (const c of columns) {
      s.box(from, c.width, s.y, ROW_H);
      // A header of two words takes two lines rather than an ellipsis.
      const words = wrapped(s.fonts.bold, 6.5, t(c.key), c.width - 4, 2);
      words.forEach((l, k) =>
        s.text(l, {
          from: from + 2,
          width: c.width - 4,
          y: s.y - (words.length === 1 ? 13 : 9 + k * 8),
          size: 6.5,
          bold: true,
        }),
      );
      from += c.width;
    }
    s.y -= ROW_H;
  };
  const rows: (string[] | null)[] = [
    ...sheet.rows.map((r) =>
      sheet.kind === 'manifest' ? [r.code, r.plate ?? ''] : [r.code, r.time ?? '', ...(people ? [''] : [])],
    ),
    ...Array.from({ length: BLANK_ROWS[sheet.kind as 'manifest' | 'tally'] }, () => null),
  ];
  drawHeader();
  for (const [i, row] of rows.entries()) {
    if (s.y - ROW_H < MARGIN + 120 && i < rows.length - 1) {
      s.newPage();
      drawHeader();
    }
    let from = 0;
    for (const [k, c] of columns.entries()) {
      s.box(from, c.width, s.y, ROW_H);
      const value = row ? row[k] : k === 0 && sheet.kind === 'tally' ? t('sheet.unexpected') : undefined;
      if (value)
        s.text(value, {
          from: from + 3,
          width: c.width - 6,
          y: s.y - 14,
          size: row ? 9 : 6.5,
          colour: row ? undefined : grey,
        });
      from += c.width;
    }
    s.y -= ROW_H;
  }
  if (sheet.kind === 'manifest') {
    const label = first.reduce((a, c) => a + c.width, 0);
    s.box(0, label, s.y, ROW_H);
    s.text(t('sheet.total'), { from: 3, width: label - 6, y: s.y - 14, size: 9, bold: true });
    for (let k = 0; k < counts.length; k++) s.box(label + k * each, each, s.y, ROW_H);
    s.y -= ROW_H;
  }
  s.y -= 14;
}

/** Boxes for a name, a signature and a time, one set per person who signs. */
function signatures(s: SheetWriter, who: MessageKey[]) {
  const { t } = s.w;
  const width = (s.content - 12 * (who.length - 1)) / who.length;
  const height = 62;
  if (s.y - height - 14 < MARGIN + 20) s.newPage();
  who.forEach((key, i) => {
    const from = i * (width + 12);
    s.text(t(key), { from, width, y: s.y - 9, size: 9, bold: true });
    s.box(from, width, s.y - 13, height);
    const labels: MessageKey[] = ['sheet.name', 'sheet.signature', 'sheet.timeSigned'];
    labels.forEach((label, k) =>
      s.text(`${t(label)}:`, {
        from: from + 4,
        width: width - 8,
        y: s.y - 24 - k * 19,
        size: 7,
        colour: grey,
      }),
    );
  });
  s.y -= height + 20;
}

function registrationForm(s: SheetWriter) {
  const { t } = s.w;
  const fields: { key: MessageKey; height: number }[] = [
    { key: 'sheet.form.familyName', height: 26 },
    { key: 'sheet.form.givenName', height: 26 },
    { key: 'sheet.form.sex', height: 26 },
    { key: 'sheet.form.age', height: 26 },
    { key: 'sheet.form.from', height: 26 },
    { key: 'sheet.form.family', height: 60 },
    { key: 'sheet.form.needs', height: 44 },
  ];
  for (const f of fields) {
    s.text(t(f.key), { from: 0, width: s.content, y: s.y - 9, size: 8, bold: true });
    s.box(0, s.content, s.y - 12, f.height);
    s.y -= f.height + 18;
  }
  const checks: MessageKey[] = ['sheet.form.unaccompanied', 'sheet.form.separated', 'sheet.form.consent'];
  for (const key of checks) {
    s.text(t(key), { from: 0, width: s.content - 120, y: s.y - 9, size: 8, bold: true });
    for (const [k, answer] of (['sheet.form.yes', 'sheet.form.no'] as const).entries()) {
      const from = s.content - 110 + k * 56;
      s.box(from, 10, s.y - 1, 10);
      s.text(t(answer), { from: from + 14, width: 38, y: s.y - 9, size: 8 });
    }
    s.y -= 20;
  }
  s.y -= 6;
  s.paragraph(t('sheet.form.notice'), 7.5);
  s.y -= 8;
}

function footers(s: SheetWriter) {
  const pages = s.doc.getPages();
  const { t, number } = s.w;
  pages.forEach((page, i) => {
    s.page = page;
    const text = `${t('sheet.code', { code: s.sheet.code })} · ${t(`sheet.title.${s.sheet.kind}`)} · ${t('sheet.printed', { at: `${s.sheet.issuedAt.slice(0, 16).replace('T', ' ')} UTC` })} · ${t('sheet.page', { page: number(i + 1), pages: number(pages.length) })}`;
    s.text(text, { from: 0, width: s.content, y: MARGIN - 14, size: 6.5, colour: grey });
  });
}

/** The sheet as a PDF, on its paper and in its language. */
export async function sheetPdf(sheet: SheetDocument): Promise<Uint8Array> {
  const w = wordsOf(sheet.lang);
  const doc = await PDFDocument.create();
  doc.setTitle(`${w.t(`sheet.title.${sheet.kind}`)} ${sheet.code}`);
  doc.setCreator('Corridor');
  doc.setLanguage(sheet.lang);
  const fonts = await embedDocumentFonts(doc);
  const s = new SheetWriter(doc, fonts, w, sheet);
  header(s);
  if (sheet.kind === 'registration') registrationForm(s);
  else {
    if (sheet.kind === 'tally') {
      s.text(`${w.t('sheet.enumerator')}:`, { from: 0, width: 140, y: s.y - 9, size: 9, bold: true });
      s.box(144, s.content - 144, s.y + 4, 18);
      s.y -= 26;
    }
    countsTable(s, PEOPLE);
    // What people carry: a heading and its rule, then the same rows again with a column per kind.
    if (s.y - 4 * ROW_H < MARGIN + 120) s.newPage();
    s.text(w.t('sheet.carried'), { from: 0, width: s.content, y: s.y - 10, size: 10, bold: true });
    s.y -= 16;
    s.paragraph(w.t('sheet.carriedRule'), 7.5);
    s.y -= 4;
    countsTable(s, CARRIED);
    signatures(
      s,
      sheet.kind === 'manifest'
        ? ['sheet.convoyLeader', 'sheet.officer']
        : ['sheet.enumerator', 'sheet.officer'],
    );
  }
  footers(s);
  return doc.save();
}
