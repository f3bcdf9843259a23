import { describe, expect, it } from 'vitest';
import type { Plan } from '../contracts/plan.js';
import { generateCity } from './generate.js';
import { prepare } from './instance.js';
import { mulberry32 } from './random.js';
import { completion, construct, replay, type Trip } from './schedule.js';
import { squeeze } from './squeeze.js';
import { validatePlan } from './validate.js';

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

    const now = () => performance.now();
    const r = squeeze(inst, bad, { deadline: now() + 1500, now, random: mulberry32(3) });
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
    const now = () => performance.now();
    const r = squeeze(inst, start, { deadline: now() + 500, now, random: mulberry32(5) });
    expect(r.makespan).toBeLessThanOrEqual(before + 1e-9);
  });
});
