import { z } from 'zod';
import { Name, OperationId, Timestamp, Uuid, Uuid7 } from './common.js';
import { RECORDS_PAYLOADS } from './records/events.js';
import { ACCOUNTABILITY_PAYLOADS } from './accountability/events.js';
import { PLANNING_PAYLOADS } from './planning/events.js';
import { SAFE_PASSAGE_PAYLOADS } from './safe-passage/events.js';
import { RECOVERY_PAYLOADS } from './recovery/events.js';
import { REPORTS_PAYLOADS } from './reports/events.js';
import { PAPER_PAYLOADS } from './paper/events.js';
import { PROTECTION_PAYLOADS } from './protection/personal-data.js';
import { OriginSeq, OriginSite } from './vocabulary.js';

export * from './vocabulary.js';

/**
 * The payload of every event type, by type, from each capability's `<capability>/events.ts`. Each is
 * strict: unknown fields are refused.
 */
export const EVENT_PAYLOADS = {
  ...RECORDS_PAYLOADS,
  ...ACCOUNTABILITY_PAYLOADS,
  ...PLANNING_PAYLOADS,
  ...SAFE_PASSAGE_PAYLOADS,
  ...RECOVERY_PAYLOADS,
  ...REPORTS_PAYLOADS,
  ...PAPER_PAYLOADS,
  // Personal data, sealed: see src/contracts/protection/personal-data.ts.
  ...PROTECTION_PAYLOADS,
} as const;

export type EventType = keyof typeof EVENT_PAYLOADS;
export const EVENT_TYPES = Object.keys(EVENT_PAYLOADS) as EventType[];
export type EventPayload<T extends EventType> = z.output<(typeof EVENT_PAYLOADS)[T]>;
/** What a sender may write: fields with defaults can be left out. */
export type EventPayloadInput<T extends EventType> = z.input<(typeof EVENT_PAYLOADS)[T]>;
export type AnyEventPayload = { [T in EventType]: EventPayload<T> }[EventType];

/** The envelope of an event as a client submits it: it chooses the id (UUIDv7) and when the thing
 * happened. The payload is checked against `EVENT_PAYLOADS[type]` next. */
export const EventEnvelope = z.strictObject({
  id: Uuid7,
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  schemaVersion: z.literal(1).default(1),
  occurredAt: Timestamp,
  originSite: OriginSite.optional(),
  originSeq: OriginSeq.optional(),
  payload: z.unknown(),
});

export type EventSubmission = {
  [T in EventType]: {
    id: string;
    type: T;
    schemaVersion: number;
    occurredAt: string;
    originSite?: string | undefined;
    originSeq?: number | undefined;
    payload: EventPayload<T>;
  };
}[EventType];

export const EventBatch = z.strictObject({ events: z.array(z.unknown()).min(1).max(5000) });

/** An event as the log holds it. */
export interface StoredEvent {
  seq: number;
  id: string;
  operationId: string;
  type: EventType;
  schemaVersion: number;
  payload: unknown;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  organisation: string | null;
  originSite: string;
  originSeq: number;
  prevHash: string;
  hash: string;
}

export const StoredEventSchema = z.strictObject({
  seq: z.number().int().optional(),
  id: Uuid,
  operationId: OperationId,
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  schemaVersion: z.number().int(),
  payload: z.unknown(),
  occurredAt: Timestamp,
  recordedAt: Timestamp.optional(),
  actor: Name,
  organisation: Uuid.nullable(),
  originSite: OriginSite,
  originSeq: OriginSeq,
  prevHash: z.string().optional(),
  hash: z.string().optional(),
});
