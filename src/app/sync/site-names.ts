import { SiteId } from '../../contracts/sync/sync.js';
import { siteCodeTag } from '../../domain/codes.js';
import { InvalidInputError, NotFoundError, RuleViolatedError, said } from '../../domain/errors.js';
import type { AppContext } from '../context.js';

/**
 * Whether a site token may be made here for `site`: a valid id, not this node's own, not one whose
 * codes would carry another known site's tag (POST-8 and POST8 would give one code apart), and not a
 * site first seen through another site's node (a token of its own would give it a second way in, or
 * the other node took its name before it connected).
 */
export async function checkSiteForToken(ctx: AppContext, site: string): Promise<void> {
  const { db } = ctx.store;
  const parsed = SiteId.safeParse(site);
  if (!parsed.success) throw new InvalidInputError(parsed.error.issues[0]!.message);
  if (site === ctx.store.siteId)
    throw new InvalidInputError(
      said("{site} is this node's own site: a site token is for another node", { site }),
    );
  const tag = siteCodeTag(site);
  const clash = [...(await knownSites(ctx))].find((o) => o !== site && siteCodeTag(o) === tag);
  if (clash)
    throw new InvalidInputError(
      said("site {site} would give codes like site {other}'s (CVY-{tag}-1): choose another id", {
        site,
        other: clash,
        tag,
      }),
    );
  const seen = await db.selectFrom('sites').select('parent').where('site', '=', site).executeTakeFirst();
  if (seen?.parent && seen.parent !== site)
    throw new InvalidInputError(
      said(
        "site {site} already replicates through site {parent}'s node: if that is wrong, {parent} took its name before it connected (see docs/sync.md)",
        { site, parent: seen.parent },
      ),
    );
}

/** The sites that have a site token here. */
export async function tokenSites(ctx: AppContext): Promise<Set<string>> {
  const rows = await ctx.store.db.selectFrom('tokens').select('site').where('site', 'is not', null).execute();
  return new Set(rows.map((r) => r.site!));
}

/** Sites this node knows: its own, those it holds tokens or events of, those seen through another. */
export async function knownSites(ctx: AppContext): Promise<Set<string>> {
  const { db } = ctx.store;
  const known = new Set<string>([ctx.store.siteId, ...(await tokenSites(ctx))]);
  for (const r of await db.selectFrom('sites').select('site').execute()) known.add(r.site);
  for (const r of await db.selectFrom('site_heads').select('origin_site').distinct().execute())
    known.add(r.origin_site);
  return known;
}

/**
 * The sites that replicate through this node: those whose site tokens are used here, and those first
 * seen through them (a forward checkpoint's node), whatever the operation.
 */
export async function sitesBelow(ctx: AppContext): Promise<string[]> {
  const rows = await ctx.store.db.selectFrom('sites').select('site').orderBy('site').execute();
  return rows.map((r) => r.site).filter((s) => s !== ctx.store.siteId);
}

/**
 * `corridor site move SITE --under PARENT`: a site that replicated through one node below this one now
 * replicates through another (a forward checkpoint pointed at another post). Its events are taken from
 * the new parent only (from the old one they are refused, and wait there). Only a site first seen
 * through another moves: a site with a token here speaks for itself.
 */
export async function moveSite(ctx: AppContext, site: string, under: string): Promise<void> {
  const { db } = ctx.store;
  const rows = await db.selectFrom('sites').select(['site', 'parent']).execute();
  const parentOf = new Map(rows.map((r) => [r.site, r.parent]));
  if (!parentOf.has(site))
    throw new NotFoundError(
      said("no site {site} replicates through this node (see the status's sites)", { site }),
    );
  if ((await tokenSites(ctx)).has(site))
    throw new RuleViolatedError(
      said('site {site} has a token of its own here: it replicates for itself', { site }),
    );
  if (!parentOf.has(under))
    throw new NotFoundError(
      said('no site {under} replicates through this node to take {site} under it', { under, site }),
    );
  // Not under itself, nor under a site below it.
  for (let s: string | null | undefined = under; s; s = parentOf.get(s) === s ? null : parentOf.get(s))
    if (s === site) throw new RuleViolatedError(said('site {under} is {site} or below it', { under, site }));
  await db.updateTable('sites').set({ parent: under }).where('site', '=', site).execute();
}
