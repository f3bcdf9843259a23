import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import type { Color, PDFDocument, PDFFont, PDFPage } from 'pdf-lib';

/**
 * Text in Corridor's PDFs (movement notifications, situation reports): DejaVu Sans Condensed (about as
 * wide as Helvetica), embedded as a subset, so Arabic and Hebrew names print as written, not as '?'.
 * DejaVu covers Latin, Greek, Cyrillic, Arabic and Hebrew; a character it lacks (CJK, for one) still
 * shows as '?' rather than failing the document.
 *
 * Documents are written left to right. Right-to-left text inside a line is cut into runs, drawn right
 * to left (see `runs`): the Unicode bidi result for an English line with Arabic names and numbers in
 * it, and for a line that is Arabic first (its runs right to left, an English name in it kept whole).
 */
export interface DocumentFonts {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
}

const require = createRequire(import.meta.url);
let files: { regular: Uint8Array; bold: Uint8Array } | null = null;

export async function embedDocumentFonts(pdf: PDFDocument): Promise<DocumentFonts> {
  files ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf')),
  };
  pdf.registerFontkit(fontkit);
  return {
    regular: readableRightToLeft(await pdf.embedFont(files.regular, { subset: true })),
    bold: readableRightToLeft(await pdf.embedFont(files.bold, { subset: true })),
  };
}

/** A glyph as fontkit lays it out: the characters it stands for go into the PDF's ToUnicode map. */
interface LaidOutGlyph {
  codePoints: number[];
}
type Layout = (text: string, features?: unknown) => { glyphs: LaidOutGlyph[] };
const turned = new WeakSet<LaidOutGlyph>();

/**
 * A right-to-left word is drawn as its glyphs right to left, and a reader of the PDF (pdftotext, a
 * viewer's search and copy) turns the word's characters round to read it. A ligature stands for two
 * letters (lam-alef: لا), which would come out turned round (ال) with the rest: so the characters of a
 * right-to-left ligature are given in the order they are drawn, and read back as written.
 */
function readableRightToLeft(font: PDFFont): PDFFont {
  const fk = (font as unknown as { embedder: { font: { layout: Layout } } }).embedder.font;
  const layout = fk.layout.bind(fk);
  fk.layout = (text, features) => {
    const run = layout(text, features);
    for (const g of run.glyphs)
      if (
        g.codePoints.length > 1 &&
        !turned.has(g) &&
        g.codePoints.every((c) => RTL.test(String.fromCodePoint(c)))
      ) {
        g.codePoints = [...g.codePoints].reverse();
        turned.add(g);
      }
    return run;
  };
  return font;
}

const coverage = new WeakMap<PDFFont, Set<number>>();

/** Whitespace made single spaces, and characters the font has no glyph for shown as '?'. */
export function printable(font: PDFFont, text: string): string {
  let set = coverage.get(font);
  if (!set) coverage.set(font, (set = new Set(font.getCharacterSet())));
  let out = '';
  // Bidi controls (isolates, marks, embeddings) have no glyph: they shape the order, not the ink.
  for (const ch of text.replace(/\s+/g, ' ').replace(BIDI_CONTROLS, ''))
    out += set.has(ch.codePointAt(0)!) ? ch : '?';
  return out;
}

const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Letters written right to left: Hebrew and Arabic (their digits apart). */
const LETTER =
  '\u0590-\u05ff\u0600-\u065f\u066a-\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb1d-\ufdff\ufe70-\ufeff';
const DIGIT = '0-9\u0660-\u0669\u06f0-\u06f9';
const RTL = new RegExp(`[${LETTER}]`);
/**
 * A right-to-left run: letters, then more letters or numbers with what lies between them when it takes
 * their direction (spaces, joiners, and punctuation that bidi calls neutral: "ضابط الاتصال: تم" and
 * "شارع 12" are one run each).
 */
const RUNS = new RegExp(
  `([${LETTER}]+(?:(?:[\\s:;,.!?/'"\u2013\u2014-]|\u200c|\u200d)*(?:[${LETTER}]+|[${DIGIT}]+))*)`,
);
/** A number inside a right-to-left run: digits and the separators between them, read left to right. */
const NUMBER = new RegExp(`([${DIGIT}]+(?:[.,:/\u066b\u066c-][${DIGIT}]+)*)`);
const NUMBER_ONLY = new RegExp(`^${NUMBER.source}$`);
const ARABIC_DIGIT = /([\u0660-\u0669\u06f0-\u06f9])/;

/**
 * The text in the order it is drawn. Left-to-right text is one piece; a right-to-left run is cut into
 * its words and numbers, right to left: each word is laid out by fontkit (joined forms, right to left
 * within), each number one character at a time so its digits stay left to right.
 */
