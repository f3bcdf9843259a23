import { describe, expect, it } from 'vitest';
import { Problem, type ResolvedProblem } from '../contracts/planning/plan.js';
import { bepProblem } from './bep.js';
import { generateCity, generateSmall } from './generate.js';
import { mulberry32 } from './random.js';
import { plan } from './index.js';
import { prepare, type Instance } from './instance.js';
import { arrival, type Assignment, type Trip } from './schedule.js';
import { mixedStart, receptionShares, tripMix } from './trip-mix.js';
import { transport } from './transport.js';
import { validatePlan } from './validate.js';
import { workClock } from '../../test/work-clock.js';

/** Depot n0 -(1 min)- pickup n1 -(1 min)- reception n2 (-(1 min)- reception n3). */
function line(
  fleet: Record<string, number>,
  pickup: { seated: number; stretcher: number },
  rooms: readonly number[] = [1000],
): ResolvedProblem {
  const count = 2 + rooms.length;
  const nodes = Array.from({ length: count }, (_, i) => ({ id: `n${i}`, lon: 37 + i * 0.01, lat: 36 }));
  const edges = nodes.slice(1).map((_, i) => ({
    id: `e${i}`,
    from: `n${i}`,
    to: `n${i + 1}`,
    lengthM: 1000,
    speedKph: 60,
    oneway: false,
  }));
  return {
    network: { nodes, edges },
    hazards: [],
    vehicleTypes: {
      bus: { seats: 10, stretchers: 0, loadMin: 5, unloadMin: 5 },
      ambulance: { seats: 2, stretchers: 2, loadMin: 5, unloadMin: 5 },
    },
    depots: [{ id: 'D1', node: 'n0', vehicles: fleet }],
    pickups: [{ id: 'P1', node: 'n1', ...pickup }],
    destinations: rooms.map((room, i) => ({
      id: `R${i + 1}`,
      node: `n${i + 2}`,
      seatedCapacity: room,
      stretcherCapacity: room,
    })),
  };
}

/** People per type and reception point in a start: [type][field]. */
function carried(problem: ResolvedProblem, start: ReturnType<typeof mixedStart>) {
  const inst = prepare(problem);
  const byType = inst.types.map(() => ({ trips: 0, seated: 0, stretcher: 0 }));
  const byReception = inst.destinations.map(() => 0);
  start!.forEach((trips, v) =>
    trips.forEach((t) => {
      const k = inst.vehicles[v]!.type;
      byType[k]!.trips++;
      byType[k]!.seated += t.seated;
      byType[k]!.stretcher += t.stretcher;
      byReception[t.r] = byReception[t.r]! + t.seated + t.stretcher;
      expect(t.seated).toBeLessThanOrEqual(inst.types[k]!.seats);
      expect(t.stretcher).toBeLessThanOrEqual(inst.types[k]!.stretchers);
    }),
  );
  return { byType, byReception };
}

