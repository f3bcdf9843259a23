import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { corridor } from '../../../test/cli-in-process.js';
import { convoyPlanned, DEMO, idOf, passage } from '../../../test/fixtures.js';
import { COORDINATOR, belowRoot } from '../../../test/nodes.js';
import { demoStore, type TestStore } from '../../../test/stores.js';
import { startServer, type RunningServer } from '../../api/server.js';
import { GRANTABLE_ROLES, ROLES } from '../../contracts/common.js';
import { EVENT_TYPES, type EventSubmission } from '../../contracts/events.js';
import { openStore, type Store } from '../../store/store.js';
import { DEFAULT_SITE_GRANTS, mayWrite, type Caller } from '../access/permissions.js';
import { createToken, revokeToken } from '../access/tokens.js';
import { registerPerson } from '../protection/registrations.js';
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

/** The convoys of this code a node holds. */
const convoysAt = (t: TestStore, code: string) =>
  t.store.db.selectFrom('convoys').select('code').where('code', '=', code).execute();

const record = (ctx: AppContext, events: EventSubmission[]) =>
  recordChanges(ctx, DEMO, COORDINATOR, events, { mode: 'live' });
const ENUMERATOR: Caller = {
  actor: 'token:enumerator',
  role: 'enumerator',
  organisationId: null,
  operationId: DEMO,
};

