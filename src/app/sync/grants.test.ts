import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { convoyPlanned, DEMO, idOf, passage } from '../../../test/fixtures.js';
import { COORDINATOR, belowRoot } from '../../../test/nodes.js';
import { demoStore, type TestStore } from '../../../test/stores.js';
import { startServer, type RunningServer } from '../../api/server.js';
import { GRANTABLE_ROLES, ROLES } from '../../contracts/common.js';
import { EVENT_TYPES, type EventSubmission } from '../../contracts/events.js';
import { openStore, type Store } from '../../store/store.js';
import { DEFAULT_SITE_GRANTS, mayWrite } from '../access/permissions.js';
import { createToken } from '../access/tokens.js';
import { createContext, type AppContext } from '../context.js';
import { recordChanges } from '../log/record-changes.js';
import { UpstreamLinks } from './links.js';
import { headsOf } from './replication.js';
import { syncStatus } from './status.js';
import { LinkError, UpstreamLink } from './upstream.js';

/**
 * A site token grants its node the roles whose records it may send up: a command post's work unless
 * more is named. The post holds to it before anything is written, and the upstream refuses a page
 * holding anything else, so that a post's node (its operator makes its own tokens) cannot decide for
 * the operation or touch personal data it was not granted.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function headquarters(): Promise<{ t: TestStore; server: RunningServer }> {
  const t = await demoStore('sqlite');
  const server = await startServer(t.ctx, { port: 0 });
  cleanups.push(
    () => t.cleanup(),
    () => server.close(),
  );
  return { t, server };
}

async function postStore(site: string): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-grants-'));
  const store = await openStore({ sqlitePath: join(dir, 'post.db'), siteId: site });
  cleanups.push(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

/** A post below `hq` through a site token of these grants (the default when none are named). */
async function post(hq: { t: TestStore; server: RunningServer }, site: string, grants?: string[]) {
  const store = await postStore(site);
  const { token } = await createToken(hq.t.ctx, {
    operationId: DEMO,
    role: 'site',
    site,
    ...(grants ? { grants } : {}),
  });
  const node = belowRoot(store);
  node.link = new UpstreamLink(node.ctx, { url: hq.server.url, token, timeoutMs: 5000 });
  await node.link.round();
  return { store, token, ctx: node.ctx, link: node.link };
}

const record = (ctx: AppContext, events: EventSubmission[]) =>
  recordChanges(ctx, DEMO, COORDINATOR, events, { mode: 'live' });

async function aConvoy(ctx: AppContext, code: string): Promise<EventSubmission> {
  return convoyPlanned(code, await idOf(ctx, 'corridors', 'COR-7'), [await idOf(ctx, 'vehicles', 'VEH-300')]);
}

