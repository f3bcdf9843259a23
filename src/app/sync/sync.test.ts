import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { convoyPlanned, DEMO, idOf, passage, SYSTEM } from '../../../test/fixtures.js';
import { COORDINATOR, belowRoot } from '../../../test/nodes.js';
import { demoStore, DIALECTS, type TestStore } from '../../../test/stores.js';
import { startServer, type RunningServer } from '../../api/server.js';
import { GRANTABLE_ROLES } from '../../contracts/common.js';
import type { EventSubmission } from '../../contracts/events.js';
import { openStore, type Store } from '../../store/store.js';
import { createToken } from '../access/tokens.js';
import type { Caller } from '../access/permissions.js';
import { type AppContext } from '../context.js';
import { projectionDigest, verifyLog } from '../log/audit.js';
import { recordChanges } from '../log/record-changes.js';
import { headsOf } from './replication.js';
import { syncStatus } from './status.js';
import { UpstreamLink } from './upstream.js';

/**
 * Replication between real nodes in one process: headquarters (the demo, on each dialect) serving
 * HTTP on loopback, and command posts on SQLite files of their own, each with its link. A link is
 * "cut" by not running its rounds (or pointing it at a port nobody listens on).
 */

interface Post {
  site: string;
  store: Store;
  ctx: AppContext;
  link: UpstreamLink;
  path: string;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function headquarters(
  dialect: (typeof DIALECTS)[number],
): Promise<{ t: TestStore; server: RunningServer }> {
  const t = await demoStore(dialect);
  const server = await startServer(t.ctx, { port: 0 });
  cleanups.push(
    () => t.cleanup(),
    () => server.close(),
  );
  return { t, server };
}

async function post(
  hq: { t: TestStore; server: RunningServer },
  site: string,
  options: { path?: string; url?: string; resumeOffline?: boolean; clockAheadMs?: number } = {},
): Promise<Post> {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-post-'));
  const path = options.path ?? join(dir, 'post.db');
  if (options.path) copyFileSync(options.path, join(dir, 'post.db'));
  const store = await openStore({ sqlitePath: options.path ? join(dir, 'post.db') : path, siteId: site });
  const token = (await siteToken(hq.t.ctx, site)).token;
  const now = options.clockAheadMs ? () => new Date(Date.now() + options.clockAheadMs!) : undefined;
  const node = belowRoot(store, now ? { now } : {});
  const { ctx } = node;
  const link = (node.link = new UpstreamLink(ctx, {
    url: options.url ?? hq.server.url,
    token,
    pageSize: 500,
    timeoutMs: 5000,
    ...(options.resumeOffline ? { resumeOffline: true } : {}),
  }));
  cleanups.push(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { site, store, ctx, link, path: options.path ? join(dir, 'post.db') : path };
}

const tokens = new Map<string, Promise<{ token: string }>>();
function siteToken(ctx: AppContext, site: string) {
  const key = `${ctx.store.location} ${site}`;
  let t = tokens.get(key);
  // These posts decide for the operation too (convoys, acknowledgements): every role is granted.
  if (!t)
    tokens.set(
      key,
      (t = createToken(ctx, { operationId: DEMO, role: 'site', site, grants: GRANTABLE_ROLES })),
    );
  return t;
}

async function record(ctx: AppContext, events: EventSubmission[], caller: Caller = COORDINATOR) {
  return recordChanges(ctx, DEMO, caller, events, { mode: 'live' });
}

/** Everything that must agree between two nodes holding the same events. */
async function picture(ctx: AppContext) {
  return { heads: await headsOf(ctx, DEMO), projections: await projectionDigest(ctx) };
}

for (const dialect of DIALECTS) {
  describe(`replication with headquarters on ${dialect}`, () => {
    it('a new post with only its upstream and a site token pulls its operation and is ready to work', async () => {
      const hq = await headquarters(dialect);
      const p = await post(hq, 'POST-1');
      await expect(
        record(p.ctx, [passage(await idOf(hq.t.ctx, 'checkpoints', 'CP-71'), { men: 1 })]),
      ).rejects.toMatchObject({
        code: 'unavailable',
      });
      const { pulled, pushed } = await p.link.round();
      expect(pushed).toBe(0);
      expect(pulled).toBeGreaterThan(900);
      expect(await picture(p.ctx)).toEqual(await picture(hq.t.ctx));
      expect(p.link.state).toMatchObject({ confirmed: true, operationId: DEMO });
      expect((await syncStatus(p.ctx, DEMO)).upstream).toMatchObject({ pendingIn: 0, pendingOut: 0 });
      expect((await verifyLog(p.ctx)).ok).toBe(true);
    });

    it('converges after both sides recorded while the link was cut: same events, heads and projections', async () => {
      const hq = await headquarters(dialect);
      const a = await post(hq, 'POST-1');
      const b = await post(hq, 'POST-2');
      await a.link.round();
      await b.link.round();
      const cp71 = await idOf(hq.t.ctx, 'checkpoints', 'CP-71');
      // The links are cut: each node records on its own.
      for (let i = 0; i < 30; i++) {
        await record(a.ctx, [passage(cp71, { men: i })]);
        await record(b.ctx, [passage(cp71, { women: i })]);
        if (i % 10 === 0) await record(hq.t.ctx, [passage(cp71, { boys: i })]);
      }
      const before = await headsOf(hq.t.ctx, DEMO);
      expect(before['POST-1']).toBeUndefined();
      // Healed: each post pushes its own and pulls the rest; a second round brings each the other's.
      await a.link.round();
      await b.link.round();
      await a.link.round();
      const hqPicture = await picture(hq.t.ctx);
      // Each post's chain: its 30 tallies and what its rules derived from them.
      expect(hqPicture.heads['POST-1']).toEqual((await headsOf(a.ctx, DEMO))['POST-1']);
      expect(hqPicture.heads['POST-2']?.seq).toBeGreaterThanOrEqual(30);
      expect(await picture(a.ctx)).toEqual(hqPicture);
      expect(await picture(b.ctx)).toEqual(hqPicture);
      for (const node of [hq.t.ctx, a.ctx, b.ctx]) expect((await verifyLog(node)).ok).toBe(true);
      expect((await syncStatus(a.ctx, DEMO)).upstream).toMatchObject({ pendingIn: 0, pendingOut: 0 });
    });

    it('the same page twice is a no-op, and a page from the middle of a chain is refused whole', async () => {
      const hq = await headquarters(dialect);
      const a = await post(hq, 'POST-1');
      await a.link.round();
      const cp71 = await idOf(hq.t.ctx, 'checkpoints', 'CP-71');
      for (let i = 0; i < 5; i++) await record(a.ctx, [passage(cp71, { men: i })]);
      const mine = (
        await a.store.db
          .selectFrom('events')
          .selectAll()
          .where('origin_site', '=', 'POST-1')
          .orderBy('origin_seq')
          .execute()
      ).map((r) => ({ ...r }));
      const token = (await siteToken(hq.t.ctx, 'POST-1')).token;
      const push = (events: unknown[]) =>
        fetch(`${hq.server.url}/api/v1/operations/${DEMO}/sync/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ now: new Date().toISOString(), events }),
        });
      const { toStoredEvent } = await import('../log/stored-event.js');
      const stored = mine.map((r) => toStoredEvent(r));
      // 3 before 1: a gap, refused whole, nothing applied.
      const gap = await push([stored[2]]);
      expect(gap.status).toBe(409);
      expect(((await gap.json()) as { error: { message: string } }).error.message).toMatch(
        /events 1 to 2 are missing/,
      );
      expect((await headsOf(hq.t.ctx, DEMO))['POST-1']).toBeUndefined();
      const first = await push(stored.slice(0, 3));
      expect(await first.json()).toMatchObject({ appended: 3, duplicates: 0 });
      const again = await push(stored.slice(0, 4));
      expect(await again.json()).toMatchObject({ appended: 1, duplicates: 3 });
      // A changed event does not match its hash: refused.
      const changed = { ...stored[4]!, payload: { ...(stored[4]!.payload as object), stretcherCases: 9 } };
      const tampered = await push([changed]);
      expect(tampered.status).toBe(409);
      expect((await headsOf(hq.t.ctx, DEMO))['POST-1']?.seq).toBe(4);
      // The Sites board at headquarters says what went wrong.
      const row = await hq.t.store.db
        .selectFrom('sites')
        .selectAll()
        .where('site', '=', 'POST-1')
        .executeTakeFirstOrThrow();
      expect(row.last_error).toMatch(/does not match its hash/);
    });

    it("refuses a site token that pushes another site's events, or events of the upstream's own site", async () => {
      const hq = await headquarters(dialect);
      const a = await post(hq, 'POST-1');
      const b = await post(hq, 'POST-2');
      await a.link.round();
      await b.link.round();
      const cp71 = await idOf(hq.t.ctx, 'checkpoints', 'CP-71');
      await record(b.ctx, [passage(cp71, { men: 1 })]);
      const { toStoredEvent } = await import('../log/stored-event.js');
      const bEvents = (
        await b.store.db.selectFrom('events').selectAll().where('origin_site', '=', 'POST-2').execute()
      ).map((r) => toStoredEvent(r));
      const hqEvent = toStoredEvent(
        await hq.t.store.db.selectFrom('events').selectAll().limit(1).executeTakeFirstOrThrow(),
      );
      const tokenA = (await siteToken(hq.t.ctx, 'POST-1')).token;
      for (const events of [bEvents, [hqEvent]]) {
        const res = await fetch(`${hq.server.url}/api/v1/operations/${DEMO}/sync/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokenA}`, 'content-type': 'application/json' },
          body: JSON.stringify({ now: new Date().toISOString(), events }),
        });
        expect(res.status).toBe(403);
      }
      // A site first seen through POST-1's node gets no token of its own afterwards.
      await hq.t.store.db
        .insertInto('sites')
        .values({ site: 'FWD-9', parent: 'POST-1', first_seen_at: new Date().toISOString() })
        .execute();
      await expect(createToken(hq.t.ctx, { operationId: DEMO, role: 'site', site: 'FWD-9' })).rejects.toThrow(
        /FWD-9 already replicates through site POST-1/,
      );
      // A coordinator's token cannot replicate at all; a site token cannot use the write routes.
      const coordinator = (await createToken(hq.t.ctx, { operationId: DEMO, role: 'coordinator' })).token;
      const asCoordinator = await fetch(`${hq.server.url}/api/v1/sync/hello`, {
        headers: { authorization: `Bearer ${coordinator}` },
      });
      expect(asCoordinator.status).toBe(403);
      const asSite = await fetch(`${hq.server.url}/api/v1/operations/${DEMO}/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokenA}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: [passage(cp71, { men: 1 })] }),
      });
      expect(asSite.status).toBe(403);
    });

    it('refuses what no site may send: headquarters-only types, a moved duplicate, a change of a record never seen, too many heads', async () => {
      const hq = await headquarters(dialect);
      const a = await post(hq, 'POST-1');
      await a.link.round();
      const { toStoredEvent } = await import('../log/stored-event.js');
      const { eventHash, hashedFields, GENESIS_HASH } = await import('../../store/event-hash.js');
      const { canonicalJson } = await import('../../domain/canonical-json.js');
      const token = (await siteToken(hq.t.ctx, 'POST-1')).token;
      const call = (path: string, body: unknown) =>
        fetch(`${hq.server.url}/api/v1/operations/${DEMO}/sync/${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ now: new Date().toISOString(), ...(body as object) }),
        });
      // POST-1's first event, made by hand with a correct hash: whatever is refused, it is not the chain.
      const first = (type: string, payload: object) => {
        const row = {
          id: uuidv7(),
          operation_id: DEMO,
          type,
          schema_version: 1,
          occurred_at: new Date().toISOString(),
          actor: 'token:x',
          organisation: null,
          origin_site: 'POST-1',
          origin_seq: 1,
        };
        const text = canonicalJson(payload);
        const hash = eventHash(GENESIS_HASH, hashedFields(row), text);
        return toStoredEvent({
          ...row,
          seq: 0,
          payload: text,
          recorded_at: row.occurred_at,
          prev_hash: GENESIS_HASH,
          hash,
        });
      };
      const closed = await call('push', {
        events: [first('OperationClosed', { reason: 'x', personalDataRetentionDays: 0 })],
      });
      expect(closed.status).toBe(403);
      const missing = await call('push', {
        events: [first('ConvoyStatusChanged', { convoyId: uuidv7(), status: 'departed' })],
      });
      expect(missing.status).toBe(409);
      expect((await headsOf(hq.t.ctx, DEMO))['POST-1']).toBeUndefined();
      // An event already here, sent again as another site's number: refused, not counted a duplicate.
      const hqEvent = toStoredEvent(
        await hq.t.store.db
          .selectFrom('events')
          .selectAll()
          .where('origin_site', '=', hq.t.store.siteId)
          .where('type', '=', 'PassageRecorded')
          .limit(1)
          .executeTakeFirstOrThrow(),
      );
      const moved = await call('push', { events: [{ ...hqEvent, originSite: 'POST-1', originSeq: 1 }] });
      expect(moved.status).toBe(409);
      const heads = Object.fromEntries(
        Array.from({ length: 600 }, (_, i) => [`S-${i}`, { seq: 1, hash: '0'.repeat(64) }]),
      );
      expect((await call('pull', { heads })).status).toBe(400);
      // A post's own users cannot record what only headquarters records.
      await expect(
        record(a.ctx, [
          {
            id: uuidv7(),
            type: 'OperationClosed',
            schemaVersion: 1,
            occurredAt: new Date().toISOString(),
            payload: { reason: 'x' },
          } as EventSubmission,
        ]),
      ).rejects.toMatchObject({ code: 'forbidden' });
      // Two site ids whose codes would carry one tag.
      await expect(createToken(hq.t.ctx, { operationId: DEMO, role: 'site', site: 'POST1' })).rejects.toThrow(
        /would give codes like site POST-1's/,
      );
    });

    it('a post restored from an old backup takes back its own events before it numbers new ones', async () => {
      const hq = await headquarters(dialect);
      const a = await post(hq, 'POST-1');
      await a.link.round();
      const cp71 = await idOf(hq.t.ctx, 'checkpoints', 'CP-71');
      await record(a.ctx, [passage(cp71, { men: 1 })]);
      const backedUp = (await headsOf(a.ctx, DEMO))['POST-1']!.seq;
      const backup = join(mkdtempSync(join(tmpdir(), 'corridor-backup-')), 'backup.db');
      await a.store.db.executeQuery({
        sql: `vacuum into '${backup}'`,
        parameters: [],
        query: { kind: 'RawNode' },
      } as never);
      for (let i = 2; i <= 4; i++) await record(a.ctx, [passage(cp71, { men: i })]);
      const sent = (await headsOf(a.ctx, DEMO))['POST-1']!.seq;
      expect(sent).toBeGreaterThan(backedUp);
      await a.link.round();
      expect((await headsOf(hq.t.ctx, DEMO))['POST-1']?.seq).toBe(sent);
      await a.store.close();

      // The post's disk is replaced by the backup, taken before events 2 to 4.
      const restored = await post(hq, 'POST-1', { path: backup });
      expect((await headsOf(restored.ctx, DEMO))['POST-1']?.seq).toBe(backedUp);
      await expect(record(restored.ctx, [passage(cp71, { men: 5 })])).rejects.toMatchObject({
        code: 'unavailable',
      });
      await restored.link.round();
      expect((await headsOf(restored.ctx, DEMO))['POST-1']?.seq).toBe(sent);
      const { events } = await record(restored.ctx, [passage(cp71, { men: 5 })]);
      expect(events[0]).toMatchObject({ originSite: 'POST-1', originSeq: sent + 1 });
      await restored.link.round();
      expect(await picture(restored.ctx)).toEqual(await picture(hq.t.ctx));
    });

    it('a chain that forked (a backup restored and written to offline) is reported and never merged', async () => {
      const hq = await headquarters(dialect);
      const a = await post(hq, 'POST-1');
      await a.link.round();
      const cp71 = await idOf(hq.t.ctx, 'checkpoints', 'CP-71');
      const backup = join(mkdtempSync(join(tmpdir(), 'corridor-backup-')), 'backup.db');
      await a.store.db.executeQuery({
        sql: `vacuum into '${backup}'`,
        parameters: [],
        query: { kind: 'RawNode' },
      } as never);
      await record(a.ctx, [passage(cp71, { men: 1 })]);
      await a.link.round();
      // Restored and forced to write before it could learn better: its event 1 differs from the one sent.
      const restored = await post(hq, 'POST-1', { path: backup, resumeOffline: true });
      await record(restored.ctx, [passage(cp71, { men: 99 })]);
      const sent = (await headsOf(hq.t.ctx, DEMO))['POST-1']!;
      await expect(restored.link.round()).rejects.toThrow(/event \d+ of site POST-1 is/);
      expect(restored.link.state.fork).toMatch(/of site POST-1/);
      expect(restored.link.writeRefusal()).toMatch(/forked/);
      expect((await headsOf(hq.t.ctx, DEMO))['POST-1']).toEqual(sent);
      expect((await verifyLog(hq.t.ctx)).ok).toBe(true);
    });

    it('two posts put one vehicle on two convoys while cut off: both kept, one conflict alert at headquarters', async () => {
      const hq = await headquarters(dialect);
      const a = await post(hq, 'POST-1');
      const b = await post(hq, 'POST-2');
      await a.link.round();
      await b.link.round();
      const corridor = await idOf(hq.t.ctx, 'corridors', 'COR-7');
      const vehicle = await idOf(hq.t.ctx, 'vehicles', 'VEH-300');
      const convoy = (code: string) => convoyPlanned(code, corridor, [vehicle]);
      await record(a.ctx, [convoy('CVY-POST1-0901')]);
      await record(b.ctx, [convoy('CVY-POST2-0902')]);
      await a.link.round();
      await b.link.round();
      await a.link.round();
      const conflicts = await hq.t.store.db
        .selectFrom('alerts')
        .selectAll()
        .where('kind', '=', 'conflict')
        .execute();
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]!.reason).toMatch(/site POST-2.*VEH-300 is already on convoy CVY-POST1-0901/);
      const planned = await hq.t.store.db
        .selectFrom('convoys')
        .select('code')
        .where('code', 'in', ['CVY-POST1-0901', 'CVY-POST2-0902'])
        .execute();
      expect(planned).toHaveLength(2);
      // The alert reaches the posts like any event; every node holds the same.
      expect(await picture(a.ctx)).toEqual(await picture(hq.t.ctx));
    });

    it('two posts acknowledge one notification and one alert while cut off: no post is stuck, every node ends the same', async () => {
      const hq = await headquarters(dialect);
      const party = await idOf(hq.t.ctx, 'organisations', 'AOG-EA');
      const notificationId = uuidv7();
      const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
      const change = (type: EventSubmission['type'], payload: unknown, occurredAt = at(0)) =>
        ({ id: uuidv7(), type, schemaVersion: 1, occurredAt, payload }) as EventSubmission;
      const line = {
        type: 'LineString',
        coordinates: [
          [37.1, 36.2],
          [37.2, 36.2],
        ],
      };
      await record(hq.t.ctx, [
        change('MovementNotified', {
          notificationId,
          code: 'NTF-0901',
          corridorId: await idOf(hq.t.ctx, 'corridors', 'COR-7'),
          window: { start: at(-2 * 86_400_000), end: at(-3 * 86_400_000) },
          route: line,
          vehicles: {},
          parties: [party],
        }),
      ]);
      const alert = { id: uuidv7() };
      await record(
        hq.t.ctx,
        [
          change('AlertRaised', {
            alertId: alert.id,
            code: 'ALT-0901',
            kind: 'convoy-stopped',
            severity: 'warning',
            key: 'test:stopped',
            reason: 'no position for 20 min',
            since: at(120_000),
          }),
        ],
        SYSTEM,
      );
      const a = await post(hq, 'POST-1');
      const b = await post(hq, 'POST-2');
      await a.link.round();
      await b.link.round();
      const ack = (by: string) =>
        change('MovementAcknowledged', {
          acknowledgementId: uuidv7(),
          notificationId,
          organisationId: party,
          acknowledgedBy: by,
        });
      // POST-1 acknowledges the alert and resolves it; POST-2, unaware, acknowledged it a minute before.
      await record(a.ctx, [ack('Liaison at post 1'), change('AlertAcknowledged', { alertId: alert.id })]);
      await record(a.ctx, [change('AlertResolved', { alertId: alert.id, note: 'convoy counted again' })]);
      await record(b.ctx, [
        ack('Liaison at post 2'),
        change('AlertAcknowledged', { alertId: alert.id, note: 'seen at post 2' }, at(60_000)),
      ]);
      for (const link of [a.link, b.link, a.link]) await link.round();
      expect((await syncStatus(a.ctx, DEMO)).upstream).toMatchObject({ pendingOut: 0, pendingIn: 0 });
      expect((await syncStatus(b.ctx, DEMO)).upstream).toMatchObject({ pendingOut: 0, pendingIn: 0 });
      const acks = await hq.t.store.db
        .selectFrom('acknowledgements')
        .select('acknowledged_by')
        .where('notification_id', '=', notificationId)
        .orderBy('acknowledged_by')
        .execute();
      expect(acks.map((r) => r.acknowledged_by)).toEqual(['Liaison at post 1', 'Liaison at post 2']);
      const settled = await hq.t.store.db
        .selectFrom('alerts')
        .selectAll()
        .where('id', '=', alert.id)
        .executeTakeFirstOrThrow();
      expect(settled).toMatchObject({ status: 'resolved', acknowledge_note: 'seen at post 2' });
      expect(await picture(a.ctx)).toEqual(await picture(hq.t.ctx));
      expect(await picture(b.ctx)).toEqual(await picture(hq.t.ctx));
      expect((await verifyLog(hq.t.ctx)).ok).toBe(true);
    });

    it('one page of many decisions that cannot stand raises at most 20 conflict alerts, the last naming the rest', async () => {
      const hq = await headquarters(dialect);
      const a = await post(hq, 'POST-1');
      const b = await post(hq, 'POST-2');
      await a.link.round();
      await b.link.round();
      const corridor = await idOf(hq.t.ctx, 'corridors', 'COR-7');
      // Vehicles on no convoy still on its way: a post may plan each on a convoy.
      const busy = new Set(
        (
          await hq.t.store.db
            .selectFrom('convoy_vehicles as cv')
            .innerJoin('convoys as c', 'c.id', 'cv.convoy_id')
            .select('cv.vehicle_id')
            .where('c.status', '<>', 'arrived')
            .execute()
        ).map((r) => r.vehicle_id),
      );
      const free = (
        await hq.t.store.db
          .selectFrom('vehicles')
          .select(['id', 'code'])
          .where('operation_id', '=', DEMO)
          .orderBy('code')
          .execute()
      )
        .filter((v) => !busy.has(v.id))
        .slice(0, 25);
      expect(free).toHaveLength(25);
      const convoys = (site: string) =>
        free.map((v, i) => convoyPlanned(`CVY-${site}-${1000 + i}`, corridor, [v.id]));
      await record(a.ctx, convoys('POST1'));
      await record(b.ctx, convoys('POST2'));
      await a.link.round();
      await b.link.round();
      const conflicts = await hq.t.store.db
        .selectFrom('alerts')
        .select('reason')
        .where('kind', '=', 'conflict')
        .execute();
      expect(conflicts).toHaveLength(20);
      expect(
        conflicts.filter((c) => /^6 more decisions recorded at site POST-2/.test(c.reason)),
      ).toHaveLength(1);
    });

    it('a post whose clock is 20 minutes fast is reported on both sides; each event keeps when it happened', async () => {
      const hq = await headquarters(dialect);
      const fast = await post(hq, 'POST-1', { clockAheadMs: 20 * 60_000 });
      await fast.link.round();
      const cp71 = await idOf(hq.t.ctx, 'checkpoints', 'CP-71');
      // Recorded by the post's clock: 20 minutes ahead of headquarters'.
      const { events } = await record(fast.ctx, [
        passage(cp71, { men: 3 }, { occurredAt: fast.ctx.now().toISOString() }),
      ]);
      await fast.link.round();
      // A fact is not a conflict because the clock that timed it runs fast: the offset is reported instead.
      expect(
        await hq.t.store.db.selectFrom('alerts').select('reason').where('kind', '=', 'conflict').execute(),
      ).toEqual([]);
      expect(fast.link.state.clockOffsetMs).toBeLessThan(-19 * 60_000);
      const status = await syncStatus(fast.ctx, DEMO);
      expect(status.upstream!.clockOffsetMs).toBeLessThan(-19 * 60_000);
      expect(Math.abs(status.upstream!.clockOffsetMs!)).toBeGreaterThan(status.clockLimitMs);
      const atHq = await syncStatus(hq.t.ctx, DEMO);
      expect(atHq.sites.find((s) => s.site === 'POST-1')!.clockOffsetMs).toBeGreaterThan(19 * 60_000);
      const there = await hq.t.store.db
        .selectFrom('events')
        .select(['occurred_at', 'recorded_at'])
        .where('id', '=', events[0]!.id)
        .executeTakeFirstOrThrow();
      expect(there.occurred_at).toBe(events[0]!.occurredAt);
      expect(Date.parse(there.recorded_at)).toBeLessThan(Date.parse(events[0]!.recordedAt) - 19 * 60_000);
    });

    it('says clearly when the upstream cannot be reached, hangs or answers garbage, and retries', async () => {
      const hq = await headquarters(dialect);
      const nobody = await post(hq, 'POST-1', { url: 'http://127.0.0.1:9' });
      await expect(nobody.link.round()).rejects.toThrow(/cannot be reached/);
      expect(nobody.link.state.lastError).toMatch(/cannot be reached/);
      const { createServer } = await import('node:http');
      const garbage = createServer((_req, res) => res.end('<html>captive portal</html>'));
      const hang = createServer(() => {});
      await new Promise<void>((r) => garbage.listen(0, '127.0.0.1', r));
      await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
      cleanups.push(
        () => void garbage.close(),
        () => {
          hang.closeAllConnections();
          hang.close();
        },
      );
      const port = (s: typeof garbage) => (s.address() as { port: number }).port;
      const g = await post(hq, 'POST-2', { url: `http://127.0.0.1:${port(garbage)}` });
      await expect(g.link.round()).rejects.toThrow(/not JSON: "<html>captive portal/);
      const h = await post(hq, 'POST-3', { url: `http://127.0.0.1:${port(hang)}` });
      (h.link as unknown as { options: { timeoutMs: number } }).options.timeoutMs = 300;
      await expect(h.link.round()).rejects.toThrow(/did not answer .* within 0.3 s/);
    });
  });
}
