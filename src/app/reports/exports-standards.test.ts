import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check } from '@placemarkio/check-geojson';
import { parse as csvParse } from 'csv-parse/sync';
import Papa from 'papaparse';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../../test/fixtures.js';
import { demoStore, type TestStore } from '../../../test/stores.js';
import { csvFields, EXPORT_DATASETS, exportDataset } from './exports.js';
import { rfc7946 } from './geojson-export.js';

// The exports held to the standards partners read them by: HXL 1.1 (its core dictionary, kept in
// test/fixtures/hxl with its source), CSV as Excel opens it, and RFC 7946 GeoJSON (check-geojson).

// geojsonhint 2 (the unscoped name of Mapbox's linter, CommonJS without types): its successor
// @mapbox/geojsonhint depends on a GitHub repository, which an install from the npm registry cannot fetch.
const { hint } = createRequire(import.meta.url)('geojsonhint') as {
  hint: (text: string) => { message: string; level?: string }[];
};

const SYSTEM = { actor: 'system:test', role: 'system', organisationId: null, operationId: null } as const;
const ROOT = join(import.meta.dirname, '..', '..', '..');
const DICTIONARY = JSON.parse(
  readFileSync(join(ROOT, 'test', 'fixtures', 'hxl', 'hxl-1.1-dictionary.json'), 'utf8'),
) as { hashtags: string[]; attributes: string[] };
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const CSV_DATASETS = EXPORT_DATASETS.filter((d) => d !== 'geojson');

let t: TestStore;
beforeAll(async () => {
  t = await demoStore('sqlite');
});
afterAll(() => t.cleanup());

const table = async (dataset: string) => {
  const { body } = await exportDataset(t.ctx, SYSTEM, DEMO, dataset, { bom: 'false' });
  const [header, tags, ...rows] = body.trim().split('\r\n').map(csvFields);
  return { header: header!, tags: tags!, rows };
};
const column = (t: Awaited<ReturnType<typeof table>>, tag: string) => {
  const i = t.tags.indexOf(tag);
  expect(i, tag).toBeGreaterThanOrEqual(0);
  return t.rows.map((r) => r[i]);
};

