import type { Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

/**
 * The roles whose records a site's node may send up through its site token, comma-separated. Null for
 * the tokens made before grants were kept: those send what they sent before (every role's records).
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('tokens').addColumn('grants', 'text').execute();
}