describe('site token grants', () => {
  it('may grant exactly the roles that record something', () => {
    const recording = ROLES.filter((r) => EVENT_TYPES.some((t) => mayWrite(r, t)));
    expect([...GRANTABLE_ROLES].sort()).toEqual([...recording].sort());
  });

  it("by default a post does a command post's work: a coordinator's decision there is refused before it is written, and says why", async () => {
    const hq = await headquarters();
    const p = await post(hq, 'POST-1');
    expect(p.link.state.grants).toEqual(DEFAULT_SITE_GRANTS);
    const before = await headsOf(p.ctx, DEMO);
    const convoy = await aConvoy(p.ctx, 'CVY-POST1-0901');
    await expect(record(p.ctx, [convoy])).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/ConvoyPlanned only from a node granted coordinator.*--grant/),
    });
    expect(await headsOf(p.ctx, DEMO)).toEqual(before);
    // Its own work is recorded and taken up.
    const cp71 = await idOf(p.ctx, 'checkpoints', 'CP-71');
    await record(p.ctx, [passage(cp71, { men: 3 })]);
    await p.link.round();
    expect((await headsOf(hq.t.ctx, DEMO))['POST-1']).toEqual((await headsOf(p.ctx, DEMO))['POST-1']);
    // Both sides show what is granted.
    expect((await syncStatus(p.ctx, DEMO)).upstream?.grants).toEqual(DEFAULT_SITE_GRANTS);
    const seen = (await syncStatus(hq.t.ctx, DEMO)).sites.find((s) => s.site === 'POST-1');
    expect(seen?.grants).toEqual(DEFAULT_SITE_GRANTS);
  });

  it('a post granted coordinator decides there, and its decisions go up', async () => {
    const hq = await headquarters();
    const p = await post(hq, 'POST-1', ['coordinator', ...DEFAULT_SITE_GRANTS]);
    await record(p.ctx, [await aConvoy(p.ctx, 'CVY-POST1-0901')]);
    await p.link.round();
    const convoys = await hq.t.store.db
      .selectFrom('convoys')
      .select('code')
      .where('code', '=', 'CVY-POST1-0901')
      .execute();
    expect(convoys).toHaveLength(1);
  });

  it('the upstream refuses, whole, a page holding what the token does not grant: a node that does not hold to its grants gets nothing in', async () => {
    const hq = await headquarters();
    const store = await postStore('POST-1');
    const { token } = await createToken(hq.t.ctx, { operationId: DEMO, role: 'site', site: 'POST-1' });
    // A node that records whatever its own tokens allow (an older or altered node): no grantRefusal.
    const holder: { link: UpstreamLink | null } = { link: null };
    const ctx = createContext(store, undefined, {
      site: {
        root: false,
        writeRefusal: () => holder.link!.writeRefusal(),
        upstream: () => holder.link!.state,
      },
    });
    const link = (holder.link = new UpstreamLink(ctx, { url: hq.server.url, token, timeoutMs: 5000 }));
    await link.round();
    const cp71 = await idOf(ctx, 'checkpoints', 'CP-71');
    await record(ctx, [passage(cp71, { men: 1 })]);
    await record(ctx, [await aConvoy(ctx, 'CVY-POST1-0901')]);
    const hqBefore = await headsOf(hq.t.ctx, DEMO);
    const error = await link.round().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LinkError);
    expect((error as LinkError).status).toBe(403);
    expect((error as LinkError).message).toMatch(
      /ConvoyPlanned, recorded by a coordinator: site POST-1's token grants post-officer, enumerator, device, reporting/,
    );
    // Not even the tally before it: a page is taken whole or not at all.
    expect(await headsOf(hq.t.ctx, DEMO)).toEqual(hqBefore);
    const convoys = await hq.t.store.db
      .selectFrom('convoys')
      .select('code')
      .where('code', '=', 'CVY-POST1-0901')
      .execute();
    expect(convoys).toHaveLength(0);
    // Headquarters' Sites board names the refusal.
    const seen = (await syncStatus(hq.t.ctx, DEMO)).sites.find((s) => s.site === 'POST-1');
    expect(seen?.lastError).toMatch(/ConvoyPlanned/);
  });

  it('grants are checked when made: roles that record, on site tokens only, and a relay grants no more than it was granted', async () => {
    const hq = await headquarters();
    await expect(
      createToken(hq.t.ctx, { operationId: DEMO, role: 'site', site: 'POST-1', grants: ['admin'] }),
    ).rejects.toThrow(/grants the roles that record: .*\(not admin\)/);
    await expect(
      createToken(hq.t.ctx, { operationId: DEMO, role: 'coordinator', grants: ['coordinator'] }),
    ).rejects.toThrow(/only a site token grants roles/);
    const granted = await createToken(hq.t.ctx, {
      operationId: DEMO,
      role: 'site',
      site: 'POST-2',
      grants: ['protection', 'enumerator'],
    });
    // Kept in the order of the roles, whatever order they were named in.
    expect(granted.grants).toEqual(['enumerator', 'protection']);
    // A relay (a post with a forward checkpoint below it), granted the default.
    const relay = await post(hq, 'POST-1');
    await expect(
      createToken(relay.ctx, { operationId: DEMO, role: 'site', site: 'FWD-1', grants: ['coordinator'] }),
    ).rejects.toThrow(/grants it post-officer, enumerator, device, reporting: it cannot grant coordinator/);
    const forward = await createToken(relay.ctx, { operationId: DEMO, role: 'site', site: 'FWD-1' });
    expect(forward.grants).toEqual(DEFAULT_SITE_GRANTS);
  });

  it('a post started again without its upstream (--resume-offline) holds to the grants it was last told', async () => {
    const hq = await headquarters();
    const p = await post(hq, 'POST-1');
    // Headquarters is away: the port refuses, and the node resumes on its own word.
    const links = new UpstreamLinks([p.token], { url: 'http://127.0.0.1:9', resumeOffline: true });
    const ctx = createContext(p.store, undefined, { site: links.siteRole(60_000) });
    links.attach(ctx);
    await links.restoreGrants(p.store.db);
    await expect(record(ctx, [await aConvoy(ctx, 'CVY-POST1-0901')])).rejects.toMatchObject({
      code: 'forbidden',
    });
    const cp71 = await idOf(ctx, 'checkpoints', 'CP-71');
    await record(ctx, [passage(cp71, { women: 2 })]);
  });

  it('a token made before grants were kept grants every role, as before', async () => {
    const hq = await headquarters();
    const store = await postStore('POST-1');
    const { id, token } = await createToken(hq.t.ctx, { operationId: DEMO, role: 'site', site: 'POST-1' });
    await hq.t.store.db.updateTable('tokens').set({ grants: null }).where('id', '=', id).execute();
    const node = belowRoot(store);
    node.link = new UpstreamLink(node.ctx, { url: hq.server.url, token, timeoutMs: 5000 });
    await node.link.round();
    expect(node.link.state.grants).toBeNull();
    await record(node.ctx, [await aConvoy(node.ctx, 'CVY-POST1-0901')]);
    await node.link.round();
    const convoys = await hq.t.store.db
      .selectFrom('convoys')
      .select('code')
      .where('code', '=', 'CVY-POST1-0901')
      .execute();
    expect(convoys).toHaveLength(1);
    expect((await syncStatus(hq.t.ctx, DEMO)).sites.find((s) => s.site === 'POST-1')?.grants).toBeNull();
  });
});
