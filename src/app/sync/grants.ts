import type { Kysely } from 'kysely';
import type { GrantedRole } from '../../contracts/common.js';
import type { EventType } from '../../contracts/events.js';
import type { Database } from '../../store/schema.js';
import { grantsType, parseGrants, rolesFor } from '../access/permissions.js';

/**
 * What a site's node may record and send up: the roles its site token grants it (`corridor token
 * create --role site --grant ...`). The upstream says them at each hello; the node keeps them in its
 * database, refuses a change no granted role records before it is written (a chain holding it could
 * never be sent up), and the upstream refuses a page holding one (replication.ts).
 */

/** Why a node granted these roles (null: every role) may not record a type of event, if it may not. */
export function grantRefusal(grants: readonly GrantedRole[] | null, type: EventType): string | undefined {
  if (grantsType(grants, type)) return undefined;
  return `this node's upstream takes ${type} only from a node granted ${rolesFor(type).join(' or ')} (its site token grants ${
    grants?.join(', ') || 'no role'
  }): record it at headquarters, or have the site token made again with --grant`;
}

/** The meta key of an operation's grants as the upstream last told them (keepGrants). */
export const GRANTS_KEY = 'site_grants:';

/**
 * An operation's grants as this node's upstream last told them: null when it has none (the root, a
 * node that never reached its upstream) or was granted every role.
 */
export async function keptGrants(db: Kysely<Database>, operationId: string): Promise<GrantedRole[] | null> {
  const row = await db
    .selectFrom('meta')
    .select('value')
    .where('key', '=', `${GRANTS_KEY}${operationId}`)
    .executeTakeFirst();
  return row === undefined || row.value === '*' ? null : (parseGrants(row.value) ?? []);
}

/**
 * Keeps the grants the upstream told in the database: a node started again while its upstream is away
 * (--resume-offline) holds to them before it next reaches it (UpstreamLinks.restoreGrants).
 */
export async function keepGrants(
  db: Kysely<Database>,
  op: string,
  grants: GrantedRole[] | null,
): Promise<void> {
  const key = `${GRANTS_KEY}${op}`;
  const value = grants === null ? '*' : grants.join(',');
  await db
    .insertInto('meta')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