describe('trip mix', () => {
  it('sends small vehicles for the people who would leave the only bus part-full', () => {
    // 22 seated and 2 stretcher cases; one bus (10 seats) and ten ambulances. Two bus trips and one
    // ambulance trip keep the bus busy for 24 min; one bus trip and six ambulance trips (12 seated, 2
    // stretcher cases) take at most 12 min of either type's time per vehicle.
    const problem = line({ bus: 1, ambulance: 10 }, { seated: 22, stretcher: 2 });
    const inst = prepare(problem);
    expect(tripMix(inst)).toEqual([[1], [6]]);
    const { byType } = carried(problem, mixedStart(inst, tripMix(inst)!));
    expect(byType).toEqual([
      { trips: 1, seated: 10, stretcher: 0 },
      { trips: 6, seated: 12, stretcher: 2 },
    ]);
  });

  it('keeps the seated people in buses when ambulances are the busier, but for the seats beside stretchers', () => {
    // Ten buses and one ambulance: the ambulance takes the stretcher cases and two seated beside them.
    const problem = line({ bus: 10, ambulance: 1 }, { seated: 22, stretcher: 2 });
    const inst = prepare(problem);
    expect(tripMix(inst)).toEqual([[2], [1]]);
    const { byType } = carried(problem, mixedStart(inst, tripMix(inst)!));
    expect(byType).toEqual([
      { trips: 2, seated: 20, stretcher: 0 },
      { trips: 1, seated: 2, stretcher: 2 },
    ]);
  });

  it('fills the nearer reception point only up to its room', () => {
    const problem = line({ bus: 2 }, { seated: 40, stretcher: 0 }, [20, 1000]);
    const inst = prepare(problem);
    expect(tripMix(inst)).toEqual([[4], [0]]);
    const { byReception } = carried(problem, mixedStart(inst, tripMix(inst)!));
    expect(byReception).toEqual([20, 20]);
  });

  it('splits a trip when no reception point has room for it whole, and moves everyone once', () => {
    // Ten seated people in one 10-seat trip, but each reception point takes only 5: two trips of 5.
    const small = line({ bus: 1 }, { seated: 10, stretcher: 0 }, [5, 5]);
    const inst = prepare(small);
    expect(tripMix(inst)).toEqual([[1], [0]]);
    expect(carried(small, mixedStart(inst, tripMix(inst)!))).toEqual({
      byType: [
        { trips: 2, seated: 10, stretcher: 0 },
        { trips: 0, seated: 0, stretcher: 0 },
      ],
      byReception: [5, 5],
    });
    // Thirty in three trips of 10, rooms of 14 and 16 (a review's case): whole trips where they fit.
    const tight = line({ bus: 2 }, { seated: 30, stretcher: 0 }, [14, 16]);
    const start = mixedStart(prepare(tight), tripMix(prepare(tight))!);
    const { byType, byReception } = carried(tight, start);
    expect(byType[0]!.seated).toBe(30);
    expect(byReception[0]).toBeLessThanOrEqual(14);
    expect(byReception[1]).toBeLessThanOrEqual(16);
    for (const problem of [small, tight]) {
      const p = plan(problem, { timeLimitSec: 0.2, now: workClock(1) });
      expect(p.stats?.mixStartMakespanMin).toBeGreaterThan(0);
      expect(validatePlan(problem, p)).toMatchObject({ valid: true, errors: [] });
    }
  });

  it('has no mix when no vehicle can come back for more (one-way streets), and plans all the same', () => {
    const problem = line({ bus: 3 }, { seated: 30, stretcher: 0 });
    const oneway = {
      ...problem,
      network: { ...problem.network, edges: problem.network.edges.map((e) => ({ ...e, oneway: true })) },
    };
    expect(tripMix(prepare(oneway))).toBeNull();
    const p = plan(oneway, { timeLimitSec: 0.2, now: workClock(1) });
    expect(p.stats?.mixStartMakespanMin).toBeUndefined();
    expect(validatePlan(oneway, p)).toMatchObject({ valid: true, errors: [] });
  });

  it('gives way to the construction when the time left would leave the search none', () => {
    const problem = generateSmall({ pickups: 8, vehicles: 12, seed: 3 });
    // On a clock of 1 ms a read, preparing takes a read: five of them are needed after it.
    const late = plan(problem, { timeLimitSec: 0.004, now: workClock(1) });
    expect(late.stats?.baselineMakespanMin).toBeGreaterThan(0);
    expect(late.stats?.mixStartMakespanMin).toBeUndefined();
    expect(validatePlan(problem, late)).toMatchObject({ valid: true, errors: [] });
    // Time that whileProving takes is not the search's.
    const taken = plan(problem, {
      timeLimitSec: 0.5,
      now: workClock(1),
      whileProving: { ms: 497, run: () => {} },
    });
    expect(taken.stats?.mixStartMakespanMin).toBeUndefined();
    const given = plan(problem, { timeLimitSec: 0.5, now: workClock(1) });
    expect(given.stats?.mixStartMakespanMin).toBeGreaterThan(0);
  });

  it('starts the search of a generated city, and its plan moves everyone exactly once', () => {
    const problem = generateSmall({ pickups: 8, vehicles: 12, seed: 3 });
    const p = plan(problem, { timeLimitSec: 0.5, now: workClock(1) });
    expect(p.stats?.mixStartMakespanMin).toBeGreaterThan(0);
    expect(validatePlan(problem, p)).toMatchObject({ valid: true, errors: [] });
  });
});

/**
 * The giving out of a mix's trips as its rule says, scanning every pickup and reception point for each
 * vehicle as it becomes free (`mixedStart` scans pickups from the nearest and stops early).
 */
