import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { BoundThread, boundsInThread, prestartBoundWorker } from './bound-thread.js';
import { fleetData, timedMinutes } from '../../planner/bounds.js';
import { vehicleDaysBound } from '../../planner/days-bound.js';
import { flowWorkloadBound } from '../../planner/flow-bound.js';
import { generateCity, generateSmall } from '../../planner/generate.js';
import { loadSolver } from '../../planner/highs.js';
import { plan } from '../../planner/index.js';
import { prepare } from '../../planner/instance.js';
import { IsolatedSolver } from './highs-thread.js';
import type { LpSolver } from '../../planner/lp.js';
import { validatePlan } from '../../planner/validate.js';

let solver: LpSolver;
beforeAll(async () => {
  solver = await loadSolver();
});

const city = (seed = 7) =>
  generateCity({ nodes: 3000, pickups: 24, people: 3000, buses: 30, ambulances: 30, seed });

describe('HiGHS in a thread of its own', () => {
  it('stops a solve still running past its deadline, and the next solve starts a new thread', () => {
    // The whole-trip fleet MIP of the large benchmark instance (seed 1) at M = 114. HiGHS 1.15 keeps to
    // a limit of 1 s on its first solve in a fresh instance and overruns it by 11-14 s on later ones
    // (the compiled code is faster by then and reaches a phase that does not look at the clock). Whether
    // it overruns depends on how fast the machine is at the time, so the deadline here is set before the
    // limit (a grace of -900 ms: 100 ms into a solve that needs more than 1 s): every solve is still
    // running at its deadline, on any machine, and is stopped.
    const model = gunzipSync(
      readFileSync(new URL('../../../test/fixtures/planner/fleet-mip-overrun.lp.gz', import.meta.url)),
    ).toString();
    const isolated = new IsolatedSolver(null, -900);
    try {
      for (let i = 0; i < 3; i++) {
        const r = isolated.solve(model, { time_limit: 1, presolve: 'off' });
        expect(r.Status).toBe('Time limit reached');
        expect(r.ObjectiveValue).toBeNaN();
      }
      expect(isolated.stopped).toBe(3);
      // A small LP afterwards: solved (by a new thread when the last one was stopped).
      const lp = isolated.solve(
        'Minimize\n obj: x + y\nSubject To\n c1: x + 2 y >= 4\n c2: 3 x + y >= 6\nEnd\n',
      );
      expect(lp.Status).toBe('Optimal');
      expect(lp.ObjectiveValue).toBeCloseTo(2.8, 6);
      // Infeasibility is still proven through it.
      const none = isolated.solve('Minimize\n obj: x\nSubject To\n c1: x >= 2\n c2: x <= 1\nEnd\n');
      expect(none.Status).toBe('Infeasible');
    } finally {
      isolated.close();
    }
  });
});

