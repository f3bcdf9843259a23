import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { Code, Ref } from '../../contracts/common.js';
import type { EventType, StoredEvent } from '../../contracts/events.js';
import { FILTERS, ListParams, RESOURCES, type ResourceName } from '../../contracts/resources.js';
import { CREATE_BODIES, RECORD_ACTIONS, type RecordAction } from '../../contracts/resource-bodies.js';
import { JSON_COLUMNS, TABLE_JSON_COLUMNS } from '../../contracts/resource-records.js';
import { isUuid, type CodedTable } from '../../domain/codes.js';
import {
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RuleViolatedError,
  said,
} from '../../domain/errors.js';
import type { AnyRow, ColumnsOf, ColumnValue, IdTable, RowOf } from '../../domain/projection.js';
import {
  countRows,
  findOperation,
  findRow,
  listOperations,
  listRows,
  vehicleIdsOfConvoy,
  vehicleIdsOfConvoys,
} from '../../store/queries.js';
import type { AppContext } from '../context.js';
import { derivedId } from '../log/idempotency.js';
import { recordChanges, type Change } from '../log/record-changes.js';
import { authoriseRead, authoriseWrite, type Caller } from '../access/permissions.js';
import { problemsOf, summary } from '../problems.js';

export type Resource = Record<string, unknown>;

type Underscored<S extends string> = S extends `${infer A}-${infer B}` ? `${A}_${Underscored<B>}` : S;
/** The table of a resource: its name with underscores, unless the resource names another. */
export type TableOf<N extends ResourceName> = Extract<
  (typeof RESOURCES)[N] extends { table: infer T } ? T : Underscored<N>,
  IdTable
>;

export function tableOf<N extends ResourceName>(name: N): TableOf<N> {
  const def = RESOURCES[name];
  return ('table' in def ? def.table : name.replace(/-/g, '_')) as TableOf<N>;
}

/**
 * A projection row as the API shows it: camelCase names, JSON columns as values. Which change a part of
 * the row holds (`..._version`, for replication) is the store's bookkeeping, not shown.
 */
export function toResource(row: AnyRow, table?: IdTable): Resource {
  const out: Resource = {};
  const own = table === undefined ? undefined : TABLE_JSON_COLUMNS[table];
  for (const [column, value] of Object.entries(row)) {
    if (column.endsWith('_version')) continue;
    const key = column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const isJson = JSON_COLUMNS.has(column) || own?.has(column) === true;
    out[key] = isJson && typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  }
  return out;
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'body'): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = problemsOf(result.error, what);
    throw new InvalidInputError(said('invalid {what}: {problems}', { what, problems: summary(problems) }), {
      problems,
    });
  }
  return result.data;
}

export async function listOperationsFor(ctx: AppContext, caller: Caller): Promise<Resource[]> {
  const rows = await listOperations(ctx.store.db);
  return rows
    .filter((r) => caller.role === 'system' || r.id === caller.operationId)
    .map((r) => toResource(r));
}

export async function getOperation(ctx: AppContext, caller: Caller, operationId: string): Promise<Resource> {
  authoriseRead(caller, operationId);
  const row = await findOperation(ctx.store.db, operationId);
  if (!row) throw new NotFoundError(said('operation {operation} does not exist', { operation: operationId }));
  const counts: Record<string, number> = {};
  for (const name of ['corridors', 'checkpoints', 'command-posts', 'vehicles', 'convoys'] as const)
    counts[name] = await countRows(ctx.store.db, tableOf(name), operationId);
  return { ...toResource(row), counts };
}

export async function listResource(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  name: ResourceName,
  query: Record<string, string>,
): Promise<{ items: Resource[]; total: number; limit: number; offset: number }> {
  await getOperation(ctx, caller, operationId);
  const filters = FILTERS[name] ?? {};
  const { limit, offset, ...rest } = query;
  const unknown = Object.keys(rest).filter((k) => !Object.hasOwn(filters, k));
  if (unknown.length > 0)
    throw new InvalidInputError(
      said('unknown query parameter(s) {parameters} for {resource}', {
        parameters: unknown.join(', '),
        resource: name,
      }),
      { allowed: ['limit', 'offset', ...Object.keys(filters)] },
    );
  const page = parseInput(ListParams, { limit, offset }, 'query');
  const bad = Object.entries(rest).find(([, value]) => value.includes('\u0000') || value.length > 200);
  if (bad)
    throw new InvalidInputError(
      said('query parameter {parameter} is not a value that can be matched', { parameter: bad[0] }),
    );
  // The filters' columns are the resource's (contracts/resources.ts names them for each resource).
  const where: Record<string, ColumnValue> = {};
  for (const [param, value] of Object.entries(rest)) {
    const filter = filters[param]!;
    where[filter.column] = filter.ref ? await resolveRef(ctx, operationId, filter.ref, value, param) : value;
  }
  const table = tableOf(name);
  const rows = await listRows(ctx.store.db, ctx.store.dialect, table, {
    operationId,
    where: where,
    limit: page.limit,
    offset: page.offset,
    orderBy: RESOURCES[name].orderBy,
  });
  const total = await countRows(ctx.store.db, table, operationId, where as ColumnsOf<typeof table>);
  const items = rows.map((r) => toResource(r, table));
  if (name === 'convoys') {
    // A convoy lists its vehicles, as one read of it does (the Fleet page counts vehicles on convoys).
    const vehicles = await vehicleIdsOfConvoys(
      ctx.store.db,
      items.map((i) => i.id as string),
    );
    for (const item of items) item.vehicleIds = vehicles.get(item.id as string) ?? [];
  }
  return { items, total, limit: page.limit, offset: page.offset };
}

