import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { SqlDialect } from './dialect.js';
import { migrationsFor } from './migrations/index.js';
import type { Database } from './schema.js';
import { SqliteBulk, withStatementCache } from './sqlite-bulk.js';

export interface StoreConfig {
  /** Path of the SQLite file (the embedded default). */
  sqlitePath?: string;
  /** PostgreSQL connection string; wins over `sqlitePath`. */
  pgUrl?: string;
  /**
   * This node's site (`serve --site`). A new database takes it; one that already recorded events as
   * another site keeps that site and refuses to open as this one.
   */
  siteId?: string;
}

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: SqlDialect;
  /** This store's own origin site, for events first recorded here. */
  readonly siteId: string;
  /** Where the data lives, for messages (never with a password). */
  readonly location: string;
  /** SQLite only: cached prepared inserts on the one connection (see sqlite-bulk.ts). */
  readonly sqliteBulk?: SqliteBulk;
  /**
   * After a person's key is deleted: leave no copy of it in the database's files. On SQLite, deleted
   * content is overwritten as it is freed (secure_delete), and the write-ahead log, which still holds
   * the pages as they were, is checkpointed and truncated. On PostgreSQL the dead row is vacuumed; its
   * write-ahead log and backups are the administrator's to protect (see the README).
   */
  shred(): Promise<void>;
  close(): Promise<void>;
}

// PostgreSQL returns bigint (int8) as text by default; our sequence numbers fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));

export async function openStore(config: StoreConfig): Promise<Store> {
  let db: Kysely<Database>;
  let dialect: SqlDialect;
  let location: string;
  let sqliteBulk: SqliteBulk | undefined;
  if (config.pgUrl) {
    dialect = 'postgres';
    location = redact(config.pgUrl);
    const pool = new pg.Pool({ connectionString: config.pgUrl, max: 10 });
    // An idle connection that the server drops (a restart, a timeout) must not crash the process; the
    // pool replaces it, and a query in flight fails on its own.
    pool.on('error', (error) => console.error(`corridor: PostgreSQL connection lost: ${error.message}`));
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    const path = config.sqlitePath ?? 'data/corridor.db';
    dialect = 'sqlite';
    location = path;
    if (path !== ':memory:') createPrivately(path);
    const sqlite = new SqliteDatabase(path);
    sqlite.pragma('journal_mode = WAL');
    // FULL: a commit reaches the disk before we acknowledge it, so a crash loses no acknowledged event.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 10000');
    sqlite.pragma('secure_delete = on');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    sqliteBulk = new SqliteBulk(sqlite);
  }
  try {
    await migrate(db, dialect);
    const siteId = await ensureSiteId(db, config.siteId);
    return {
      db,
      dialect,
      siteId,
      location,
      ...(sqliteBulk ? { sqliteBulk } : {}),
      shred: () => shred(db, dialect),
      close: () => db.destroy(),
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

async function shred(db: Kysely<Database>, dialect: SqlDialect): Promise<void> {
  if (dialect === 'postgres') {
    // FULL writes the table anew, so no page keeps the dead row's bytes.
    await sql`vacuum full person_keys`.execute(db);
    return;
  }
  // TRUNCATE waits (busy_timeout) for readers of older snapshots, then empties the log file. A reader
  // that outlasts the wait (a long export) leaves it busy: the erasure has committed, so it is not
  // failed for that; the log is emptied once the reader is done.
  const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(truncate)`.execute(db);
  if (rows[0]?.busy === 0) return;
  const retry = setTimeout(() => {
    shred(db, dialect).catch((error: unknown) =>
      console.error(`corridor: emptying the write-ahead log after an erasure: ${String(error)}`),
    );
  }, 5000);
  retry.unref();
}

async function migrate(db: Kysely<Database>, dialect: SqlDialect): Promise<void> {
  const migrations = migrationsFor(dialect);
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(
      `migration ${failed} failed: ${error instanceof Error ? error.message : 'unknown error'}`,
      {
        cause: error,
      },
    );
  }
}

async function ensureSiteId(db: Kysely<Database>, wanted: string | undefined): Promise<string> {
  const existing = await db
    .selectFrom('meta')
    .select('value')
    .where('key', '=', 'site_id')
    .executeTakeFirst();
  if (existing && (wanted === undefined || wanted === existing.value)) return existing.value;
  if (existing && wanted !== undefined) {
    const own = await db
      .selectFrom('events')
      .select('id')
      .where('origin_site', '=', existing.value)
      .executeTakeFirst();
    if (own)
      throw new Error(
        `this database is site ${existing.value}'s: it holds events recorded there, and a node keeps its site (start it with --site ${existing.value}, or give site ${wanted} a database of its own)`,
      );
    await db.updateTable('meta').set({ value: wanted }).where('key', '=', 'site_id').execute();
    return wanted;
  }
  const siteId = wanted ?? `site-${randomBytes(4).toString('hex')}`;
  await db
    .insertInto('meta')
    .values({ key: 'site_id', value: siteId })
    .onConflict((c) => c.doNothing())
    .execute();
  const row = await db
    .selectFrom('meta')
    .select('value')
    .where('key', '=', 'site_id')
    .executeTakeFirstOrThrow();
  return row.value;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}

export { sql };

/**
 * A new database file is readable by its owner only (0600), in a folder of the owner's (0700): SQLite
 * makes its WAL and shared-memory files with the database file's permissions, so they are too. An
 * existing file keeps the permissions its administrator gave it.
 */
function createPrivately(path: string): void {
  if (existsSync(path)) return;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
}
