import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import type { Color, PDFDocument, PDFFont, PDFPage } from 'pdf-lib';

/**
 * Text in Corridor's PDFs (movement notifications, situation reports): DejaVu Sans Condensed (about as
 * wide as Helvetica), embedded (subset),
 * so Arabic names print as Arabic, not as '?'. DejaVu covers Latin, Greek, Cyrillic and Arabic; a
 * character it lacks still shows as '?' rather than failing the document.
 *
 * Documents are written left to right. Arabic inside a line is cut into runs, and each run is laid
 * out by fontkit on its own: joined letter forms (GSUB) and right to left within the run; runs follow
 * each other left to right. That is the Unicode bidi result for an English line with Arabic names in
 * it; a whole Arabic paragraph would need the full algorithm and does not occur here.
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
    regular: await pdf.embedFont(files.regular, { subset: true }),
    bold: await pdf.embedFont(files.bold, { subset: true }),
  };
}

const coverage = new WeakMap<PDFFont, Set<number>>();

/** Whitespace made single spaces, and characters the font has no glyph for shown as '?'. */
export function printable(font: PDFFont, text: string): string {
  let set = coverage.get(font);
  if (!set) coverage.set(font, (set = new Set(font.getCharacterSet())));
  let out = '';
  for (const ch of text.replace(/\s+/g, ' ')) out += set.has(ch.codePointAt(0)!) ? ch : '?';
  return out;
}

const LETTER = '\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff';
const ARABIC = new RegExp(`[${LETTER}]`);
/**
 * An Arabic run: Arabic letters, with what lies between two of them when it takes their direction
 * (spaces, joiners, and punctuation that bidi calls neutral: "ضابط الاتصال: تم" is one run).
 */
const RUNS = new RegExp(`([${LETTER}]+(?:(?:[\\s:;,.!?/'"\u2013\u2014-]|\u200c|\u200d)+[${LETTER}]+)*)`);

/** The text in the order it is drawn: runs, each Arabic run laid out on its own. */
export function runs(text: string): string[] {
  if (!ARABIC.test(text)) return [text];
  return text.split(RUNS).filter((r) => r !== '');
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
  o: { x: number; y: number; size: number; font: PDFFont; color?: Color },
): void {
  let x = o.x;
  for (const r of runs(text)) {
    page.drawText(r, { ...o, x });
    x += unitWidth(o.font, r) * o.size;
  }
}
