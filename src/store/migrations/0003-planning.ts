import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

/**
 * Planning: pickup points (people waiting to be collected), plans made by the planner, and the plan a
 * convoy was made from (a vehicle may be on several convoys of one adopted plan, in turn).
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  const json = 'text';
  const pk = (c: ColumnDefinitionBuilder) => c.primaryKey();
  const notNull = (c: ColumnDefinitionBuilder) => c.notNull();
  const coded = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'text', pk)
      .addColumn('operation_id', 'text', notNull)
      .addColumn('code', 'text', notNull);
  const codeIndex = (name: string) =>
    db.schema.createIndex(`${name}_code`).on(name).columns(['operation_id', 'code']).unique().execute();

  await coded('pickup_points')
    .addColumn('name', 'text', notNull)
    .addColumn('location', json, notNull)
    .addColumn('area_id', 'text')
    .addColumn('seated', 'integer', notNull)
    .addColumn('stretcher', 'integer', notNull)
    .addColumn('note', 'text')
    .addColumn('updated_at', 'text')
    .execute();
  await codeIndex('pickup_points');

  await coded('plans')
    .addColumn('start', 'text', notNull)
    .addColumn('time_limit_sec', 'double precision', notNull)
    .addColumn('baseline', json, notNull)
    .addColumn('network', 'text', notNull)
    .addColumn('hazards', json, notNull)
    .addColumn('makespan_min', 'double precision', notNull)
    .addColumn('lower_bound_min', 'double precision', notNull)
    .addColumn('bounds', json, notNull)
    .addColumn('summary', json, notNull)
    .addColumn('places', json, notNull)
    .addColumn('vehicles', json, notNull)
    .addColumn('corridors_used', json)
    .addColumn('status', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('created_by', 'text')
    .addColumn('adopted_at', 'text')
    .addColumn('adopt_note', 'text')
    .addColumn('superseded_at', 'text')
    .addColumn('superseded_by', 'text')
    .execute();
  await codeIndex('plans');
  await db.schema.createIndex('plans_status').on('plans').columns(['operation_id', 'status']).execute();

  await db.schema.alterTable('convoys').addColumn('plan_id', 'text').execute();
  await db.schema.createIndex('convoys_plan').on('convoys').column('plan_id').execute();
}
