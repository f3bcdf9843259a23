import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../src/app/context.js';
import { verifyProjections } from '../src/app/log/audit.js';
import { areaProblem } from '../src/domain/safe-passage/hazards.js';
import { countEvents } from '../src/store/event-log.js';
import { allRows } from '../src/store/queries.js';
import { openStore } from '../src/store/store.js';
import { DEMO, loadDemo } from './fixtures.js';
import { corridor } from './cli-in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'corridor-hazards-'));
const db = join(dir, 'corridor.db');
const SAMPLE = 'test/fixtures/aleppo/unosat-sample.geojson';
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function hazards() {
  const store = await openStore({ sqlitePath: db });
  try {
    return await allRows(store.db, store.dialect, 'hazards', DEMO);
  } finally {
    await store.close();
  }
}

describe('corridor hazards import', () => {
  beforeAll(async () => {
    const store = await openStore({ sqlitePath: db });
    await loadDemo(createContext(store));
    await store.close();
  });

  it('records the severely damaged buildings of a UNOSAT assessment as suspected hazards, once', async () => {
    const args = [
      '--db',
      db,
      'hazards',
      'import',
      SAMPLE,
      '--operation',
      DEMO,
      '--type',
      'damaged-road',
      '--buffer-m',
      '30',
      '--where',
      'Main_Dam_2=2',
      '--source-org',
      'WHO',
      '--attribution',
      'UNOSAT damage assessment 2015, via Columbia CSR aleppo_test (MIT)',
    ];
    const run = await corridor(args);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /4 hazards recorded in aleppo-2016 \(HAZ-2 to HAZ-5\), 0 already recorded; 6 features filtered out/,
    );
    // The same file again records nothing new.
    const again = await corridor(args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/0 hazards recorded in aleppo-2016, 4 already recorded/);
    expect(await hazards()).toHaveLength(5);
    // The demo has HAZ-1 already (an explosive ordnance area across COR-6).
    const rows = (await hazards()).filter((r) => r.code !== 'HAZ-1');
    expect(rows.map((r) => [r.code, r.type, r.status])).toEqual([
      ['HAZ-2', 'damaged-road', 'suspected'],
      ['HAZ-3', 'damaged-road', 'suspected'],
      ['HAZ-4', 'damaged-road', 'suspected'],
      ['HAZ-5', 'damaged-road', 'suspected'],
    ]);
    const area = JSON.parse(rows[0]!.area) as { type: 'Polygon'; coordinates: [number, number][][] };
    expect(area.type).toBe('Polygon');
    expect(area.coordinates[0]).toHaveLength(17);
    expect(areaProblem(area)).toBeUndefined();
    expect(JSON.parse(String(rows[0]!.evidence))).toEqual({
      kind: 'imagery',
      reference: 'unosat-sample.geojson#1',
    });
    expect(JSON.parse(String(rows[0]!.source))).toMatchObject({
      document: 'UNOSAT damage assessment 2015, via Columbia CSR aleppo_test (MIT)',
      organisationId: expect.any(String),
    });
  });

  it('takes several values of one property as alternatives, and numbers on from the last hazard', async () => {
    const dry = await corridor(
      [
        'hazards',
        'import',
        SAMPLE,
        '--type',
        'debris',
        '--where',
        'Main_Dam_2=1',
        '--where',
        'Main_Dam_2=2',
        '--dry-run',
      ],
      { CORRIDOR_DB: db },
    );
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toMatch(/7 hazards would be recorded in aleppo-2016/);
    const run = await corridor([
      '--db',
      db,
      'hazards',
      'import',
      SAMPLE,
      '--type',
      'debris',
      '--where',
      'Main_Dam_2=1',
      '--reference-property',
      'SensorDa_2',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/3 hazards recorded in aleppo-2016 \(HAZ-6 to HAZ-8\)/);
    const rows = await hazards();
    expect(JSON.parse(String(rows.at(-1)!.evidence))).toEqual({ kind: 'imagery', reference: '2015/04/26' });
    const store = await openStore({ sqlitePath: db });
    expect(await verifyProjections(createContext(store))).toEqual({ ok: true });
    await store.close();
  });

  it('refuses files it cannot read and organisations it does not know, recording nothing', async () => {
    const store = await openStore({ sqlitePath: db });
    const before = await countEvents(store.db, DEMO);
    await store.close();
    const bad = join(dir, 'bad.geojson');
    writeFileSync(bad, '{"type": "Feature"}');
    for (const args of [
      [bad, '--type', 'debris'],
      [join(dir, 'missing.geojson'), '--type', 'debris'],
      [SAMPLE, '--type', 'debris', '--source-org', 'NOBODY'],
      [SAMPLE, '--type', 'debris', '--operation', 'no-such-operation'],
    ]) {
      const run = await corridor(['--db', db, 'hazards', 'import', ...args]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/^corridor: /);
    }
    expect((await corridor(['--db', db, 'hazards', 'import', SAMPLE, '--type', 'rubble'])).code).not.toBe(0);
    const after = await openStore({ sqlitePath: db });
    expect(await countEvents(after.db, DEMO)).toBe(before);
    await after.close();
  });
});