export function runs(text: string, base?: 'rtl'): string[] {
  if (!RTL.test(text) && !ARABIC_DIGIT.test(text)) return [text];
  // A line of a right-to-left document is a right-to-left paragraph whatever its first letter (a code
  // or a name in Latin letters first): the bidi rule P3 as an HTML page with dir="rtl" applies it.
  const rtl = base === 'rtl' || rtlParagraph(text);
  const parts: string[][] = [];
  for (const part of text.split(RUNS)) {
    if (part === '') continue;
    if (RTL.test(part)) parts.push(rightToLeft(part));
    else if (!rtl) parts.push(leftToRight(part));
    else {
      // In a right-to-left paragraph, the neutrals (spaces, punctuation) at the ends of a left-to-right
      // run take the paragraph's direction (bidi rule N1/N2): they are drawn right to left, mirrored.
      const { lead, core, trail } = neutralEnds(part);
      if (lead) parts.push([mirrored(lead)]);
      if (core) parts.push(leftToRight(core));
      if (trail) parts.push([mirrored(trail)]);
    }
  }
  // A line whose first strong letter is right to left is a right-to-left paragraph (the bidi rules P2
  // and P3): its runs go right to left too, each left-to-right run kept whole.
  if (rtl) parts.reverse();
  return parts.flat().filter((p) => p !== '');
}

/** A left-to-right run: one piece, but Arabic-Indic digits one at a time (the layout would turn them). */
function leftToRight(part: string): string[] {
  return part.split(ARABIC_DIGIT).filter((p) => p !== '');
}

/** A right-to-left run: its words and numbers right to left, each number's digits left to right. */
function rightToLeft(part: string): string[] {
  const pieces: string[] = [];
  for (const piece of part.split(NUMBER).reverse()) {
    if (piece === '') continue;
    if (NUMBER_ONLY.test(piece)) pieces.push(...piece);
    else pieces.push(piece);
  }
  return pieces;
}

/**
 * The neutrals at the ends of a left-to-right run, and what lies between. A closing bracket whose
 * opening one is in the run stays with it (bidi rule N0: a pair is resolved as one).
 */
function neutralEnds(part: string): { lead: string; core: string; trail: string } {
  const lead = /^[^\p{L}\p{N}]*/u.exec(part)![0];
  if (lead === part) return { lead: part, core: '', trail: '' };
  const rest = part.slice(lead.length);
  const ends = /[^\p{L}\p{N}]*$/u.exec(rest)![0];
  const inner = rest.slice(0, rest.length - ends.length);
  // Brackets the run opened and has not closed: their closing ones at its end are the run's own.
  let open = 0;
  for (const c of inner)
    open += c === '(' || c === '[' || c === '{' ? 1 : c === ')' || c === ']' || c === '}' ? -1 : 0;
  let kept = 0;
  while (kept < ends.length && open > 0) {
    if (')]}'.includes(ends[kept]!)) open--;
    kept++;
  }
  return { lead, core: inner + ends.slice(0, kept), trail: ends.slice(kept) };
}

const MIRROR: Record<string, string> = {
  '(': ')',
  ')': '(',
  '[': ']',
  ']': '[',
  '{': '}',
  '}': '{',
  '<': '>',
  '>': '<',
};

/** Neutrals drawn right to left: in reverse order, each bracket turned to face the other way. */
function mirrored(neutrals: string): string {
  return [...neutrals]
    .reverse()
    .map((c) => MIRROR[c] ?? c)
    .join('');
}

/** Whether the first strong letter of the text is written right to left. */
export function rtlParagraph(text: string): boolean {
  const strong = new RegExp(`[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff${LETTER}]`).exec(text);
  return strong !== null && RTL.test(strong[0]);
}

const widths = new WeakMap<PDFFont, Map<string, number>>();

/** The width of a run at size 1 (widths scale with the size), remembered: layout is not cheap. */
function unitWidth(font: PDFFont, run: string): number {
  let cache = widths.get(font);
  if (!cache) widths.set(font, (cache = new Map<string, number>()));
  let w = cache.get(run);
  if (w === undefined) {
    w = font.widthOfTextAtSize(run, 1);
    if (cache.size > 20_000) cache.clear();
    cache.set(run, w);
  }
  return w;
}

export function textWidth(font: PDFFont, text: string, size: number): number {
  let w = 0;
  for (const r of runs(text)) w += unitWidth(font, r);
  return w * size;
}

export function drawText(
  page: PDFPage,
  text: string,
  o: { x: number; y: number; size: number; font: PDFFont; color?: Color; base?: 'rtl' },
): void {
  let x = o.x;
  const { base, ...drawn } = o;
  for (const r of runs(text, base)) {
    page.drawText(r, { ...drawn, x });
    x += unitWidth(o.font, r) * o.size;
  }
}

/** The text cut to `width` points, with an ellipsis when something was cut. */
export function fitted(font: PDFFont, size: number, text: string, width: number): string {
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
export function wrapped(
  font: PDFFont,
  size: number,
  text: string,
  width: number,
  maxLines: number,
): string[] {
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
