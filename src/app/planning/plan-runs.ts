import type { AppContext } from '../context.js';
import { canSay, sayIn } from '../../contracts/words/said.js';
import { ConflictError, DomainError, said, type Said } from '../../domain/errors.js';

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
  /** Why none was made, as the API would have answered (`said`: to word it in the reader's language). */
  error?: { code: string; message: string; said?: Said };
}

/** The run as the API gives it: its refusal in Arabic to a reader who asks for it (`lang: 'ar'`). */
export function runAnswer(run: PlanRunState, arabic: boolean) {
  if (!run.error) return run;
  const { said: words, ...error } = run.error;
  if (!arabic || !words || !canSay('ar', words)) return { ...run, error };
  return { ...run, error: { ...error, message: sayIn('ar', words), lang: 'ar' as const } };
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

/** Past its limit by this much, a run is taken as lost (its worker never answered): another may start. */
export const LOST_AFTER_MS = 60_000;

/**
 * Runs the planner for an operation as a run others can follow (`GET .../planner`): one at a time per
 * operation (two coordinators asking at once would get two plans of the same people, each made in half
 * the time: the process plans one after another); a second is refused (409) naming when the first
 * will be done. A run still under way a minute past its limit is taken as lost, and no longer blocks.
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
  const lost =
    under?.state === 'running' &&
    ctx.now().getTime() > Date.parse(under.startedAt) + under.limitSec * 1000 + LOST_AFTER_MS;
  if (under?.state === 'running' && !lost) {
    const ends = new Date(Date.parse(under.startedAt) + under.limitSec * 1000).toISOString();
    throw new ConflictError(
      said(
        'the planner is already making a plan for this operation (asked at {startedAt}, done by about {ends}): wait for it',
        { startedAt: under.startedAt, ends },
      ),
      { startedAt: under.startedAt, limitSec: under.limitSec },
    );
  }
  const run: PlanRunState = { state: 'running', startedAt: ctx.now().toISOString(), limitSec, by };
  runs.set(operationId, run);
  // What this run ends with, unless a later run has taken its place (this one was taken as lost).
  const end = (ended: PlanRunState) => runs.get(operationId) === run && runs.set(operationId, ended);
  try {
    const made = await work();
    end({ ...run, state: 'done', finishedAt: ctx.now().toISOString(), code: made.code });
    return made;
  } catch (err) {
    // What the API answers: a refusal in its own words; anything else is the server's fault, unworded.
    const error =
      err instanceof DomainError
        ? { code: err.code, message: err.message, ...(err.said && { said: err.said }) }
        : { code: 'internal', message: 'the planner failed; the server has logged why' };
    end({ ...run, state: 'failed', finishedAt: ctx.now().toISOString(), error });
    throw err;
  }
}
