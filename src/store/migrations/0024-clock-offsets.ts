import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';

// Frozen in time: a migration never imports app code, and never changes once it has shipped.

/**
 * A site's clock offset may be years (a post whose clock battery died starts in 1970): 64 bits on
 * PostgreSQL, whose `integer` stops at about 24.8 days of milliseconds. SQLite's integers are 64 bits
 * already.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`alter table sites alter column clock_offset_ms type bigint`.execute(db);
}
