import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from './dialect.js';
import type { Database } from './schema.js';

export async function findPersonKeys(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('person_keys').select(['id', 'wrapped']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.wrapped]));
}

/**
 * Delete a person's key for good. On SQLite the freed pages are overwritten (secure_delete), so the
 * wrapped key is not left in the file; on PostgreSQL the dead row is gone once vacuumed.
 */
export async function deletePersonKey(db: Kysely<Database>, dialect: SqlDialect, id: string): Promise<void> {
  if (dialect === 'sqlite') await sql`pragma secure_delete = on`.execute(db);
  await db.deleteFrom('person_keys').where('id', '=', id).execute();
}