function givenOutByScan(inst: Instance, mix: number[][]): Assignment | null {
  const left = mix.map((row) => [...row]);
  const bySize = inst.types
    .map((_, k) => k)
    .sort((a, b) => {
      const size = (k: number) => inst.types[k]!.seats + inst.types[k]!.stretchers;
      return size(b) - size(a);
    });
  const seated = inst.types.map(() => inst.pickups.map(() => 0));
  const stretcher = inst.types.map(() => inst.pickups.map(() => 0));
  inst.pickups.forEach((pickup, p) => {
    let [se, st] = [pickup.seated, pickup.stretcher];
    for (const k of bySize) {
      stretcher[k]![p] = Math.min(st, left[k]![p]! * inst.types[k]!.stretchers);
      seated[k]![p] = Math.min(se, left[k]![p]! * inst.types[k]!.seats);
      [se, st] = [se - seated[k]![p], st - stretcher[k]![p]];
    }
  });
  const room = [
    inst.destinations.map((d) => d.seatedCapacity),
    inst.destinations.map((d) => d.stretcherCapacity),
  ];
  const out: Assignment = inst.vehicles.map(() => []);
  const free = inst.vehicles.map(() => 0);
  const at = inst.vehicles.map(() => -1);
  const stuck = inst.vehicles.map(() => false);
  const waiting = (k: number) =>
    inst.pickups.some((_, p) => left[k]![p]! > 0 && seated[k]![p]! + stretcher[k]![p]! > 0);
  for (;;) {
    let v = -1;
    inst.vehicles.forEach((veh, w) => {
      if (!stuck[w] && waiting(veh.type) && (v < 0 || free[w]! < free[v]!)) v = w;
    });
    if (v < 0) return inst.types.every((_, k) => !waiting(k)) ? out : null;
    const k = inst.vehicles[v]!.type;
    const type = inst.types[k]!;
    let best: [Trip | null, Trip | null] = [null, null];
    const bestEnd = [Infinity, Infinity];
    inst.pickups.forEach((_, p) => {
      const n = left[k]![p]!;
      if (n === 0 || seated[k]![p]! + stretcher[k]![p]! === 0) return;
      const se = Math.min(type.seats, Math.ceil(seated[k]![p]! / n));
      const st = Math.min(type.stretchers, Math.ceil(stretcher[k]![p]! / n));
      const from = at[v]!;
      const reach =
        arrival(
          inst,
          free[v]!,
          (m) => (from >= 0 ? m.fromDestination[from]! : m.fromDepot[inst.vehicles[v]!.depot]!)[p]!,
        ) + type.load;
      inst.destinations.forEach((_, r) => {
        const [s2, z2] = [Math.min(se, room[0]![r]!), Math.min(st, room[1]![r]!)];
        if (reach === Infinity || s2 + z2 === 0) return;
        const i = s2 === se && z2 === st ? 0 : 1;
        const end = arrival(inst, reach, (m) => m.toDestination[p]![r]!) + type.unload;
        if (end < bestEnd[i]!) [bestEnd[i], best[i]] = [end, { p, r, seated: s2, stretcher: z2 }];
      });
    });
    const i = best[0] ? 0 : 1;
    const trip = best[i];
    if (!trip) {
      stuck[v] = true;
      continue;
    }
    out[v]!.push(trip);
    [free[v], at[v]] = [bestEnd[i]!, trip.r];
    seated[k]![trip.p]! -= trip.seated;
    stretcher[k]![trip.p]! -= trip.stretcher;
    if (left[k]![trip.p]! > 1 || seated[k]![trip.p]! + stretcher[k]![trip.p]! === 0) left[k]![trip.p]!--;
    room[0]![trip.r]! -= trip.seated;
    room[1]![trip.r]! -= trip.stretcher;
    best = [null, null];
  }
}

