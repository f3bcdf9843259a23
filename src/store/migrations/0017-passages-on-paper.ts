import type { Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

/** The printed tally sheet a passage was written on (null: recorded directly). */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('passages').addColumn('sheet_id', 'text').execute();
}
