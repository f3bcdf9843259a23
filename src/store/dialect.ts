import { sql, type Kysely } from 'kysely';

/** The few places where SQLite and PostgreSQL differ live here and nowhere else. */
export type SqlDialect = 'sqlite' | 'postgres';

/**
 * Serialise appends to one operation's log, so its hash chain and its sequence numbers follow commit
 * order. PostgreSQL: a transaction-scoped advisory lock per operation. SQLite has one writer anyway,
 * but a deferred transaction that reads first and writes later fails with SQLITE_BUSY when another
 * process wrote in between; writing first takes the write lock up front, waiting on busy_timeout.
 */
export async function lockOperation(
  trx: Kysely<unknown>,
  dialect: SqlDialect,
  operationId: string,
): Promise<void> {
  if (dialect === 'postgres') {
    await sql`select pg_advisory_xact_lock(hashtext(${operationId}))`.execute(trx);
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
    await sql`lock table events in share row exclusive mode`.execute(trx);
  } else {
    await sql`update meta set value = value where key = 'site_id'`.execute(trx);
  }
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
