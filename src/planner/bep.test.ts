import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Problem, type Plan, type ResolvedProblem } from '../contracts/planning/plan.js';
import { bepProblem } from './bep.js';
import { exhaustive } from './exhaustive.js';
import { prepare } from './instance.js';
import { PlanningError } from './errors.js';
import { loadSolver } from './highs.js';
import { plan } from './index.js';
import type { LpSolver } from './lp.js';
import { validatePlan } from './validate.js';
import { ROOT } from '../../test/processes.js';
import { workClock } from '../../test/work-clock.js';
import { bruteOptimum } from '../../test/bep-brute.js';

/*
 * Two instances of the bus evacuation problem made for these tests, in its published text format
 * (test/fixtures/bep):
 * - trap-1-2-2-1: one bus, two pickup points, two shelters. From shelter S1 to pickup point P2 the
 *   leg takes 10 minutes, but S1 -> P1 -> S2 -> P2 takes 3: a planner that drove shortest paths would
 *   finish in 6 minutes, which the problem does not allow (13 is its optimum).
 * - yards-2-3-2-3: three buses of two seats at two yards, three pickup points, two shelters whose room
 *   binds, and a time of 2.5 minutes. Its optimum (15) takes a yard-1 bus to P2 and then P3, which a
 *   search that only moves one trip at a time does not reach from the construction (16.5).
 * - chain-1-2-2-2: the yard is 12 minutes from P2, but a bus that carries someone from P1 to S2 first
 *   is at P2 after 7. Bounds that took the direct leg as the quickest way to a pickup (the single trip,
 *   and vehicle days that skipped trips earning nothing) claimed 16 and 15.75 against an optimum of 11.
 */
const fixture = (name: string) => readFileSync(join(ROOT, 'test/fixtures/bep', name), 'utf8');
const TRAP = 'trap-1-2-2-1.txt';
const YARDS = 'yards-2-3-2-3.txt';
const CHAIN = 'chain-1-2-2-2.txt';

function problemOf(name: string): ResolvedProblem {
  return Problem.parse(bepProblem(fixture(name), name)) as ResolvedProblem;
}

function valid(problem: ResolvedProblem, p: Plan): void {
  const result = validatePlan(problem, p);
  expect(result.errors).toEqual([]);
}

let solver: LpSolver;
beforeAll(async () => {
  solver = await loadSolver();
});

