import type { Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

/**
 * The events of an operation by when they happened: the end of its record (where the console's time
 * slider stops, and where an operation of long ago opens) is read without a scan of its log.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .createIndex('events_operation_occurred')
    .on('events')
    .columns(['operation_id', 'occurred_at'])
    .execute();
}
