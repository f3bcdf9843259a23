import type { Heads } from '../../contracts/sync/sync.js';
import type { Store } from '../../store/store.js';
import type { AppContext, SiteRole } from '../context.js';

/**
 * Headquarters (the root of its tree) restored from a backup: started with `corridor serve --restored`.
 * Events of its own chain recorded after the backup are gone from its disk, but the posts that pulled
 * them still hold them. Until every site with a site token of an operation has come back and shown it
 * holds nothing more of this node's chain, the node records nothing of its own in that operation (503,
 * with Retry-After: a number given now would be given twice), and it takes its own lost events back
 * from the posts (their hello says `restoring`; outside this window an upstream's own events are never
 * taken from a site). A site that will not come back (a post lost) keeps it waiting: restart without
 * `--restored` to go on without it (what only it held is then lost, and a later event of this node's
 * with a number it held forks the chain, reported and never merged).
 */
export class RestoredRoot implements SiteRole {
  readonly root = true;
  /** Per operation: the sites not yet seen holding no more of this node's chain than it has. */
  private readonly waiting = new Map<string, Set<string>>();

  /** Reads which sites each operation waits for: those with a site token that is not revoked. */
  async load(store: Store): Promise<this> {
    const rows = await store.db
      .selectFrom('tokens')
      .select(['operation_id', 'site'])
      .where('site', 'is not', null)
      .where('revoked_at', 'is', null)
      .execute();
    for (const r of rows) {
      const sites = this.waiting.get(r.operation_id) ?? new Set<string>();
      sites.add(r.site!);
      this.waiting.set(r.operation_id, sites);
    }
    return this;
  }

  /** Whether the operation still waits for sites to give back this node's events. */
  restoring(operationId: string): boolean {
    return (this.waiting.get(operationId)?.size ?? 0) > 0;
  }

  /** The sites an operation still waits for. */
  waitingFor(operationId: string): string[] {
    return [...(this.waiting.get(operationId) ?? [])].sort();
  }

  /**
   * A site's pull, with its heads: once it holds no more of this node's chain than this node does, the
   * operation no longer waits for it.
   */
  sawHeads(operationId: string, site: string, theirs: Heads, ours: Heads, ownSite: string): void {
    if ((theirs[ownSite]?.seq ?? 0) <= (ours[ownSite]?.seq ?? 0)) this.waiting.get(operationId)?.delete(site);
  }

  writeRefusal(operationId: string): string | undefined {
    if (!this.restoring(operationId)) return undefined;
    return `this node was restored from a backup and records nothing of its own in ${operationId} until the sites below it have given back the events of its chain they hold (waiting for ${this.waitingFor(operationId).join(', ')}); to go on without them, restart it without --restored`;
  }

  upstream(): null {
    return null;
  }
}

/** The restored root of a context, if it is one. */
export function restoredRoot(ctx: AppContext): RestoredRoot | null {
  return ctx.site instanceof RestoredRoot ? ctx.site : null;
}