describe('bus evacuation problem instances', () => {
  it('reads one as a problem of direct legs: a node per place, an edge per leg, full buses', () => {
    const problem = problemOf(YARDS);
    expect(problem.network.directLegs).toBe(true);
    expect(problem.network.nodes.map((n) => n.id)).toEqual(['Y1', 'Y2', 'P1', 'P2', 'P3', 'S1', 'S2']);
    // Yard to pickup one way (2 x 3), pickup and shelter both ways (3 x 2).
    expect(problem.network.edges).toHaveLength(12);
    const y2p2 = problem.network.edges.find((e) => e.id === 'Y2-P2')!;
    expect(y2p2.oneway).toBe(true);
    expect(((y2p2.lengthM / 1000 / y2p2.speedKph) * 60).toFixed(6)).toBe('2.500000');
    expect(problem.network.edges.find((e) => e.id === 'P3-S2')!.oneway).toBe(false);
    expect(problem.vehicleTypes).toEqual({ bus: { seats: 2, stretchers: 0, loadMin: 0, unloadMin: 0 } });
    expect(problem.depots.map((d) => d.vehicles['bus'])).toEqual([2, 1]);
    expect(problem.pickups.map((p) => p.seated)).toEqual([4, 2, 4]);
    expect(problem.destinations.map((d) => d.seatedCapacity)).toEqual([6, 6]);
  });

  it('drives each leg whole, though a way through other places is shorter', () => {
    const problem = problemOf(TRAP);
    expect(bruteOptimum(fixture(TRAP))).toBe(13);
    const p = plan(problem, { solver, timeLimitSec: 1, now: workClock(1) });
    valid(problem, p);
    expect(p.makespanMin).toBeCloseTo(13, 9);
    expect(p.lowerBoundMin).toBeLessThanOrEqual(13 + 1e-9);
    for (const leg of p.vehicles.flatMap((v) => v.legs)) expect(leg.path).toEqual([leg.from, leg.to]);

    // The same numbers as roads: shortest paths go round, and the plan is shorter than the problem allows.
    const roads = { ...problem, network: { ...problem.network, directLegs: false } };
    const shortcut = plan(roads, { solver, timeLimitSec: 1, now: workClock(1) });
    valid(roads, shortcut);
    expect(shortcut.makespanMin).toBeCloseTo(6, 9);
    // Such a plan is refused as a plan of the direct legs.
    const refused = validatePlan(problem, shortcut);
    expect(refused.valid).toBe(false);
    expect(refused.errors.join('\n')).toMatch(/drives through 2 node\(s\) between its places/);
  });

  it('plans each instance at its optimum, with a bound at most that', () => {
    for (const name of [TRAP, YARDS, CHAIN]) {
      const best = bruteOptimum(fixture(name));
      const problem = problemOf(name);
      const p = plan(problem, { solver, timeLimitSec: 2, now: workClock(1) });
      valid(problem, p);
      expect(p.makespanMin, name).toBeCloseTo(best, 9);
      expect(p.lowerBoundMin, name).toBeLessThanOrEqual(best + 1e-9);
    }
    expect(bruteOptimum(fixture(YARDS))).toBe(15);
    expect(bruteOptimum(fixture(CHAIN))).toBe(11);
  });

  it('searches every schedule where trips take no time or their loads depend on their order', () => {
    // Found by an attack on the search: a vehicle back in the same state after a trip of no minutes,
    // and two buses whose loads from one pickup depend on which goes first, lost the optimum when
    // vehicles alike took their trips in the trips' order.
    const cases: [string, number][] = [
      ['1 1\n1 1\n2 4 3 1\n2 5 3 2\n1 0 5\n1 100 0\n2 50 10\n', 200],
      ['3 3\n1 3\n3 7 1 3 3\n2 7 5 2\n1 18 7 18\n1 3 18\n2 16 20\n3 0 17\n', 27],
    ];
    for (const [text, best] of cases) {
      const problem = Problem.parse(bepProblem(text, 'attack.txt')) as ResolvedProblem;
      const all = exhaustive(prepare(problem), Infinity, Infinity, () => 0);
      expect(all.complete).toBe(true);
      expect(all.makespan).toBeCloseTo(best, 9);
      const p = plan(problem, { solver, timeLimitSec: 2, now: workClock(1) });
      valid(problem, p);
      expect(p.makespanMin).toBeCloseTo(best, 9);
      expect(p.lowerBoundMin).toBeLessThanOrEqual(best + 1e-9);
    }
  });

  it('holds a vehicle to a loaded leg after each empty one: it may not drive empty through other places', () => {
    const problem = problemOf(TRAP);
    const leg = (from: string, to: string, departMin: number, arriveMin: number, seated: number) => ({
      from,
      to,
      departMin,
      arriveMin,
      path: [from, to],
      seated,
      stretcher: 0,
    });
    // S1 -> P1 -> S2 -> P2 empty takes 3 minutes where S1 -> P2 takes 10.
    const vehicles = [
      {
        id: 'bus-001',
        type: 'bus',
        depot: 'Y1',
        legs: [
          leg('Y1', 'P1', 0, 1, 0),
          leg('P1', 'S1', 1, 2, 1),
          leg('S1', 'P1', 2, 3, 0),
          leg('P1', 'S2', 3, 4, 0),
          leg('S2', 'P2', 4, 5, 0),
          leg('P2', 'S2', 5, 6, 1),
        ],
      },
    ];
    const shortcut = validatePlan(problem, { makespanMin: 6, lowerBoundMin: 0, vehicles });
    expect(shortcut.errors).toEqual([
      'bus-001 leg 3: a second empty leg in a row; with direct legs a vehicle drives empty only to the pickup it loads at',
      'bus-001 leg 4: a second empty leg in a row; with direct legs a vehicle drives empty only to the pickup it loads at',
    ]);
    const trailing = [
      { ...vehicles[0]!, legs: [...vehicles[0]!.legs.slice(0, 2), leg('S1', 'P2', 2, 12, 0)] },
    ];
    const last = validatePlan(problem, { makespanMin: 2, lowerBoundMin: 0, vehicles: trailing });
    expect(last.errors).toContain(
      'bus-001: its last leg is empty; with direct legs a vehicle drives empty only to the pickup it loads at',
    );
  });

  it('says what is wrong with a file that is not an instance, and where', () => {
    const good = fixture(YARDS);
    const cases: [string, RegExp][] = [
      ['', /the file ends before the number of buses \(number 1\)/],
      [good.replace('3 2\n', '3 two\n'), /the buses’ capacity \(number 2\) is "two"/],
      [good.replace('2 2 1', '2 2 2'), /the yards hold 4 buses, but the first line says 3/],
      [
        good.replace('3 10 4 2 4', '3 11 4 2 4'),
        /the people to move in all is 11, but the pickup points hold 10/,
      ],
      [
        good.replace('2 12 6 6', '2 12 6 6.5'),
        /the room at shelter 2 \(number 14\) is 6.5, not a whole number/,
      ],
      [good.replace('2 8 2.5 5', '3 8 2.5 5'), /the row of yard 2 is numbered 3, not 2/],
      [good.replace('3 7 3', '3 7 -3'), /minute 2 of the row of pickup point 3 \(number 31\) is "-3"/],
      [good.replace('3 7 3', '3 7'), /the file ends before minute 2 of the row of pickup point 3/],
      [good + ' 4', /the file goes on after its last row \(number 32: "4"\)/],
      [good.replace('3 2\n', '3 0\n'), /the buses’ capacity is 0/],
      [good.replace('2 2 1', '0'), /the file has no yards/],
      [
        good.replace('2 2 1', '4294967296 2 1'),
        /the number of yards \(number 3\) is "4294967296", more than 10000/,
      ],
      [
        good.replace('3 7 3', '3 7 1e6'),
        /minute 2 of the row of pickup point 3 \(number 31\) is "1e6", more than 10000/,
      ],
      [good.replace('3 7 3', '3 7 \u001b[31m'), /is "\\u001b\[31m", not a number/],
      [good.replace('3 2\n2 2 1', '0 2\n2 0 0'), /the file has no buses for its 10 people/],
      [good.replace('2 12 6 6', '2 8 4 4'), /the shelters have room for 8 people, but 10 are to move/],
    ];
    for (const [text, message] of cases) expect(() => bepProblem(text, 'x.txt')).toThrow(message);
    expect(() => bepProblem('', 'x.txt')).toThrow(PlanningError);
  });
});
