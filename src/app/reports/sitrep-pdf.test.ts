import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { DEMO } from '../../../test/fixtures.js';
import { pdfToolsAvailable, pdftotext, qpdfCheck } from '../../../test/pdf-reading.js';
import { demoStore, type TestStore } from '../../../test/stores.js';
import { sitrepOf } from './sitrep.js';
import { sitrepPdf } from './sitrep-pdf.js';

// The situation report's PDF read back with Debian's poppler and qpdf, as a partner's tools read it.

const SYSTEM = { actor: 'system:test', role: 'system', organisationId: null, operationId: null } as const;

describe.runIf(pdfToolsAvailable())('the situation report as a PDF', () => {
  let t: TestStore;
  let bytes: Uint8Array;
  let pages: string[];
  beforeAll(async () => {
    t = await demoStore('sqlite');
    const { sitrep } = await sitrepOf(t.ctx, SYSTEM, DEMO, { asOf: '2017-02-01T00:00:00.000Z' });
    bytes = await sitrepPdf(sitrep);
    const count = (await PDFDocument.load(bytes)).getPageCount();
    pages = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        pdftotext(bytes, '-f', String(i + 1), '-l', String(i + 1), '-layout'),
      ),
    );
  }, 60_000);
  afterAll(() => t.cleanup());

  it('passes qpdf --check', async () => {
    const check = await qpdfCheck(bytes);
    expect(check.out).toContain('No syntax or stream encoding errors found');
    expect(check.code).toBe(0);
  });

  it('numbers every page, and says to the minute what time it is of', () => {
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${pages.length}`));
    expect(pages[0]).toMatch(/Situation report No\. \d+: East Aleppo/);
    expect(pages[0]).toContain('Period covered: 2016-11-20 to 2017-01-');
    expect(pages[0]).toContain('had occurred by 2017-02-01 00:00 UTC');
    expect(pages.join('\n')).not.toMatch(/\d{2}:\d{2}:\d{2}\.\d{3}Z/);
  });

  it('repeats a table header at the top of each page it runs on to', () => {
    // The movements by day run over pages: each page they run on begins with their header.
    const header = /corridor\s+day\s+convoys counted in\s+convoys arrived\s+entered\s+exited\s+arrived/;
    const withRows = pages.filter((p) => /COR-\d\s+2016-12-\d\d\s+\d+\s+\d+\s+[\d,]+/.test(p));
    expect(withRows.length).toBeGreaterThan(1);
    for (const page of withRows) expect(page).toMatch(header);
  });

  it('opens with the key figures: what the records give beside what each party reported, with its source', () => {
    const first = pages[0]!;
    expect(first).toContain('Key figures');
    const row = (label: string) => first.split('\n').find((l) => l.startsWith(label)) ?? '';
    expect(row('People who left (STAGE-2)')).toMatch(
      /\s\d[\d,]*\s+about 34,000 people \(Ministry of Defence/,
    );
    expect(row('Corridors opened (STAGE-1)')).toMatch(/\s\d\s+7 corridors \(Ministry of Defence/);
    expect(first).toContain('250,000-300,000');
  });

  it('says "not recorded" where nothing was, never a blank', () => {
    expect(pages.join('\n')).toContain('not recorded');
  });

  it('names figures as a reader does, never by an internal id cut short', () => {
    const all = pages.join('\n');
    expect(all).toContain('computed: People departed');
    expect(all).not.toMatch(/computed:[a-z]/);
  });

  it('gives the Arabic names of the neighbourhoods back as they are written', () => {
    const all = pages.join('\n').replace(/[()]/g, ' ');
    const words = new Set(all.split(/\s+/));
    // Neighbourhoods of the demo's recovery records, in Arabic (هنانو, الشيخ نجار ...): at least one whole.
    expect([...words].filter((w) => /^[\u0600-\u06ff]{3,}$/.test(w)).length).toBeGreaterThan(3);
    expect(all).not.toMatch(/[\u0600-\u06ff]*(االستالم|إجالء)/);
  });
});
