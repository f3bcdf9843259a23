import { hash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, pgDatabase } from '../../../test/stores.js';
import { createContext } from '../../app/context.js';
import { verifyLog } from '../../app/log/audit.js';
import type { SqlDialect } from '../dialect.js';
import { openStore, type StoreConfig } from '../store.js';
import { migrationsFor } from './index.js';

/**
 * Migration 0012 re-chains a log made before it: one chain per operation in the order received, hashed
 * with recordedAt, some events naming another site without a number. Made here as the old code made it.
 */
const q = JSON.stringify;
const GENESIS = '0'.repeat(64);

interface LegacyEvent {
  operation: string;
  site: string;
  originSeq: number;
  payload: string;
}

function legacyRows(events: LegacyEvent[]) {
  const heads = new Map<string, string>();
  return events.map((e, i) => {
    const row = {
      id: uuidv7(),
      operation_id: e.operation,
      type: 'FigureReported',
      schema_version: 1,
      payload: e.payload,
      occurred_at: `2016-12-15T08:${String(i).padStart(2, '0')}:00.000Z`,
      recorded_at: `2026-11-27T04:${String(i).padStart(2, '0')}:00.000Z`,
      actor: 'token:x',
      organisation: null,
      origin_site: e.site,
      origin_seq: e.originSeq,
    };
    const prev = heads.get(e.operation) ?? GENESIS;
    const header =
      `{"actor":${q(row.actor)},"id":${q(row.id)},"occurredAt":${q(row.occurred_at)},"operationId":${q(row.operation_id)},` +
      `"organisation":${q(row.organisation)},"originSeq":${q(row.origin_seq)},"originSite":${q(row.origin_site)},` +
      `"recordedAt":${q(row.recorded_at)},"schemaVersion":1,"type":${q(row.type)}}`;
    const h = hash('sha256', `${prev}\n${header}\n${row.payload}`, 'hex');
    heads.set(e.operation, h);
    return { ...row, prev_hash: prev, hash: h };
  });
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A database migrated up to 0011, as a store of the version before this one left it. */
async function oldDatabase(dialect: SqlDialect): Promise<{ db: Kysely<unknown>; config: StoreConfig }> {
  let db: Kysely<unknown>;
  let config: StoreConfig;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'corridor-migration-'));
    const path = join(dir, 'old.db');
    db = new Kysely({ dialect: new SqliteDialect({ database: new SqliteDatabase(path) }) });
    config = { sqlitePath: path };
    cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
  } else {
    const { url, drop } = await pgDatabase();
    db = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) }) });
    config = { pgUrl: url };
    cleanups.push(drop);
  }
  const all = migrationsFor(dialect);
  const before = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0012'));
  const { error } = await new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(before) },
  }).migrateToLatest();
  if (error) throw error as Error;
  return { db, config };
}

for (const dialect of DIALECTS) {
  describe(`migration 0012 (one hash chain per site) on ${dialect}`, () => {
    const history: LegacyEvent[] = [
      { operation: 'op-a', site: 'site-local', originSeq: 1, payload: '{"n":1}' },
      { operation: 'op-a', site: 'phone-17', originSeq: 0, payload: '{"n":2}' },
      { operation: 'op-b', site: 'site-local', originSeq: 1, payload: '{"n":3}' },
      { operation: 'op-a', site: 'site-local', originSeq: 2, payload: '{"n":4}' },
      { operation: 'op-a', site: 'phone-17', originSeq: 0, payload: '{"n":5}' },
      { operation: 'op-a', site: 'site-local', originSeq: 3, payload: '{"n":6}' },
    ];

    it('re-chains each site of each operation, numbers them with no gap, and the audit holds', async () => {
      const { db, config } = await oldDatabase(dialect);
      const rows = legacyRows(history);
      await (db as Kysely<{ events: (typeof rows)[number] }>).insertInto('events').values(rows).execute();
      await (db as Kysely<{ chain_heads: object }>)
        .insertInto('chain_heads')
        .values([
          { operation_id: 'op-a', last_seq: 6, hash: rows[5]!.hash, event_count: 5 },
          { operation_id: 'op-b', last_seq: 3, hash: rows[2]!.hash, event_count: 1 },
        ])
        .execute();
      await db.destroy();

      const store = await openStore(config);
      cleanups.unshift(() => store.close());
      const audit = await verifyLog(createContext(store));
      expect(audit).toMatchObject({ ok: true, verified: 6 });
      expect(audit.heads.map((h) => [h.operationId, h.site, h.events])).toEqual([
        ['op-a', 'phone-17', 2],
        ['op-a', 'site-local', 3],
        ['op-b', 'site-local', 1],
      ]);
      const phone = await store.db
        .selectFrom('events')
        .select(['payload', 'origin_seq'])
        .where('origin_site', '=', 'phone-17')
        .orderBy('origin_seq')
        .execute();
      expect(phone).toEqual([
        { payload: '{"n":2}', origin_seq: 1 },
        { payload: '{"n":5}', origin_seq: 2 },
      ]);
    });

    it('refuses to re-chain a log whose old chain is broken, naming the event', async () => {
      const { db, config } = await oldDatabase(dialect);
      const rows = legacyRows(history);
      rows[3]!.payload = '{"n":40}';
      await (db as Kysely<{ events: (typeof rows)[number] }>).insertInto('events').values(rows).execute();
      await db.destroy();
      await expect(openStore(config)).rejects.toThrow(/hash chain is broken at event seq 4/);
    });
  });
}
