import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResolvedProblem } from '../contracts/planning/plan.js';
import { plan } from './index.js';
import { construct } from './schedule.js';
import { prepare } from './instance.js';
import { validatePlan } from './validate.js';
import { workClock } from '../../test/work-clock.js';
import { ROOT } from '../../test/processes.js';

/**
 * Found by an attack on the bounds: direct legs, and P1 (n0) is reached only from the depot (the leg
 * from the reception point is one way the other way, and a vehicle may not drive empty through P2's
 * place), so only first trips serve it. The construction sent the first vehicle free, of 9 seats, for its 10 people.
 */
function onlyFromTheDepot(seatedAtP1: number, room: number): ResolvedProblem {
  return {
    network: {
      directLegs: true,
      nodes: [0, 1, 2].map((i) => ({ id: `n${i}`, lon: 37 + i * 0.01, lat: 36 })),
      edges: [
        { id: 'e0', from: 'n0', to: 'n1', lengthM: 3000, speedKph: 60, oneway: true },
        { id: 'e1', from: 'n0', to: 'n2', lengthM: 27000, speedKph: 60, oneway: false },
        { id: 'e2', from: 'n1', to: 'n2', lengthM: 14370, speedKph: 60, oneway: false },
      ],
    },
    hazards: [
      { id: 'H1', edges: ['e1'], effect: 'closed', fromMin: 29, untilMin: 59 },
      { id: 'H2', edges: ['e1'], effect: 'closed', fromMin: 0, untilMin: 21 },
    ],
    vehicleTypes: {
      t0: { seats: 11, stretchers: 3, loadMin: 0, unloadMin: 2 },
      t1: { seats: 12, stretchers: 3, loadMin: 0, unloadMin: 0 },
      t2: { seats: 9, stretchers: 0, loadMin: 4, unloadMin: 2 },
    },
    depots: [{ id: 'D1', node: 'n2', vehicles: { t0: 0, t1: 2, t2: 1 } }],
    pickups: [
      { id: 'P1', node: 'n0', seated: seatedAtP1, stretcher: 0 },
      { id: 'P2', node: 'n2', seated: 15, stretcher: 0 },
    ],
    destinations: [{ id: 'R1', node: 'n1', seatedCapacity: room, stretcherCapacity: 0 }],
  };
}

/** An instance a review found (test/fixtures/planner/first-trips). */
const fixture = (name: string) =>
  JSON.parse(
    readFileSync(join(ROOT, 'test/fixtures/planner/first-trips', `${name}.json`), 'utf8'),
  ) as ResolvedProblem;

describe('pickups only a first trip can reach', () => {
  it('get vehicles set aside that carry everyone there, before anything else is handed out', () => {
    for (const [seated, room] of [
      [10, 25],
      [20, 40],
    ] as const) {
      const problem = onlyFromTheDepot(seated, room);
      const inst = prepare(problem);
      expect(inst.fromDestination[0]![0]).toBe(Infinity);
      const moved = construct(inst)
        .assignment.flat()
        .filter((t) => t.p === 0)
        .reduce((n, t) => n + t.seated, 0);
      expect(moved).toBe(seated);
      for (const baseline of [true, false]) {
        const p = plan(problem, { timeLimitSec: 0.5, baseline, now: workClock(1) });
        expect(validatePlan(problem, p).errors).toEqual([]);
      }
    }
    // Ten people: a 12-seat vehicle waits for the road to open at 21, reaches P1 at 48 and R1 at 51.
    expect(plan(onlyFromTheDepot(10, 25), { timeLimitSec: 0.5, now: workClock(1) }).makespanMin).toBe(51);
  });

  it('keeps the plain construction where setting vehicles aside would leave someone behind', () => {
    // Found by a review of the first version, which always set vehicles aside: each of these has a
    // valid plan, which the plain construction finds and setting aside missed. An ambulance set aside
    // for seated people that first served stretcher cases elsewhere and was lost; two such pickups,
    // the larger bus given to the smaller one; a vehicle set aside whose reception point had room for
    // half its load, while the others had left the pickup to it.
    for (const name of ['stretcher-reserved', 'competing', 'partial-room']) {
      const problem = fixture(name);
      for (const baseline of [true, false]) {
        const p = plan(problem, { timeLimitSec: 0.5, baseline, now: workClock(1) });
        expect(validatePlan(problem, p).errors, name).toEqual([]);
      }
    }
  });

  it('the search puts back what it took when some people find no vehicle again', () => {
    // Found by a review: ruin and recreate, and the squeeze's perturbation, took trips off vehicles
    // that had made their first trip to a pickup only first trips reach, and threw when no vehicle
    // could take those people again, though the construction's plan was valid.
    for (const name of ['ruin-recreate-throws', 'squeeze-throws']) {
      const problem = fixture(name);
      const p = plan(problem, { timeLimitSec: 0.5, now: workClock(1) });
      expect(validatePlan(problem, p).errors, name).toEqual([]);
      expect(p.makespanMin, name).toBeLessThanOrEqual(8 + 1e-9);
    }
  });
});
