import type { Caller } from '../src/app/access/permissions.js';
import { createContext, type AppContext } from '../src/app/context.js';
import { grantRefusal } from '../src/app/sync/grants.js';
import type { UpstreamLink } from '../src/app/sync/upstream.js';
import type { Store } from '../src/store/store.js';
import { DEMO } from './fixtures.js';

/** A coordinator of the demo operation, of no organisation: decisions anywhere in the tree. */
export const COORDINATOR: Caller = {
  actor: 'token:test',
  role: 'coordinator',
  organisationId: null,
  operationId: DEMO,
};

/**
 * A node below the root of its tree, as `corridor serve --upstream` makes one: whether it may write,
 * and its upstream's state, are its link's (given once made, or again when it is pointed elsewhere).
 */
export function belowRoot(
  store: Store,
  options: { now?: () => Date; masterKey?: Buffer | null } = {},
): { ctx: AppContext; link: UpstreamLink | null } {
  const node: { ctx: AppContext; link: UpstreamLink | null } = { ctx: undefined as never, link: null };
  node.ctx = createContext(store, options.now, {
    ...(options.masterKey !== undefined ? { masterKey: options.masterKey } : {}),
    site: {
      root: false,
      writeRefusal: () => node.link!.writeRefusal(),
      upstream: () => node.link!.state,
      grantRefusal: (_, type) =>
        node.link?.grantsTold ? grantRefusal(node.link.state.grants, type) : undefined,
    },
  });
  return node;
}
