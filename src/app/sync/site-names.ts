import { SiteId } from '../../contracts/sync/sync.js';
import { siteCodeTag } from '../../domain/codes.js';
import { InvalidInputError } from '../../domain/errors.js';
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
    throw new InvalidInputError(`${site} is this node's own site: a site token is for another node`);
  const tag = siteCodeTag(site);
  const others = new Set<string>([ctx.store.siteId]);
  for (const r of await db.selectFrom('sites').select('site').execute()) others.add(r.site);
  for (const r of await db.selectFrom('tokens').select('site').where('site', 'is not', null).execute())
    others.add(r.site!);
  for (const r of await db.selectFrom('site_heads').select('origin_site').distinct().execute())
    others.add(r.origin_site);
  const clash = [...others].find((o) => o !== site && siteCodeTag(o) === tag);
  if (clash)
    throw new InvalidInputError(
      `site ${site} would give codes like site ${clash}'s (CVY-${tag}-1): choose another id`,
    );
  const seen = await db.selectFrom('sites').select('parent').where('site', '=', site).executeTakeFirst();
  if (seen?.parent && seen.parent !== site)
    throw new InvalidInputError(
      `site ${site} already replicates through site ${seen.parent}'s node: if that is wrong, ${seen.parent} took its name before it connected (see docs/sync.md)`,
    );
}
