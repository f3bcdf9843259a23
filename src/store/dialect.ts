import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';

/** The few places where SQLite and PostgreSQL differ live here and nowhere else. */
export type SqlDialect = 'sqlite' | 'postgres';

// Advisory lock keys (two-int form): the whole log, and one operation's chain.
const LOG_LOCK = 7001;
const OPERATION_LOCK = 7002;

/**
 * Serialise appends to one operation's log, so its hash chain and its sequence numbers follow commit
 * order. PostgreSQL: transaction-scoped advisory locks. SQLite has one writer anyway,
 * but a deferred transaction that reads first and writes later fails with SQLITE_BUSY when another
 * process wrote in between; writing first takes the write lock up front, waiting on busy_timeout.
 */
export async function lockOperation(
  trx: Kysely<unknown>,
  dialect: SqlDialect,
  operationId: string,
): Promise<void> {
  if (dialect === 'postgres') {
    // Shared on the whole log (a rebuild takes it exclusively), exclusive on this operation's chain.
    await sql`select pg_advisory_xact_lock_shared(${LOG_LOCK}, 0)`.execute(trx);
    await sql`select pg_advisory_xact_lock(${OPERATION_LOCK}, hashtext(${operationId}))`.execute(trx);
  } else {
    await sql`update meta set value = value where key = 'site_id'`.execute(trx);
  }
}

/** Most bind parameters one statement may carry (SQLite 32,766; PostgreSQL 65,535). */
export function maxParameters(dialect: SqlDialect): number {
  return dialect === 'sqlite' ? 32_000 : 65_000;
}

/** Hold every append off while the projections are rebuilt from the log. */
export async function lockLog(trx: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  if (dialect === 'postgres') {
    await sql`select pg_advisory_xact_lock(${LOG_LOCK}, 0)`.execute(trx);
  } else {
    await sql`update meta set value = value where key = 'site_id'`.execute(trx);
  }
}

/** SQLite gave up waiting for another process's write (a rebuild or import in progress). */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === '40P01';
}

/** Codes sort the same on both databases: byte order, whatever PostgreSQL's collation. */
export function byteOrder(dialect: SqlDialect, column: string): RawBuilder<unknown> {
  return dialect === 'postgres' ? sql`${sql.ref(column)} collate "C"` : sql`${sql.ref(column)}`;
}

/** A unique constraint refused a row (two writers raced for the same id or code). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown } | null;
  return (
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e?.code === '23505'
  );
}

/**
 * `column IN (values)` with the whole list as one parameter, so the statement text (and so its cached
 * preparation) is the same for any number of values: a JSON array on SQLite, a text array on PostgreSQL.
 */
export function inList(
  dialect: SqlDialect,
  column: string,
  values: readonly string[] | readonly number[],
): RawBuilder<SqlBool> {
  return dialect === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} = any(${[...values]})`
    : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(values)}))`;
}
