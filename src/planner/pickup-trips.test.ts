import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Problem, type Leg, type Plan, type ResolvedProblem } from '../contracts/planning/plan.js';
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
import { EPS_MIN, validatePlan } from './validate.js';
import { bruteOptimum } from '../../test/bep-brute.js';
import { line } from '../../test/planner-line.js';
import { workClock } from '../../test/work-clock.js';
import { waysToCover } from './ways-to-cover.js';
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
      // (Each trip's work is taken 1e-5 short, for the validator's tolerance.)
      if (b > best - 1e-3) tight++;
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
    expect(bound(problem)).toBeCloseTo(50, 3);
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
    expect(bound(problem)).toBeCloseTo(19, 3);
    expect(bound(problem)).toBeLessThanOrEqual(19);
  });

  it('weighs the types against each other: ambulances take what buses cannot do in time', () => {
    // 120 seated people and 2 stretcher cases at one pickup; one bus and one ambulance, every trip 10
    // minutes. Whole, the best is three bus trips and the ambulance's one (30); two bus trips leave 20
    // people for ten ambulance trips (100). The weights mix those two ways: 0.9 on the bus proves 28.
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
    expect(bound(problem)).toBeCloseTo(28, 3);
  });

  it("stays under a plan that uses the validator's tolerance on every trip", () => {
    // Found by an attack: one bus of 10 seats, 300 people a minute from the reception point, which is
    // at the depot: thirty trips of 1 + 5 + 1 + 5 minutes, 360 in all. The same trips, each time 0.9 of
    // the validator's tolerance early, end 1.08e-4 sooner, and the bound had proven 359.99999964.
    const problem = line(
      [1],
      {
        depots: [{ id: 'D1', node: 'n1', vehicles: { bus: 1 } }],
        pickups: [{ id: 'P1', node: 'n0', seated: 300, stretcher: 0 }],
        destinations: [{ id: 'R1', node: 'n1', seatedCapacity: 1000, stretcherCapacity: 0 }],
      },
      [],
    );
    const planned = plan(problem, { timeLimitSec: 0.3, now: workClock(1) });
    expect(planned.makespanMin).toBeCloseTo(360, 9);
    const e = 0.9 * EPS_MIN;
    const legs: Leg[] = [];
    let t = -e;
    for (let i = 0; i < 30; i++) {
      const arrive = t + 1 - e;
      legs.push({
        from: i === 0 ? 'D1' : 'R1',
        to: 'P1',
        departMin: t,
        arriveMin: arrive,
        path: ['n1', 'n0'],
        seated: 0,
        stretcher: 0,
      });
      const depart = arrive + 5 - e;
      const back = depart + 1 - e;
      legs.push({
        from: 'P1',
        to: 'R1',
        departMin: depart,
        arriveMin: back,
        path: ['n0', 'n1'],
        seated: 10,
        stretcher: 0,
      });
      t = back + 5 - e;
    }
    const early: Plan = {
      ...planned,
      makespanMin: legs.at(-1)!.arriveMin + 5,
      vehicles: [{ id: 'bus-001', type: 'bus', depot: 'D1', legs }],
    };
    expect(early.makespanMin).toBeCloseTo(360 - 1.08e-4, 9);
    // Valid with the planner's own certified bound, which is at most its makespan.
    expect(validatePlan(problem, early).errors).toEqual([]);
    expect(bound(problem)).toBeLessThanOrEqual(early.makespanMin);
    expect(bound(problem)).toBeGreaterThan(359.999);
  });

  it('a pickup no reception point reaches back: each vehicle goes there once, from its depot', () => {
    // Found by an attack (a path no other test took): n0 -> n1 -> n2, one way, the depot at n0, the
    // pickup at n1, the reception point at n2; two buses of 10 for 20 people take 2 + 5 + 3 + 5 each.
    const problem: ResolvedProblem = {
      network: {
        nodes: [0, 1, 2].map((i) => ({ id: `n${i}`, lon: 37 + i * 0.01, lat: 36 })),
        edges: [
          { id: 'e0', from: 'n0', to: 'n1', lengthM: 2000, speedKph: 60, oneway: true },
          { id: 'e1', from: 'n1', to: 'n2', lengthM: 3000, speedKph: 60, oneway: true },
        ],
      },
      hazards: [],
      vehicleTypes: { bus: { seats: 10, stretchers: 0, loadMin: 5, unloadMin: 5 } },
      depots: [{ id: 'D1', node: 'n0', vehicles: { bus: 2 } }],
      pickups: [{ id: 'P1', node: 'n1', seated: 20, stretcher: 0 }],
      destinations: [{ id: 'R1', node: 'n2', seatedCapacity: 1000, stretcherCapacity: 0 }],
    };
    const p = plan(problem, { timeLimitSec: 0.3, now: workClock(1) });
    expect(validatePlan(problem, p).errors).toEqual([]);
    expect(p.makespanMin).toBeCloseTo(15, 9);
    expect(bound(problem)).toBeCloseTo(15, 3);
    expect(bound(problem)).toBeLessThanOrEqual(15);
  });

  it('weighs three types by weights that sum to one', () => {
    // Found by an attack: with weights summing past one the bound rose above this plan. Vehicles at
    // the reception point, the pickup a minute away: every trip takes 1 + 2 + 1 + 2.
    const problem = line(
      [1],
      {
        depots: [{ id: 'D1', node: 'n1', vehicles: { bus: 1, van: 1, car: 1 } }],
        pickups: [{ id: 'P1', node: 'n0', seated: 64, stretcher: 0 }],
        destinations: [{ id: 'R1', node: 'n1', seatedCapacity: 1000, stretcherCapacity: 0 }],
      },
      [],
      {
        bus: { seats: 10, stretchers: 0, loadMin: 2, unloadMin: 2 },
        van: { seats: 4, stretchers: 0, loadMin: 2, unloadMin: 2 },
        car: { seats: 2, stretchers: 0, loadMin: 2, unloadMin: 2 },
      },
    );
    const p = plan(problem, { timeLimitSec: 0.5, now: workClock(1) });
    expect(validatePlan(problem, p).errors).toEqual([]);
    expect(bound(problem)).toBeLessThanOrEqual(p.makespanMin + 1e-9);
    expect(bound(problem)).toBeGreaterThan(0.9 * p.makespanMin);
  });

  it('leaves out a pickup with too many ways to weigh, and stops at its deadline', () => {
    // Four types: a pickup of 600 has more than 4,096 ways to cover it, the one of 40 a few.
    const types = {
      bus: { seats: 50, stretchers: 0, loadMin: 4, unloadMin: 4 },
      minibus: { seats: 20, stretchers: 1, loadMin: 4, unloadMin: 4 },
      van: { seats: 8, stretchers: 0, loadMin: 4, unloadMin: 4 },
      ambulance: { seats: 2, stretchers: 2, loadMin: 4, unloadMin: 4 },
    };
    const places = (pickups: ResolvedProblem['pickups']) =>
      line(
        [1, 1],
        {
          depots: [{ id: 'D1', node: 'n2', vehicles: { bus: 1, minibus: 1, van: 1, ambulance: 1 } }],
          pickups,
          destinations: [{ id: 'R1', node: 'n2', seatedCapacity: 10_000, stretcherCapacity: 100 }],
        },
        [],
        types,
      );
    const small = { id: 'P1', node: 'n1', seated: 40, stretcher: 1 };
    const both = places([small, { id: 'P2', node: 'n0', seated: 600, stretcher: 1 }]);
    expect(bound(both)).toBeCloseTo(bound(places([small])), 9);
    expect(bound(both)).toBeGreaterThan(0);
    const p = plan(both, { timeLimitSec: 0.5, now: workClock(1) });
    expect(validatePlan(both, p).errors).toEqual([]);
    expect(bound(both)).toBeLessThanOrEqual(p.makespanMin);
    // Where only the first type has stretcher places, most counts are no way: they are not tried (a
    // review's pickup of 20,000 and 1,000 stretcher cases had taken 1.6 s), and the ways are the same.
    const big = [
      { seats: 30, stretchers: 20 },
      { seats: 40, stretchers: 0 },
      { seats: 8, stretchers: 0 },
      { seats: 2, stretchers: 0 },
    ];
    expect(waysToCover(big, { seated: 20_000, stretcher: 1000 }, [0, 1, 2], 3)).toBeNull();
    const ways = waysToCover(big, { seated: 600, stretcher: 1000 }, [0, 1, 2], 3)!;
    expect(ways).toHaveLength(16 * 76);
    expect(ways.every(([first]) => first === 50)).toBe(true);
    // A clock read once per pickup and per weighing: past its deadline, it stops.
    const clock = workClock(1);
    const data = fleetData(prepare(places([small, { ...small, id: 'P2' }])));
    expect(pickupTripsBound(data, { now: clock, deadline: 0.5 })).toBe(0);
    expect(clock.reads()).toBe(1);
    const later = workClock(1);
    expect(pickupTripsBound(data, { now: later, deadline: 5 })).toBeGreaterThan(0);
    expect(later.reads()).toBeLessThanOrEqual(6);
  });
});