// The worker's schedule is timed by the wall clock by design: it proves what it can before the plan's
// time limit, so how much it proves depends on how busy the machine is (with both cores taken by other
// work it proved no flow bound and no vehicle days in these runs). Its MIPs have time limits too, so a
// bound proven here is no yardstick either (here proved 54.875 and the worker 55 while four test runs
// shared two cores). What must hold whatever the machine does: no lower bound is above the makespan of
// a valid plan, and the flow bound (an LP, not timed) is the LP's. How much the worker proves in a
// plan's time is a figure of `npm run bench:planner`.
describe('the fleet bounds in a worker thread', () => {
  it('prove nothing above the makespan of a valid plan, and the flow bound the LP proves', () => {
    const problem = city();
    const inst = prepare(problem);
    const data = fleetData(inst);
    const valid = plan(problem, { solver, timeLimitSec: 2 });
    expect(validatePlan(problem, valid).valid).toBe(true);
    // A run too short to be made for vehicle days: the MIPs in fine steps to their end (then days,
    // which rule out nothing more on this city, and the flow LP).
    const thread = BoundThread.start(data, 400, null, 3_900)!;
    expect(thread).not.toBeNull();
    const there = thread.finish(60_000);
    expect(there.error).toBeNull();
    expect(there.fleetMin).toBeLessThanOrEqual(valid.makespanMin);
    expect(there.daysMin).toBeLessThanOrEqual(valid.makespanMin);
    expect(there.flowMin).toBeLessThanOrEqual(flowWorkloadBound(data, solver) + 1e-6);
  });

  it("prove no vehicle days above the programme's own bound, in a run too short to be made for them", () => {
    // A small instance (the benchmark's seed 5): on a quiet machine the MIPs finish (60) and days rule out
    // 69.75.
    const data = fleetData(prepare(generateSmall({ pickups: 12, vehicles: 20, seed: 5 })));
    const there = BoundThread.start(data, 400, null, 1_900)!.finish(60_000);
    expect(there.error).toBeNull();
    const forever = { deadline: Infinity, now: () => 0, highMin: 400 };
    expect(there.daysMin).toBeLessThanOrEqual(vehicleDaysBound(data, solver, there.fleetMin, forever));
  });

  it('prove vehicle days with the timed minutes sent after the start', () => {
    // On this city vehicle days rule out more than the whole-trip MIPs (53.75 against 46.4).
    const inst = prepare(city(4));
    const thread = BoundThread.start(fleetData(inst, false), 400, null, 60_000, true)!;
    thread.epochs(timedMinutes(inst));
    const there = thread.finish(60_000);
    expect(there.error).toBeNull();
    expect(there.finished).toBe(true);
    // The same as here from the MIPs' bound (the climb's grid); with static minutes only they are lower
    // (50.75: its closures hold for a while).
    const forever = { deadline: Infinity, now: () => 0, highMin: 400 };
    const timed = vehicleDaysBound(fleetData(inst), solver, there.fleetMin, forever);
    expect(timed).toBeGreaterThan(there.fleetMin);
    expect(there.daysMin).toBe(timed);
    expect(vehicleDaysBound(fleetData(inst, false), solver, there.fleetMin, forever)).toBeLessThan(timed);
  });

  it('a plan takes them from the worker, and the bound holds', () => {
    const problem = city();
    const p = plan(problem, { solver, timeLimitSec: 4, boundRunner: boundsInThread });
    expect(p.stats!.boundThread).toMatch(/^(finished|stopped at the time limit)$/);
    expect(p.bounds!.fleetWorkloadMin).toBeGreaterThan(0);
    expect(p.lowerBoundMin).toBeLessThanOrEqual(p.makespanMin);
    expect(validatePlan(problem, p).valid).toBe(true);
    // Without the worker, the same bounds are proven here after the search.
    const q = plan(problem, { solver, timeLimitSec: 4 });
    expect(q.stats!.boundThread).toBe('off');
    expect(q.bounds!.fleetWorkloadMin).toBeGreaterThan(0);
  });

  it('a worker stopped before it proves anything leaves the other bounds, still valid', () => {
    const inst = prepare(city());
    const thread = BoundThread.start(fleetData(inst), 400, null, 0)!;
    const r = thread.finish(0);
    expect(r.finished).toBe(false);
    expect(r.fleetMin).toBe(0);
    expect(r.flowMin).toBe(0);
  });

  it('a worker started before its job (as the plan command does) takes it, and proves what one started with it does', () => {
    const inst = prepare(city(4));
    prestartBoundWorker();
    // The job comes later, as the problem is read meanwhile.
    const waited = Date.now() + 300;
    while (Date.now() < waited);
    const early = BoundThread.start(fleetData(inst, false), 400, null, 60_000, true)!;
    early.epochs(timedMinutes(inst));
    const there = early.finish(60_000);
    expect(there.error).toBeNull();
    expect(there.finished).toBe(true);
    // The next job has no spare worker: it starts its own, and proves the same.
    const late = BoundThread.start(fleetData(inst, false), 400, null, 60_000, true)!;
    late.epochs(timedMinutes(inst));
    const again = late.finish(60_000);
    expect(again.finished).toBe(true);
    expect(there.daysMin).toBeGreaterThan(0);
    // (Vehicle days' climb ends at the same grid point from any start; the MIPs' steps are timed.)
    expect(there.daysMin).toBe(again.daysMin);
  });
});
