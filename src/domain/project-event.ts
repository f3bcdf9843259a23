import type { EventType } from '../contracts/events.js';
import { ACCOUNTABILITY_PROJECTORS } from './accountability/projection.js';
import { PLANNING_PROJECTORS } from './planning/projection.js';
import type { Mutation, ProjectableEvent, Projectors } from './projection.js';
import { PROTECTION_PROJECTORS } from './protection/projection.js';
import { RECORDS_PROJECTORS } from './records/projection.js';
import { RECOVERY_PROJECTORS } from './recovery/projection.js';
import { REPORTS_PROJECTORS } from './reports/projection.js';
import { PAPER_PROJECTORS } from './paper/projection.js';
import { SAFE_PASSAGE_PROJECTORS } from './safe-passage/projection.js';

/** Every event type's projection, by capability; a type without one does not compile. */
const PROJECTORS: Projectors<EventType> = {
  ...RECORDS_PROJECTORS,
  ...ACCOUNTABILITY_PROJECTORS,
  ...PLANNING_PROJECTORS,
  ...SAFE_PASSAGE_PROJECTORS,
  ...PROTECTION_PROJECTORS,
  ...RECOVERY_PROJECTORS,
  ...REPORTS_PROJECTORS,
  ...PAPER_PROJECTORS,
};

/**
 * Projections are folds over the event log. `projectEvent` turns one event into the row changes it
 * causes; the store applies them in the append's transaction, the rebuild replays them from the log,
 * and the simulator applies them in memory. It reads nothing, so the same event always has the same
 * effect, which is what makes a rebuild identical to the live tables.
 */
export function projectEvent(event: ProjectableEvent): Mutation[] {
  return (PROJECTORS[event.type] as (e: ProjectableEvent) => Mutation[])(event);
}