export async function getResource(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  name: ResourceName,
  idOrCode: string,
): Promise<Resource> {
  const row = await getRecord(ctx, caller, operationId, name, idOrCode);
  const resource = toResource(row, tableOf(name));
  if (name === 'convoys') resource.vehicleIds = await vehicleIdsOfConvoy(ctx.store.db, row.id);
  return resource;
}

/** A record of the operation by UUID or code, as its table's row; not there is 404. */
export async function getRecord<N extends ResourceName>(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  name: N,
  idOrCode: string,
): Promise<RowOf<TableOf<N>>> {
  authoriseRead(caller, operationId);
  const row = await findByRef(ctx, operationId, name, idOrCode);
  if (!row)
    throw new NotFoundError(
      said('no {resource} {ref} in operation {operation}', {
        resource: name,
        ref: idOrCode,
        operation: operationId,
      }),
    );
  return row;
}

/** A record by UUID (any case) or by code; records without codes (passages) only by UUID. */
async function findByRef<N extends ResourceName>(
  ctx: AppContext,
  operationId: string,
  name: N,
  ref: string,
): Promise<RowOf<TableOf<N>> | undefined> {
  if (isUuid(ref)) return findRow(ctx.store.db, tableOf(name), operationId, ref.toLowerCase(), true);
  if (!('code' in CREATE_BODIES[name].shape) || !Code.safeParse(ref).success) return undefined;
  return findRow(ctx.store.db, tableOf(name), operationId, ref, false);
}

/** The UUID of a record given by UUID or code; a reference that is not there is the caller's mistake. */
export async function resolveRef(
  ctx: AppContext,
  operationId: string,
  name: ResourceName,
  ref: string,
  field: string,
): Promise<string> {
  const row = await findByRef(ctx, operationId, name, ref);
  if (!row)
    throw new RuleViolatedError(
      said('{field} {ref} is not one of the {resource} of operation {operation}', {
        field,
        ref,
        resource: name,
        operation: operationId,
      }),
      { field },
    );
  return row.id;
}

export async function createResource(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  name: ResourceName,
  input: unknown,
  /** Fields the server filled in from the state of the time: not compared when the request comes again. */
  notCompared: readonly string[] = [],
): Promise<Resource> {
  const def = RESOURCES[name];
  if ('readOnly' in def)
    throw new ForbiddenError(said('{resource} are recorded by the system, not created', { resource: name }));
  authoriseWrite(caller, operationId, def.event);
  const body: Record<string, unknown> = parseInput(CREATE_BODIES[name], input);
  const { eventId, occurredAt, id, ...fields } = body;
  const change = changeOf(def.event, eventId, occurredAt);
  // A record's id is derived from its event's, so the same request sent again names the same record.
  const payload: Record<string, unknown> = { ...fields, [def.idField]: id ?? derivedId(change.id) };
  for (const [field, target] of Object.entries(def.refs) as [string, ResourceName][]) {
    const value = payload[field];
    if (Array.isArray(value)) {
      payload[field] = await Promise.all(
        value.map((v) => resolveRef(ctx, operationId, target, Ref.parse(v), field)),
      );
    } else if (typeof value === 'string') {
      payload[field] = await resolveRef(ctx, operationId, target, value, field);
    }
  }
  const coded = 'code' in CREATE_BODIES[name].shape && payload.code === undefined;
  const stored = await recordOne(ctx, caller, operationId, {
    ...change,
    payload,
    ...(coded ? { allocateCode: tableOf(name) as CodedTable } : {}),
    ...(notCompared.length > 0 ? { notCompared } : {}),
  });
  return getResource(ctx, caller, operationId, name, String((stored.payload as Resource)[def.idField]));
}

/** A change of this type under the client's event id and time, or a new id and the server's time. */
export function changeOf(type: EventType, eventId: unknown, occurredAt: unknown): Change {
  return {
    id: typeof eventId === 'string' ? eventId : uuidv7(),
    type,
    occurredAt: typeof occurredAt === 'string' ? occurredAt : undefined,
    payload: undefined,
  };
}

/** Record one live change made through a REST route; a re-send of it answers as the first did. */
export async function recordOne(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  change: Change,
): Promise<StoredEvent> {
  const { events } = await recordChanges(ctx, operationId, caller, [change], { mode: 'live', label: 'body' });
  return events[0]!;
}

/** One of the RECORD_ACTIONS on the record `ref` names: parse, record the event, show the record after. */
export async function actOnRecord(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  action: RecordAction,
  ref: string,
  input: unknown,
): Promise<Resource> {
  const def = RECORD_ACTIONS[action];
  // Whether the caller may do this at all is said before anything is looked up.
  authoriseWrite(caller, operationId, def.event);
  const { eventId, occurredAt, ...fields } = parseInput(def.body, input) as Record<string, unknown>;
  const record = await getRecord(ctx, caller, operationId, def.resource, ref);
  if (action === 'passage-match') {
    fields.convoyId = await resolveRef(ctx, operationId, 'convoys', String(fields.convoyId), 'convoyId');
    fields.method = 'manual';
  }
  await recordOne(ctx, caller, operationId, {
    ...changeOf(def.event, eventId, occurredAt),
    payload: { ...fields, [def.idField]: record.id },
  });
  return getResource(ctx, caller, operationId, def.resource, record.id);
}
