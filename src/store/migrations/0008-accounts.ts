import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

/**
 * Accounts: people who sign in with a password (argon2id hash), their membership of operations (one
 * role and organisation in each), and the sessions they open, which are tokens tied to the user.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  const pk = (c: ColumnDefinitionBuilder) => c.primaryKey();
  const notNull = (c: ColumnDefinitionBuilder) => c.notNull();
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', pk)
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', notNull)
    .addColumn('password_hash', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('disabled_at', 'text')
    .execute();
  await db.schema
    .createTable('memberships')
    .addColumn('id', 'text', pk)
    .addColumn('user_id', 'text', notNull)
    .addColumn('operation_id', 'text', notNull)
    .addColumn('organisation_id', 'text', notNull)
    .addColumn('role', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .execute();
  await db.schema
    .createIndex('memberships_user_operation')
    .on('memberships')
    .columns(['user_id', 'operation_id'])
    .unique()
    .execute();
  await db.schema.alterTable('tokens').addColumn('user_id', 'text').execute();
  // When an operation closed, and how long its personal data is kept after that.
  await db.schema.alterTable('operations').addColumn('closed_at', 'text').execute();
  await db.schema.alterTable('operations').addColumn('personal_data_retention_days', 'integer').execute();
}
