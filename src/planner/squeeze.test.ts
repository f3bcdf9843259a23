import { describe, expect, it } from 'vitest';
import type { Plan, ResolvedProblem } from '../contracts/planning/plan.js';
import { generateCity } from './generate.js';
import { prepare } from './instance.js';
import { mulberry32 } from './random.js';
import { completion, construct, replay, type Trip } from './schedule.js';
import { squeeze } from './squeeze.js';
import { validatePlan } from './validate.js';
import { ladder } from '../../test/ladder.js';
import { workClock } from '../../test/work-clock.js';

const problem = generateCity({ nodes: 3000, pickups: 24, people: 3000, buses: 30, ambulances: 30, seed: 11 });

describe('squeeze', () => {
  it('spreads a bad start over the fleet, moving everyone exactly once within reception capacities', () => {
    const inst = prepare(problem);
    // Every trip of the construction on the first vehicle of its type: a long day for two vehicles.
    const built = construct(inst).assignment;
    const firstOfType = inst.types.map((_, k) => inst.vehicles.findIndex((v) => v.type === k));
    const bad: Trip[][] = inst.vehicles.map(() => []);
    built.forEach((list, v) => bad[firstOfType[inst.vehicles[v]!.type]!]!.push(...list));
    const badMakespan = Math.max(...bad.map((l, v) => completion(inst, v, l)));

    // 1,500 clock reads of work: the search is at 68 min after 1,000 (from 1,943), and moves little after.
    const now = workClock(0.1);
    const r = squeeze(inst, bad, { deadline: now() + 150, now, random: mulberry32(3) });
    expect(r.makespan).toBeLessThan(badMakespan / 4);
    expect(r.makespan).toBeCloseTo(Math.max(...r.trips.map((l, v) => completion(inst, v, l))), 6);

    // Driven for real, the plan validates: everyone moved once, capacities and reception room kept.
    const driven = replay(inst, r.trips);
    const plan: Plan = { makespanMin: driven.makespan, lowerBoundMin: 0, vehicles: driven.vehicles };
    const check = validatePlan(problem, plan);
    expect(check.errors).toEqual([]);
    expect(check.valid).toBe(true);
  });

  it('never returns a plan worse than its start', () => {
    const inst = prepare(problem);
    const start = construct(inst).assignment;
    const before = Math.max(...start.map((l, v) => completion(inst, v, l)));
    // 1,000 clock reads of work: enough for a dozen perturbations, each of which may make the plan worse.
    const now = workClock(0.1);
    const r = squeeze(inst, start, { deadline: now() + 100, now, random: mulberry32(5) });
    expect(r.makespan).toBeLessThanOrEqual(before + 1e-9);
  });
});

describe('squeeze with full reception points', () => {
  // Two pickups, each a minute from one reception point and three from the other; each reception point
  // takes exactly one bus load. Started with both buses at the far one, neither trip can change its
  // reception point alone (no room): they trade.
  const crossed = (): ResolvedProblem => {
    const problem = ladder();
    problem.network.edges = problem.network.edges.filter((e) => e.id !== 'r2');
    problem.vehicleTypes = { bus: { seats: 10, stretchers: 0, loadMin: 5, unloadMin: 5 } };
    problem.depots = [{ id: 'D1', node: 'n2', vehicles: { bus: 2 } }];
    problem.pickups = [
      { id: 'PA', node: 'n1', seated: 10, stretcher: 0 },
      { id: 'PB', node: 'n3', seated: 10, stretcher: 0 },
    ];
    problem.destinations = [
      { id: 'R1', node: 'n4', seatedCapacity: 10, stretcherCapacity: 0 },
      { id: 'R2', node: 'n6', seatedCapacity: 10, stretcherCapacity: 0 },
    ];
    return problem;
  };

  it('lets two trips trade reception points', () => {
    const problem = crossed();
    const inst = prepare(problem);
    const start: Trip[][] = [
      [{ p: 0, r: 1, seated: 10, stretcher: 0 }],
      [{ p: 1, r: 0, seated: 10, stretcher: 0 }],
    ];
    // 1 min to the pickup, 5 to load, 3 to the far reception point (n1-n2-n3-n6), 5 to unload.
    expect(Math.max(...start.map((l, v) => completion(inst, v, l)))).toBeCloseTo(14, 6);
    const now = workClock(0.1);
    const r = squeeze(inst, start, { deadline: now() + 300, now, random: mulberry32(1) });
    expect(r.makespan).toBeCloseTo(12, 6);
    expect(r.moves.trade).toBeGreaterThanOrEqual(1);
    const to = new Map(r.trips.flat().map((t) => [t.p, t.r]));
    expect(to.get(0)).toBe(0);
    expect(to.get(1)).toBe(1);
  });
});
