import type { Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

/**
 * The Arabic name of the operation, its corridors, checkpoints, command posts and reception points,
 * where one was given (organisations and areas have had theirs from the start).
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  for (const table of ['operations', 'corridors', 'checkpoints', 'command_posts', 'reception_points'])
    await db.schema.alterTable(table).addColumn('name_ar', 'text').execute();
}
