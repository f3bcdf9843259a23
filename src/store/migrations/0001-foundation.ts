import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  const json = 'text'; // JSON as canonical text in both dialects, so rows compare byte for byte.
  const pk = (c: ColumnDefinitionBuilder) => c.primaryKey();
  const notNull = (c: ColumnDefinitionBuilder) => c.notNull();

  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', pk)
    .addColumn('value', 'text', notNull)
    .execute();

  let events = db.schema.createTable('events');
  events =
    dialect === 'sqlite'
      ? events.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
      : events.addColumn('seq', 'bigserial', pk);
  await events
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('operation_id', 'text', notNull)
    .addColumn('type', 'text', notNull)
    .addColumn('schema_version', 'integer', notNull)
    .addColumn('payload', 'text', notNull)
    .addColumn('occurred_at', 'text', notNull)
    .addColumn('recorded_at', 'text', notNull)
    .addColumn('actor', 'text', notNull)
    .addColumn('organisation', 'text')
    .addColumn('origin_site', 'text', notNull)
    .addColumn('origin_seq', 'bigint', notNull)
    .addColumn('prev_hash', 'text', notNull)
    .addColumn('hash', 'text', notNull)
    .execute();
  await db.schema.createIndex('events_operation_seq').on('events').columns(['operation_id', 'seq']).execute();
  await db.schema
    .createIndex('events_origin')
    .on('events')
    .columns(['operation_id', 'origin_site', 'origin_seq'])
    .execute();

  // The last event of each operation's chain, written with every append: a deleted tail of the log
  // then no longer matches its head (and the head hash can be copied somewhere outside the database).
  await db.schema
    .createTable('chain_heads')
    .addColumn('operation_id', 'text', pk)
    .addColumn('last_seq', 'bigint', notNull)
    .addColumn('hash', 'text', notNull)
    .addColumn('event_count', 'bigint', notNull)
    .execute();

  await db.schema
    .createTable('tokens')
    .addColumn('id', 'text', pk)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('operation_id', 'text', notNull)
    .addColumn('organisation_id', 'text')
    .addColumn('role', 'text', notNull)
    .addColumn('label', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  // Projection tables: every column comes from the log, so `corridor admin rebuild` can remake them.
  await db.schema
    .createTable('operations')
    .addColumn('id', 'text', pk)
    .addColumn('name', 'text', notNull)
    .addColumn('description', 'text', notNull)
    .addColumn('timezone', 'text', notNull)
    .addColumn('stages', json, notNull)
    .addColumn('age_bands', json, notNull)
    .addColumn('created_at', 'text', notNull)
    .execute();

  const coded = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'text', pk)
      .addColumn('operation_id', 'text', notNull)
      .addColumn('code', 'text', notNull);
  const codeIndex = (name: string) =>
    db.schema.createIndex(`${name}_code`).on(name).columns(['operation_id', 'code']).unique().execute();

  await coded('organisations')
    .addColumn('name', 'text', notNull)
    .addColumn('name_ar', 'text')
    .addColumn('role', 'text', notNull)
    .execute();
  await coded('areas')
    .addColumn('pcode', 'text')
    .addColumn('kind', 'text', notNull)
    .addColumn('name_en', 'text', notNull)
    .addColumn('name_ar', 'text')
    .addColumn('parent_area_id', 'text')
    .addColumn('geometry', json, notNull)
    .execute();
  await coded('command_posts')
    .addColumn('name', 'text', notNull)
    .addColumn('location', json, notNull)
    .addColumn('organisation_id', 'text')
    .addColumn('segments', json, notNull)
    .execute();
  await coded('corridors')
    .addColumn('name', 'text', notNull)
    .addColumn('stage_key', 'text')
    .addColumn('route', json, notNull)
    .addColumn('route_note', 'text')
    .addColumn('from_area_id', 'text')
    .addColumn('to_area_id', 'text')
    .addColumn('windows', json, notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('status_reason', 'text')
    .addColumn('status_changed_at', 'text', notNull)
    .execute();
  await coded('checkpoints')
    .addColumn('corridor_id', 'text', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('location', json, notNull)
    .addColumn('command_post_id', 'text')
    .addColumn('ordinal', 'integer', notNull)
    .execute();
  await db.schema
    .createIndex('checkpoints_corridor')
    .on('checkpoints')
    .columns(['corridor_id', 'kind'])
    .execute();
  await coded('vehicles')
    .addColumn('kind', 'text', notNull)
    .addColumn('seats', 'integer', notNull)
    .addColumn('stretchers', 'integer', notNull)
    .addColumn('organisation_id', 'text', notNull)
    .addColumn('plate', 'text', notNull)
    .execute();
  await db.schema.createIndex('vehicles_plate').on('vehicles').columns(['operation_id', 'plate']).execute();
  await coded('reception_points')
    .addColumn('name', 'text', notNull)
    .addColumn('location', json, notNull)
    .addColumn('area_id', 'text')
    .addColumn('capacity', 'integer', notNull)
    .execute();
  await coded('convoys')
    .addColumn('corridor_id', 'text', notNull)
    .addColumn('reception_point_id', 'text')
    .addColumn('planned_departure', 'text')
    .addColumn('status', 'text', notNull)
    .addColumn('status_changed_at', 'text', notNull)
    .addColumn('manifest', json)
    .addColumn('manifest_recorded_at', 'text')
    .execute();
  await db.schema
    .createTable('convoy_vehicles')
    .addColumn('convoy_id', 'text', notNull)
    .addColumn('vehicle_id', 'text', notNull)
    .addColumn('operation_id', 'text', notNull)
    .addPrimaryKeyConstraint('convoy_vehicles_pk', ['convoy_id', 'vehicle_id'])
    .execute();
  await db.schema.createIndex('convoy_vehicles_vehicle').on('convoy_vehicles').column('vehicle_id').execute();
  await db.schema
    .createTable('passages')
    .addColumn('id', 'text', pk)
    .addColumn('operation_id', 'text', notNull)
    .addColumn('checkpoint_id', 'text', notNull)
    .addColumn('convoy_id', 'text')
    .addColumn('source', 'text', notNull)
    .addColumn('observed_at', 'text', notNull)
    .addColumn('people', json)
    .addColumn('stretcher_cases', 'integer')
    .addColumn('vehicles', 'integer')
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text')
    .execute();
  await db.schema
    .createIndex('passages_checkpoint')
    .on('passages')
    .columns(['checkpoint_id', 'observed_at'])
    .execute();
  await db.schema.createIndex('passages_convoy').on('passages').column('convoy_id').execute();
  await coded('figures')
    .addColumn('metric', 'text', notNull)
    .addColumn('label', 'text', notNull)
    .addColumn('hxl', 'text')
    .addColumn('value', 'double precision', notNull)
    .addColumn('value_max', 'double precision')
    .addColumn('qualifier', 'text', notNull)
    .addColumn('unit', 'text', notNull)
    .addColumn('area_id', 'text')
    .addColumn('as_of', 'text', notNull)
    .addColumn('source_organisation_id', 'text', notNull)
    .addColumn('source_document', 'text', notNull)
    .addColumn('source_date', 'text')
    .addColumn('method', 'text', notNull)
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text')
    .execute();

  for (const t of [
    'organisations',
    'areas',
    'command_posts',
    'corridors',
    'checkpoints',
    'vehicles',
    'reception_points',
    'convoys',
    'figures',
  ])
    await codeIndex(t);
}
