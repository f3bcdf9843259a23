import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wordsOf, type Words } from '../../contracts/words/translate.js';
import type { Sitrep } from '../../domain/reports/sitrep.js';
import { DEMO, SYSTEM } from '../../../test/fixtures.js';
import { pdfToolsAvailable, pdftotext, qpdfCheck } from '../../../test/pdf-reading.js';
import { demoStore, type TestStore } from '../../../test/stores.js';
import { sitrepOf } from './sitrep.js';
import { sitrepBlocks } from './sitrep-document.js';
import { sitrepHtml, sitrepMarkdown, sitrepPdf } from './sitrep-render.js';

// The situation report in OCHA's structure, in English and in Arabic, from the one catalogue the
// console reads (contracts/words).

let t: TestStore;
let sitrep: Sitrep;
beforeAll(async () => {
  t = await demoStore('sqlite');
  sitrep = (await sitrepOf(t.ctx, SYSTEM, DEMO, { asOf: '2017-02-01T00:00:00.000Z' })).sitrep;
}, 60_000);
afterAll(() => t.cleanup());

describe('the situation report in OCHA’s structure', () => {
  it('is numbered by the day of the operation, and says the period it covers', () => {
    const md = sitrepMarkdown(sitrep);
    expect(sitrep.period).toEqual({
      from: '2016-11-20T08:00:00.000Z',
      to: expect.stringMatching(/^2017-01-/),
    });
    expect(md).toMatch(new RegExp(`^# Situation report No\\. ${sitrep.number}: East Aleppo`));
    expect(sitrep.number).toBeGreaterThan(40);
    expect(md).toContain('Period covered: 2016-11-20 to 2017-01-');
  });

  it('gives in its highlights what each source reported beside what was counted', () => {
    const md = sitrepMarkdown(sitrep);
    const highlights = md.slice(md.indexOf('## Highlights'), md.indexOf('## Situation overview'));
    expect(highlights).toMatch(/People departed, as reported: 110,000 by Ministry of Defence/);
    expect(highlights).toMatch(
      /People evacuated, as reported: 25,000 by International Committee of the Red Cross \(ICRC\)/,
    );
    expect(highlights).toMatch(/Population, as reported: .*250,000-300,000 by UN agencies/);
    expect(highlights).toMatch(/\d[\d,]* people on the manifests of convoys that arrived/);
    // Figures are named as a reader names them, never by a raw id in the sentence.
    expect(highlights).not.toMatch(/computed:[a-z]/);
  });

  it('has the gaps and constraints per cluster, the general coordination and the contacts', () => {
    const md = sitrepMarkdown(sitrep);
    const section = (h: string) =>
      md.slice(md.indexOf(`## ${h}`), md.indexOf('\n## ', md.indexOf(`## ${h}`) + 3));
    const gaps = section('Gaps and constraints');
    expect(gaps).toContain(
      '| Water Sanitation Hygiene | Water | NBH-029B partly working (SY-GOV, 2017-01-08), NBH-047',
    );
    expect(gaps).toContain('| no cluster | Power |');
    expect(gaps).toMatch(/NBH-047 \| restricted \| Roads not yet cleared/);
    expect(gaps).toContain('Hazards not yet released: HAZ-1.');
    const coordination = section('General coordination');
    expect(coordination).toMatch(/\| Coordinating body \| CELL Operation coordination cell/);
    expect(coordination).toMatch(/\| NTF-1 \| COR-1 \| 2016-11-25 09:00 UTC \| SY-GOV \(2016-11-25 18:00\)/);
    expect(section('Contacts')).toContain('duty.officer@cell.example.org');
    expect(md).toContain('not recorded');
  });

  it('says what people carried per corridor and kind, in each language, "-" where a station did not count it', () => {
    const md = sitrepMarkdown(sitrep);
    const items = md.slice(md.indexOf('| corridor | carried |'));
    expect(items).toMatch(/^\| corridor \| carried \| entered \| exited \| arrived \|/);
    // Two sample convoys counted in with 410 pieces of luggage each, one counted out and arrived.
    expect(items).toContain('| COR-7 | luggage | 820 | 410 | 410 |');
    expect(items).toContain('| COR-7 | wheelchairs | 12 | 6 | 6 |');
    expect(items).not.toContain('dialysis');
    expect(sitrepMarkdown(sitrep, 'ar')).toContain('| COR-7 | كراسٍ متحركة | 12 | 6 | 6 |');
  });
});

describe('the situation report in Arabic', () => {
  it('says every status, type, role and unit in Arabic from the catalogue, none left in English', () => {
    const ar = wordsOf('ar');
    const missed = new Set<string>();
    const strict: Words = {
      ...ar,
      tx: (prefix, value) => {
        const said = ar.tx(prefix, value);
        if (said === value) missed.add(`${prefix}.${value}`);
        return said;
      },
    };
    const blocks = sitrepBlocks(sitrep, strict);
    expect([...missed]).toEqual([]);
    expect(blocks[0]).toEqual({
      kind: 'title',
      // The operation by its Arabic name, where it has one (the demo's has).
      text: `تقرير الوضع رقم ${sitrep.number}: ${sitrep.operation.nameAr}`,
    });
    const headings = blocks.filter((b) => b.kind === 'heading').map((b) => b.text);
    expect(headings).toEqual(
      expect.arrayContaining([
        'الأرقام الرئيسية',
        'أبرز النقاط',
        'الثغرات والقيود',
        'التنسيق العام',
        'جهات الاتصال',
      ]),
    );
    // Names the data has in Arabic are given in Arabic: the organisations, and the corridors of the movements.
    expect(JSON.stringify(blocks)).toContain('السلطات الحكومية السورية');
    const movements = blocks.find(
      (b) =>
        b.kind === 'table' &&
        b.headers[0] === ar.t('rep.col.corridor') &&
        b.headers[2] === ar.t('rep.col.entered'),
    );
    expect(sitrep.movements.every((m) => m.nameAr)).toBe(true);
    for (const m of sitrep.movements)
      expect(movements?.kind === 'table' && movements.rows.map((r) => r[0])).toContain(
        `${m.corridor} ${m.nameAr}`,
      );
  });

  it('is an Arabic, right-to-left document in HTML and Markdown', () => {
    const html = sitrepHtml(sitrep, 'ar');
    expect(html).toMatch(/^<!doctype html><html lang="ar" dir="rtl">/);
    expect(html).toContain('<h2>التنسيق العام</h2>');
    expect(sitrepMarkdown(sitrep, 'ar')).toMatch(/^# تقرير الوضع رقم \d+: /);
  });

  it('refuses a language it has no words for', async () => {
    await expect(sitrepOf(t.ctx, SYSTEM, DEMO, { lang: 'fr' })).rejects.toThrow(/lang/);
  });

  it.runIf(pdfToolsAvailable())(
    'as a PDF passes qpdf and reads back in logical order, lam-alef and all',
    async () => {
      const bytes = await sitrepPdf(sitrep, 'ar');
      expect((await qpdfCheck(bytes)).code).toBe(0);
      const text = await pdftotext(bytes);
      const first = text.slice(0, text.indexOf('\f'));
      for (const words of ['تقرير الوضع رقم', 'الأرقام الرئيسية', 'أبرز النقاط', 'الفترة المشمولة'])
        expect(first).toContain(words);
      for (const words of ['الثغرات والقيود', 'التنسيق العام', 'جهات الاتصال', 'البريد الإلكتروني'])
        expect(text).toContain(words);
      expect(text).not.toMatch(/االتصال|اإللكتروني/);
    },
    60_000,
  );
});
