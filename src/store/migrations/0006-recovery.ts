import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

/**
 * Recovery and reporting: returns, service and access status per area over time, aid deliveries (3W);
 * the query of a computed figure; when a corridor last opened (for the corridors-opened figure).
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  const json = 'text';
  const pk = (c: ColumnDefinitionBuilder) => c.primaryKey();
  const notNull = (c: ColumnDefinitionBuilder) => c.notNull();

  await db.schema.alterTable('figures').addColumn('query', 'text').execute();
  await db.schema.alterTable('corridors').addColumn('last_opened_at', 'text').execute();

  // Observations of one area at one time, by a named source.
  const observation = (
    name: string,
    columns: (t: CreateTableBuilder<string>) => CreateTableBuilder<string>,
  ) =>
    columns(
      db.schema
        .createTable(name)
        .addColumn('id', 'text', pk)
        .addColumn('operation_id', 'text', notNull)
        .addColumn('area_id', 'text', notNull),
    )
      .addColumn('source_organisation_id', 'text', notNull)
      .addColumn('source_document', 'text')
      .addColumn('note', 'text')
      .addColumn('observed_at', 'text', notNull)
      .addColumn('recorded_by', 'text')
      .execute();

  await observation('returns', (t) =>
    t
      .addColumn('from_area_id', 'text')
      .addColumn('from_place', 'text')
      .addColumn('people', json, notNull)
      .addColumn('method', 'text', notNull),
  );
  await observation('service_statuses', (t) =>
    t
      .addColumn('service', 'text', notNull)
      .addColumn('status', 'text', notNull)
      .addColumn('facilities', 'integer'),
  );
  await observation('access_statuses', (t) =>
    t.addColumn('status', 'text', notNull).addColumn('reason', 'text'),
  );
  for (const name of ['returns', 'service_statuses', 'access_statuses'])
    await db.schema
      .createIndex(`${name}_area`)
      .on(name)
      .columns(['operation_id', 'area_id', 'observed_at'])
      .execute();

  await db.schema
    .createTable('aid_deliveries')
    .addColumn('id', 'text', pk)
    .addColumn('operation_id', 'text', notNull)
    .addColumn('organisation_id', 'text', notNull)
    .addColumn('sector', 'text', notNull)
    .addColumn('item', 'text', notNull)
    .addColumn('quantity', 'double precision', notNull)
    .addColumn('unit', 'text', notNull)
    .addColumn('area_id', 'text', notNull)
    .addColumn('beneficiaries', 'integer')
    .addColumn('source_document', 'text')
    .addColumn('note', 'text')
    .addColumn('delivered_at', 'text', notNull)
    .addColumn('recorded_by', 'text')
    .execute();
  await db.schema
    .createIndex('aid_deliveries_area')
    .on('aid_deliveries')
    .columns(['operation_id', 'area_id', 'delivered_at'])
    .execute();
}