async function aConvoy(ctx: AppContext, code: string, vehicle = 'VEH-300'): Promise<EventSubmission> {
  return convoyPlanned(code, await idOf(ctx, 'corridors', 'COR-7'), [await idOf(ctx, 'vehicles', vehicle)]);
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
      message: expect.stringMatching(
        /ConvoyPlanned is recorded by the coordinator role, and this node's site token grants post-officer, enumerator, device, reporting: its upstream would not take it.*--grant/,
      ),
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
    const convoys = await convoysAt(hq.t, 'CVY-POST1-0901');
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
      /ConvoyPlanned is recorded by the coordinator role, and site POST-1's token grants post-officer, enumerator, device, reporting/,
    );
    // Not even the tally before it: a page is taken whole or not at all.
    expect(await headsOf(hq.t.ctx, DEMO)).toEqual(hqBefore);
    const convoys = await convoysAt(hq.t, 'CVY-POST1-0901');
    expect(convoys).toHaveLength(0);
    // Headquarters' Sites board names the refusal.
    const seen = (await syncStatus(hq.t.ctx, DEMO)).sites.find((s) => s.site === 'POST-1');
    expect(seen?.lastError).toMatch(/ConvoyPlanned/);
  });

  it('grants are checked when made: roles that record, on site tokens only, and a relay grants no more than it was granted', async () => {
    const hq = await headquarters();
    await expect(
      createToken(hq.t.ctx, { operationId: DEMO, role: 'site', site: 'POST-1', grants: ['admin'] }),
    ).rejects.toThrow(/grants one or more of the roles that record: .*\(not "admin"\)/);
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
    const convoys = await convoysAt(hq.t, 'CVY-POST1-0901');
    expect(convoys).toHaveLength(1);
    expect((await syncStatus(hq.t.ctx, DEMO)).sites.find((s) => s.site === 'POST-1')?.grants).toBeNull();
  });

  it("what a post's own rules derive goes up whatever its grants: a corridor suspended for a critical incident, an alert resolved", async () => {
    const hq = await headquarters();
    const p = await post(hq, 'POST-1');
    const cor7 = await idOf(p.ctx, 'corridors', 'COR-7');
    const incident = {
      id: uuidv7(),
      type: 'IncidentReported',
      schemaVersion: 1,
      occurredAt: new Date().toISOString(),
      payload: {
        incidentId: uuidv7(),
        code: 'INC-POST1-1',
        type: 'shooting',
        severity: 'critical',
        location: { type: 'Point', coordinates: [37.126064, 36.170702] },
        description: 'shots on the road',
        reporter: 'POST-1 enumerator',
        corridorId: cor7,
      },
    } as EventSubmission;
    await recordChanges(p.ctx, DEMO, ENUMERATOR, [incident], { mode: 'live' });
    // An enumerator granted alone counts and voids its count: the rules raise an alert, then resolve it.
    const q = await post(hq, 'POST-2', ['enumerator']);
    const counted = passage(await idOf(q.ctx, 'checkpoints', 'CP-71'), { men: 3 });
    const icrc = { ...ENUMERATOR, organisationId: await idOf(q.ctx, 'organisations', 'ICRC') };
    await recordChanges(q.ctx, DEMO, icrc, [counted], { mode: 'live' });
    const voided = {
      id: uuidv7(),
      type: 'PassageVoided',
      schemaVersion: 1,
      occurredAt: new Date().toISOString(),
      payload: { passageId: (counted.payload as { passageId: string }).passageId, reason: 'counted twice' },
    } as EventSubmission;
    await recordChanges(q.ctx, DEMO, icrc, [voided], { mode: 'live' });
    const madeAt = async (node: { store: Store }, site: string) =>
      (await node.store.db.selectFrom('events').select('type').where('origin_site', '=', site).execute()).map(
        (e) => e.type,
      );
    expect(await madeAt(p, 'POST-1')).toContain('CorridorStatusChanged');
    expect(await madeAt(q, 'POST-2')).toContain('AlertResolved');
    await p.link.round();
    await q.link.round();
    expect((await headsOf(hq.t.ctx, DEMO))['POST-1']).toEqual((await headsOf(p.ctx, DEMO))['POST-1']);
    expect((await headsOf(hq.t.ctx, DEMO))['POST-2']).toEqual((await headsOf(q.ctx, DEMO))['POST-2']);
    const [corridor] = await hq.t.store.db
      .selectFrom('corridors')
      .select('status')
      .where('id', '=', cor7)
      .execute();
    expect(corridor?.status).toBe('suspended');
  });

  it("a command run on a post's database holds to its grants as its server does: retention erases nothing there", async () => {
    const hq = await headquarters();
    const hqCtx = createContext(hq.t.store, undefined, { masterKey: randomBytes(32) });
    const protection: Caller = {
      actor: 'token:p',
      role: 'protection',
      organisationId: null,
      operationId: DEMO,
    };
    await registerPerson(hqCtx, protection, DEMO, {
      person: { name: { latin: 'Amina Haddad' }, sex: 'female', age: 34, legalBasis: 'consent' },
    });
    const change = (type: string, payload: unknown) => ({ id: uuidv7(), type, schemaVersion: 1, payload });
    for (const code of ['COR-6', 'COR-7'])
      await record(hqCtx, [
        change('CorridorStatusChanged', {
          corridorId: await idOf(hqCtx, 'corridors', code),
          status: 'closed',
          reason: 'over',
        }) as EventSubmission,
      ]);
    await record(hqCtx, [
      change('OperationClosed', { reason: 'over', personalDataRetentionDays: 0 }) as EventSubmission,
    ]);
    const p = await post(hq, 'POST-1');
    expect(await p.store.db.selectFrom('registrations').select('id').execute()).toHaveLength(1);
    // As its operator would: `npx corridor --db post.db protection purge`.
    const purged = await corridor(['--db', p.store.location, 'protection', 'purge'], {});
    expect(purged.code).toBe(0);
    const erased = await p.store.db
      .selectFrom('events')
      .select('type')
      .where('origin_site', '=', 'POST-1')
      .where('type', '=', 'PersonErased')
      .execute();
    expect(erased).toHaveLength(0);
  });

  it('--grant adds up when given again, and an empty one is refused', async () => {
    const hq = await headquarters();
    const twice = await corridor(
      [
        'token',
        'create',
        '--role',
        'site',
        '--site',
        'POST-3',
        '--grant',
        'coordinator',
        '--grant',
        'protection',
      ],
      { CORRIDOR_DB: hq.t.location },
    );
    expect(twice.stderr).toMatch(/grants coordinator, protection/);
    const empty = await corridor(['token', 'create', '--role', 'site', '--site', 'POST-3', '--grant', ''], {
      CORRIDOR_DB: hq.t.location,
    });
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toMatch(/one or more of the roles that record/);
  });

  it('grants kept from the last hello stand when a later hello fails its checks', async () => {
    const hq = await headquarters();
    const p = await post(hq, 'POST-1');
    // Started again with --resume-offline and, by mistake, another site's token.
    const { token: wrong } = await createToken(hq.t.ctx, { operationId: DEMO, role: 'site', site: 'POST-2' });
    const links = new UpstreamLinks([wrong], { url: hq.server.url, resumeOffline: true });
    const ctx = createContext(p.store, undefined, { site: links.siteRole(60_000) });
    links.attach(ctx);
    await links.restoreGrants(p.store.db);
    await expect(links.links[0]!.round()).rejects.toThrow(/token is for site POST-2/);
    await expect(record(ctx, [await aConvoy(ctx, 'CVY-POST1-0902')])).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('a relay grants the site below it no more than its own upstream takes, and what its upstream refuses of that site stops nothing else', async () => {
    const hq = await headquarters();
    // The relay's first token at headquarters was made before grants were kept: every role.
    const relayStore = await postStore('POST-1');
    const old = await createToken(hq.t.ctx, { operationId: DEMO, role: 'site', site: 'POST-1' });
    await hq.t.store.db.updateTable('tokens').set({ grants: null }).where('id', '=', old.id).execute();
    const relay = belowRoot(relayStore);
    relay.link = new UpstreamLink(relay.ctx, { url: hq.server.url, token: old.token, timeoutMs: 5000 });
    await relay.link.round();
    const relayServer = await startServer(relay.ctx, { port: 0 });
    cleanups.push(() => relayServer.close());
    const fwdToken = await createToken(relay.ctx, {
      operationId: DEMO,
      role: 'site',
      site: 'FWD-1',
      grants: ['coordinator', 'enumerator'],
    });
    const fwd = belowRoot(await postStore('FWD-1'));
    fwd.link = new UpstreamLink(fwd.ctx, { url: relayServer.url, token: fwdToken.token, timeoutMs: 5000 });
    await fwd.link.round();
    const cp71 = await idOf(fwd.ctx, 'checkpoints', 'CP-71');
    // Granted coordinator at the relay, which then took every role's records: a convoy goes to the relay.
    await record(fwd.ctx, [passage(cp71, { men: 1 })]);
    await record(fwd.ctx, [await aConvoy(fwd.ctx, 'CVY-FWD1-0001')]);
    await fwd.link.round();
    // Headquarters narrows the relay: a new token of a command post's work, the old one revoked.
    const fresh = await createToken(hq.t.ctx, { operationId: DEMO, role: 'site', site: 'POST-1' });
    await revokeToken(hq.t.ctx, old.id);
    relay.link = new UpstreamLink(relay.ctx, { url: hq.server.url, token: fresh.token, timeoutMs: 5000 });
    await relay.link.round();
    await record(relay.ctx, [passage(cp71, { women: 1 })]);
    await recordChanges(hq.t.ctx, DEMO, COORDINATOR, [passage(cp71, { boys: 1 })], { mode: 'live' });
    // The relay's own events go up and headquarters' come down; FWD-1's refusal is said, not held here.
    await relay.link.round();
    const hqSite = hq.t.store.siteId;
    expect((await headsOf(relay.ctx, DEMO))[hqSite]).toEqual((await headsOf(hq.t.ctx, DEMO))[hqSite]);
    expect((await headsOf(hq.t.ctx, DEMO))['POST-1']).toEqual((await headsOf(relay.ctx, DEMO))['POST-1']);
    expect(relay.link.state.lastError).toMatch(
      /site FWD-1: .*ConvoyPlanned is recorded by the coordinator role/,
    );
    expect(relay.link.state.sitesHeldHere).toEqual([]);
    // From now on the site below is told the relay's own grants, and holds to them.
    await fwd.link.round();
    expect(fwd.link.state.grants).toEqual(['enumerator']);
    await expect(record(fwd.ctx, [await aConvoy(fwd.ctx, 'CVY-FWD1-0002')])).rejects.toMatchObject({
      code: 'forbidden',
    });
    // A node below that does not hold to them is refused by the relay itself.
    const forged = createContext(fwd.ctx.store, undefined, {
      site: { root: false, writeRefusal: () => undefined, upstream: () => fwd.link!.state },
    });
    await record(forged, [await aConvoy(forged, 'CVY-FWD1-0003', 'VEH-299')]);
    await expect(fwd.link.round()).rejects.toThrow(/this node's own site token grants post-officer/);
  });
});
