import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../../test/fixtures.js';
import { demoStore, type TestStore } from '../../../test/stores.js';
import { compareReaders } from '../accountability/readers.js';
import { operationReconciliation } from '../accountability/reconciliation.js';
import { csvFields, exportDataset } from './exports.js';

const SYSTEM = { actor: 'system:test', role: 'system', organisationId: null, operationId: null } as const;

describe('the movements export', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await demoStore('sqlite');
  });
  afterAll(() => t.cleanup());

  it('gives people by sex and age per corridor, day and movement, adding up to the board’s numbers', async () => {
    const { body } = await exportDataset(t.ctx, SYSTEM, DEMO, 'movements');
    // A spreadsheet's download: UTF-8 with its byte-order mark, so that Excel reads it as UTF-8.
    expect(body.startsWith('\uFEFF')).toBe(true);
    const [header, tags, ...rows] = body.slice(1).trim().split('\r\n');
    expect(header).toBe(
      'corridor,corridor name,date,movement,convoys,people,men,women,boys,girls,elderly men,elderly women,sex and age not recorded',
    );
    expect(tags).toContain('#affected+f+children');
    const board = (await operationReconciliation(t.ctx, SYSTEM, DEMO)).corridors;
    const key = {
      entered: 'entered',
      exited: 'exited',
      'in transit': 'inTransit',
      arrived: 'arrived',
    } as const;
    let checked = 0;
    for (const row of rows) {
      const [corridor, , day, movement, , people, ...categories] = csvFields(row);
      const numbers = categories.map(Number);
      // Every person is in one category, or in "not recorded".
      expect(numbers.reduce((s, n) => s + n, 0)).toBe(Number(people));
      const d = board.find((c) => c.corridor === corridor)!.days.find((x) => x.day === day)!;
      const counts = d[key[movement as keyof typeof key]];
      expect(Number(people)).toBe(counts.total);
      expect(numbers.slice(0, 6)).toEqual([
        counts.people.men,
        counts.people.women,
        counts.people.boys,
        counts.people.girls,
        counts.people.elderlyMen,
        counts.people.elderlyWomen,
      ]);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
    expect(rows.map(csvFields).some((f) => f[3] === 'entered' && Number(f[6]) > 0)).toBe(true);
  });

  it('gives what people carried per corridor, day, movement and kind: the board’s items, a kind not counted left out', async () => {
    const { body } = await exportDataset(t.ctx, SYSTEM, DEMO, 'items', { bom: 'false' });
    const [header, tags, ...rows] = body.trim().split('\r\n');
    expect(header).toBe('corridor,corridor name,date,movement,item,item name,counted');
    expect(tags).toBe('#x_corridor+code,#x_corridor+name,#date,#x_movement,#item+code,#item+name,#item+num');
    const board = (await operationReconciliation(t.ctx, SYSTEM, DEMO)).corridors;
    const seen = new Map<string, number>();
    for (const row of rows) {
      const [corridor, , day, movement, kind, name, counted] = csvFields(row);
      const d = board.find((c) => c.corridor === corridor)!.days.find((x) => x.day === day)!;
      const counts = d[movement as 'entered' | 'exited' | 'arrived'];
      expect(Number(counted), row).toBe(counts.carried[kind!]);
      expect(name).not.toBe('');
      seen.set(`${movement} ${kind}`, (seen.get(`${movement} ${kind}`) ?? 0) + Number(counted));
    }
    // The demo's sample convoys: two entered with 410 pieces of luggage each, one of them arrived.
    expect(seen.get('entered luggage')).toBe(820);
    expect(seen.get('arrived wheelchairs')).toBe(6);
    // Nobody counted dialysis machines: no row, not a 0.
    expect([...seen.keys()].some((k) => k.endsWith('dialysis'))).toBe(false);
  });

  it('and every other reader give the same numbers as the board on the demo', async () => {
    const readers = await compareReaders(t.ctx, SYSTEM, DEMO);
    expect(readers.differences).toEqual([]);
    expect(readers.convoys).toBeGreaterThan(30);
  });
});
