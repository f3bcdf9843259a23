import type { StoredEvent } from '../../contracts/events.js';
import {
  SYNC_PAGE_BYTES,
  type Heads,
  type PullAnswer,
  type PullBody,
  type PushAnswer,
  type PushBody,
  type SyncHello,
} from '../../contracts/sync/sync.js';
import { HEADQUARTERS_ONLY } from './conflicts.js';
import { knownSites, tokenSites } from './site-names.js';
import { ForbiddenError, InvalidInputError, said } from '../../domain/errors.js';
import { siteHeads } from '../../store/event-log.js';
import type { GrantedRole } from '../../contracts/common.js';
import { authoriseRead, type Caller } from '../access/permissions.js';
import { keptGrants, pushRefusal, withinOwn } from './grants.js';
import type { AppContext } from '../context.js';
import { openKeysFromBelow, receivingKeyPair } from '../protection/key-exchange.js';
import { appendStored } from '../log/transfer.js';
import { eventTexts } from './event-texts.js';

/**
 * The upstream's side of replication (see ../../../docs/sync.md): a site token's node asks what this
 * node holds (hello), pushes its own site's events and those of the sites below it, and pulls
 * everything of its operation beyond its heads. Replicated events go through the one write path
 * (recordChanges, as `replay` with their origin), so an event already here is a no-op and each
 * site's chain is checked link by link: a gap, a fork or a changed event is refused whole.
 */

/** What this node holds of each site's chain of an operation. */
export async function headsOf(ctx: AppContext, operationId: string): Promise<Heads> {
  const heads: Heads = {};
  for (const h of await siteHeads(ctx.store.db, operationId))
    heads[h.origin_site] = { seq: h.origin_seq, hash: h.hash };
  return heads;
}

/**
 * How many events `theirs` holds beyond `ours` (of these sites, or all): what one node still has to
 * send the other.
 */
export function eventsBeyond(
  theirs: Heads,
  ours: Heads,
  sites: readonly string[] = Object.keys(theirs),
): number {
  let n = 0;
  for (const site of sites) n += Math.max(0, (theirs[site]?.seq ?? 0) - (ours[site]?.seq ?? 0));
  return n;
}

function siteOf(caller: Caller): string {
  if (caller.role !== 'site' || !caller.site)
    throw new ForbiddenError(
      said('only a site token replicates: make one with `corridor token create --role site`'),
    );
  return caller.site;
}

/**
 * The sites whose events `site` may push here: its own, and those first seen here through it (a
 * forward checkpoint's node that replicates through a post), and theirs, and so on down.
 */
export async function mayPushOf(ctx: AppContext, site: string): Promise<string[]> {
  const rows = await ctx.store.db.selectFrom('sites').select(['site', 'parent']).execute();
  const children = new Map<string, string[]>();
  for (const r of rows)
    if (r.parent !== null && r.parent !== r.site)
      children.set(r.parent, [...(children.get(r.parent) ?? []), r.site]);
  const out = [site];
  for (let i = 0; i < out.length; i++) for (const c of children.get(out[i]!) ?? []) out.push(c);
  return out;
}

/** The node a site token speaks for was in touch: when, and how far its clock is from ours. */
async function touch(ctx: AppContext, site: string, parent: string, theirNow: string | undefined) {
  const now = ctx.now();
  const offset = theirNow === undefined ? null : Date.parse(theirNow) - now.getTime();
  const values = {
    last_contact_at: now.toISOString(),
    clock_offset_ms: Number.isFinite(offset) ? offset : null,
    last_error: null,
    last_error_at: null,
  };
  await ctx.store.db
    .insertInto('sites')
    .values({ site, parent, first_seen_at: now.toISOString(), ...values })
    .onConflict((c) => c.column('site').doUpdateSet(values))
    .execute();
}

export async function hello(ctx: AppContext, caller: Caller): Promise<SyncHello> {
  const site = siteOf(caller);
  const operationId = caller.operationId!;
  await touch(ctx, site, site, undefined);
  return {
    site: ctx.store.siteId,
    operationId,
    yourSite: site,
    now: ctx.now().toISOString(),
    heads: await headsOf(ctx, operationId),
    mayPush: await mayPushOf(ctx, site),
    ...(ctx.masterKey ? { keyExchange: receivingKeyPair(ctx.masterKey).publicKey } : {}),
    ...grantsOf(await withinOwnGrants(ctx, operationId, caller)),
  };
}

