import type { Kysely } from 'kysely';
import type { ColumnValue, ProjectionTable, RowOf } from '../domain/projection.js';
import { REPORT_COLUMNS, type ReportRow } from '../domain/reports/report-tables.js';
import type { Database } from './schema.js';

type AnyDb = Kysely<Record<string, Record<string, ColumnValue>>>;

/** Every row of one projection table for an operation, in no promised order (callers sort). */
export async function operationRows<T extends ProjectionTable>(
  db: Kysely<Database>,
  table: T,
  operationId: string,
): Promise<RowOf<T>[]> {
  return (await ofOperation(db, table, operationId).selectAll().execute()) as unknown as RowOf<T>[];
}

/** Some columns of every row of one projection table for an operation. */
export async function operationColumns<T extends ProjectionTable, C extends keyof RowOf<T> & string>(
  db: Kysely<Database>,
  table: T,
  operationId: string,
  columns: readonly C[],
): Promise<Pick<RowOf<T>, C>[]> {
  const rows = await ofOperation(db, table, operationId).select(columns).execute();
  return rows as unknown as Pick<RowOf<T>, C>[];
}

function ofOperation(db: Kysely<Database>, table: ProjectionTable, operationId: string) {
  const key = table === 'operations' ? 'id' : 'operation_id';
  return (db as unknown as AnyDb).selectFrom(table as string).where(key, '=', operationId);
}

/**
 * The passages a report counts: by enumerators or cameras, with only the columns it reads. (Read in
 * one scan: filtering on the checkpoint here makes SQLite look up each row through an index, slower.)
 */
export async function countedPassages(
  db: Kysely<Database>,
  operationId: string,
): Promise<ReportRow<'passages'>[]> {
  return db
    .selectFrom('passages')
    .select(REPORT_COLUMNS.passages)
    .where('operation_id', '=', operationId)
    .where('source', 'in', ['enumerator', 'camera'])
    .execute();
}

/** The position of an operation's last event in the log (0 when it has none). */
export async function headSeq(db: Kysely<Database>, operationId: string): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('seq').as('last'))
    .where('operation_id', '=', operationId)
    .executeTakeFirst();
  return row?.last ?? 0;
}

export interface LoggedEvent {
  seq: number;
  id: string;
  type: string;
  payload: string;
  occurred_at: string;
  recorded_at: string;
  organisation: string | null;
}

/**
 * The events of an operation in log order, in pages, up to a time: by when they happened
 * (`occurred_at`) or by when this store accepted them (`recorded_at`).
 */
export async function* eventsUpTo(
  db: Kysely<Database>,
  operationId: string,
  basis: 'occurred' | 'recorded',
  until: string | undefined,
  pageSize = 20_000,
  afterSeq = 0,
): AsyncGenerator<LoggedEvent[]> {
  let after = afterSeq;
  for (;;) {
    let q = db
      .selectFrom('events')
      .select(['seq', 'id', 'type', 'payload', 'occurred_at', 'recorded_at', 'organisation'])
      .where('operation_id', '=', operationId)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize);
    if (until !== undefined) q = q.where(basis === 'occurred' ? 'occurred_at' : 'recorded_at', '<=', until);
    const page = await q.execute();
    if (page.length === 0) return;
    yield page;
    after = page.at(-1)!.seq;
  }
}
