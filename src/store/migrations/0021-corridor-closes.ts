import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

/**
 * A corridor's first close now stands over any other status change, whatever order they arrived in
 * (before, the latest change stood, and a change made after a close at another site reopened it).
 * Where the log holds a corridor close followed by another of its status changes, the tables are folded
 * again from the log when next opened (app/log/rebuild.ts, rebuildIfDue), unless that is due already.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  await sql`insert into meta (key, value)
    select 'projections_rebuild_due', '0021-corridor-closes'
    where not exists (select 1 from meta where key = 'projections_rebuild_due')
    and exists (
      select 1 from corridors c
      join events closing on closing.type = 'CorridorStatusChanged'
        and closing.payload like '%"status":"closed"%'
        and closing.payload like '%"corridorId":"' || c.id || '"%'
      join events later on later.type = 'CorridorStatusChanged'
        and later.id <> closing.id
        and later.occurred_at > closing.occurred_at
        and later.payload like '%"corridorId":"' || c.id || '"%'
    )`.execute(db);
}