/**
 * Why a site first seen below a node is refused from it: the upstream takes it from another. The end
 * of the refusal's English (acceptPush), which the node below looks for (upstream.ts).
 */
export const THROUGH_ANOTHER_NODE = 'that site replicates through another node';

/**
 * Events a site's node sends up: of its own site and of the sites below it, each with its place in its
 * site's chain. A site this node has never seen, arriving through a site token, is below that site
 * from then on; a site known otherwise (this node's own, one with a token here, one whose events came
 * from elsewhere) is refused, so no site can speak for another.
 */
export async function acceptPush(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  body: PushBody,
): Promise<PushAnswer> {
  authoriseRead(caller, operationId);
  const site = siteOf(caller);
  const allowed = new Set(await mayPushOf(ctx, site));
  const own = ctx.site.root ? undefined : await keptGrants(ctx.store.db, operationId);
  const known = await knownSites(ctx);
  const tokened = await tokenSites(ctx);
  const fresh = new Set<string>();
  const events = body.events as StoredEvent[];
  for (const [i, e] of events.entries()) {
    checkPushed(e, i, operationId, { site, theirs: caller.grants ?? null, own });
    // A site with a token of its own here speaks for itself only.
    const origin = e.originSite;
    if (origin !== site && tokened.has(origin))
      throw new ForbiddenError(
        said('site {site} may not send events of site {origin}: it has a token of its own', { site, origin }),
        { index: i, site: origin },
      );
    if (allowed.has(origin) || fresh.has(origin)) continue;
    if (origin === ctx.store.siteId || known.has(origin))
      throw new ForbiddenError(
        origin === ctx.store.siteId
          ? said('site {site} may not send events of site {origin}: they are made here', { site, origin })
          : said(
              'site {site} may not send events of site {origin}: that site replicates through another node',
              { site, origin },
            ),
        { index: i, site: origin },
      );
    fresh.add(origin);
  }
  // Opened before anything changes: a key that does not open refuses the page.
  const personKeys = body.personKeys ? openKeysFromBelow(ctx.masterKey, body.personKeys) : [];
  const outcome = await appendStored(
    ctx,
    operationId,
    { actor: `site:${site}`, role: 'system', organisationId: null, operationId },
    events,
    { replicated: true, personKeys },
  );
  for (const s of fresh)
    await ctx.store.db
      .insertInto('sites')
      .values({ site: s, parent: site, first_seen_at: ctx.now().toISOString() })
      .onConflict((c) => c.column('site').doNothing())
      .execute();
  await touch(ctx, site, site, body.now);
  return {
    site: ctx.store.siteId,
    now: ctx.now().toISOString(),
    appended: outcome.appended,
    duplicates: outcome.duplicates,
    heads: await headsOf(ctx, operationId),
  };
}

/**
 * What a pushed event must be, whichever site it is of: of the operation, with its place in its site's
 * chain, not of a type recorded at headquarters only, and of a role that the sender's token grants
 * (its own and its sites' records); at a relay, no more than this node's own upstream takes from it.
 */
function checkPushed(
  e: StoredEvent,
  index: number,
  operationId: string,
  by: { site: string; theirs: readonly GrantedRole[] | null; own: GrantedRole[] | null | undefined },
): void {
  if (e.operationId !== operationId)
    throw new InvalidInputError(
      said('events[{index}] is of operation {theirs}, not {operation}', {
        index,
        theirs: e.operationId,
        operation: operationId,
      }),
      { index },
    );
  if (e.prevHash === undefined || e.hash === undefined)
    throw new InvalidInputError(
      said("events[{index}] has no place in its site's chain (prevHash, hash)", { index }),
      { index },
    );
  if (HEADQUARTERS_ONLY.has(e.type))
    throw new ForbiddenError(
      said('events[{index}] is {type}: recorded at headquarters only, never sent up', {
        index,
        type: e.type,
      }),
      { index },
    );
  const refusal =
    pushRefusal(by.theirs, e, said("site {site}'s token", { site: by.site })) ??
    (by.own === undefined ? undefined : pushRefusal(by.own, e, said("this node's own site token")));
  if (refusal !== undefined)
    throw new ForbiddenError(said('events[{index}]: {reason}', { index, reason: refusal }), {
      index,
      type: e.type,
    });
}

