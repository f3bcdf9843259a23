import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fleetData } from './bounds.js';
import { proveFleetBounds } from './fleet-bounds.js';
import { generateCity, generateSmall } from './generate.js';
import { loadSolver } from './highs.js';
import { optimum, plan } from './index.js';
import { prepare } from './instance.js';
import type { LpSolver } from './lp.js';
import { groupedFleetData, pickupGroups } from './pickup-groups.js';
import { validatePlan } from './validate.js';
import { workClock } from '../../test/work-clock.js';

let solver: LpSolver;
beforeAll(async () => {
  solver = await loadSolver();
});

describe('like pickups grouped for the fleet bounds', () => {
  const instance = fc.record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    pickups: fc.integer({ min: 6, max: 12 }),
    people: fc.integer({ min: 200, max: 600 }),
    buses: fc.integer({ min: 1, max: 2 }),
    ambulances: fc.integer({ min: 1, max: 2 }),
    groups: fc.integer({ min: 1, max: 5 }),
  });
  const city = (o: { seed: number; pickups: number; people: number; buses: number; ambulances: number }) =>
    generateCity({ nodes: 400, ...o, depots: 2, destinations: 2, bridges: 2 });

  it('puts every pickup in one group, and its people with it', () => {
    fc.assert(
      fc.property(instance, ({ groups: max, ...o }) => {
        const data = fleetData(prepare(city(o)));
        const groups = pickupGroups(data, max)!;
        expect(groups.length).toBeLessThanOrEqual(max);
        expect(groups.flat().sort((a, b) => a - b)).toEqual(data.pickups.map((_, p) => p));
        const grouped = groupedFleetData(data, groups);
        const people = (d: typeof data) => d.pickups.reduce((s, p) => s + p.seated + p.stretcher, 0);
        expect(people(grouped)).toBe(people(data));
        expect(pickupGroups(data, data.pickups.length)).toBeNull();
      }),
      { numRuns: 10 },
    );
  });

  it("the fleet bound proven on the groups never exceeds a valid plan's makespan", () => {
    fc.assert(
      fc.property(instance, ({ groups: max, ...o }) => {
        const problem = city(o);
        const p = plan(problem, { timeLimitSec: 0.3, solver, now: workClock(1) });
        expect(validatePlan(problem, p).errors).toEqual([]);
        const data = fleetData(prepare(problem));
        const grouped = groupedFleetData(data, pickupGroups(data, max)!);
        // Searched up to well past the plan (few vehicles, many trips each: the bounds are tight), so a
        // bound that is no proof would show.
        const proven = proveFleetBounds(grouped, solver, {
          now: () => 0,
          deadline: 60_000,
          highMin: p.makespanMin * 3,
          hintMin: null,
          flowFirst: true,
        });
        const bound = Math.max(proven.flowMin, proven.fleetMin, proven.daysMin);
        expect(bound).toBeGreaterThan(0);
        expect(bound).toBeLessThanOrEqual(p.makespanMin + 1e-9);
      }),
      { numRuns: 10 },
    );
  });

  it('the fleet bounds proven on the groups stay under the optimum of small instances', () => {
    for (const seed of [1, 3]) {
      const problem = generateSmall({ pickups: 8, vehicles: 12, seed });
      const best = optimum(problem, solver, 5, 60)!;
      expect(best).not.toBeNull();
      const data = fleetData(prepare(problem));
      for (const max of [2, 4, 6]) {
        const proven = proveFleetBounds(groupedFleetData(data, pickupGroups(data, max)!), solver, {
          now: () => 0,
          deadline: 60_000,
          highMin: best * 3,
          hintMin: null,
          flowFirst: true,
        });
        const bound = Math.max(proven.flowMin, proven.fleetMin, proven.daysMin);
        expect(bound).toBeGreaterThan(0);
        expect(bound).toBeLessThanOrEqual(best + 1e-6);
      }
    }
  });
});
