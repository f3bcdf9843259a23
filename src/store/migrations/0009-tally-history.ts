import type { Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

/**
 * A tally's history: the passage it corrects (with the reason), and when, by whom and why it was
 * voided. A corrected or voided tally stays; the count of a station is made from what still stands.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  for (const column of ['corrects', 'correction_reason', 'voided_at', 'void_reason', 'voided_by'])
    await db.schema.alterTable('passages').addColumn(column, 'text').execute();
  await db.schema.createIndex('passages_corrects').on('passages').column('corrects').execute();
}
