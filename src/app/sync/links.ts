import type { Kysely } from 'kysely';
import type { GrantedRole } from '../../contracts/common.js';
import { said } from '../../domain/errors.js';
import type { Database } from '../../store/schema.js';
import type { AppContext, SiteRole } from '../context.js';
import { everyKeptGrants, grantRefusal } from './grants.js';
import { UpstreamLink, type UpstreamOptions } from './upstream.js';

/**
 * A node's links to its upstream, one per site token: a token is for one operation, and a post that
 * works for several operations (an evacuation and the returns after it) is given one token for each.
 * Each link replicates its own operation; what a local change of an operation waits for is that
 * operation's link.
 */
export class UpstreamLinks {
  readonly links: UpstreamLink[] = [];
  private readonly tokens: string[];
  /** Each operation's grants as the upstream last told them, for a node started without it. */
  private readonly keptGrants = new Map<string, GrantedRole[] | null>();

  constructor(
    tokens: readonly string[],
    private readonly options: Omit<UpstreamOptions, 'token'>,
  ) {
    this.tokens = [...new Set(tokens)];
  }

  /** The links, made with the context that holds this node's site role (siteRole below). */
  attach(ctx: AppContext): this {
    for (const token of this.tokens)
      this.links.push(
        new UpstreamLink(ctx, {
          ...this.options,
          token,
          // Two tokens of one operation would push and pull it twice over, each link unaware.
          otherOperations: () => this.links.filter((l) => l.token !== token).map((l) => l.state.operationId),
        }),
      );
    return this;
  }

  /**
   * The grants kept from the last contact with the upstream (keepGrants): a node started
   * again while its upstream is away (--resume-offline) records only what the upstream will take.
   */
  async restoreGrants(db: Kysely<Database>): Promise<void> {
    for (const [op, grants] of await everyKeptGrants(db)) this.keptGrants.set(op, grants);
  }

  /** The link of an operation, or one that has not yet learnt its operation (it may be that one's). */
  private linkOf(operationId: string): UpstreamLink | undefined {
    return (
      this.links.find((l) => l.state.operationId === operationId) ??
      this.links.find((l) => l.state.operationId === null)
    );
  }

  /** How this node stands in its tree: a site below the upstream, its changes held by their link. */
  siteRole(aloneAfterMs: number): SiteRole {
    return {
      root: false,
      writeRefusal: (operationId) =>
        this.links.length === 0
          ? said('the links to the upstream are not made yet')
          : this.linkOf(operationId)?.holdsBack(),
      upstream: (operationId) => this.linkOf(operationId)?.state ?? null,
      grantRefusal: (operationId, type) => {
        const link = this.linkOf(operationId);
        if (link?.grantsTold) return grantRefusal(link.state.grants, type);
        const kept = this.keptGrants.get(operationId);
        return kept === undefined ? undefined : grantRefusal(kept, type);
      },
      // Time-based alerts come from headquarters' clock while the operation's link holds.
      raisesTimeAlerts: (operationId) => {
        const link = this.links.find((l) => l.state.operationId === operationId);
        return link === undefined || link.alone(aloneAfterMs);
      },
    };
  }

  start(): void {
    for (const l of this.links) l.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.links.map((l) => l.stop()));
  }
}
