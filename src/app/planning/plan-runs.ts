import type { AppContext } from '../context.js';
import { ConflictError, DomainError } from '../../domain/errors.js';

/** The planner's run of an operation as the console follows it: its times are the server's. */
export interface PlanRunState {
  state: 'running' | 'done' | 'failed';
  startedAt: string;
  limitSec: number;
  /** Who asked for it (an actor). */
  by: string;
  finishedAt?: string;
  /** The plan made. */
  code?: string;
  /** Why none was made, as the API would have answered. */
  error?: { code: string; message: string };
}

/** Per node (its context), per operation: the run under way, or the last one, while the process lives. */
const RUNS = new WeakMap<AppContext, Map<string, PlanRunState>>();

function runsOf(ctx: AppContext): Map<string, PlanRunState> {
  let runs = RUNS.get(ctx);
  if (!runs) RUNS.set(ctx, (runs = new Map<string, PlanRunState>()));
  return runs;
}

/** The planner's run of this operation: under way, or the last one since the server started. */
export function planRun(ctx: AppContext, operationId: string): PlanRunState | null {
  return runsOf(ctx).get(operationId) ?? null;
}

/**
 * Runs the planner for an operation as a run others can follow (`GET .../planner`): one at a time per
 * operation, since each takes the machine's cores for its whole time limit; a second is refused (409)
 * naming when the first will be done.
 */
export async function asPlanRun<T extends { code: string }>(
  ctx: AppContext,
  operationId: string,
  by: string,
  limitSec: number,
  work: () => Promise<T>,
): Promise<T> {
  const runs = runsOf(ctx);
  const under = runs.get(operationId);
  if (under?.state === 'running') {
    const ends = new Date(Date.parse(under.startedAt) + under.limitSec * 1000).toISOString();
    throw new ConflictError(
      `the planner is already making a plan for this operation (asked at ${under.startedAt}, done by about ${ends}): wait for it`,
      { startedAt: under.startedAt, limitSec: under.limitSec },
    );
  }
  const run: PlanRunState = { state: 'running', startedAt: ctx.now().toISOString(), limitSec, by };
  runs.set(operationId, run);
  try {
    const made = await work();
    runs.set(operationId, { ...run, state: 'done', finishedAt: ctx.now().toISOString(), code: made.code });
    return made;
  } catch (err) {
    // What the API answers: a refusal in its own words; anything else is the server's fault, unworded.
    const error =
      err instanceof DomainError
        ? { code: err.code, message: err.message }
        : { code: 'internal', message: 'the planner failed; the server has logged why' };
    runs.set(operationId, { ...run, state: 'failed', finishedAt: ctx.now().toISOString(), error });
    throw err;
  }
}
