import type { Store } from '../store/store.js';
import { LiveFeed } from './live-feed.js';

/** What every use case needs: the store, a clock (tests and the simulator pass their own) and the feed. */
export interface AppContext {
  readonly store: Store;
  readonly live: LiveFeed;
  now(): Date;
}

export function createContext(store: Store, now: () => Date = () => new Date()): AppContext {
  return { store, live: new LiveFeed(), now };
}
