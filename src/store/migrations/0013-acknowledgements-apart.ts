import type { Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

/**
 * A party may be recorded acknowledging one notification at two sites that could not talk: both
 * acknowledgements are kept (each is what someone recorded), so (notification, party) is no longer
 * unique. A node still refuses a second one from its own users when it holds the first.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropIndex('acknowledgements_party').execute();
  await db.schema
    .createIndex('acknowledgements_party')
    .on('acknowledgements')
    .columns(['notification_id', 'organisation_id'])
    .execute();
}
