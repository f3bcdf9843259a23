import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { EventRow } from './store-tx.js';

export interface EventQuery {
  operationId?: string | undefined;
  afterSeq?: number;
  /** The last `limit` events before this position (still in log order): a log read from its end. */
  beforeSeq?: number;
  limit?: number;
}

/** Events in log order, optionally of one operation, after a position (or the last before one). */
export async function readEvents(db: Kysely<Database>, q: EventQuery): Promise<EventRow[]> {
  let query = db
    .selectFrom('events')
    .selectAll()
    .where('seq', '>', q.afterSeq ?? 0)
    .orderBy('seq', q.beforeSeq === undefined ? 'asc' : 'desc')
    .limit(q.limit ?? 1000);
  if (q.beforeSeq !== undefined) query = query.where('seq', '<', q.beforeSeq);
  if (q.operationId !== undefined) query = query.where('operation_id', '=', q.operationId);
  const rows = await query.execute();
  return q.beforeSeq === undefined ? rows : rows.reverse();
}

/** Every event of the log (or of one operation), read in pages so memory stays flat. */
export async function* allEvents(
  db: Kysely<Database>,
  operationId?: string,
  pageSize = 5000,
): AsyncGenerator<EventRow[]> {
  let after = 0;
  for (;;) {
    const page = await readEvents(db, { operationId, afterSeq: after, limit: pageSize });
    if (page.length === 0) return;
    yield page;
    after = page.at(-1)!.seq;
  }
}

export async function countEvents(db: Kysely<Database>, operationId?: string): Promise<number> {
  let q = db.selectFrom('events').select((eb) => eb.fn.countAll().as('n'));
  if (operationId !== undefined) q = q.where('operation_id', '=', operationId);
  const row = await q.executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function lastSeq(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('seq').as('max'))
    .executeTakeFirst();
  return row?.max ?? 0;
}

/** The end of every site's hash chain of every operation (or of one). */
export async function siteHeads(db: Kysely<Database>, operationId?: string) {
  let q = db.selectFrom('site_heads').selectAll();
  if (operationId !== undefined) q = q.where('operation_id', '=', operationId);
  return q.orderBy('operation_id').orderBy('origin_site').execute();
}

/**
 * One site's events of an operation in its chain's order, after a number, in pages: what a node sends
 * its upstream, and what an audit walks.
 */
export async function siteEvents(
  db: Kysely<Database>,
  operationId: string,
  site: string,
  afterOriginSeq: number,
  limit: number,
): Promise<EventRow[]> {
  return db
    .selectFrom('events')
    .selectAll()
    .where('operation_id', '=', operationId)
    .where('origin_site', '=', site)
    .where('origin_seq', '>', afterOriginSeq)
    .orderBy('origin_seq')
    .limit(limit)
    .execute();
}

/**
 * A page of one site's events after a number: at most `maxEvents`, and no more payload than `maxBytes`
 * once it holds one (a larger event is a page of its own), read in small chunks.
 */
export async function siteEventsPage(
  db: Kysely<Database>,
  operationId: string,
  site: string,
  afterOriginSeq: number,
  maxEvents: number,
  maxBytes: number,
): Promise<EventRow[]> {
  const page: EventRow[] = [];
  let bytes = 0;
  let after = afterOriginSeq;
  while (page.length < maxEvents) {
    const part = await siteEvents(db, operationId, site, after, Math.min(100, maxEvents - page.length));
    if (part.length === 0) break;
    for (const r of part) {
      if (page.length > 0 && bytes + r.payload.length > maxBytes) return page;
      page.push(r);
      bytes += r.payload.length;
    }
    after = part.at(-1)!.origin_seq;
  }
  return page;
}
