import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';

/** Reading Corridor's PDFs back in tests: each text shown, with its page, font, size and position. */

export interface ShownText {
  page: number;
  bold: boolean;
  size: number;
  x: number;
  y: number;
  text: string;
}

/**
 * Each text the page shows, read back as a PDF reader does: the content stream's text operators, and
 * the glyphs turned into characters through each font's ToUnicode map. An Arabic run comes back in
 * the order it is drawn (right to left), letter by letter.
 */
export async function shownTexts(bytes: Uint8Array): Promise<ShownText[]> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const out: ShownText[] = [];
  pdf.getPages().forEach((p, index) => {
    const page = p.node;
    const fonts = page.Resources()?.lookup(PDFName.of('Font'));
    const toUnicode = new Map<string, Map<string, string>>();
    for (const [name, ref] of fonts instanceof PDFDict ? fonts.entries() : []) {
      const font = pdf.context.lookup(ref, PDFDict);
      const cmap = font.lookup(PDFName.of('ToUnicode'));
      if (!(cmap instanceof PDFRawStream)) continue;
      const text = Buffer.from(decodePDFRawStream(cmap).decode()).toString('latin1');
      const map = new Map<string, string>();
      const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
      for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
        for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
          map.set(m[1]!.toUpperCase(), utf16(m[2]!));
      for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
        for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
          const [lo, hi, first] = [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
          for (let g = lo; g <= hi; g++)
            map.set(
              g.toString(16).toUpperCase().padStart(m[1]!.length, '0'),
              String.fromCodePoint(first + g - lo),
            );
        }
      toUnicode.set(name.asString(), map);
    }
    const contents = page.Contents();
    const streams =
      contents instanceof PDFArray ? contents.asArray().map((r) => pdf.context.lookup(r)) : [contents];
    const shows =
      /(\/\S+) ([\d.]+) Tf\s+(?:[\d.]+ TL\s+)?1 0 0 1 (-?[\d.]+) (-?[\d.]+) Tm\s+<([0-9A-F]*)> Tj/g;
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) continue;
      const content = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      // Every text shown must be read: a leak test that skipped some would pass without looking.
      const operators = content.match(/\bT[jJ]\b/g)?.length ?? 0;
      const read = [...content.matchAll(shows)].length;
      if (operators !== read)
        throw new Error(`${operators - read} text operators in a form this reader does not know`);
      for (const m of content.matchAll(shows)) {
        const map = toUnicode.get(m[1]!);
        if (!map) throw new Error(`font ${m[1]} has no ToUnicode map`);
        let text = '';
        for (let i = 0; i < m[5]!.length; i += 4) text += map.get(m[5]!.slice(i, i + 4)) ?? '\ufffd';
        out.push({
          page: index,
          bold: m[1]!.includes('Bold'),
          size: Number(m[2]),
          x: Number(m[3]),
          y: Number(m[4]),
          text,
        });
      }
    }
  });
  return out;
}

/**
 * Whether Debian's poppler-utils and qpdf are here to read the PDFs with, as partners' tools do. In CI
 * (CI=true: .ci/run installs them) their absence is a failure; elsewhere those tests are skipped with a
 * notice.
 */
export function pdfToolsAvailable(tools: readonly string[] = ['pdftotext', 'qpdf', 'pdffonts']): boolean {
  const here = tools.every((tool) =>
    (process.env.PATH ?? '').split(':').some((dir) => existsSync(join(dir, tool))),
  );
  if (!here && !process.env.CI)
    console.warn(
      `\n*** NOTICE: no ${tools.join(' or ')} (apt-get install poppler-utils qpdf zbar-tools): PDF tool tests SKIPPED ***\n`,
    );
  return here || Boolean(process.env.CI);
}

const run = promisify(execFile);

/** The text of a PDF by poppler's pdftotext, its bidi marks left out (they are for display). */
export async function pdftotext(bytes: Uint8Array, ...options: string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-pdf-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), bytes);
    const { stdout } = await run('pdftotext', [...options, join(dir, 'in.pdf'), '-']);
    return stdout.replace(/[\u200e\u200f\u202a-\u202e]/g, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What qpdf --check says of a PDF: its exit code and its words. */
export async function qpdfCheck(bytes: Uint8Array): Promise<{ code: number; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-pdf-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), bytes);
    return await run('qpdf', ['--check', join(dir, 'in.pdf')]).then(
      ({ stdout }) => ({ code: 0, out: stdout }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The QR codes on a page of a PDF (the first unless told), as Debian's zbarimg reads them from the page rasterised by
 * pdftoppm (150 dpi, as a phone's camera would see a printed sheet at arm's length, or better).
 */
export async function qrCodesOn(bytes: Uint8Array, page = 1): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-pdf-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), bytes);
    await run('pdftoppm', [
      '-r',
      '150',
      '-png',
      '-f',
      String(page),
      '-l',
      String(page),
      '-singlefile',
      join(dir, 'in.pdf'),
      join(dir, 'page'),
    ]);
    const { stdout } = await run('zbarimg', [
      '-q',
      '--raw',
      '-Sdisable',
      '-Sqrcode.enable',
      join(dir, 'page.png'),
    ]).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
    return stdout.split('\n').filter((l) => l !== '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