/**
 * Everything of the operation beyond the asker's heads, in this node's log order (so an event comes
 * after everything it was recorded on top of here), a page at a time. Each event as the UTF-8 of its
 * JSON with its payload's text as stored (`pullAnswerJson` writes the answer around them), kept for
 * the next post's pull (event-texts.ts): headquarters sends every post's events to every other post.
 */
export async function pullPage(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  body: PullBody,
): Promise<PullAnswer<Buffer>> {
  authoriseRead(caller, operationId);
  const site = siteOf(caller);
  const known = Object.entries(body.heads);
  // Which events, then their texts a hundred at a time, so that a page of large events (a long route,
  // a big area) stays a few MB; one event larger than that is a page of its own.
  const page: Buffer[] = [];
  let cursor = body.after;
  let bytes = 0;
  const seqs = await beyond(body.after, body.limit + 1);
  read: for (let k = 0; k < Math.min(seqs.length, body.limit); k += 100) {
    const part = seqs.slice(k, Math.min(k + 100, body.limit));
    for (const [i, text] of (await eventTexts(ctx.store, part)).entries()) {
      if (page.length > 0 && bytes + text.length > SYNC_PAGE_BYTES) break read;
      page.push(text);
      bytes += text.length;
      cursor = part[i]!;
    }
  }
  const more = seqs.length > page.length;
  async function beyond(from: number, n: number): Promise<number[]> {
    const rows = await ctx.store.db
      .selectFrom('events')
      .select('seq')
      .where('operation_id', '=', operationId)
      .where('seq', '>', from)
      .where((eb) =>
        known.length === 0
          ? eb.lit(true)
          : eb.or([
              eb(
                'origin_site',
                'not in',
                known.map(([s]) => s),
              ),
              ...known.map(([s, h]) => eb.and([eb('origin_site', '=', s), eb('origin_seq', '>', h.seq)])),
            ]),
      )
      .orderBy('seq')
      .limit(n)
      .execute();
    return rows.map((r) => r.seq);
  }
  await touch(ctx, site, site, body.now);
  return {
    site: ctx.store.siteId,
    now: ctx.now().toISOString(),
    events: page,
    cursor,
    more,
    heads: await headsOf(ctx, operationId),
  };
}

/** The JSON of a pull answer whose events are JSON texts already (UTF-8). */
export function pullAnswerJson(answer: PullAnswer<Buffer>): Buffer<ArrayBuffer> {
  const { events, ...rest } = answer;
  const parts: Buffer[] = [Buffer.from(`${JSON.stringify(rest).slice(0, -1)},"events":[`)];
  for (const [i, e] of events.entries()) {
    if (i > 0) parts.push(COMMA);
    parts.push(e);
  }
  parts.push(END);
  return Buffer.concat(parts);
}

const COMMA = Buffer.from(',');
const END = Buffer.from(']}');

/** A site's request failed here: the reason is kept for the Sites board. */
export async function recordSiteError(ctx: AppContext, site: string, message: string): Promise<void> {
  const at = ctx.now().toISOString();
  const values = { last_error: message.slice(0, 1000), last_error_at: at };
  await ctx.store.db
    .insertInto('sites')
    .values({ site, parent: site, first_seen_at: at, ...values })
    .onConflict((c) => c.column('site').doUpdateSet(values))
    .execute();
}

/** What a site's token grants it here, and at a relay no more than the relay's own upstream takes. */
async function withinOwnGrants(ctx: AppContext, operationId: string, caller: Caller) {
  const theirs = caller.grants ? [...caller.grants] : null;
  return ctx.site.root ? theirs : withinOwn(theirs, await keptGrants(ctx.store.db, operationId));
}

const grantsOf = (grants: GrantedRole[] | null) => (grants === null ? {} : { grants });
