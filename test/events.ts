import { v7 as uuidv7 } from 'uuid';
import {
  EVENT_PAYLOADS,
  type EventPayloadInput,
  type EventSubmission,
  type EventType,
} from '../src/contracts/events.js';
import type { ProjectableEvent } from '../src/domain/projection.js';

export interface EventOptions {
  operationId?: string;
  occurredAt?: string;
  organisation?: string | null;
  id?: string;
}

/**
 * The one builder of test events: a payload as a sender writes it, validated and completed by its
 * schema (defaults filled in), with a fresh UUIDv7 and the time now unless told otherwise.
 */
export function eventOf<T extends EventType>(
  type: T,
  payload: EventPayloadInput<T>,
  options: EventOptions = {},
): ProjectableEvent {
  return {
    id: options.id ?? uuidv7(),
    operationId: options.operationId ?? 'aleppo-2016',
    type,
    payload: EVENT_PAYLOADS[type].parse(payload),
    occurredAt: options.occurredAt ?? new Date().toISOString(),
    organisation: options.organisation ?? null,
  } as ProjectableEvent;
}

/** The same event as a client submits it (`POST .../events`, `recordChanges`). */
export function submissionOf(event: ProjectableEvent): EventSubmission {
  return {
    id: event.id,
    type: event.type,
    schemaVersion: 1,
    occurredAt: event.occurredAt,
    payload: event.payload,
  } as EventSubmission;
}

/** An event as submitted (a scenario's, say) as the rules and projections take it. */
export function projectableOf(submission: EventSubmission, operationId: string): ProjectableEvent {
  return eventOf(submission.type, submission.payload as never, {
    id: submission.id,
    operationId,
    occurredAt: submission.occurredAt,
  });
}
