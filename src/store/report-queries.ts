import type { Kysely } from 'kysely';
import type { ColumnValue, ProjectionTable, Row } from '../domain/projection.js';
import type { Database } from './schema.js';

type AnyDb = Kysely<Record<string, Record<string, ColumnValue>>>;

/** Every row of one projection table for an operation, in no promised order (callers sort). */
export async function operationRows(
  db: Kysely<Database>,
  table: ProjectionTable,
  operationId: string,
  columns?: readonly string[],
): Promise<Row[]> {
  const any = db as unknown as AnyDb;
  const key = table === 'operations' ? 'id' : 'operation_id';
  const base = any.selectFrom(table).where(key, '=', operationId);
  return columns ? base.select(columns as string[]).execute() : base.selectAll().execute();
}

/**
 * The passages a report counts: by enumerators or cameras, with only the columns it reads. (Read in
 * one scan: filtering on the checkpoint here makes SQLite look up each row through an index, slower.)
 */
export async function countedPassages(db: Kysely<Database>, operationId: string): Promise<Row[]> {
  return (db as unknown as AnyDb)
    .selectFrom('passages')
    .select(['id', 'convoy_id', 'checkpoint_id', 'source', 'people', 'people_total', 'observed_at'])
    .where('operation_id', '=', operationId)
    .where('source', 'in', ['enumerator', 'camera'])
    .execute();
}

/** The position of an operation's last event in the log (0 when it has none). */
export async function headSeq(db: Kysely<Database>, operationId: string): Promise<number> {
  const row = await db
    .selectFrom('chain_heads')
    .select('last_seq')
    .where('operation_id', '=', operationId)
    .executeTakeFirst();
  return Number(row?.last_seq ?? 0);
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
