import { sql, type Kysely, type Transaction } from 'kysely';
import type { CodedTable } from '../domain/codes.js';
import type { ConvoyRow } from '../domain/accountability/rows.js';
import type { ColumnsOf, ColumnValue, IdTable, ProjectionTable, RowOf } from '../domain/projection.js';
import { ConflictError, said } from '../domain/errors.js';
import {
  inList,
  isUniqueViolation,
  lockLog,
  lockOperation,
  maxParameters,
  type SqlDialect,
} from './dialect.js';
import { eventHash, GENESIS_HASH, hashedFields } from './event-hash.js';
import type { Database, EventsTable } from './schema.js';
import type { SqliteBulk } from './sqlite-bulk.js';
import type { Store } from './store.js';

export type EventRow = Omit<EventsTable, 'seq'> & { seq: number };
export type NewEventRow = Omit<EventsTable, 'seq'>;
export type UnchainedEventRow = Omit<NewEventRow, 'prev_hash' | 'hash'>;
/** A row to chain: its hashes given when it was chained on another node (replicated), else none. */
export type ChainableEventRow = UnchainedEventRow & { prev_hash?: string; hash?: string };

/** An event that does not continue its site's chain here: a gap, a second event of one number, a fork. */
export class ChainError extends ConflictError {}

// Generic access to projection tables by name: their rows are plain records of column values.
type AnyDb = Kysely<Record<string, Record<string, ColumnValue>>>;

/** The store's side of one append or rebuild: everything runs in one database transaction. */
export class StoreTx {
  private readonly any: AnyDb;
  constructor(
    readonly db: Transaction<Database> | Kysely<Database>,
    readonly dialect: SqlDialect,
    private readonly bulk?: SqliteBulk,
  ) {
    this.any = db as unknown as AnyDb;
  }

