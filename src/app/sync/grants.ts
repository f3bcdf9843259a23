import type { Kysely } from 'kysely';
import type { GrantedRole } from '../../contracts/common.js';
import type { EventType, StoredEvent } from '../../contracts/events.js';
import { said, type Said } from '../../domain/errors.js';
import type { Database } from '../../store/schema.js';
import { grantsType, parseGrants, rolesFor } from '../access/permissions.js';
import type { SiteRole } from '../context.js';
import { ACCOUNTABILITY_ACTOR } from '../log/derived-events.js';

/**
 * What a site's node may record and send up: the roles its site token grants it (`corridor token
 * create --role site --grant ...`). The upstream says them at each hello; the node keeps them in its
 * database, refuses a change no granted role records before it is written (a chain holding it could
 * never be sent up), and the upstream refuses a page holding one (replication.ts).
 */

/** The roles that record a type, and those granted, in words. */
function whoRecords(type: EventType): Said {
  const roles = rolesFor(type);
  const who =
    roles.length === 1
      ? said('the {role|role} role', { role: roles[0]! })
      : said('the {roles} role', { roles: roles.length === 0 ? '' : eitherRole(roles) });
  return said('{type} is recorded by {who}', { type, who });
}
/** Two roles or more, said one or the other: `coordinator or post-officer`. */
function eitherRole(roles: readonly GrantedRole[]): Said {
  const [first, ...rest] = roles;
  return rest.length === 1
    ? said('{role|role} or {other|role}', { role: first!, other: rest[0]! })
    : said('{role|role} or {others}', { role: first!, others: eitherRole(rest) });
}
const granted = (grants: readonly GrantedRole[] | null) =>
  grants && grants.length > 0 ? grants.join(', ') : said('no role');

/**
 * Why a node granted these roles (null: every role) may not record a type of event, if it may not:
 * for a change its own users ask for.
 */
export function grantRefusal(grants: readonly GrantedRole[] | null, type: EventType): Said | undefined {
  if (grantsType(grants, type)) return undefined;
  return said(
    "{who}, and this node's site token grants {grants}: its upstream would not take it. Record it at headquarters, or have the site token made again with --grant",
    { who: whoRecords(type), grants: granted(grants) },
  );
}

/**
 * What a node's rules derive from what it records, whatever its grants: alerts raised and resolved, a
 * tally matched to its convoy, and a corridor suspended for a critical incident (the operation's
 * policy). Such an event names the rules as its actor; a node that forges one can do no more than
 * those rules do (docs/sync.md, "Not yet").
 */
function derivedByRules(e: Pick<StoredEvent, 'type' | 'actor' | 'payload'>): boolean {
  if (e.actor !== ACCOUNTABILITY_ACTOR) return false;
  if (e.type === 'CorridorStatusChanged') return (e.payload as { status?: unknown }).status === 'suspended';
  return e.type === 'AlertRaised' || e.type === 'AlertResolved' || e.type === 'PassageMatched';
}

/** Why a node granted these roles may not send this event up, if it may not: for a pushed page. */
export function pushRefusal(
  grants: readonly GrantedRole[] | null,
  e: Pick<StoredEvent, 'type' | 'actor' | 'payload'>,
  whose: Said,
): Said | undefined {
  if (grantsType(grants, e.type) || derivedByRules(e)) return undefined;
  return said('{who}, and {whose} grants {grants}', {
    who: whoRecords(e.type),
    whose,
    grants: granted(grants),
  });
}

/** The grants of a node below this one: what its token here grants, and no more than this node's own. */
export function withinOwn(
  theirs: readonly GrantedRole[] | null,
  own: readonly GrantedRole[] | null,
): GrantedRole[] | null {
  if (own === null) return theirs === null ? null : [...theirs];
  return (theirs ?? own).filter((g) => own.includes(g));
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
  return row === undefined ? null : fromKept(row.value);
}

/** Grants as kept: '*' for every role, else the roles comma-separated. */
const fromKept = (value: string): GrantedRole[] | null => (value === '*' ? null : (parseGrants(value) ?? []));

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

/**
 * How a command run on a node's database (the CLI, not `serve`) stands in its tree: a database that
 * was told grants by an upstream is a site's below it, which gives tagged codes, records nothing only
 * headquarters records, and holds to those grants, as its server does. Null for headquarters.
 */
export async function keptSiteRole(db: Kysely<Database>): Promise<SiteRole | null> {
  const kept = await everyKeptGrants(db);
  if (kept.size === 0) return null;
  return {
    root: false,
    writeRefusal: () => undefined,
    upstream: () => null,
    grantRefusal: (operationId, type) =>
      kept.has(operationId) ? grantRefusal(kept.get(operationId)!, type) : undefined,
  };
}

/** Each operation's grants as the upstream last told them (keepGrants), by operation. */
export async function everyKeptGrants(db: Kysely<Database>): Promise<Map<string, GrantedRole[] | null>> {
  const rows = await db.selectFrom('meta').selectAll().where('key', 'like', `${GRANTS_KEY}%`).execute();
  return new Map(rows.map((r) => [r.key.slice(GRANTS_KEY.length), fromKept(r.value)]));
}
