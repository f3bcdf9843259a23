import { describe, expect, it } from 'vitest';
import { stationCount, type Tally } from './counting.js';

const PEOPLE = { men: 10, women: 10, boys: 5, girls: 5, elderlyMen: 2, elderlyWomen: 2 };
const CONVOY = { vehicleIds: ['v1', 'v2', 'v3'], manifestTotal: 100 };

let n = 0;
function tally(minute: number, fields: Partial<Tally> = {}): Tally {
  n++;
  return {
    id: `t${String(n).padStart(3, '0')}`,
    at: `2016-12-15T08:${String(minute).padStart(2, '0')}:00.000Z`,
    source: 'enumerator',
    scope: 'convoy',
    vehicleIds: [],
    total: 34,
    errorPct: 0,
    by: 'ORG-A',
    ...fields,
  };
}
const status = (c: ReturnType<typeof stationCount>) => c.history.map((h) => [h.id, h.status]);

describe('a station’s count of a convoy', () => {
  it('adds up tallies of different vehicles, and is the convoy’s once every vehicle is counted', () => {
    const a = tally(1, { scope: 'vehicles', vehicleIds: ['v1'], people: PEOPLE, total: 34 });
    const b = tally(2, { scope: 'vehicles', vehicleIds: ['v2', 'v3'], total: 60 });
    const partial = stationCount([a], CONVOY);
    expect(partial.count).toBeNull();
    expect(partial.sources[0]!.partial).toEqual({ vehicles: 1, of: 3, total: 34 });
    expect(partial.why).toBe('only 1 of 3 vehicles counted (34 people): no count of the whole convoy yet');
    const whole = stationCount([b, a], CONVOY);
    // One tally without categories: the sum keeps the total only.
    expect(whole.count).toEqual({ total: 94, errorPct: 0 });
    expect(status(whole)).toEqual([
      [a.id, 'used'],
      [b.id, 'used'],
    ]);
  });

  it('never replaces a tally silently: a later one that differs is used and the earlier shown beside it', () => {
    const first = tally(1, { total: 438 });
    const second = tally(5, { total: 7, by: 'ORG-B' });
    const c = stationCount([first, second], CONVOY);
    expect(c.count!.total).toBe(7);
    expect(c.disputed).toBe(true);
    expect(c.history.find((h) => h.id === first.id)).toMatchObject({
      status: 'differs',
      by: 'ORG-A',
      note: 'differs from the 7 counted at 08:05 UTC, which is used',
    });
    // The same count again (a re-sent tally under a new id) is a repeat, not a dispute or a double count.
    const again = stationCount([first, tally(6, { total: 438 })], CONVOY);
    expect(again).toMatchObject({ count: { total: 438 }, disputed: false });
    expect(again.history.map((h) => h.status)).toEqual(['repeat', 'used']);
  });

  it('follows a correction and a void, and keeps both in the history with the reason', () => {
    const first = tally(1, { total: 438 });
    const fix = tally(9, { total: 436, corrects: first.id, reason: 'two counted twice' });
    const corrected = stationCount([first, fix], CONVOY);
    expect(corrected).toMatchObject({ count: { total: 436 }, disputed: false });
    expect(corrected.history[0]).toMatchObject({
      status: 'corrected',
      correctedBy: fix.id,
      note: 'two counted twice',
    });
    // Voiding the correction puts the first tally back; voiding that leaves nothing counted.
    const undone = stationCount(
      [first, { ...fix, voided: { at: fix.at, reason: 'wrong convoy', by: 'ORG-A' } }],
      CONVOY,
    );
    expect(undone.count!.total).toBe(438);
    expect(undone.history[1]).toMatchObject({ status: 'void', note: 'wrong convoy' });
    const none = stationCount([{ ...first, voided: { at: first.at, reason: 'test', by: null } }], CONVOY);
    expect(none).toMatchObject({ count: null, why: 'not counted here' });
  });

  it('uses the enumerators’ tally before a camera’s, and calls it disputed beyond the camera’s error', () => {
    const counted = tally(1, { total: 100 });
    const near = tally(2, { source: 'camera', total: 103, errorPct: 3 });
    const far = tally(3, { source: 'camera', total: 150, errorPct: 3 });
    expect(stationCount([counted, near], CONVOY)).toMatchObject({ source: 'enumerator', disputed: false });
    const c = stationCount([counted, far], { vehicleIds: [] });
    expect(c).toMatchObject({ source: 'enumerator', disputed: true, count: { total: 100 } });
    expect(c.why).toBe(
      "the enumerators' tally (exact) is used, before the camera's estimate; disputed: the camera counted 150",
    );
    expect(stationCount([far], CONVOY)).toMatchObject({
      source: 'camera',
      count: { total: 150, errorPct: 3 },
    });
  });

  it('flags what a reader must check: vehicles not on the convoy, overlaps, more than the manifest', () => {
    const off = tally(1, { scope: 'vehicles', vehicleIds: ['v9'], total: 5 });
    const a = tally(2, { scope: 'vehicles', vehicleIds: ['v1', 'v2'], total: 70 });
    const b = tally(3, { scope: 'vehicles', vehicleIds: ['v2', 'v3'], total: 40 });
    const c = tally(4, { scope: 'vehicles', vehicleIds: ['v1'], total: 60 });
    const count = stationCount([off, a, b, c], CONVOY);
    expect(status(count)).toEqual([
      [off.id, 'not-on-convoy'],
      [a.id, 'overlaps'],
      [b.id, 'used'],
      [c.id, 'used'],
    ]);
    expect(count.count!.total).toBe(100);
    const over = stationCount([tally(1, { scope: 'vehicles', vehicleIds: ['v1'], total: 120 })], CONVOY);
    expect(over.flags).toEqual([
      "the enumerator tallies of vehicles add up to 120, more than the manifest's 100",
    ]);
  });

  it('gives the same count whatever order the tallies arrive in (late uploads)', () => {
    const all = [
      tally(1, { total: 50 }),
      tally(2, { source: 'camera', total: 52, errorPct: 3 }),
      tally(3, { scope: 'vehicles', vehicleIds: ['v1'], total: 20 }),
      tally(4, { total: 49 }),
    ];
    const expected = stationCount(all, CONVOY);
    for (const order of [
      [3, 2, 1, 0],
      [1, 3, 0, 2],
      [2, 0, 3, 1],
    ])
      expect(
        stationCount(
          order.map((i) => all[i]!),
          CONVOY,
        ),
      ).toEqual(expected);
  });
});
