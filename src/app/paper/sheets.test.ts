import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, SYSTEM } from '../../../test/fixtures.js';
import { pdfToolsAvailable, pdftotext, qpdfCheck, qrCodesOn } from '../../../test/pdf-reading.js';
import { demoStore, type TestStore } from '../../../test/stores.js';
import type { Caller } from '../access/permissions.js';
import { RECORD_SCHEMAS } from '../../contracts/resource-records.js';
import { createResource } from '../records/resources.js';
import { sheetPdf } from './sheet-pdf.js';
import { readSheetCode, sheetDocumentOf } from './sheets.js';

// Printed sheets read back as a field post would: the page rasterised (pdftoppm), its QR code read by
// a real decoder (Debian's zbarimg), its words by pdftotext.

let t: TestStore;
beforeAll(async () => {
  t = await demoStore('sqlite');
}, 60_000);
afterAll(() => t.cleanup());

const issue = async (body: Record<string, unknown>, caller: Caller = SYSTEM) => {
  const sheet = await createResource(t.ctx, caller, DEMO, 'sheets', body);
  return sheetDocumentOf(t.ctx, caller, DEMO, String(sheet.id));
};
const SIZES = { a4: [595.28, 841.89], letter: [612, 792] } as const;

describe.runIf(pdfToolsAvailable(['pdftoppm', 'zbarimg', 'pdftotext', 'qpdf']))('printed sheets', () => {
  it.each([
    ['manifest', 'en', 'a4', { convoyId: 'CVY-0034' }],
    ['manifest', 'ar', 'letter', { convoyId: 'CVY-0034' }],
    ['tally', 'en', 'letter', { checkpointId: 'CP-11', day: '2016-11-27' }],
    ['tally', 'ar', 'a4', { checkpointId: 'CP-11', day: '2016-11-27' }],
    ['registration', 'en', 'a4', {}],
    ['registration', 'ar', 'letter', {}],
  ] as const)(
    'a %s sheet (%s, %s) carries a QR code a decoder reads as naming it',
    async (kind, lang, paper, of) => {
      const sheet = await issue({ kind, lang, paper, ...of });
      const bytes = await sheetPdf(sheet);
      expect((await qpdfCheck(bytes)).code).toBe(0);
      const page = (await PDFDocument.load(bytes)).getPage(0).getSize();
      expect([page.width, page.height]).toEqual([...SIZES[paper]]);
      const codes = await qrCodesOn(bytes);
      expect(codes).toEqual([sheet.qr]);
      const read = readSheetCode(codes[0]!);
      expect(read).toMatchObject({ operationId: DEMO, sheetId: sheet.id, code: sheet.code, kind });
      if (kind === 'manifest') expect(read.convoy).toBe('CVY-0034');
      if (kind === 'tally') expect(read).toMatchObject({ checkpoint: 'CP-11', day: '2016-11-27' });
      // The same as text, for a reader with no camera.
      const text = (await pdftotext(bytes)).replace(/\s+/g, '');
      expect(text).toContain(sheet.code);
    },
  );

  it('prints a manifest row per vehicle of the convoy, and a tally row per convoy expected that day', async () => {
    const manifest = await issue({ kind: 'manifest', convoyId: 'CVY-0034' });
    expect(manifest.rows.length).toBeGreaterThan(0);
    const text = await pdftotext(await sheetPdf(manifest), '-layout');
    for (const row of manifest.rows) expect(text).toContain(row.plate!);
    // A second table of the same rows, a column per kind of item carried, with the rule for empty boxes.
    expect(text).toContain('What they carry');
    expect(text).toMatch(/wheelchairs/);
    expect(text.replace(/\s+/g, ' ')).toContain('A column left empty on every row was not counted');
    const tally = await issue({ kind: 'tally', checkpointId: 'CP-11', day: '2016-11-27' });
    expect(tally.rows.map((r) => r.code)).toContain('CVY-0034');
    // Planned for 09:00 UTC: 11:00 on the operation's clock (Damascus, UTC+2), as the day is written.
    expect(await pdftotext(await sheetPdf(tally), '-layout')).toMatch(/CVY-0034\s+11:00/);
  });

  it('names the sheet on every page: a page that comes loose is still of its sheet', async () => {
    const sheet = await issue({ kind: 'manifest', convoyId: 'CVY-0001' });
    const bytes = await sheetPdf(sheet);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBeGreaterThan(1);
    expect(await qrCodesOn(bytes, 2)).toEqual([sheet.qr]);
  });

  it('reads back in Arabic in logical order', async () => {
    const sheet = await issue({ kind: 'tally', lang: 'ar', checkpointId: 'CP-11', day: '2016-11-27' });
    const text = await pdftotext(await sheetPdf(sheet));
    for (const words of [
      'ورقة العدّ عند نقطة التفتيش',
      'ضابط نقطة التفتيش',
      'التاريخ والوقت',
      'قافلة أخرى',
      'ما يحملونه',
    ])
      expect(text).toContain(words);
  });
});

describe('issuing a sheet', () => {
  it('gives each sheet its own id and code, as the contract (and so the OpenAPI document) describes it', async () => {
    const record = await createResource(t.ctx, SYSTEM, DEMO, 'sheets', {
      kind: 'tally',
      checkpointId: 'CP-11',
      day: '2016-11-27',
    });
    expect(RECORD_SCHEMAS.sheets.safeParse(record).error?.issues ?? []).toEqual([]);
    const a = await issue({ kind: 'registration' });
    const b = await issue({ kind: 'registration' });
    expect(a.id).not.toBe(b.id);
    expect(a.code).toMatch(/^SHT-\d{4}$/);
    expect(a.code).not.toBe(b.code);
  });

  it.each([
    [{ kind: 'manifest' }, /needs convoyId/],
    [{ kind: 'tally', checkpointId: 'CP-11' }, /needs day/],
    [{ kind: 'registration', convoyId: 'CVY-0034' }, /not of a convoy/],
    [{ kind: 'tally', checkpointId: 'CP-11', day: '2016-02-30' }, /day/],
    [{ kind: 'manifest', convoyId: 'CVY-9999' }, /CVY-9999 is not one of the convoys/],
    [{ kind: 'menu' }, /kind/],
    [{ kind: 'tally', checkpointId: 'CP-11', day: '1900-01-01' }, /before the operation began/],
    [{ kind: 'tally', checkpointId: 'CP-11', day: '2099-01-01' }, /more than a year ahead/],
  ])('refuses %j, recording nothing', async (body, why) => {
    const before = (await t.ctx.store.db.selectFrom('sheets').select('id').execute()).length;
    await expect(issue(body)).rejects.toThrow(why);
    expect((await t.ctx.store.db.selectFrom('sheets').select('id').execute()).length).toBe(before);
  });

  it('lets the protection team print registration forms only', async () => {
    const protection: Caller = {
      actor: 'token:p',
      role: 'protection',
      organisationId: null,
      operationId: DEMO,
    };
    expect((await issue({ kind: 'registration' }, protection)).kind).toBe('registration');
    await expect(issue({ kind: 'manifest', convoyId: 'CVY-0034' }, protection)).rejects.toThrow(
      /registration forms only/,
    );
  });

  it('reads only a Corridor sheet’s code', () => {
    for (const text of [
      'https://example.org/?op=x&sheet=y&code=z&kind=tally',
      'corridor-sheet:v1?op=x',
      'hello',
    ])
      expect(() => readSheetCode(text)).toThrow(/not the code of a Corridor sheet/);
  });
});
