import { sql, type Kysely } from 'kysely';
import { lockLog, type SqlDialect } from './dialect.js';
import type { Database, PersonKeysTable } from './schema.js';

export async function insertPersonKey(db: Kysely<Database>, key: PersonKeysTable): Promise<void> {
  await db.insertInto('person_keys').values(key).execute();
}

export async function findPersonKeys(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('person_keys').select(['id', 'wrapped']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.wrapped]));
}

/**
 * Delete a person's key. On SQLite the freed content is overwritten (secure_delete, set as the store
 * opens); once the transaction has committed, `Store.shred` removes the copies the write-ahead log
 * still holds.
 */
export async function deletePersonKey(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('person_keys').where('id', '=', id).execute();
}

export async function somePersonKey(
  db: Kysely<Database>,
): Promise<{ id: string; wrapped: string } | undefined> {
  return db.selectFrom('person_keys').select(['id', 'wrapped']).limit(1).executeTakeFirst();
}

export async function allPersonKeys(db: Kysely<Database>): Promise<{ id: string; wrapped: string }[]> {
  return db.selectFrom('person_keys').select(['id', 'wrapped']).execute();
}

export async function setWrappedKey(db: Kysely<Database>, id: string, wrapped: string): Promise<void> {
  await db.updateTable('person_keys').set({ wrapped }).where('id', '=', id).execute();
}

/**
 * Holds the person keys for writing until the transaction ends (a rotation): on PostgreSQL the table
 * is locked against writers; on SQLite the write lock is taken first (a transaction that read before
 * it writes may find it taken).
 */
export async function holdPersonKeys(trx: Kysely<Database>, dialect: SqlDialect): Promise<void> {
  if (dialect === 'postgres') await sql`lock table person_keys in exclusive mode`.execute(trx);
  else await lockLog(trx as unknown as Kysely<unknown>, dialect);
}

const KEY_CHECK = 'master_key_check';

/** The check of the master key the person keys are wrapped with (see app/protection/master-key.ts). */
export async function readKeyCheck(db: Kysely<Database>): Promise<string | undefined> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', KEY_CHECK).executeTakeFirst();
  return row?.value;
}

/** Records the check; a check already there is kept unless `replace`. */
export async function writeKeyCheck(db: Kysely<Database>, value: string, replace: boolean): Promise<void> {
  await db
    .insertInto('meta')
    .values({ key: KEY_CHECK, value })
    .onConflict((oc) => (replace ? oc.column('key').doUpdateSet({ value }) : oc.column('key').doNothing()))
    .execute();
}

/**
 * The sealed data of each subject of an operation with this id (a registration, a family group, a
 * tracing request; their keys share one table, so more than one is a collision): its text, null once
 * erased.
 */
export async function subjectsSealed(
  db: Kysely<Database>,
  operationId: string,
  id: string,
): Promise<(string | null)[]> {
  const found: (string | null)[] = [];
  for (const table of ['registrations', 'family_groups', 'tracing_requests'] as const) {
    const row = await db
      .selectFrom(table)
      .select('sealed')
      .where('id', '=', id)
      .where('operation_id', '=', operationId)
      .executeTakeFirst();
    if (row) found.push(row.sealed);
  }
  return found;
}