/** A bus evacuation instance (bep.ts's text) of short integer legs, so that many trips tie. */
function shortLegs(seed: number): string {
  const rand = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const [buses, yards, pickups, shelters] = [int(2, 10), int(1, 3), int(3, 20), int(2, 4)];
  const perYard = Array.from({ length: yards }, (_, y) => (y === 0 ? buses - yards + 1 : 1));
  const people = Array.from({ length: pickups }, () => int(1, 60));
  const total = people.reduce((a, b) => a + b, 0);
  const room = Array.from({ length: shelters }, () => Math.ceil(total / 2));
  const legs = (rows: number, cols: number) =>
    Array.from(
      { length: rows },
      (_, i) => `${i + 1} ${Array.from({ length: cols }, () => int(1, 5)).join(' ')}`,
    );
  return [
    `${buses} ${int(10, 30)}`,
    `${yards} ${perYard.join(' ')}`,
    `${pickups} ${total} ${people.join(' ')}`,
    `${shelters} ${room.reduce((a, b) => a + b, 0)} ${room.join(' ')}`,
    ...legs(yards, pickups),
    ...legs(pickups, shelters),
  ].join('\n');
}

describe('mixedStart', () => {
  it('gives each vehicle, as it becomes free, the trip of its type that ends soonest, as a scan of every pickup does', () => {
    // Timed closures: the hour's minutes are longer than the static ones the scan's order and stop use.
    for (const seed of [1, 2, 3, 4]) {
      const problem = generateCity({
        nodes: 1500,
        pickups: 40,
        seed,
        people: 2500,
        buses: 12,
        ambulances: 10,
        timedClosures: 30,
      });
      const inst = prepare(problem);
      const mix = tripMix(inst, receptionShares(inst))!;
      expect(mix).not.toBeNull();
      const start = mixedStart(inst, mix);
      expect(start).not.toBeNull();
      expect(start).toEqual(givenOutByScan(inst, mix));
    }
    // Bus evacuation instances with legs of 1-5 minutes: trips that end at the same minute, where the
    // first pickup is taken.
    let compared = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const inst = prepare(Problem.parse(bepProblem(shortLegs(seed), `seed ${seed}`)) as ResolvedProblem);
      const mix = tripMix(inst, receptionShares(inst));
      if (!mix) continue;
      expect(mixedStart(inst, mix)).toEqual(givenOutByScan(inst, mix));
      compared++;
    }
    expect(compared).toBeGreaterThan(30);
  });
});

describe('transport', () => {
  it('ships everything at least cost within the sinks’ capacities, cancelling a first greedy choice', () => {
    // Source 0 is a little nearer sink 0 than sink 1; source 1 is much nearer sink 0. Sink 0 takes 10:
    // the greedy first ships source 0 there, and the best moves it to sink 1 to make room for source 1.
    const cost = [
      [1, 2],
      [1, 10],
    ];
    const flow = transport([10, 10], [10, 100], (s, r) => cost[s]![r]!);
    expect(flow).toEqual([
      [0, 10],
      [10, 0],
    ]);
  });

  it('splits a source over sinks, skips sinks it cannot reach, and says when the room is too small', () => {
    expect(transport([15], [10, 10], () => 1)).toEqual([[10, 5]]);
    expect(transport([5, 5], [10, 10], (s, r) => (s === r ? 1 : Infinity))).toEqual([
      [5, 0],
      [0, 5],
    ]);
    expect(transport([15], [10, 4], () => 1)).toBeNull();
    expect(transport([5], [10, 10], (_, r) => (r === 0 ? Infinity : 1))).toEqual([[0, 5]]);
  });
});

describe('reception shares', () => {
  it('send people further when the nearest reception point is full', () => {
    // 40 seated at the pickup; R1 (1 min on) takes 20, R2 (2 min on) the rest.
    const problem = line({ bus: 2 }, { seated: 40, stretcher: 0 }, [20, 1000]);
    const inst = prepare(problem);
    const shares = receptionShares(inst)!;
    expect(shares.seated).toEqual([[20, 20]]);
    expect(shares.stretcher).toEqual([[0, 0]]);
    expect(tripMix(inst, shares)).toEqual([[4], [0]]);
  });
});

describe('reception shares, at scale', () => {
  it('are left out where the transportation problem would take too long (the nearest then stands)', () => {
    // 300 pickups and 20 reception points: (320 x 300 x 20) is over the limit.
    const problem = line({ bus: 1 }, { seated: 1, stretcher: 0 }, new Array<number>(20).fill(1000));
    const many = {
      ...problem,
      pickups: Array.from({ length: 300 }, (_, i) => ({ id: `P${i}`, node: 'n1', seated: 1, stretcher: 0 })),
    };
    expect(receptionShares(prepare(many))).toBeNull();
    expect(receptionShares(prepare(problem))).not.toBeNull();
  });
});
