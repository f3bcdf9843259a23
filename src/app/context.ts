import type { Store } from '../store/store.js';
import { AccountabilityEngines } from './accountability/engines.js';
import { LiveFeed } from './log/live-feed.js';

/** What every use case needs: the store, a clock (tests and the simulator pass their own) and the feed. */
export interface AppContext {
  readonly store: Store;
  readonly live: LiveFeed;
  /** The accountability rules; `null` turns them off (the benchmark's baseline). */
  readonly accountability: AccountabilityEngines | null;
  /** The master key that wraps each person's data key; without it, personal data is off. */
  readonly masterKey: Buffer | null;
  now(): Date;
}

export interface ContextOptions {
  accountability?: boolean;
  masterKey?: Buffer | null;
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
    accountability: options.accountability === false ? null : new AccountabilityEngines(now),
    masterKey: options.masterKey ?? null,
  };
}
