import type { Kysely } from 'kysely';
import type { OperationRow } from '../domain/records/rows.js';
import {
  rowKey,
  type AnyRow,
  type ColumnsOf,
  type ColumnValue,
  type IdTable,
  type ProjectionTable,
  type RowOf,
} from '../domain/projection.js';
import { byteOrder, type SqlDialect } from './dialect.js';
import type { Database } from './schema.js';

type AnyDb = Kysely<Record<string, Record<string, ColumnValue>>>;

export interface ListQuery<T extends ProjectionTable> {
  operationId: string;
  where?: ColumnsOf<T>;
  limit: number;
  offset: number;
  orderBy: string;
}

export async function listRows<T extends IdTable>(
  db: Kysely<Database>,
  dialect: SqlDialect,
  table: T,
  q: ListQuery<T>,
): Promise<RowOf<T>[]> {
  let query = anyTable(db, table)
    .selectAll()
    .where('operation_id', '=', q.operationId)
    .orderBy(byteOrder(dialect, q.orderBy))
    .orderBy('id')
    .limit(q.limit)
    .offset(q.offset);
  for (const [column, value] of columns(q.where ?? {})) query = query.where(column, '=', value);
  return (await query.execute()) as unknown as RowOf<T>[];
}

export async function countRows<T extends ProjectionTable>(
  db: Kysely<Database>,
  table: T,
  operationId: string,
  where: ColumnsOf<T> = {},
): Promise<number> {
  let query = anyTable(db, table)
    .select((eb) => eb.fn.countAll().as('n'))
    .where('operation_id', '=', operationId);
  for (const [column, value] of columns(where)) query = query.where(column, '=', value);
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** One row of an operation by its UUID or its code. */
export async function findRow<T extends IdTable>(
  db: Kysely<Database>,
  table: T,
  operationId: string,
  idOrCode: string,
  byId: boolean,
): Promise<RowOf<T> | undefined> {
  const row = await anyTable(db, table)
    .selectAll()
    .where('operation_id', '=', operationId)
    .where(byId ? 'id' : 'code', '=', idOrCode)
    .executeTakeFirst();
  return row as unknown as RowOf<T> | undefined;
}

export async function listOperations(db: Kysely<Database>): Promise<OperationRow[]> {
  return db.selectFrom('operations').selectAll().orderBy('id').execute();
}

export async function findOperation(db: Kysely<Database>, id: string): Promise<OperationRow | undefined> {
  return db.selectFrom('operations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every row of a projection table in a stable order, for comparing a rebuild with the live tables. */
export async function dumpTable<T extends ProjectionTable>(
  db: Kysely<Database>,
  table: T,
): Promise<RowOf<T>[]> {
  const rows = (await anyTable(db, table).selectAll().execute()) as unknown as RowOf<T>[];
  const key = (r: AnyRow) => rowKey(r);
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export async function codesOf(
  db: Kysely<Database>,
  table: ProjectionTable,
  operationId: string,
): Promise<string[]> {
  const rows = await anyTable(db, table).select('code').where('operation_id', '=', operationId).execute();
  return rows.map((r) => String(r.code));
}

export async function vehicleIdsOfConvoy(db: Kysely<Database>, convoyId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('convoy_vehicles')
    .select('vehicle_id')
    .where('convoy_id', '=', convoyId)
    .orderBy('vehicle_id')
    .execute();
  return rows.map((r) => r.vehicle_id);
}

/** The vehicles of several convoys at once: convoy id to its vehicle ids. */
export async function vehicleIdsOfConvoys(
  db: Kysely<Database>,
  convoyIds: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(convoyIds.map((id) => [id, []]));
  for (let i = 0; i < convoyIds.length; i += 500) {
    const rows = await db
      .selectFrom('convoy_vehicles')
      .select(['convoy_id', 'vehicle_id'])
      .where('convoy_id', 'in', convoyIds.slice(i, i + 500))
      .orderBy('vehicle_id')
      .execute();
    for (const r of rows) out.get(r.convoy_id)?.push(r.vehicle_id);
  }
  return out;
}

/** Every row of an operation's table, by code (for the planner, which needs the whole state). */
export async function allRows<T extends ProjectionTable>(
  db: Kysely<Database>,
  dialect: SqlDialect,
  table: T,
  operationId: string,
): Promise<RowOf<T>[]> {
  const rows = await anyTable(db, table)
    .selectAll()
    .where('operation_id', '=', operationId)
    .orderBy(byteOrder(dialect, 'code'))
    .execute();
  return rows as unknown as RowOf<T>[];
}

/** The convoys of an operation's adopted plans that have not arrived, by code, with their plan's code. */
export async function convoysOfAdoptedPlansToArrive(
  db: Kysely<Database>,
  operationId: string,
): Promise<{ convoy: string; plan: string }[]> {
  return db
    .selectFrom('convoys as c')
    .innerJoin('plans as p', 'p.id', 'c.plan_id')
    .select(['c.code as convoy', 'p.code as plan'])
    .where('c.operation_id', '=', operationId)
    .where('p.status', '=', 'adopted')
    .where('c.status', '<>', 'arrived')
    .orderBy('c.code')
    .execute();
}

/** The vehicles of an operation on a convoy that has not arrived, with that convoy. */
export async function vehiclesOnActiveConvoys(
  db: Kysely<Database>,
  operationId: string,
): Promise<
  { vehicleId: string; vehicleCode: string; convoyId: string; convoyCode: string; status: string }[]
> {
  const rows = await db
    .selectFrom('convoy_vehicles as cv')
    .innerJoin('convoys as c', 'c.id', 'cv.convoy_id')
    .innerJoin('vehicles as v', 'v.id', 'cv.vehicle_id')
    .select([
      'cv.vehicle_id',
      'v.code as vehicle_code',
      'c.id as convoy_id',
      'c.code as convoy_code',
      'c.status',
    ])
    .where('cv.operation_id', '=', operationId)
    .where('c.status', '<>', 'arrived')
    .execute();
  return rows.map((r) => ({
    vehicleId: r.vehicle_id,
    vehicleCode: r.vehicle_code,
    convoyId: r.convoy_id,
    convoyCode: r.convoy_code,
    status: r.status,
  }));
}

/** The ids of an operation's rows that match, without their (possibly large) other columns. */
export async function idsWhere<T extends IdTable>(
  db: Kysely<Database>,
  table: T,
  operationId: string,
  where: ColumnsOf<T>,
): Promise<string[]> {
  let query = anyTable(db, table).select('id').where('operation_id', '=', operationId);
  for (const [column, value] of columns(where)) query = query.where(column, '=', value);
  return (await query.orderBy('id').execute()).map((r) => String(r.id));
}

/**
 * A projection table by name, its rows as plain records: the queries here that serve every table build
 * on it and return the table's row type (`domain/rows.ts`).
 */
function anyTable(db: Kysely<Database>, table: ProjectionTable) {
  return (db as unknown as AnyDb).selectFrom(table);
}

function columns(where: object): [string, ColumnValue][] {
  return Object.entries(where) as [string, ColumnValue][];
}
