import { describe, expect, it } from 'vitest';
import { generateCity } from '../../planner/generate.js';
import { PlanningError } from '../../planner/index.js';
import { validatePlan } from '../../planner/validate.js';
import { planInWorker } from './plan-runner.js';

describe('plans in a worker thread', () => {
  it('leaves the event loop free while it plans, and the plan validates', async () => {
    const problem = generateCity({
      nodes: 2500,
      pickups: 20,
      seed: 2,
      people: 3000,
      buses: 30,
      ambulances: 30,
    });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 50);
    const started = performance.now();
    const plan = await planInWorker(problem, { timeLimitSec: 2 });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(timer);
    expect(validatePlan(problem, plan).valid).toBe(true);
    // A blocked loop would tick once or twice after the plan; a free one every 50 ms while it ran.
    expect(ticks).toBeGreaterThan((seconds * 1000) / 50 / 2);
  });

  it('passes a planning error back as one, with its message', async () => {
    const problem = generateCity({ nodes: 400, pickups: 2, seed: 1, people: 100, buses: 2, ambulances: 2 });
    problem.hazards.push({ id: 'HAZ-X', edges: ['nope'], effect: 'closed' });
    const failed = planInWorker(problem, { timeLimitSec: 1 });
    await expect(failed).rejects.toBeInstanceOf(PlanningError);
    await expect(planInWorker(problem, { timeLimitSec: 1 })).rejects.toThrow(
      'hazard HAZ-X names unknown edge nope',
    );
  });
});
