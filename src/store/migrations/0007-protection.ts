import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

/**
 * Personal data, kept apart: registrations, family groups and tracing requests hold sealed data only;
 * `person_keys` holds each person's key, wrapped by the master key. It is not a projection: nothing in
 * the log can make it again, which is the point (deleting a row erases that person everywhere).
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  const json = 'text';
  const pk = (c: ColumnDefinitionBuilder) => c.primaryKey();
  const notNull = (c: ColumnDefinitionBuilder) => c.notNull();

  await db.schema
    .createTable('registrations')
    .addColumn('id', 'text', pk)
    .addColumn('operation_id', 'text', notNull)
    .addColumn('code', 'text', notNull)
    .addColumn('convoy_id', 'text')
    .addColumn('family_group_id', 'text')
    .addColumn('child', 'integer', notNull)
    .addColumn('unaccompanied', 'integer', notNull)
    .addColumn('separated', 'integer', notNull)
    .addColumn('sealed', json)
    .addColumn('status', 'text', notNull)
    .addColumn('case_status', 'text')
    .addColumn('handed_over_at', 'text')
    .addColumn('handed_over_reception_point_id', 'text')
    .addColumn('handed_over_sealed', json)
    .addColumn('registered_at', 'text', notNull)
    .addColumn('erased_at', 'text')
    .addColumn('erase_reason', 'text')
    .addColumn('recorded_by', 'text')
    .execute();
  await db.schema
    .createIndex('registrations_code')
    .on('registrations')
    .columns(['operation_id', 'code'])
    .unique()
    .execute();
  await db.schema
    .createIndex('registrations_family')
    .on('registrations')
    .columns(['family_group_id'])
    .execute();

  await db.schema
    .createTable('family_groups')
    .addColumn('id', 'text', pk)
    .addColumn('operation_id', 'text', notNull)
    .addColumn('code', 'text', notNull)
    .addColumn('sealed', json)
    .addColumn('registered_at', 'text', notNull)
    .execute();
  await db.schema
    .createIndex('family_groups_code')
    .on('family_groups')
    .columns(['operation_id', 'code'])
    .unique()
    .execute();

  await db.schema
    .createTable('tracing_requests')
    .addColumn('id', 'text', pk)
    .addColumn('operation_id', 'text', notNull)
    .addColumn('code', 'text', notNull)
    .addColumn('sealed', json, notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('opened_at', 'text', notNull)
    .addColumn('closed_at', 'text')
    .addColumn('close_reason', 'text')
    .execute();
  await db.schema
    .createIndex('tracing_requests_code')
    .on('tracing_requests')
    .columns(['operation_id', 'code'])
    .unique()
    .execute();

  await db.schema
    .createTable('tracing_reviews')
    .addColumn('id', 'text', pk)
    .addColumn('operation_id', 'text', notNull)
    .addColumn('tracing_request_id', 'text', notNull)
    .addColumn('registration_id', 'text', notNull)
    .addColumn('decision', 'text', notNull)
    .addColumn('note', 'text')
    .addColumn('reviewed_at', 'text', notNull)
    .execute();

  await db.schema
    .createTable('person_keys')
    .addColumn('id', 'text', pk)
    .addColumn('operation_id', 'text', notNull)
    .addColumn('wrapped', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .execute();
}
