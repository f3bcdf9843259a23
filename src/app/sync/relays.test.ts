import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO, idOf, passage } from '../../../test/fixtures.js';
import { belowRoot } from '../../../test/nodes.js';
import { demoStore } from '../../../test/stores.js';
import { startServer, type RunningServer } from '../../api/server.js';
import { openStore, type Store } from '../../store/store.js';
import type { Caller } from '../access/permissions.js';
import { createToken } from '../access/tokens.js';
import { type AppContext } from '../context.js';
import { recordChanges } from '../log/record-changes.js';
import { headsOf } from './replication.js';
import { moveSite } from './site-names.js';
import { UpstreamLink } from './upstream.js';

/**
 * Relays: a forward checkpoint's node replicates through a post, and is pointed at another post while
 * headquarters is away. Headquarters, three nodes below it, all in this process, on SQLite files.
 */

const ENUMERATOR: Caller = { actor: 'token:e', role: 'enumerator', organisationId: null, operationId: DEMO };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Node {
  ctx: AppContext;
  store: Store;
  link: UpstreamLink | null;
  url: string;
}

async function serve(ctx: AppContext): Promise<string> {
  const server: RunningServer = await startServer(ctx, { port: 0 });
  cleanups.push(() => server.close());
  return server.url;
}

async function node(upstream: Node, site: string): Promise<Node> {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-relay-'));
  const store = await openStore({ sqlitePath: join(dir, 'node.db'), siteId: site });
  cleanups.push(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const n: Node = Object.assign(belowRoot(store), { store, url: '' });
  await pointAt(n, upstream);
  n.url = await serve(n.ctx);
  return n;
}

/** (Re)points a node's link at another node, with a site token made there. */
async function pointAt(n: Node, upstream: Node): Promise<void> {
  const { token } = await createToken(upstream.ctx, {
    operationId: DEMO,
    role: 'site',
    site: n.store.siteId,
  });
  n.link = new UpstreamLink(n.ctx, { url: upstream.url, token, timeoutMs: 5000 });
  await n.link.round();
}

describe('relays', () => {
  it('a forward checkpoint pointed at another post: its events wait there until headquarters moves it (corridor site move)', async () => {
    const t = await demoStore('sqlite');
    cleanups.push(() => t.cleanup());
    const hq: Node = { ctx: t.ctx, store: t.store, link: null, url: await serve(t.ctx) };
    const [p2, p3] = [await node(hq, 'POST-2'), await node(hq, 'POST-3')];
    const fwd = await node(p2, 'FWD-3');
    const cp71 = await idOf(t.ctx, 'checkpoints', 'CP-71');
    const count = (men: number) =>
      recordChanges(fwd.ctx, DEMO, ENUMERATOR, [passage(cp71, { men })], { mode: 'live' });
    const fwdHead = async (at: Node) => (await headsOf(at.ctx, DEMO))['FWD-3']?.seq ?? 0;

    // Through POST-2, as first seen.
    await count(1);
    await fwd.link!.round();
    await p2.link!.round();
    expect(await fwdHead(hq)).toBe(await fwdHead(fwd));
    await p3.link!.round();

    // Pointed at POST-3: headquarters knows FWD-3 through POST-2 and refuses it from POST-3.
    await pointAt(fwd, p3);
    await count(2);
    await fwd.link!.round();
    await p3.link!.round();
    expect(await fwdHead(p3)).toBe(await fwdHead(fwd));
    expect(await fwdHead(hq)).toBeLessThan(await fwdHead(fwd));
    expect(p3.link!.state.sitesHeldHere).toEqual(['FWD-3']);

    // Refused: a site with a token of its own there, a site unknown, a site under itself.
    await expect(moveSite(hq.ctx, 'POST-2', 'POST-3')).rejects.toThrow(/token of its own/);
    await expect(moveSite(hq.ctx, 'FWD-9', 'POST-3')).rejects.toThrow(/no site FWD-9/);
    await expect(moveSite(hq.ctx, 'FWD-3', 'FWD-3')).rejects.toThrow(/is FWD-3 or below it/);

    await moveSite(hq.ctx, 'FWD-3', 'POST-3');
    await p3.link!.round();
    expect(await fwdHead(hq)).toBe(await fwdHead(fwd));
    expect(p3.link!.state.sitesHeldHere).toEqual([]);
    // The old relay's copy is refused from it now, and its round goes on all the same.
    await p2.link!.round();
    expect(p2.link!.state.lastError).toBeNull();
  });
});
