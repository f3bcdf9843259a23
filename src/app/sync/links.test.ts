import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eastRoadOperation } from '../../../test/api-harness.js';
import { v7 as uuidv7 } from 'uuid';
import { DEMO, SYSTEM } from '../../../test/fixtures.js';
import { demoStore, type TestStore } from '../../../test/stores.js';
import { startServer, type RunningServer } from '../../api/server.js';
import { listOf } from '../../cli/serve.js';
import { openStore, type Store } from '../../store/store.js';
import { createToken } from '../access/tokens.js';
import type { Caller } from '../access/permissions.js';
import { createContext, type AppContext } from '../context.js';
import { projectionDigest } from '../log/audit.js';
import { recordChanges } from '../log/record-changes.js';
import { UpstreamLinks } from './links.js';
import { headsOf } from './replication.js';
import { syncStatus } from './status.js';

/**
 * A post that works for two operations, with a site token of each: one link per token, each
 * replicating its own operation, and a change of an operation waiting for that operation's link only.
 */

const EAST = 'east-road';
const coordinatorOf = (operationId: string): Caller => ({
  actor: 'token:test',
  role: 'coordinator',
  organisationId: null,
  operationId,
});

describe('a post with a site token for each of two operations', () => {
  let hq: TestStore;
  let server: RunningServer;
  let store: Store;
  let post: AppContext;
  let links: UpstreamLinks;
  const dir = mkdtempSync(join(tmpdir(), 'corridor-links-'));
  afterAll(async () => {
    await store?.close();
    await server?.close();
    await hq?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A change made at the post: an incident reported, its code given by the node. */
  const report = (ctx: AppContext, operationId: string, n: number) =>
    recordChanges(
      ctx,
      operationId,
      coordinatorOf(operationId),
      [
        {
          id: uuidv7(),
          type: 'IncidentReported',
          occurredAt: new Date().toISOString(),
          allocateCode: 'incidents',
          payload: {
            incidentId: uuidv7(),
            type: 'road-accident',
            severity: 'minor',
            location: { type: 'Point', coordinates: [37.01, 36.0] },
            description: `a bus slid off the road (${n})`,
            reporter: 'post officer',
          },
        },
      ],
      { mode: 'live' },
    );
  /** Both operations' heads and every projection table. */
  const picture = async (ctx: AppContext) => ({
    demo: await headsOf(ctx, DEMO),
    east: await headsOf(ctx, EAST),
    projections: await projectionDigest(ctx),
  });

  it('pulls each operation through its own link, and holds a change back only until its link confirmed', async () => {
    hq = await demoStore('sqlite');
    await recordChanges(
      hq.ctx,
      EAST,
      SYSTEM,
      eastRoadOperation('East road', () => []),
      { mode: 'replay' },
    );
    server = await startServer(hq.ctx, { port: 0 });
    const tokens = [];
    for (const operationId of [DEMO, EAST])
      tokens.push((await createToken(hq.ctx, { operationId, role: 'site', site: 'POST-1' })).token);
    store = await openStore({ sqlitePath: join(dir, 'post.db'), siteId: 'POST-1' });
    // The same token twice is one link.
    links = new UpstreamLinks([...tokens, tokens[0]!], { url: server.url, timeoutMs: 5000 });
    post = createContext(store, undefined, { site: links.siteRole(120_000) });
    links.attach(post);
    expect(links.links).toHaveLength(2);

    // Nothing is numbered before a link has confirmed this site's sequence.
    await expect(report(post, DEMO, 1)).rejects.toMatchObject({ code: 'unavailable' });
    const [demoLink, eastLink] = links.links;
    await demoLink!.round();
    expect(demoLink!.state.operationId).toBe(DEMO);
    expect(await headsOf(post, DEMO)).toEqual(await headsOf(hq.ctx, DEMO));
    expect(await headsOf(post, EAST)).toEqual({});
    await report(post, DEMO, 2);
    // The other operation's link has not spoken yet: its changes wait.
    await expect(report(post, EAST, 3)).rejects.toThrow(/not yet confirmed its own sequence/);

    await eastLink!.round();
    expect(eastLink!.state.operationId).toBe(EAST);
    await report(post, EAST, 4);
    // Each link pushes its own operation's changes, and each operation is the same on both nodes.
    for (const link of links.links) await link.round();
    expect(await picture(post)).toEqual(await picture(hq.ctx));
    for (const operationId of [DEMO, EAST]) {
      expect((await headsOf(hq.ctx, operationId))['POST-1']?.seq).toBe(1);
      expect((await syncStatus(post, operationId)).upstream).toMatchObject({
        pendingIn: 0,
        pendingOut: 0,
        confirmed: true,
      });
    }
  });

  it('refuses a second token of an operation another link replicates already', async () => {
    const again = await createToken(hq.ctx, { operationId: EAST, role: 'site', site: 'POST-1' });
    const more = new UpstreamLinks([again.token], { url: server.url, timeoutMs: 5000 });
    const twice = new UpstreamLinks([...links.links.map((l) => l.token), again.token], {
      url: server.url,
      timeoutMs: 5000,
    }).attach(post);
    for (const link of twice.links.slice(0, 2)) await link.round();
    await expect(twice.links[2]!.round()).rejects.toThrow(
      `another upstream token of this node is for operation ${EAST} already`,
    );
    // Alone, the same token replicates its operation.
    const alone = more.attach(post).links[0]!;
    await alone.round();
    expect(alone.state.operationId).toBe(EAST);
  });

  it('reads a token list given again and again or comma-separated', () => {
    expect(
      ['a', 'b, c', ' ,d,'].reduce<string[] | undefined>((list, v) => listOf(v, list), undefined),
    ).toEqual(['a', 'b', 'c', 'd']);
  });
});
