import type { EventPayload, EventType } from '../contracts/events.js';
import { AccountabilityRules } from './accountability/rules.js';
import { ConflictError, InvalidInputError, NotFoundError, said } from './errors.js';
import { PlanningRules } from './planning/rules.js';
import type { ProjectableEvent } from './projection.js';
import { ProtectionRules } from './protection/rules.js';
import { RecordsRules } from './records/rules.js';
import { RecoveryRules } from './recovery/rules.js';
import { ReportsRules } from './reports/rules.js';
import { PaperRules } from './paper/rules.js';
import type { OperationView, RuleBase } from './rule-base.js';
import { SafePassageRules } from './safe-passage/rules.js';

export interface CheckOptions {
  /**
   * The event is history being replayed (an import, a scenario): it is checked against the state it
   * was recorded in, not against today's clock.
   */
  replay?: boolean;
  /**
   * The event comes from another node, whose clock it was recorded by: its time is not judged by ours
   * (nodes report the offset between their clocks instead).
   */
  replicated?: boolean;
}

/** How far in the future a recorder's clock may run before we call the time impossible. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The rules an event must satisfy against the state it is appended to. Throws a DomainError naming the
 * rule; returns nothing when the event may be appended. `now` is passed in: domain/ reads no clock.
 */
export async function checkEvent(
  event: ProjectableEvent,
  view: OperationView,
  now: Date,
  options: CheckOptions = {},
): Promise<void> {
  if (!options.replicated && Date.parse(event.occurredAt) > now.getTime() + MAX_CLOCK_SKEW_MS) {
    throw new InvalidInputError(said('occurredAt {at} is in the future', { at: event.occurredAt }), {
      field: 'occurredAt',
      now: now.toISOString(),
    });
  }
  if (event.type === 'OperationCreated') {
    if (await view.get('operations', view.operationId))
      throw new ConflictError(said('operation {operation} exists already', { operation: view.operationId }));
    return;
  }
  if (!(await view.get('operations', view.operationId)))
    throw new NotFoundError(said('operation {operation} does not exist', { operation: view.operationId }));
  const rules = new (RULES.get(event.type) as typeof RuleBase)(view, now, options.replay ?? false);
  await (rules as unknown as Record<string, Handler>)[event.type]!(event.payload, event);
}

type RuledType = Exclude<EventType, 'OperationCreated'>;
type Handler = (payload: unknown, event: ProjectableEvent) => Promise<void>;
type Handlers = {
  [T in RuledType]: (payload: EventPayload<T>, event: ProjectableEvent) => Promise<void>;
};

const CAPABILITIES = [
  RecordsRules,
  AccountabilityRules,
  PlanningRules,
  SafePassageRules,
  ProtectionRules,
  RecoveryRules,
  ReportsRules,
  PaperRules,
] as const;

// Every event type has its rules in one capability: a type left out, or a handler of the wrong shape,
// does not compile.
const _complete: Handlers = {} as RecordsRules &
  AccountabilityRules &
  PlanningRules &
  SafePassageRules &
  ProtectionRules &
  RecoveryRules &
  ReportsRules &
  PaperRules;
void _complete;

/** The capability whose rules check each event type. */
const RULES = new Map<EventType, (typeof CAPABILITIES)[number]>();
for (const capability of CAPABILITIES)
  for (const name of Object.getOwnPropertyNames(capability.prototype))
    if (name !== 'constructor') RULES.set(name as EventType, capability);