  async findEvents(ids: readonly string[]): Promise<EventRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .selectFrom('events')
      .selectAll()
      .where(inList(this.dialect, 'id', ids))
      .execute();
  }

  /**
   * Append rows to their sites' hash chains of an operation: a row must be the next of its origin site
   * (its `origin_seq` one past the chain's end). A row that comes with its hashes (replicated from
   * another node) must link to the chain's end and match its hash; one without gets them here (the
   * rows given are completed in place, and returned). The caller holds the operation's lock
   * (inOperationTransaction).
   */
  async appendToChain(operationId: string, rows: readonly ChainableEventRow[]): Promise<EventRow[]> {
    if (rows.length === 0) return [];
    const heads = new Map<string, { origin_seq: number; hash: string }>();
    for (const h of await this.siteHeads(operationId, [...new Set(rows.map((r) => r.origin_site))]))
      heads.set(h.origin_site, h);
    const chained: NewEventRow[] = rows.map((row) => {
      const head = heads.get(row.origin_site) ?? { origin_seq: 0, hash: GENESIS_HASH };
      if (row.origin_seq !== head.origin_seq + 1)
        throw new ChainError(
          row.origin_seq <= head.origin_seq
            ? said(
                'event {id} is number {seq} of site {site}, which this node already holds another event as',
                { id: row.id, seq: row.origin_seq, site: row.origin_site },
              )
            : said(
                "event {id} is number {seq} of site {site}, but this node holds that site's events up to {head} only: events {first} to {last} are missing",
                {
                  id: row.id,
                  seq: row.origin_seq,
                  site: row.origin_site,
                  head: head.origin_seq,
                  first: head.origin_seq + 1,
                  last: row.origin_seq - 1,
                },
              ),
          { site: row.origin_site, originSeq: row.origin_seq, head: head.origin_seq, eventId: row.id },
        );
      const hash = eventHash(head.hash, hashedFields(row), row.payload);
      if (row.hash !== undefined && (row.prev_hash !== head.hash || row.hash !== hash))
        throw new ChainError(
          row.prev_hash !== head.hash
            ? said(
                "event {id} (number {seq} of site {site}) does not link to that site's chain here: a forked chain",
                {
                  id: row.id,
                  seq: row.origin_seq,
                  site: row.origin_site,
                },
              )
            : said(
                'event {id} (number {seq} of site {site}) does not match its hash: it was changed after it was recorded',
                { id: row.id, seq: row.origin_seq, site: row.origin_site },
              ),
          { site: row.origin_site, originSeq: row.origin_seq, eventId: row.id },
        );
      heads.set(row.origin_site, { origin_seq: row.origin_seq, hash });
      // The row itself, not a copy: a replicated page chains a thousand.
      return Object.assign(row, { prev_hash: head.hash, hash });
    });
    const seqs = await this.insertEvents(chained);
    for (const [site, head] of heads) {
      const values = { origin_seq: head.origin_seq, hash: head.hash };
      await this.db
        .insertInto('site_heads')
        .values({ operation_id: operationId, origin_site: site, ...values })
        .onConflict((c) => c.columns(['operation_id', 'origin_site']).doUpdateSet(values))
        .execute();
    }
    return chained.map((row, i) => Object.assign(row, { seq: seqs[i]! }));
  }

  /** The ends of an operation's site chains (of these sites, or all). */
  async siteHeads(
    operationId: string,
    sites?: readonly string[],
  ): Promise<{ origin_site: string; origin_seq: number; hash: string }[]> {
    let q = this.db
      .selectFrom('site_heads')
      .select(['origin_site', 'origin_seq', 'hash'])
      .where('operation_id', '=', operationId);
    if (sites) {
      if (sites.length === 0) return [];
      q = q.where('origin_site', 'in', sites);
    }
    return q.execute();
  }

  async lastOriginSeq(operationId: string, site: string): Promise<number> {
    const [head] = await this.siteHeads(operationId, [site]);
    return head?.origin_seq ?? 0;
  }

  async insertEvents(rows: readonly NewEventRow[]): Promise<number[]> {
    if (this.bulk) return this.bulk.insert('events', rows);
    const seqs: number[] = [];
    for (const chunk of chunks(rows, Math.floor(maxParameters(this.dialect) / 14))) {
      if (chunk.length === 0) continue;
      const inserted = await this.db.insertInto('events').values(chunk).returning('seq').execute();
      seqs.push(...inserted.map((r) => r.seq));
    }
    return seqs;
  }

  /** The rows of these ids that exist (one query per thousand ids). */
  async getRows<T extends IdTable>(table: T, ids: readonly string[]): Promise<RowOf<T>[]> {
    if (ids.length === 0) return [];
    const rows = await this.any
      .selectFrom(table)
      .selectAll()
      .where(inList(this.dialect, 'id', ids))
      .execute();
    return rows as unknown as RowOf<T>[];
  }

  async getRow<T extends IdTable>(table: T, id: string): Promise<RowOf<T> | undefined> {
    const row = await this.any.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst();
    return row as unknown as RowOf<T> | undefined;
  }

  async countRows<T extends ProjectionTable>(table: T, where: ColumnsOf<T>): Promise<number> {
    let q = this.any.selectFrom(table as string).select((eb) => eb.fn.countAll().as('n'));
    for (const [column, value] of columnsOf(where)) q = q.where(column, value === null ? 'is' : '=', value);
    const row = await q.executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async rowsWhere<T extends IdTable>(table: T, where: ColumnsOf<T>): Promise<RowOf<T>[]> {
    let q = this.any.selectFrom(table as string).selectAll();
    for (const [column, value] of columnsOf(where)) q = q.where(column, value === null ? 'is' : '=', value);
    return (await q.orderBy('id').execute()) as unknown as RowOf<T>[];
  }

  async codeExists(table: CodedTable & ProjectionTable, operationId: string, code: string): Promise<boolean> {
    const row = await this.any
      .selectFrom(table)
      .select('id')
      .where('operation_id', '=', operationId)
      .where('code', '=', code)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The convoys a vehicle is on that have not arrived (several only when they are of one plan). */
  async activeConvoysOfVehicle(vehicleId: string): Promise<ConvoyRow[]> {
    return this.db
      .selectFrom('convoy_vehicles as cv')
      .innerJoin('convoys as c', 'c.id', 'cv.convoy_id')
      .selectAll('c')
      .where('cv.vehicle_id', '=', vehicleId)
      .where('c.status', '<>', 'arrived')
      .orderBy('c.id')
      .execute();
  }

  async vehicleIdsOfConvoy(convoyId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('convoy_vehicles')
      .select('vehicle_id')
      .where('convoy_id', '=', convoyId)
      .execute();
    return rows.map((r) => r.vehicle_id);
  }

  async insertRows<T extends ProjectionTable>(table: T, rows: readonly RowOf<T>[]): Promise<void> {
    if (rows.length === 0) return;
    if (this.bulk) {
      this.bulk.insert(table, rows);
      return;
    }
    const width = Object.keys(rows[0]!).length;
    for (const chunk of chunks(rows, Math.max(1, Math.floor(maxParameters(this.dialect) / width)))) {
      await this.any
        .insertInto(table)
        .values(chunk as unknown as Record<string, ColumnValue>[])
        .execute();
    }
  }

  async updateRow<T extends IdTable>(table: T, id: string, set: ColumnsOf<T>): Promise<void> {
    const result = await this.any
      .updateTable(table as string)
      .set(set as Record<string, ColumnValue>)
      .where('id', '=', id)
      .executeTakeFirst();
    // The rules checked the row exists, except for a replicated event (checked where it was recorded):
    // one that changes a record this node never had is refused (a node sends nothing before what it
    // was recorded on top of, so only a broken or forged page does this).
    if (Number(result.numUpdatedRows) !== 1)
      throw new ConflictError(
        said('the event changes {table} {id}, which is not recorded here', { table, id }),
        {
          table,
          id,
        },
      );
  }

  async clearProjections(tables: readonly ProjectionTable[]): Promise<void> {
    for (const t of tables) await this.any.deleteFrom(t).execute();
  }
}

/** Run `fn` in one transaction holding the operation's append lock. */
export async function inOperationTransaction<T>(
  store: Store,
  operationId: string,
  fn: (tx: StoreTx) => Promise<T>,
): Promise<T> {
  try {
    return await store.db.transaction().execute(async (trx) => {
      await lockOperation(trx as unknown as Kysely<unknown>, store.dialect, operationId);
      return fn(new StoreTx(trx, store.dialect, store.sqliteBulk));
    });
  } catch (error) {
    // Two writers raced for the same id on different operations: the loser is told plainly.
    if (isUniqueViolation(error))
      throw new ConflictError(said('an event or record with the same id was recorded meanwhile'));
    throw error;
  }
}

/** Run `fn` in one transaction that holds every append off (for rebuilding projections). */
export async function inLogTransaction<T>(store: Store, fn: (tx: StoreTx) => Promise<T>): Promise<T> {
  return store.db.transaction().execute(async (trx) => {
    await lockLog(trx as unknown as Kysely<unknown>, store.dialect);
    return fn(new StoreTx(trx, store.dialect, store.sqliteBulk));
  });
}

/** The columns of a partial row, to match. */
function columnsOf(where: object): [string, ColumnValue][] {
  return Object.entries(where) as [string, ColumnValue][];
}

export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

export { sql };
