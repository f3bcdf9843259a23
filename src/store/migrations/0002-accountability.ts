import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

const DEFAULT_POLICY =
  '{"cameraErrorPct":3,"movedMetres":100,"overdueFactor":1.5,"overdueSlackMinutes":15,"speedKmh":20,"stoppedAfterMinutes":20,"windowWarningMinutes":60}';

/**
 * Accountability: passages from several kinds of source (at a checkpoint, a reception point, or a
 * location; matched to a convoy later), alerts, an accountability policy per operation, and device
 * tokens. SQLite cannot drop a NOT NULL, so `passages` is remade and its rows copied, on both dialects
 * alike.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  const json = 'text';
  const pk = (c: ColumnDefinitionBuilder) => c.primaryKey();
  const notNull = (c: ColumnDefinitionBuilder) => c.notNull();

  await db.schema.alterTable('operations').addColumn('accountability', json).execute();
  await sql`update operations set accountability = ${DEFAULT_POLICY}`.execute(db);

  await db.schema.dropIndex('passages_checkpoint').execute();
  await db.schema.dropIndex('passages_convoy').execute();
  await db.schema.alterTable('passages').renameTo('passages_0001').execute();
  await db.schema
    .createTable('passages')
    .addColumn('id', 'text', pk)
    .addColumn('operation_id', 'text', notNull)
    .addColumn('checkpoint_id', 'text')
    .addColumn('reception_point_id', 'text')
    .addColumn('location', json)
    .addColumn('convoy_id', 'text')
    .addColumn('source', 'text', notNull)
    .addColumn('scope', 'text', notNull)
    .addColumn('vehicle_ids', json)
    .addColumn('plates', json)
    .addColumn('observed_at', 'text', notNull)
    .addColumn('people', json)
    .addColumn('people_total', 'integer')
    .addColumn('stretcher_cases', 'integer')
    .addColumn('vehicles', 'integer')
    .addColumn('error_pct', 'double precision')
    .addColumn('device_id', 'text')
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('matched_by', 'text')
    .execute();
  await sql`insert into passages (id, operation_id, checkpoint_id, convoy_id, source, scope, observed_at,
      people, stretcher_cases, vehicles, note, recorded_by)
    select id, operation_id, checkpoint_id, convoy_id, source, 'convoy', observed_at, people,
      stretcher_cases, vehicles, note, recorded_by from passages_0001`.execute(db);
  await db.schema.dropTable('passages_0001').execute();
  await db.schema
    .createIndex('passages_checkpoint')
    .on('passages')
    .columns(['checkpoint_id', 'observed_at'])
    .execute();
  await db.schema.createIndex('passages_convoy').on('passages').column('convoy_id').execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', pk)
    .addColumn('operation_id', 'text', notNull)
    .addColumn('code', 'text', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('severity', 'text', notNull)
    .addColumn('key', 'text', notNull)
    .addColumn('reason', 'text', notNull)
    .addColumn('numbers', json, notNull)
    .addColumn('since', 'text', notNull)
    .addColumn('convoy_id', 'text')
    .addColumn('corridor_id', 'text')
    .addColumn('checkpoint_id', 'text')
    .addColumn('passage_id', 'text')
    .addColumn('vehicle_id', 'text')
    .addColumn('status', 'text', notNull)
    .addColumn('raised_at', 'text', notNull)
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text')
    .addColumn('acknowledge_note', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolution', 'text')
    .addColumn('resolve_note', 'text')
    .execute();
  await db.schema
    .createIndex('alerts_code')
    .on('alerts')
    .columns(['operation_id', 'code'])
    .unique()
    .execute();
  await db.schema.createIndex('alerts_status').on('alerts').columns(['operation_id', 'status']).execute();
  await db.schema.createIndex('alerts_convoy').on('alerts').column('convoy_id').execute();

  // A device (camera, counter, drone, tracker) posts passages of its own kind only.
  await db.schema.alterTable('tokens').addColumn('device_kind', 'text').execute();
  await db.schema.alterTable('tokens').addColumn('device_id', 'text').execute();
}
