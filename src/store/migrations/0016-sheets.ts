import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

/** Printed sheets (manifests, tallies, registration forms), each entered at most once. */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  const notNull = (c: ColumnDefinitionBuilder) => c.notNull();
  await db.schema
    .createTable('sheets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('operation_id', 'text', notNull)
    .addColumn('code', 'text', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('convoy_id', 'text')
    .addColumn('checkpoint_id', 'text')
    .addColumn('day', 'text')
    .addColumn('lang', 'text', notNull)
    .addColumn('paper', 'text', notNull)
    .addColumn('issued_at', 'text', notNull)
    .addColumn('issued_by', 'text')
    .addColumn('entered_at', 'text')
    .addColumn('entered_by', 'text')
    .execute();
  await db.schema
    .createIndex('sheets_code')
    .on('sheets')
    .columns(['operation_id', 'code'])
    .unique()
    .execute();
}
