import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

/**
 * Whose a family group, a tracing request, a pickup point and a clearance task are: the organisation
 * that recorded it (and for a clearance task, also the one that carries it out), which alone (or a
 * coordinator) may change it. Rows recorded before are given the organisation of the event that
 * created them, from the log.
 */
const OWNED = [
  { table: 'family_groups', event: 'FamilyGroupRegistered', idField: 'familyGroupId' },
  { table: 'tracing_requests', event: 'TracingRequestOpened', idField: 'tracingRequestId' },
  { table: 'pickup_points', event: 'PickupPointDefined', idField: 'pickupPointId' },
  { table: 'clearance_tasks', event: 'ClearanceTaskStarted', idField: 'taskId' },
] as const;

export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  for (const { table } of OWNED) await db.schema.alterTable(table).addColumn('recorded_by', 'text').execute();
  await backfillOwners(db, dialect);
}

/** Each row with no owner gets the organisation of the event that created it. */
export async function backfillOwners(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  for (const { table, event, idField } of OWNED) {
    const field =
      dialect === 'sqlite'
        ? sql`json_extract(e.payload, ${`$.${idField}`})`
        : sql`(e.payload::json ->> ${idField})`;
    await sql`
      update ${sql.table(table)} set recorded_by = (
        select e.organisation from events e
        where e.operation_id = ${sql.table(table)}.operation_id and e.type = ${event}
          and ${field} = ${sql.table(table)}.id
        order by e.seq limit 1
      )
      where recorded_by is null`.execute(db);
  }
}
