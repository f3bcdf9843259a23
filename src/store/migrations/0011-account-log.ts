import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

/**
 * What was done to accounts, by whom and when: an account created, a role granted or changed, a
 * membership taken away, an account disabled. Kept beside the accounts (they are not operation events).
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  const notNull = (c: ColumnDefinitionBuilder) => c.notNull();
  await db.schema
    .createTable('account_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', notNull)
    .addColumn('actor', 'text', notNull)
    .addColumn('action', 'text', notNull)
    .addColumn('email', 'text', notNull)
    .addColumn('operation_id', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('account_log_at').on('account_log').column('at').execute();
}
