import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

/** Hazard areas (suspected, confirmed, then cleared, released or cancelled) and their clearance tasks. */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  const json = 'text';
  const pk = (c: ColumnDefinitionBuilder) => c.primaryKey();
  const notNull = (c: ColumnDefinitionBuilder) => c.notNull();

  await db.schema
    .createTable('hazards')
    .addColumn('id', 'text', pk)
    .addColumn('operation_id', 'text', notNull)
    .addColumn('code', 'text', notNull)
    .addColumn('type', 'text', notNull)
    .addColumn('area', json, notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('evidence', json)
    .addColumn('source', json)
    .addColumn('note', 'text')
    .addColumn('status_reason', 'text')
    .addColumn('status_changed_at', 'text', notNull)
    .addColumn('reported_at', 'text', notNull)
    .addColumn('recorded_by', 'text')
    .execute();
  await db.schema
    .createIndex('hazards_code')
    .on('hazards')
    .columns(['operation_id', 'code'])
    .unique()
    .execute();
  await db.schema.createIndex('hazards_status').on('hazards').columns(['operation_id', 'status']).execute();

  await db.schema
    .createTable('clearance_tasks')
    .addColumn('id', 'text', pk)
    .addColumn('operation_id', 'text', notNull)
    .addColumn('hazard_id', 'text', notNull)
    .addColumn('team', 'text', notNull)
    .addColumn('organisation_id', 'text', notNull)
    .addColumn('started_at', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('cleared_area_m2', 'double precision')
    .addColumn('cleared_length_m', 'double precision')
    .addColumn('progress_note', 'text')
    .addColumn('progress_at', 'text')
    .addColumn('qa_signed_off_by', 'text')
    .addColumn('qa_organisation_id', 'text')
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema
    .createIndex('clearance_tasks_hazard')
    .on('clearance_tasks')
    .columns(['hazard_id', 'status'])
    .execute();
}
