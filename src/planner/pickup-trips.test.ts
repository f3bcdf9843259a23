import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Problem, type ResolvedProblem } from '../contracts/planning/plan.js';
import { bepProblem } from './bep.js';
import { fleetData } from './bounds.js';
import { generateCity, generateSmall } from './generate.js';
import { loadSolver } from './highs.js';
import { optimum, plan } from './index.js';
import { prepare } from './instance.js';
import type { LpSolver } from './lp.js';
import { groupedFleetData, pickupGroups } from './pickup-groups.js';
import { pickupTripsBound } from './pickup-trips.js';
import { mulberry32 } from './random.js';
import { validatePlan } from './validate.js';
import { bruteOptimum } from '../../test/bep-brute.js';
import { line } from '../../test/planner-line.js';
import { workClock } from '../../test/work-clock.js';
import { proveFleetBounds } from './fleet-bounds.js';

let solver: LpSolver;
beforeAll(async () => {
  solver = await loadSolver();
});

const bound = (problem: ResolvedProblem) => pickupTripsBound(fleetData(prepare(problem)));

const BUS_AND_AMBULANCE = {
  bus: { seats: 50, stretchers: 0, loadMin: 4, unloadMin: 4 },
  ambulance: { seats: 2, stretchers: 2, loadMin: 4, unloadMin: 4 },
};

/** A bus evacuation instance small enough for `bruteOptimum`: at most six busloads in all. */
function tinyBep(seed: number): string {
  const rand = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const q = int(1, 30);
  const [yards, pickups, shelters] = [int(1, 2), int(2, 3), int(1, 2)];
  const perYard = Array.from({ length: yards }, () => int(1, 2));
  const loads = Array.from({ length: pickups }, () => int(0, 2));
  if (!loads.some((n) => n > 0)) loads[0] = 1;
  const total = loads.reduce((a, b) => a + b, 0);
  // Room for everyone, and now and then only just (a shelter's room binds).
  const room = Array.from({ length: shelters }, (_, s) => (s === 0 ? total : int(0, total)));
  const legs = (rows: number, cols: number) =>
    Array.from(
      { length: rows },
      (_, i) => `${i + 1} ${Array.from({ length: cols }, () => int(1, 9)).join(' ')}`,
    );
  return [
    `${perYard.reduce((a, b) => a + b, 0)} ${q}`,
    `${yards} ${perYard.join(' ')}`,
    `${pickups} ${total * q} ${loads.map((n) => n * q).join(' ')}`,
    `${shelters} ${room.reduce((a, b) => a + b, 0) * q} ${room.map((n) => n * q).join(' ')}`,
    ...legs(yards, pickups),
    ...legs(pickups, shelters),
  ].join('\n');
}

