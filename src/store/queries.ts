import type { Kysely } from 'kysely';
import type { ColumnValue, ProjectionTable, Row } from '../domain/projection.js';
import { byteOrder, type SqlDialect } from './dialect.js';
import type { Database } from './schema.js';

type AnyDb = Kysely<Record<string, Record<string, ColumnValue>>>;

export interface ListQuery {
  operationId: string;
  where?: Row;
  limit: number;
  offset: number;
  orderBy: string;
}

export async function listRows(
  db: Kysely<Database>,
  dialect: SqlDialect,
  table: ProjectionTable,
  q: ListQuery,
): Promise<Row[]> {
  let query = (db as unknown as AnyDb)
    .selectFrom(table)
    .selectAll()
    .where('operation_id', '=', q.operationId)
    .orderBy(byteOrder(dialect, q.orderBy))
    .orderBy('id')
    .limit(q.limit)
    .offset(q.offset);
  for (const [column, value] of Object.entries(q.where ?? {})) query = query.where(column, '=', value);
  return query.execute();
}

export async function countRows(
  db: Kysely<Database>,
  table: ProjectionTable,
  operationId: string,
  where: Row = {},
): Promise<number> {
  let query = (db as unknown as AnyDb)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .where('operation_id', '=', operationId);
  for (const [column, value] of Object.entries(where)) query = query.where(column, '=', value);
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** One row of an operation by its UUID or its code. */
export async function findRow(
  db: Kysely<Database>,
  table: ProjectionTable,
  operationId: string,
  idOrCode: string,
  byId: boolean,
): Promise<Row | undefined> {
  return (db as unknown as AnyDb)
    .selectFrom(table)
    .selectAll()
    .where('operation_id', '=', operationId)
    .where(byId ? 'id' : 'code', '=', idOrCode)
    .executeTakeFirst();
}

export async function listOperations(db: Kysely<Database>): Promise<Row[]> {
  return (db as unknown as AnyDb).selectFrom('operations').selectAll().orderBy('id').execute();
}

export async function findOperation(db: Kysely<Database>, id: string): Promise<Row | undefined> {
  return (db as unknown as AnyDb)
    .selectFrom('operations')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Every row of a projection table in a stable order, for comparing a rebuild with the live tables. */
export async function dumpTable(db: Kysely<Database>, table: ProjectionTable): Promise<Row[]> {
  const rows = await (db as unknown as AnyDb).selectFrom(table).selectAll().execute();
  const key = (r: Row) => JSON.stringify([r.id ?? null, r.convoy_id ?? null, r.vehicle_id ?? null]);
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export async function codesOf(
  db: Kysely<Database>,
  table: ProjectionTable,
  operationId: string,
): Promise<string[]> {
  const rows = await (db as unknown as AnyDb)
    .selectFrom(table)
    .select('code')
    .where('operation_id', '=', operationId)
    .execute();
  return rows.map((r) => String(r.code));
}

export async function vehicleIdsOfConvoy(db: Kysely<Database>, convoyId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('convoy_vehicles')
    .select('vehicle_id')
    .where('convoy_id', '=', convoyId)
    .orderBy('vehicle_id')
    .execute();
  return rows.map((r) => String(r.vehicle_id));
}

/** Every row of an operation's table, by code (for the planner, which needs the whole state). */
export async function allRows(
  db: Kysely<Database>,
  dialect: SqlDialect,
  table: ProjectionTable,
  operationId: string,
): Promise<Row[]> {
  return (db as unknown as AnyDb)
    .selectFrom(table)
    .selectAll()
    .where('operation_id', '=', operationId)
    .orderBy(byteOrder(dialect, 'code'))
    .execute();
}

/** The vehicles of an operation on a convoy that has not arrived, with that convoy. */
export async function vehiclesOnActiveConvoys(
  db: Kysely<Database>,
  operationId: string,
): Promise<
  { vehicleId: string; vehicleCode: string; convoyId: string; convoyCode: string; status: string }[]
> {
  const rows = await (db as unknown as AnyDb)
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
    vehicleId: String(r.vehicle_id),
    vehicleCode: String(r.vehicle_code),
    convoyId: String(r.convoy_id),
    convoyCode: String(r.convoy_code),
    status: String(r.status),
  }));
}

/** The ids of an operation's rows that match, without their (possibly large) other columns. */
export async function idsWhere(
  db: Kysely<Database>,
  table: ProjectionTable,
  operationId: string,
  where: Row,
): Promise<string[]> {
  let query = (db as unknown as AnyDb).selectFrom(table).select('id').where('operation_id', '=', operationId);
  for (const [column, value] of Object.entries(where)) query = query.where(column, '=', value);
  return (await query.orderBy('id').execute()).map((r) => String(r.id));
}
