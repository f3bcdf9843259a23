import type { EventPayload, EventType } from '../contracts/events.js';
import { canonicalJson } from './canonical-json.js';
import type { ProjectionRows } from './rows.js';

/**
 * The shapes every capability's projection shares: the tables, their rows, the row changes an event
 * causes, and the helpers that write them. Each capability projects its own events
 * (`<capability>/projection.ts`); `project-event.ts` puts them together.
 */

/** Every projection table, in the order a rebuild clears them (children first). */
export const PROJECTION_TABLES = [
  'sheets',
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

/** The row of a projection table (`rows.ts`). */
export type RowOf<T extends ProjectionTable> = ProjectionRows[T];
/** Some columns of a table's row, to match or to set. */
export type ColumnsOf<T extends ProjectionTable> = Partial<ProjectionRows[T]>;

// Every table in the list has a row type, and every row type a table in the list.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const everyTableTyped: Same<ProjectionTable, keyof ProjectionRows> = true;
void everyTableTyped;

export type ColumnValue = string | number | null;

/** A row of any projection table. */
export type AnyRow = ProjectionRows[ProjectionTable];
/** The tables whose rows have an id (all but the links of convoys to vehicles). */
export type IdTable = {
  [T in ProjectionTable]: RowOf<T> extends { id: string } ? T : never;
}[ProjectionTable];

/** One row change an event causes: typed by its table, so a misspelt column does not compile. */
export type Mutation =
  | { [T in ProjectionTable]: { kind: 'insert'; table: T; row: RowOf<T> } }[ProjectionTable]
  | { [T in IdTable]: { kind: 'update'; table: T; id: string; set: ColumnsOf<T> | Revision<T> } }[IdTable];

/**
 * The columns to set, worked out from the row as it is: for a change two sites may record apart (two
 * acknowledgements of one alert), so that the row ends the same whichever arrives first.
 */
export type Revision<T extends IdTable> = (row: RowOf<T>) => ColumnsOf<T>;

/** The columns an update sets on `row`. */
export function columnsSet(m: Extract<Mutation, { kind: 'update' }>, row: AnyRow): object {
  return typeof m.set === 'function' ? (m.set as (r: AnyRow) => object)(row) : m.set;
}

/** A row's key in its table: its id, or for a convoy's vehicle (a link, no id) the pair it links. */
export function rowKey(row: AnyRow): string {
  return 'id' in row ? row.id : `${row.convoy_id}|${row.vehicle_id}`;
}

/** Whether a row has every column value given. */
export function hasColumns(row: AnyRow, where: object): boolean {
  return columnsMatch(where)(row);
}

/** A test of rows against the column values given, to run over many rows (the values read once). */
export function columnsMatch(where: object): (row: AnyRow) => boolean {
  const wanted = Object.entries(where);
  return (row) => {
    const columns = row as unknown as Record<string, unknown>;
    for (const [k, v] of wanted) if (columns[k] !== v) return false;
    return true;
  };
}

export type ProjectableEvent = {
  [T in EventType]: {
    id: string;
    operationId: string;
    type: T;
    payload: EventPayload<T>;
    occurredAt: string;
    organisation: string | null;
    /** Who recorded it (`token:<id>`, `user:<id>`, `system:<what>`), where the caller knows. */
    actor?: string;
  };
}[EventType];

/** The row changes of each of a set of event types: one function per type, none left out. */
export type Projectors<T extends EventType> = {
  [K in T]: (event: Extract<ProjectableEvent, { type: K }>) => Mutation[];
};

/** A value as canonical JSON text; an absent value is a null column. */
export function json(v: NonNullable<unknown> | null): string;
export function json(v: unknown): string | null;
export function json(v: unknown): string | null {
  return v === undefined ? null : canonicalJson(v);
}
export const opt = <T extends ColumnValue>(v: T | undefined): T | null => (v === undefined ? null : v);
export const insert = <T extends ProjectionTable>(table: T, row: RowOf<T>): Mutation =>
  ({ kind: 'insert', table, row }) as Mutation;
export const update = <T extends IdTable>(table: T, id: string, set: ColumnsOf<T> | Revision<T>): Mutation =>
  ({ kind: 'update', table, id, set }) as Mutation;

/** Whether `at` (with `by` to break a tie) comes before what a row holds (null: nothing yet). */
export function earlier(
  at: string,
  by: string | null,
  heldAt: string | null,
  heldBy: string | null,
): boolean {
  if (heldAt === null) return true;
  return at < heldAt || (at === heldAt && (by ?? '') < (heldBy ?? ''));
}

/**
 * The version of a change: when it happened, then its event's id, so that two changes made at one
 * instant are ordered the same way on every node. Timestamps are stored alike (ISO, UTC, milliseconds),
 * so versions compare as text.
 */
export const changeVersion = (event: { occurredAt: string; id: string }): string =>
  `${event.occurredAt} ${event.id}`;

/** When a change of this version happened. */
export const versionTime = (version: string): string => version.split(' ')[0]!;

/** The columns of a table's row that hold which change a part of it holds (`..._version`). */
export type VersionColumn<T extends IdTable> = {
  [K in keyof RowOf<T>]: K extends `${string}_version` ? K : never;
}[keyof RowOf<T>];

/**
 * Which change stands when two sites changed one part of a record apart: the latest (a status, a
 * manifest, a count of progress), or the earliest (a change that ends something: the first voiding,
 * cancellation, closing, completion or erasure). Any change stands over what the record was created with
 * (a held version of null).
 */
export type Stands = 'latest' | 'earliest';

/**
 * Whether a change stands over the one `holder` holds in `part` (kept there when it does): the rule of
 * `change` below, for state held in memory (the accountability rules' fold).
 */
export function standsIn(
  holder: { versions?: Record<string, string> },
  part: string,
  event: { occurredAt: string; id: string },
  stands: Stands = 'latest',
): boolean {
  const version = changeVersion(event);
  if (!changeStands(version, holder.versions?.[part] ?? null, stands)) return false;
  holder.versions = { ...holder.versions, [part]: version };
  return true;
}

/**
 * Whether a status change stands over the status a record holds, when one status ends the record (a
 * closed corridor stays closed, lifecycle.ts): that status stands over any other change, made before it
 * or after it (a site that had not heard of the close), and the first of it over later ones; between
 * other changes, the latest stands.
 */
export function statusStands(
  change: { version: string; status: string },
  held: { version: string | null; status: string },
  ending: string,
): boolean {
  if (held.version === null) return true;
  if (held.status === ending) return change.status === ending && change.version < held.version;
  return change.status === ending || change.version > held.version;
}

/** statusStands for a record held in memory: its status and version are set when the change stands. */
export function statusStandsIn(
  holder: { status: string; versions?: Record<string, string> },
  event: { occurredAt: string; id: string },
  status: string,
  ending: string,
): boolean {
  const version = changeVersion(event);
  const held = { version: holder.versions?.status ?? null, status: holder.status };
  if (!statusStands({ version, status }, held, ending)) return false;
  holder.status = status;
  holder.versions = { ...holder.versions, status: version };
  return true;
}

/** Whether a change of this version stands over the one a row holds. */
export function changeStands(version: string, held: string | null, stands: Stands): boolean {
  return held === null || (stands === 'latest' ? version > held : version < held);
}

/**
 * A change of one part of a record that two sites may make apart (docs/sync.md): it sets its columns
 * and its version in `column` only when it stands over the change the row holds, so every node holding
 * the same events ends with the same row, whatever order they arrived in.
 */
export function change<T extends IdTable>(
  table: T,
  id: string,
  column: VersionColumn<T>,
  event: { occurredAt: string; id: string },
  set: ColumnsOf<T> | Revision<T>,
  stands: Stands = 'latest',
): Mutation {
  const version = changeVersion(event);
  return update(table, id, (row: RowOf<T>) => {
    if (!changeStands(version, row[column] as string | null, stands)) return {};
    const columns = typeof set === 'function' ? set(row) : set;
    return { ...columns, [column]: version };
  });
}
