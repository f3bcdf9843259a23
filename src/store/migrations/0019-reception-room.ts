import type { Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

/** A reception point's room for what people bring (pets, wheelchairs, oxygen ...), by kind. */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('reception_points').addColumn('room', 'text').execute();
}
