import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shownTexts } from './pdf-reading.js';
import { corridor } from './cli-in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'corridor-report-cli-'));
const db = join(dir, 'corridor.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('corridor report and corridor export', () => {
  beforeAll(async () => {
    expect((await corridor(['--db', db, 'scenario', 'load', 'aleppo-2016'])).code).toBe(0);
  });

  it('prints the sitrep of the demo as JSON with the figures, the disputes and the flags', async () => {
    const res = await corridor([
      '--db',
      db,
      'report',
      'sitrep',
      '--operation',
      'aleppo-2016',
      '--format',
      'json',
    ]);
    expect(res.code).toBe(0);
    const s = JSON.parse(res.stdout) as {
      figures: {
        id: string;
        metric: string;
        value?: number;
        min?: number;
        max?: number;
        source: unknown;
        method: string;
        flags: { kind: string }[];
      }[];
      disputes: { metric: string; figures: string[]; used: string }[];
    };
    const departed = s.figures.find((f) => f.id === 'computed:people_departed:STAGE-2')!;
    expect(departed).toMatchObject({ metric: 'people_departed', value: 34_000, method: 'computed' });
    expect(s.figures.find((f) => f.metric === 'population' && f.min === 250_000)).toMatchObject({
      max: 300_000,
    });
    expect(s.disputes.map((d) => d.metric)).toContain('population');
    expect(s.figures.find((f) => f.metric === 'area_taken')!.flags.map((x) => x.kind)).toEqual([
      'area-exceeds-admin-area',
    ]);
  });

  it('writes the PDF, Markdown and HTML, as of a past time too', async () => {
    const pdf = join(dir, 'sitrep.pdf');
    const res = await corridor([
      '--db',
      db,
      'report',
      'sitrep',
      '--operation',
      'aleppo-2016',
      '--as-of',
      '2016-12-18T00:00:00Z',
      '--format',
      'pdf',
      '--out',
      pdf,
    ]);
    expect(res.code).toBe(0);
    expect((await PDFDocument.load(readFileSync(pdf))).getPageCount()).toBeGreaterThan(1);
    // Its text reads back through the embedded font's ToUnicode map (the standard fonts have none).
    const shown = await shownTexts(readFileSync(pdf));
    expect(shown.filter((t) => t.page === 0).map((t) => t.text)).toContainEqual(
      expect.stringMatching(/^Situation report No\. \d+: East Aleppo evacuation, December 2016$/),
    );
    expect(shown.map((t) => t.text).join('\n')).not.toMatch(/[?\ufffd]/);
    const md = await corridor([
      '--db',
      db,
      'report',
      'sitrep',
      '--operation',
      'aleppo-2016',
      '--format',
      'md',
    ]);
    expect(md.stdout).toMatch(/## Flagged figures/);
    const html = await corridor([
      '--db',
      db,
      'report',
      'sitrep',
      '--operation',
      'aleppo-2016',
      '--format',
      'html',
    ]);
    expect(html.stdout).toMatch(/^<!doctype html>/);
  });

  it('refuses a time before the operation began, and an unknown export, with exit code 2', async () => {
    const early = await corridor([
      '--db',
      db,
      'report',
      'sitrep',
      '--operation',
      'aleppo-2016',
      '--as-of',
      '2015-01-01T00:00:00Z',
    ]);
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/before operation aleppo-2016 began/);
    const unknown = await corridor(['--db', db, 'export', 'spreadsheet', '--operation', 'aleppo-2016']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no export spreadsheet/);
  });

  it('prints a sheet, and refuses one it could not write, with nothing issued', async () => {
    const out = join(dir, 'tally.pdf');
    const args = ['--db', db, 'print', 'tally', '--operation', 'aleppo-2016', '--checkpoint', 'CP-11'];
    const ok = await corridor([...args, '--date', '2016-11-27', '--paper', 'letter', '--out', out]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/sheet SHT-\d{4} \(tally\)/);
    expect((await PDFDocument.load(readFileSync(out))).getPage(0).getSize()).toEqual({
      width: 612,
      height: 792,
    });
    const nowhere = await corridor([
      ...args,
      '--date',
      '2016-11-27',
      '--out',
      join(dir, 'no', 'such', 'x.pdf'),
    ]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/cannot write .*x\.pdf/);
    expect(nowhere.stderr).not.toMatch(/ at .*\.ts:\d+/);
    const issued = await corridor(['--db', db, 'events', 'export', '--operation', 'aleppo-2016']);
    expect(issued.stdout.match(/"type":"SheetIssued"/g) ?? []).toHaveLength(1);
  });

  it('exports the returns as HXL CSV and the map layers as GeoJSON', async () => {
    const csv = await corridor(['--db', db, 'export', 'returns', '--operation', 'aleppo-2016']);
    expect(csv.code).toBe(0);
    // A file for a spreadsheet: UTF-8 with its byte-order mark.
    expect(csv.stdout.startsWith('\uFEFF')).toBe(true);
    const [header, tags] = csv.stdout.slice(1).split('\r\n');
    expect(header).toMatch(/^area,area name,area name \(Arabic\),area p-code,governorate,/);
    expect(tags).toMatch(/^#loc\+code,#loc\+name,#loc\+name\+i_ar,#loc\+code\+v_pcode,#adm1\+name,/);
    expect(tags).toContain('#affected+x_returnees+m+adults');
    const plain = await corridor(['--db', db, 'export', 'returns', '--operation', 'aleppo-2016', '--no-bom']);
    expect(plain.stdout).toBe(csv.stdout.slice(1));
    const out = join(dir, 'op.geojson');
    expect(
      (await corridor(['--db', db, 'export', 'geojson', '--operation', 'aleppo-2016', '--out', out])).code,
    ).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { type: string }).type).toBe('FeatureCollection');
  });
});