describe('whole trips per pickup (a fleet workload bound)', () => {
  it('never proves more than the optimum of small bus evacuation instances, and often proves it', () => {
    let tight = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const text = tinyBep(seed);
      const best = bruteOptimum(text);
      const b = bound(Problem.parse(bepProblem(text, `seed ${seed}`)) as ResolvedProblem);
      expect(b, text).toBeLessThanOrEqual(best + 1e-9);
      expect(b, text).toBeGreaterThan(0);
      if (b > best - 1e-6) tight++;
    }
    // One bus and few trips: the bound is the optimum on many of them (a bound of 0 would pass above).
    expect(tight).toBeGreaterThan(20);
  });

  it('never proves more than the optimum of small instances with buses and ambulances', () => {
    for (const [seed, vehicles] of [
      [1, 12],
      [2, 4],
      [3, 6],
    ] as const) {
      const problem = generateSmall({ pickups: 8, vehicles, seed });
      const best = optimum(problem, solver, 5, 60);
      expect(best).not.toBeNull();
      const b = bound(problem);
      expect(b).toBeGreaterThan(0);
      expect(b).toBeLessThanOrEqual(best! + 1e-6);
    }
  });

  it("never exceeds a valid plan's makespan on cities with timed closures", () => {
    const instance = fc.record({
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      pickups: fc.integer({ min: 3, max: 30 }),
      people: fc.integer({ min: 50, max: 900 }),
      buses: fc.integer({ min: 1, max: 3 }),
      ambulances: fc.integer({ min: 1, max: 3 }),
      timedClosures: fc.integer({ min: 0, max: 6 }),
    });
    fc.assert(
      fc.property(instance, (o) => {
        const problem = generateCity({ nodes: 400, ...o, depots: 2, destinations: 2, bridges: 2 });
        const p = plan(problem, { timeLimitSec: 0.3, now: workClock(1) });
        expect(validatePlan(problem, p).errors).toEqual([]);
        expect(bound(problem)).toBeLessThanOrEqual(p.makespanMin + 1e-9);
      }),
      { numRuns: 12 },
    );
  });

  it('counts a whole trip for each pickup: five pickups of 34 need five buses, not four', () => {
    // Depot n0, the pickups at n1, reception at n2, a minute a street: every trip takes 1 + 4 + 1 + 4.
    const problem = line(
      [1, 1],
      {
        depots: [{ id: 'D1', node: 'n0', vehicles: { bus: 1, ambulance: 0 } }],
        pickups: [1, 2, 3, 4, 5].map((i) => ({ id: `P${i}`, node: 'n1', seated: 34, stretcher: 0 })),
        destinations: [{ id: 'R1', node: 'n2', seatedCapacity: 1000, stretcherCapacity: 0 }],
      },
      [],
      BUS_AND_AMBULANCE,
    );
    expect(bound(problem)).toBeCloseTo(50, 6);
    // Grouped, the fleet bounds must let the five share trips' times: they prove less.
    const data = fleetData(prepare(problem));
    const grouped = groupedFleetData(data, pickupGroups(data, 1)!);
    const proven = proveFleetBounds(grouped, solver, {
      now: () => 0,
      deadline: 60_000,
      hintMin: null,
      flowFirst: true,
    });
    expect(Math.max(proven.flowMin, proven.fleetMin)).toBeLessThan(50);
  });

  it("takes off what a vehicle's first trip from its depot saves", () => {
    // The depot is at the pickup: the first trip takes 0 + 4 + 1 + 4 minutes, the second 1 + 4 + 1 + 4.
    // Counting both as later trips would claim 20 against an optimum of 19.
    const problem = line(
      [1],
      {
        depots: [{ id: 'D1', node: 'n0', vehicles: { bus: 1, ambulance: 0 } }],
        pickups: [{ id: 'P1', node: 'n0', seated: 100, stretcher: 0 }],
        destinations: [{ id: 'R1', node: 'n1', seatedCapacity: 1000, stretcherCapacity: 0 }],
      },
      [],
      BUS_AND_AMBULANCE,
    );
    const p = plan(problem, { timeLimitSec: 0.5, now: workClock(1) });
    expect(p.makespanMin).toBeCloseTo(19, 6);
    expect(bound(problem)).toBeCloseTo(19, 6);
  });

  it('weighs the types against each other: ambulances take what buses cannot do in time', () => {
    // 120 seated people and 2 stretcher cases at one pickup; one bus and one ambulance. The bus alone
    // would need three trips (30 minutes); with the ambulance's seats it still needs three, but the
    // bound may not claim more than the best split.
    const problem = line(
      [1],
      {
        depots: [{ id: 'D1', node: 'n1', vehicles: { bus: 1, ambulance: 1 } }],
        pickups: [{ id: 'P1', node: 'n0', seated: 120, stretcher: 2 }],
        destinations: [{ id: 'R1', node: 'n1', seatedCapacity: 1000, stretcherCapacity: 10 }],
      },
      [],
      BUS_AND_AMBULANCE,
    );
    const p = plan(problem, { timeLimitSec: 0.5, now: workClock(1) });
    expect(validatePlan(problem, p).errors).toEqual([]);
    expect(bound(problem)).toBeLessThanOrEqual(p.makespanMin + 1e-9);
    expect(bound(problem)).toBeGreaterThan(20);
  });
});
