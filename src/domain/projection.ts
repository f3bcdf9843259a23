import type { EventPayload, EventType } from '../contracts/events.js';
import { canonicalJson } from './canonical-json.js';

/**
 * The shapes every capability's projection shares: the tables, their rows, the row changes an event
 * causes, and the helpers that write them. Each capability projects its own events
 * (`<capability>/projection.ts`); `project-event.ts` puts them together.
 */

/** Every projection table, in the order a rebuild clears them (children first). */
export const PROJECTION_TABLES = [
  'tracing_reviews',
  'tracing_requests',
  'registrations',
  'family_groups',
  'aid_deliveries',
  'access_statuses',
  'service_statuses',
  'returns',
  'gate_overrides',
  'acknowledgements',
  'notifications',
  'pause_windows',
  'incidents',
  'clearance_tasks',
  'hazards',
  'alerts',
  'plans',
  'pickup_points',
  'passages',
  'convoy_vehicles',
  'convoys',
  'figures',
  'reception_points',
  'vehicles',
  'checkpoints',
  'corridors',
  'command_posts',
  'areas',
  'organisations',
  'operations',
] as const;
export type ProjectionTable = (typeof PROJECTION_TABLES)[number];

export type ColumnValue = string | number | null;
export type Row = Record<string, ColumnValue>;

export type Mutation =
  | { kind: 'insert'; table: ProjectionTable; row: Row }
  | { kind: 'update'; table: ProjectionTable; id: string; set: Row };

export type ProjectableEvent = {
  [T in EventType]: {
    id: string;
    operationId: string;
    type: T;
    payload: EventPayload<T>;
    occurredAt: string;
    organisation: string | null;
  };
}[EventType];

/** The row changes of each of a set of event types: one function per type, none left out. */
export type Projectors<T extends EventType> = {
  [K in T]: (event: Extract<ProjectableEvent, { type: K }>) => Mutation[];
};

export const json = (v: unknown): string | null => (v === undefined ? null : canonicalJson(v));
export const opt = <T extends ColumnValue>(v: T | undefined): T | null => (v === undefined ? null : v);
export const insert = (table: ProjectionTable, row: Row): Mutation => ({ kind: 'insert', table, row });
export const update = (table: ProjectionTable, id: string, set: Row): Mutation => ({
  kind: 'update',
  table,
  id,
  set,
});
