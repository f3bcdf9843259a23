import { hash } from 'node:crypto';
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

/**
 * One hash chain per operation and origin site, in origin-sequence order, instead of one per
 * operation in the order this store received its events: every node that holds a site's events then
 * holds the same chain, whatever order they arrived in. The hash no longer covers `recordedAt` (each
 * node records when it received an event).
 *
 * The old chains are verified first, as they were hashed; a log whose chain is broken is not re-chained
 * (that would hide the break) and the migration fails naming the event. Events that named another site
 * without a sequence (origin_seq 0) are numbered in the order this store received them, so that every
 * site's sequence runs 1, 2, 3... with no gap; (operation, site, sequence) is unique from now on.
 *
 * `site_heads` holds the end of each chain (a deleted tail no longer matches it); `sites` what this
 * node knows of the sites it replicates with; tokens get the site a site token speaks for.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  const notNull = (c: ColumnDefinitionBuilder) => c.notNull();
  await db.schema
    .createTable('site_heads')
    .addColumn('operation_id', 'text', notNull)
    .addColumn('origin_site', 'text', notNull)
    .addColumn('origin_seq', 'bigint', notNull)
    .addColumn('hash', 'text', notNull)
    .addPrimaryKeyConstraint('site_heads_pk', ['operation_id', 'origin_site'])
    .execute();
  await db.schema
    .createTable('sites')
    .addColumn('site', 'text', (c) => c.primaryKey())
    .addColumn('parent', 'text')
    .addColumn('first_seen_at', 'text', notNull)
    .addColumn('last_contact_at', 'text')
    .addColumn('clock_offset_ms', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'text')
    .execute();
  await db.schema.alterTable('tokens').addColumn('site', 'text').execute();

  await rechain(db);

  await db.schema.dropTable('chain_heads').execute();
  await db.schema.dropIndex('events_origin').execute();
  await db.schema
    .createIndex('events_origin')
    .unique()
    .on('events')
    .columns(['operation_id', 'origin_site', 'origin_seq'])
    .execute();
}

interface Row {
  seq: number;
  id: string;
  operation_id: string;
  type: string;
  schema_version: number;
  payload: string;
  occurred_at: string;
  recorded_at: string;
  actor: string;
  organisation: string | null;
  origin_site: string;
  origin_seq: number;
  prev_hash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);
const PAGE = 5000;

async function rechain(db: Kysely<unknown>): Promise<void> {
  const any = db as unknown as Kysely<{ events: Row; site_heads: Record<string, unknown> }>;
  // Pass 1: the old chains, per operation in log order, as they were hashed.
  const oldHeads = new Map<string, string>();
  // Per operation and site: the events in the order they are to be chained.
  const order = new Map<string, { seq: number; origin_seq: number }[]>();
  let after = 0;
  for (;;) {
    const page = await any
      .selectFrom('events')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    if (page.length === 0) break;
    for (const row of page) {
      const prev = oldHeads.get(row.operation_id) ?? GENESIS;
      if (row.prev_hash !== prev || legacyHash(prev, row) !== row.hash)
        throw new Error(
          `the event log's hash chain is broken at event seq ${row.seq} (${row.id}, operation ${row.operation_id}): ` +
            'it is not re-chained, so the break stays visible; restore the database from a backup taken before the break',
        );
      oldHeads.set(row.operation_id, row.hash);
      const key = `${row.operation_id}\n${row.origin_site}`;
      const list = order.get(key);
      const item = { seq: row.seq, origin_seq: row.origin_seq };
      if (list) list.push(item);
      else order.set(key, [item]);
    }
    after = page.at(-1)!.seq;
  }

  // Pass 2: each site's chain in its own order (its sequence, then the order received), numbered 1..n.
  for (const [key, items] of order) {
    const [operationId, site] = key.split('\n') as [string, string];
    items.sort((a, b) => a.origin_seq - b.origin_seq || a.seq - b.seq);
    let prev = GENESIS;
    for (let i = 0; i < items.length; i += PAGE) {
      const slice = items.slice(i, i + PAGE);
      const rows = await any
        .selectFrom('events')
        .selectAll()
        .where(
          'seq',
          'in',
          slice.map((s) => s.seq),
        )
        .execute();
      const bySeq = new Map(rows.map((r) => [r.seq, r]));
      for (const [k, item] of slice.entries()) {
        const row = bySeq.get(item.seq)!;
        const originSeq = i + k + 1;
        const next = siteHash(prev, { ...row, origin_seq: originSeq });
        if (row.origin_seq !== originSeq || row.prev_hash !== prev || row.hash !== next)
          await any
            .updateTable('events')
            .set({ origin_seq: originSeq, prev_hash: prev, hash: next })
            .where('seq', '=', item.seq)
            .execute();
        prev = next;
      }
    }
    await any
      .insertInto('site_heads')
      .values({ operation_id: operationId, origin_site: site, origin_seq: items.length, hash: prev })
      .execute();
  }
}

const q = JSON.stringify;

/** The hash as it was before this migration: over the previous event of the operation, with recordedAt. */
function legacyHash(prev: string, r: Row): string {
  const header =
    `{"actor":${q(r.actor)},"id":${q(r.id)},"occurredAt":${q(r.occurred_at)},"operationId":${q(r.operation_id)},` +
    `"organisation":${q(r.organisation)},"originSeq":${q(r.origin_seq)},"originSite":${q(r.origin_site)},` +
    `"recordedAt":${q(r.recorded_at)},"schemaVersion":${q(r.schema_version)},"type":${q(r.type)}}`;
  return hash('sha256', `${prev}\n${header}\n${r.payload}`, 'hex');
}

/** The hash from now on: over the previous event of the same site, without recordedAt. */
function siteHash(prev: string, r: Row): string {
  const header =
    `{"actor":${q(r.actor)},"id":${q(r.id)},"occurredAt":${q(r.occurred_at)},"operationId":${q(r.operation_id)},` +
    `"organisation":${q(r.organisation)},"originSeq":${q(r.origin_seq)},"originSite":${q(r.origin_site)},` +
    `"schemaVersion":${q(r.schema_version)},"type":${q(r.type)}}`;
  return hash('sha256', `${prev}\n${header}\n${r.payload}`, 'hex');
}