describe('the HXL exports', () => {
  it.each(CSV_DATASETS)(
    '%s: every hashtag and attribute is in the HXL 1.1 dictionary, a language or vocabulary attribute, or an extension the README names',
    async (dataset) => {
      const { tags } = await table(dataset);
      const outside: string[] = [];
      for (const tag of tags) {
        const [hashtag, ...attributes] = tag.slice(1).split('+');
        const known = (name: string, listed: string[]) =>
          listed.includes(name) || (name.startsWith('x_') && README.includes(`\`${name}\``));
        if (!known(hashtag!, DICTIONARY.hashtags)) outside.push(`#${hashtag}`);
        for (const a of attributes)
          if (!known(a, DICTIONARY.attributes) && !/^(i|v)_[a-z0-9]+$/.test(a))
            outside.push(`+${a} (${tag})`);
      }
      expect(outside).toEqual([]);
    },
  );

  it('places every area in its governorate by p-code, with Arabic names, so rows join by admin area', async () => {
    for (const dataset of ['returns', 'services', 'aid']) {
      const rows = await table(dataset);
      expect(rows.rows.length, dataset).toBeGreaterThan(0);
      expect(new Set(column(rows, '#adm1+code')), dataset).toEqual(new Set(['SY02']));
      expect(new Set(column(rows, '#adm1+name+i_ar'))).toEqual(new Set(['حلب']));
      expect(column(rows, '#loc+name+i_ar').filter((n) => /[\u0600-\u06ff]/.test(n!)).length).toBe(
        rows.rows.length,
      );
    }
  });

  it('names the sector of aid by its IASC cluster', async () => {
    const aid = await table('aid');
    const clusters = new Set(column(aid, '#sector+name'));
    expect(clusters).toEqual(new Set(['Food Security', 'Health', 'Shelter', 'Water Sanitation Hygiene']));
  });

  it('begins each CSV with a UTF-8 byte-order mark unless asked not to (Excel reads it as UTF-8 then)', async () => {
    // As of a fixed time, so that both answers are of the same moment.
    const asOf = '2016-12-31T00:00:00.000Z';
    for (const dataset of CSV_DATASETS) {
      const withBom = await exportDataset(t.ctx, SYSTEM, DEMO, dataset, { asOf });
      expect(Buffer.from(withBom.body, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const without = await exportDataset(t.ctx, SYSTEM, DEMO, dataset, { asOf, bom: 'false' });
      expect(without.body.charCodeAt(0)).not.toBe(0xfeff);
      expect(withBom.body.slice(1)).toBe(without.body);
    }
  });
});

describe('the CSV exports, read by strict parsers', () => {
  it.each(CSV_DATASETS)(
    '%s: csv-parse and papaparse read it strictly, each row as wide as the header, the same cells as ours',
    async (dataset) => {
      const { body } = await exportDataset(t.ctx, SYSTEM, DEMO, dataset, {
        asOf: '2016-12-31T00:00:00.000Z',
      });
      // csv-parse in strict mode: quotes exactly as RFC 4180 writes them, no ragged rows, the BOM read as one.
      const strict = csvParse(body, {
        bom: true,
        relax_quotes: false,
        relax_column_count: false,
        skip_empty_lines: false,
        record_delimiter: '\r\n',
      }) as string[][];
      const ours = body.slice(1).trim().split('\r\n').map(csvFields);
      expect(strict).toEqual(ours);
      expect(strict.length).toBeGreaterThan(2);
      // papaparse as a spreadsheet import would: no error of any kind.
      const papa = Papa.parse<string[]>(body.slice(1).trimEnd(), { delimiter: ',', newline: '\r\n' });
      expect(papa.errors).toEqual([]);
      expect(papa.data).toEqual(strict);
    },
  );
});

describe('the GeoJSON export', () => {
  const geojson = async () => (await exportDataset(t.ctx, SYSTEM, DEMO, 'geojson')).body;
  type Feature = { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> };

  it('is RFC 7946 GeoJSON by check-geojson, with its source and the map disclaimer', async () => {
    const text = await geojson();
    const parsed = check(text) as unknown as { attribution: string; disclaimer: string; features: Feature[] };
    expect(parsed.features.length).toBeGreaterThan(100);
    expect(parsed.attribution).toContain('Columbia Center for Spatial Research (MIT)');
    expect(parsed.attribution).toContain('OCHA COD-AB (CC BY-IGO)');
    expect(parsed.disclaimer).toMatch(/do not imply official endorsement/);
  });

  it('has no hint from geojsonhint (Mapbox’s linter: the right-hand rule, positions, members)', async () => {
    const hints = hint(await geojson());
    expect(hints).toEqual([]);
  });

  it('winds every exterior ring counter-clockwise and every hole clockwise, at six decimals at most', async () => {
    const { features } = JSON.parse(await geojson()) as { features: Feature[] };
    // Twice the signed area by the shoelace formula: positive when the ring runs counter-clockwise.
    const area = (ring: number[][]) =>
      ring.slice(1).reduce((s, p, i) => s + ring[i]![0]! * p[1]! - p[0]! * ring[i]![1]!, 0);
    let rings = 0;
    for (const f of features) {
      const polygons =
        f.geometry.type === 'Polygon'
          ? [f.geometry.coordinates as number[][][]]
          : f.geometry.type === 'MultiPolygon'
            ? (f.geometry.coordinates as number[][][][])
            : [];
      for (const polygon of polygons)
        polygon.forEach((ring, i) => {
          rings++;
          expect(area(ring) > 0, `${String(f.properties.code)} ring ${i}`).toBe(i === 0);
        });
    }
    expect(rings).toBeGreaterThan(100);
    const decimals = (await geojson()).match(/\d+\.\d{7,}/g);
    expect(decimals).toBeNull();
  });

  it('keeps the digits of a ring smaller than six decimals can draw, rather than collapse it', () => {
    const tiny = [
      [37.1, 36.2],
      [37.1000001, 36.2],
      [37.1, 36.2000001],
      [37.1, 36.2],
    ];
    const out = rfc7946({ type: 'Polygon', coordinates: [tiny] }).coordinates as number[][][];
    expect(new Set(out[0]!.map((p) => p.join(','))).size).toBe(3);
    const big = [
      [37.1, 36.2],
      [37.2, 36.2],
      [37.2, 36.3],
      [37.1, 36.2],
    ];
    expect(rfc7946({ type: 'Polygon', coordinates: [big.slice().reverse()] }).coordinates).toEqual([big]);
  });

  it('has every kind of place, each by its code', async () => {
    const { features } = JSON.parse(await geojson()) as { features: Feature[] };
    const layers = new Set(features.map((f) => f.properties.layer));
    expect(layers).toEqual(
      new Set(['area', 'corridor', 'checkpoint', 'command-post', 'reception-point', 'hazard']),
    );
    for (const f of features.filter((x) => x.properties.layer === 'checkpoint'))
      expect(f.properties.corridor).toMatch(/^COR-\d+$/);
    expect(JSON.stringify(features)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
  });
});
