import type { SyncStatus } from '../../contracts/sync/sync.js';
import type { AppContext } from '../context.js';
import { GRANTABLE_ROLES, type GrantedRole } from '../../contracts/common.js';
import { parseGrants } from '../access/permissions.js';
import { eventsBeyond, headsOf } from './replication.js';
import { CLOCK_LIMIT_MS } from './upstream.js';

/**
 * What this node knows of replication for an operation: its heads (per site: the last number and
 * hash), its link to its upstream, the sites below it, and the open conflicts. The console's Sites
 * board and `GET /api/v1/sync/status` show it.
 */
export async function syncStatus(ctx: AppContext, operationId: string): Promise<SyncStatus> {
  const { db } = ctx.store;
  const up = ctx.site.upstream(operationId);
  const sites = await db.selectFrom('sites').selectAll().orderBy('site').execute();
  const conflicts = await db
    .selectFrom('alerts')
    .select(['code', 'reason', 'raised_at'])
    .where('operation_id', '=', operationId)
    .where('kind', '=', 'conflict')
    .where('status', '<>', 'resolved')
    .orderBy('raised_at')
    .execute();
  const heads = await headsOf(ctx, operationId);
  const grants = await siteTokenGrants(ctx, operationId);
  // Against the upstream's heads at the last contact: ours it lacked (changes made since are waiting
  // too), and its that we lack.
  const theirs = up?.upstreamHeads ?? null;
  const pendingOut = theirs && eventsBeyond(heads, theirs, up!.mayPush);
  const pendingIn = theirs && eventsBeyond(theirs, heads);
  return {
    site: ctx.store.siteId,
    now: ctx.now().toISOString(),
    operationId,
    upstream: up && {
      url: up.url,
      lastContactAt: up.lastContactAt,
      heads: up.upstreamHeads,
      pendingOut,
      pendingIn,
      clockOffsetMs: up.clockOffsetMs === null ? null : Math.round(up.clockOffsetMs),
      confirmed: up.confirmed,
      lastError: up.fork ?? up.lastError,
      lastErrorAt: up.lastErrorAt,
      personKeysOut: up.personKeysOut,
      personKeysHeldBack: up.personKeysHeldBack,
      sitesHeldHere: up.sitesHeldHere,
      grants: up.grants,
    },
    heads,
    sites: sites.map((s) => ({
      site: s.site,
      parent: s.parent,
      lastContactAt: s.last_contact_at,
      clockOffsetMs: s.clock_offset_ms,
      lastError: s.last_error,
      ...(grants.has(s.site) ? { grants: grants.get(s.site)! } : {}),
    })),
    conflicts: conflicts.map((c) => ({ code: c.code, reason: c.reason, raisedAt: c.raised_at })),
    clockLimitMs: CLOCK_LIMIT_MS,
  };
}

/**
 * What each site with a live site token of this operation here may send up: every role any of its
 * tokens grants (null when one of them was made before grants were kept, and grants every role).
 */
async function siteTokenGrants(
  ctx: AppContext,
  operationId: string,
): Promise<Map<string, GrantedRole[] | null>> {
  const now = ctx.now().toISOString();
  const rows = await ctx.store.db
    .selectFrom('tokens')
    .select(['site', 'grants', 'expires_at'])
    .where('operation_id', '=', operationId)
    .where('role', '=', 'site')
    .where('revoked_at', 'is', null)
    .execute();
  const out = new Map<string, GrantedRole[] | null>();
  for (const r of rows) {
    if (!r.site || (r.expires_at !== null && r.expires_at <= now)) continue;
    const granted = parseGrants(r.grants);
    const before = out.get(r.site);
    if (before === null) continue;
    out.set(
      r.site,
      granted === null ? null : GRANTABLE_ROLES.filter((g) => granted.includes(g) || before?.includes(g)),
    );
  }
  return out;
}
