import { useSyncExternalStore } from 'react';
import { ApiError, apiFetch } from '../client/http.js';
import type { Session } from '../client/session.js';

/**
 * The plan being made, kept outside the page: the planner runs on the server for up to its time limit,
 * and a coordinator who goes to another page meanwhile finds it still running, or its result, when they
 * come back. A console opened (or reloaded) while the server makes one follows it by the server's clock
 * (`followServerRun`). One at a time per operation: the server refuses a second.
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

/** How the server says its run is going (`GET .../planner`). */
interface ServerRun {
  run: {
    state: 'running' | 'done' | 'failed';
    startedAt: string;
    limitSec: number;
    code?: string;
    error?: { code: string; message: string; lang?: 'ar' };
  } | null;
  now: string;
}

const STATUS_OF: Record<string, number> = { invalid_input: 400, conflict: 409, rule_violated: 422 };

/**
 * Follows the server's run of the planner when this console has none under way (a reload, another
 * coordinator's run, started before this page was opened or after): its progress by the server's
 * clock, then its plan or why none. Read every `everyMs` while a run is followed, four times less
 * often otherwise, until the page is left. Answers a function that stops following.
 */
export function followServerRun(session: Session, everyMs = 1500): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let following: PlanRun | null = null;
  // A run this console started itself is its own to show.
  const ours = () => current?.state === 'running' && current !== following;
  // Looked at often while a run is followed, less often otherwise (a run another coordinator starts).
  const again = (ms = everyMs) => {
    if (!stopped) timer = setTimeout(() => void look(), ms);
  };
  const look = async () => {
    if (stopped) return;
    if (ours()) return again(everyMs * 4);
    let answer: ServerRun;
    try {
      answer = await apiFetch<ServerRun>(session, `/operations/${session.operationId}/planner`);
    } catch {
      // Not read this time (a bad link): looked at again shortly.
      return again();
    }
    const { run, now } = answer;
    if (stopped) return;
    if (ours()) return again(everyMs * 4);
    if (run?.state === 'running') {
      // The start in this browser's time: what it shows as elapsed is the server's.
      const startedAt = Date.now() - (Date.parse(now) - Date.parse(run.startedAt));
      if (current !== following || following === null) {
        following = { operationId: session.operationId, startedAt, limitSec: run.limitSec, state: 'running' };
        set(following);
      }
      return again();
    }
    // Ended while followed: its plan, or why none; or gone (the server restarted), then nothing shown.
    if (following !== null && !run) {
      following = null;
      set(null);
    } else if (following !== null && run) {
      following = null;
      set({
        operationId: session.operationId,
        startedAt: Date.parse(run.startedAt),
        limitSec: run.limitSec,
        state: run.state,
        ...(run.code ? { code: run.code } : {}),
        ...(run.error
          ? {
              error: new ApiError(
                STATUS_OF[run.error.code] ?? 500,
                run.error.code,
                run.error.message,
                run.error.lang ?? 'en',
              ),
            }
          : {}),
      });
    }
    again(everyMs * 4);
  };
  void look();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
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
