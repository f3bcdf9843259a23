import type { EventSubmission } from '../../contracts/events.js';
import type { AppContext } from '../context.js';
import { recordChanges } from '../log/record-changes.js';
import type { Caller } from '../access/permissions.js';
import type { Progress } from '../log/rebuild.js';

export interface LoadResult {
  appended: number;
  duplicates: number;
}

/**
 * Load a scenario through the same append path as real use. Its events have fixed ids, so loading it
 * again (or after an interrupted load) appends only what is missing.
 */
export async function loadScenarioEvents(
  ctx: AppContext,
  operationId: string,
  events: readonly EventSubmission[],
  progress?: Progress,
): Promise<LoadResult> {
  const caller: Caller = {
    actor: `system:scenario:${operationId}`,
    role: 'system',
    organisationId: null,
    operationId,
  };
  const result: LoadResult = { appended: 0, duplicates: 0 };
  for (let i = 0; i < events.length; i += 1000) {
    // A scenario is history as its authors wrote it: checked against its own time, its alerts in it.
    const outcome = await recordChanges(ctx, operationId, caller, events.slice(i, i + 1000), {
      mode: 'replay',
    });
    result.appended += outcome.appended;
    result.duplicates += outcome.duplicates;
    progress?.(Math.min(i + 1000, events.length), events.length);
  }
  return result;
}
