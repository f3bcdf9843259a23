import { parentPort } from 'node:worker_threads';
import type { Plan, ResolvedProblem } from '../../contracts/planning/plan.js';
import type { Said } from '../../contracts/words/said.js';
import { sharedSolver } from './highs-shared.js';
import { plan, PlanningError } from '../../planner/index.js';
import { boundsInThread } from './bound-thread.js';

/** One request of the runner: a problem and the options the planner takes besides its solver. */
export interface PlanJob {
  readonly id: number;
  readonly problem: ResolvedProblem;
  readonly options: { timeLimitSec?: number; baseline?: boolean; seed?: number };
}
export type PlanReply =
  | { readonly id: number; readonly plan: Plan }
  | { readonly id: number; readonly planningError: string | Said }
  | { readonly id: number; readonly error: string };

const port = parentPort;
if (port) {
  const solver = sharedSolver();
  port.on('message', (job: PlanJob) => {
    void solver
      .then((lp) => {
        const reply: PlanReply = {
          id: job.id,
          plan: plan(job.problem, { ...job.options, solver: lp, boundRunner: boundsInThread }),
        };
        port.postMessage(reply);
      })
      .catch((error: unknown) => {
        const reply: PlanReply =
          error instanceof PlanningError
            ? { id: job.id, planningError: error.said ?? error.message }
            : { id: job.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
        port.postMessage(reply);
      });
  });
}
