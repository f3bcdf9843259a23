import type { Store } from '../store/store.js';
import { AccountabilityEngines } from './accountability/engines.js';
import { siteCodeTag } from '../domain/codes.js';
import { LiveFeed } from './log/live-feed.js';
import type { UpstreamState } from './sync/upstream.js';
import type { EventType } from '../contracts/events.js';
import type { Said } from '../domain/errors.js';

/** What every use case needs: the store, a clock (tests and the simulator pass their own) and the feed. */
export interface AppContext {
  readonly store: Store;
  readonly live: LiveFeed;
  /** The accountability rules; `null` turns them off (the benchmark's baseline). */
  readonly accountability: AccountabilityEngines | null;
  /** The master key that wraps each person's data key; without it, personal data is off. */
  readonly masterKey: Buffer | null;
  /** Where this node stands in the tree of sites (app/sync). */
  readonly site: SiteRole;
  now(): Date;
}

/**
 * A node is the root of its tree (headquarters: no upstream) or a site below one. A site's link to its
 * upstream may hold local changes back until it has confirmed its own sequence (app/sync/upstream.ts).
 */
export interface SiteRole {
  root: boolean;
  /** Why a local change of the operation must wait (its link has not confirmed this site's sequence). */
  writeRefusal(operationId: string): Said | string | undefined;
  /** The operation's link to the upstream, as it last went (null at the root). */
  upstream(operationId: string): UpstreamState | null;
  /**
   * Why a change of this type may not be recorded here: the upstream would not take it from this node
   * (its site token does not grant a role that records it). Undefined when it may, or at the root.
   */
  grantRefusal?(operationId: string, type: EventType): Said | undefined;
  /**
   * Whether this node raises the time-based alerts (overdue, windows ended) itself: the root does; a
   * site only while it works without its upstream, so that one clock raises each while the tree is
   * whole (see docs/sync.md).
   */
  raisesTimeAlerts?(operationId: string): boolean;
}

/** The tag this node puts in the codes it gives: none at the root (see domain/codes.ts). */
export function codeTagOf(ctx: Pick<AppContext, 'site' | 'store'>): string | null {
  return ctx.site.root ? null : siteCodeTag(ctx.store.siteId);
}

/** Headquarters, or a node on its own: nothing to wait for. */
export const ROOT: SiteRole = { root: true, writeRefusal: () => undefined, upstream: () => null };

export interface ContextOptions {
  accountability?: boolean;
  masterKey?: Buffer | null;
  site?: SiteRole;
}

export function createContext(
  store: Store,
  now: () => Date = () => new Date(),
  options: ContextOptions = {},
): AppContext {
  return {
    store,
    live: new LiveFeed(),
    now,
    accountability:
      options.accountability === false
        ? null
        : new AccountabilityEngines(now, options.site?.root === false ? siteCodeTag(store.siteId) : null),
    masterKey: options.masterKey ?? null,
    site: options.site ?? ROOT,
  };
}
