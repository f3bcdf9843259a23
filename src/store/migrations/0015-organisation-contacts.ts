import type { Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

/** Whom to contact at each organisation (its focal point), as reports and notifications name them. */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('organisations').addColumn('contact', 'text').execute();
}
