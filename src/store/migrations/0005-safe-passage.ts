import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

/**
 * Safe passage: incidents, agreed ceasefire and pause windows, movement notifications with the
 * parties' acknowledgements, and the gate overrides of the corridor lifecycle.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  const json = 'text';
  const pk = (c: ColumnDefinitionBuilder) => c.primaryKey();
  const notNull = (c: ColumnDefinitionBuilder) => c.notNull();

  await db.schema.alterTable('corridors').addColumn('override_to', 'text').execute();
  await db.schema.alterTable('operations').addColumn('safe_passage', json).execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', pk)
    .addColumn('operation_id', 'text', notNull)
    .addColumn('code', 'text', notNull)
    .addColumn('type', 'text', notNull)
    .addColumn('severity', 'text', notNull)
    .addColumn('location', json, notNull)
    .addColumn('description', 'text', notNull)
    .addColumn('reporter', 'text', notNull)
    .addColumn('organisation_id', 'text')
    .addColumn('corridor_id', 'text')
    .addColumn('convoy_id', 'text')
    .addColumn('source', json)
    .addColumn('status', 'text', notNull)
    .addColumn('status_reason', 'text')
    .addColumn('status_changed_at', 'text', notNull)
    .addColumn('occurred_at', 'text', notNull)
    .addColumn('recorded_by', 'text')
    .execute();
  await db.schema
    .createIndex('incidents_code')
    .on('incidents')
    .columns(['operation_id', 'code'])
    .unique()
    .execute();
  await db.schema
    .createIndex('incidents_status')
    .on('incidents')
    .columns(['operation_id', 'status'])
    .execute();

  await db.schema
    .createTable('pause_windows')
    .addColumn('id', 'text', pk)
    .addColumn('operation_id', 'text', notNull)
    .addColumn('code', 'text', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('start', 'text', notNull)
    .addColumn('end', 'text', notNull)
    .addColumn('area', json)
    .addColumn('corridor_ids', json, notNull)
    .addColumn('agreed_by', json, notNull)
    .addColumn('note', 'text')
    .addColumn('status', 'text', notNull)
    .addColumn('agreed_at', 'text', notNull)
    .addColumn('cancel_reason', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('recorded_by', 'text')
    .execute();
  await db.schema
    .createIndex('pause_windows_code')
    .on('pause_windows')
    .columns(['operation_id', 'code'])
    .unique()
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', pk)
    .addColumn('operation_id', 'text', notNull)
    .addColumn('code', 'text', notNull)
    .addColumn('corridor_id', 'text')
    .addColumn('convoy_id', 'text')
    .addColumn('window', json, notNull)
    .addColumn('route', json, notNull)
    .addColumn('vehicles', json, notNull)
    .addColumn('organisations', json, notNull)
    .addColumn('parties', json, notNull)
    .addColumn('emergency', json, notNull)
    .addColumn('note', 'text')
    .addColumn('sent_at', 'text', notNull)
    .addColumn('recorded_by', 'text')
    .execute();
  await db.schema
    .createIndex('notifications_code')
    .on('notifications')
    .columns(['operation_id', 'code'])
    .unique()
    .execute();
  await db.schema
    .createIndex('notifications_corridor')
    .on('notifications')
    .columns(['corridor_id'])
    .execute();

  await db.schema
    .createTable('acknowledgements')
    .addColumn('id', 'text', pk)
    .addColumn('operation_id', 'text', notNull)
    .addColumn('notification_id', 'text', notNull)
    .addColumn('organisation_id', 'text', notNull)
    .addColumn('acknowledged_by', 'text', notNull)
    .addColumn('note', 'text')
    .addColumn('acknowledged_at', 'text', notNull)
    .addColumn('recorded_by', 'text')
    .execute();
  await db.schema
    .createIndex('acknowledgements_party')
    .on('acknowledgements')
    .columns(['notification_id', 'organisation_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('gate_overrides')
    .addColumn('id', 'text', pk)
    .addColumn('operation_id', 'text', notNull)
    .addColumn('corridor_id', 'text', notNull)
    .addColumn('to', 'text', notNull)
    .addColumn('unmet', json, notNull)
    .addColumn('reason', 'text', notNull)
    .addColumn('overridden_at', 'text', notNull)
    .addColumn('recorded_by', 'text')
    .execute();
  await db.schema
    .createIndex('gate_overrides_corridor')
    .on('gate_overrides')
    .columns(['corridor_id'])
    .execute();
}
