import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

/**
 * Which change a part of a row holds (when it happened, then its event id), so that two changes of one
 * record made at two sites apart end the same on every node, whichever arrived first. Null: no change
 * yet, only what the record was created with.
 */
const VERSIONED: Record<string, string[]> = {
  convoys: ['status_version', 'manifest_version'],
  passages: ['void_version', 'match_version'],
  corridors: ['status_version', 'override_version'],
  hazards: ['status_version'],
  incidents: ['status_version'],
  clearance_tasks: ['status_version', 'progress_version', 'area_version', 'length_version'],
  pause_windows: ['status_version'],
  plans: ['status_version'],
  pickup_points: ['update_version'],
  tracing_requests: ['status_version'],
  registrations: ['status_version', 'convoy_version', 'handover_version'],
};

export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  for (const [table, columns] of Object.entries(VERSIONED))
    for (const column of columns) await db.schema.alterTable(table).addColumn(column, 'text').execute();
  // Rows made before hold no version: the tables are folded again from the log when next opened
  // (app/log/rebuild.ts, rebuildIfDue), so that they hold what a fold of the log gives.
  await sql`insert into meta (key, value) select 'projections_rebuild_due', '0020-change-versions' where exists (select 1 from events)`.execute(
    db,
  );
}
