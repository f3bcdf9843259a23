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

/**
 * Vehicles on convoys that boarded (any status but planned), by kind: for the whole operation
 * (`stage_key` null) and per stage of the convoy's corridor. Counted in the database, so that a report
 * does not read every convoy's vehicles.
 */
export async function vehiclesUsed(db: Kysely<Database>, operationId: string): Promise<Row[]> {
  const any = db as unknown as AnyDb;
  const base = () =>
    any
      .selectFrom('convoy_vehicles as cv')
      .innerJoin('convoys as c', 'c.id', 'cv.convoy_id')
      .innerJoin('vehicles as v', 'v.id', 'cv.vehicle_id')
      .where('cv.operation_id', '=', operationId)
      .where('c.status', '<>', 'planned');
  const all = await base()
    .select((eb) => ['v.kind as kind', eb.fn.count('cv.vehicle_id').distinct().as('n')])
    .groupBy('v.kind')
    .execute();
  const staged = await base()
    .innerJoin('corridors as cor', 'cor.id', 'c.corridor_id')
    .where('cor.stage_key', 'is not', null)
    .select((eb) => [
      'cor.stage_key as stage_key',
      'v.kind as kind',
      eb.fn.count('cv.vehicle_id').distinct().as('n'),
    ])
    .groupBy(['cor.stage_key', 'v.kind'])
    .execute();
  return [
    ...all.map((r) => ({ stage_key: null, kind: r.kind, n: Number(r.n) })),
    ...staged.map((r) => ({ stage_key: r.stage_key, kind: r.kind, n: Number(r.n) })),
  ] as Row[];
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
): AsyncGenerator<LoggedEvent[]> {
  let after = 0;
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
