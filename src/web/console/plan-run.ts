import { useSyncExternalStore } from 'react';
import { apiFetch } from '../client/http.js';
import type { Session } from '../client/session.js';

/**
 * The plan being made, kept outside the page: the planner runs on the server for up to its time limit,
 * and a coordinator who goes to another page meanwhile finds it still running, or its result, when they
 * come back. One at a time per console.
 */
export interface PlanRun {
  operationId: string;
  startedAt: number;
  limitSec: number;
  state: 'running' | 'done' | 'failed';
  /** The plan made (its code), or why the server refused to make one (worded where it is shown). */
  code?: string;
  error?: unknown;
}

let current: PlanRun | null = null;
const listeners = new Set<() => void>();

function set(run: PlanRun | null) {
  current = run;
  for (const listener of listeners) listener();
}

/** Asks the server for a plan; refused while another is being made. */
export function startPlan(session: Session, body: { timeLimitSec: number; start?: string }): boolean {
  if (current?.state === 'running') return false;
  const run: PlanRun = {
    operationId: session.operationId,
    startedAt: Date.now(),
    limitSec: body.timeLimitSec,
    state: 'running',
  };
  set(run);
  apiFetch<{ code: string }>(session, `/operations/${session.operationId}/plans`, { method: 'POST', body })
    .then((plan) => set({ ...run, state: 'done', code: plan.code }))
    .catch((e: unknown) => set({ ...run, state: 'failed', error: e }));
  return true;
}

export function usePlanRun(operationId: string): PlanRun | null {
  const run = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
  return run?.operationId === operationId ? run : null;
}
