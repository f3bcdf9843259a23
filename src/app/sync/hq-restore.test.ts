import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { corridor } from '../../../test/cli-in-process.js';
import { convoyPlanned, DEMO, idOf, passage } from '../../../test/fixtures.js';
import { COORDINATOR, belowRoot } from '../../../test/nodes.js';
import { demoStore } from '../../../test/stores.js';
import { startServer, type RunningServer } from '../../api/server.js';
import { GRANTABLE_ROLES } from '../../contracts/common.js';
import type { EventSubmission } from '../../contracts/events.js';
import { openStore } from '../../store/store.js';
import { createToken } from '../access/tokens.js';
import { createContext, type AppContext } from '../context.js';
import { projectionDigest, verifyLog } from '../log/audit.js';
import { recordChanges } from '../log/record-changes.js';
import { headsOf } from './replication.js';
import { UpstreamLink } from './upstream.js';

/**
 * Headquarters restored from a backup older than what its posts hold (docs/sync.md, "Backups and
 * forks"): before it serves again, what it lost comes back from its posts' exports (`corridor events
 * export` there, `corridor events restore` here), and then every node converges, with no fork and
 * nothing lost. Without that step, the first event headquarters numbers anew forks its chain.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const record = (ctx: AppContext, events: EventSubmission[]) =>
  recordChanges(ctx, DEMO, COORDINATOR, events, { mode: 'live' });

/** A post on a SQLite file of its own, replicating with whatever listens at `url`. */
async function post(dir: string, url: string, site: string, token: string) {
  const store = await openStore({ sqlitePath: join(dir, `${site}.db`), siteId: site });
  const node = belowRoot(store);
  const { ctx } = node;
  const link = (node.link = new UpstreamLink(ctx, { url, token, pageSize: 500, timeoutMs: 5000 }));
  cleanups.push(() => store.close());
  return { site, ctx, link, path: join(dir, `${site}.db`) };
}

const conflictAlerts = async (ctx: AppContext) =>
  (await ctx.store.db.selectFrom('alerts').select('id').where('kind', '=', 'conflict').execute()).length;

async function picture(ctx: AppContext) {
  return { heads: await headsOf(ctx, DEMO), projections: await projectionDigest(ctx) };
}

/**
 * Headquarters and two posts in step; headquarters backed up; a day's work after it (a post counts,
 * headquarters withdraws that tally (a change that needs the tally, which a restored headquarters will
 * only have once it comes back) and counts itself, both posts take that, headquarters counts once more
 * and only POST-1 takes it); then headquarters' database is the backup again, not served yet.
 */
async function dayLost() {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-hq-restore-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const t = await demoStore('sqlite');
  cleanups.push(() => t.cleanup());
  // Headquarters' site (the demo store's own).
  const hq0 = t.store.siteId;
  const serving: { server: RunningServer } = { server: await startServer(t.ctx, { port: 0 }) };
  const port = Number(new URL(serving.server.url).port);
  cleanups.push(() => serving.server.close());
  const token = async (site: string) =>
    (await createToken(t.ctx, { operationId: DEMO, role: 'site', site, grants: GRANTABLE_ROLES })).token;
  const a = await post(dir, serving.server.url, 'POST-1', await token('POST-1'));
  const b = await post(dir, serving.server.url, 'POST-2', await token('POST-2'));
  await a.link.round();
  await b.link.round();

  // Last night's backup of headquarters.
  const backup = join(dir, 'backup.db');
  await sql`vacuum into ${sql.lit(backup)}`.execute(t.store.db);

  // The day's work after it.
  const cp71 = await idOf(t.ctx, 'checkpoints', 'CP-71');
  const counted = passage(cp71, { men: 3 });
  await record(a.ctx, [counted]);
  await a.link.round();
  const passageId = (counted.payload as { passageId: string }).passageId;
  await record(t.ctx, [
    {
      id: uuidv7(),
      type: 'PassageVoided',
      schemaVersion: 1,
      occurredAt: new Date().toISOString(),
      payload: { passageId, reason: 'counted twice' },
    },
    passage(cp71, { women: 2 }),
  ]);
  // Both posts put one vehicle on a convoy of their own, apart: headquarters names it in one alert.
  const convoy = async (code: string, vehicle = 'VEH-300') =>
    convoyPlanned(code, await idOf(t.ctx, 'corridors', 'COR-7'), [await idOf(t.ctx, 'vehicles', vehicle)]);
  await record(a.ctx, [await convoy('CVY-POST1-0901')]);
  await record(b.ctx, [await convoy('CVY-POST2-0902')]);
  await a.link.round();
  await b.link.round();
  expect(await conflictAlerts(t.ctx)).toBe(1);
  await record(t.ctx, [passage(cp71, { boys: 1 })]);
  await a.link.round();
  const before = await picture(t.ctx);
  expect(await picture(a.ctx)).toEqual(before);
  // And once more apart, sent to nobody before headquarters' disk is lost: a conflict it never saw.
  await record(a.ctx, [await convoy('CVY-POST1-0903', 'VEH-301')]);
  await record(b.ctx, [await convoy('CVY-POST2-0904', 'VEH-301')]);

  // Headquarters' disk is lost: its database is the backup again, and it is not started yet.
  await serving.server.close();
  await t.store.close();
  copyFileSync(backup, t.location);
  const backedUp = await headsOf(createContext(await reopen(t.location)), DEMO);
  expect(backedUp[hq0]!.seq).toBeLessThan(before.heads[hq0]!.seq);
  // What headquarters lost: its own events since the backup and POST-1's tally (with what its rules derived).
  const lost = Object.entries(before.heads).reduce((n, [s, h]) => n + h.seq - (backedUp[s]?.seq ?? 0), 0);
  expect(lost).toBeGreaterThan(4);

  return { dir, t, hq0, serving, port, a, b, before, lost, cp71, passageId };
}

describe('headquarters restored from an older backup', () => {
  it("takes back what it lost from its posts' exports before it serves, and every node converges", async () => {
    const { dir, t, hq0, serving, port, a, b, before, lost, cp71, passageId } = await dayLost();
    // At each post: its log; at headquarters, before it serves: what it lost, taken back from both.
    const files = [];
    for (const p of [b, a]) {
      const file = join(dir, `${p.site}.ndjson`);
      const exported = await corridor([
        '--db',
        p.path,
        'events',
        'export',
        '--operation',
        DEMO,
        '--out',
        file,
      ]);
      expect(exported.code, exported.stderr).toBe(0);
      files.push(file);
    }
    const restored = await corridor(['--db', t.location, 'events', 'restore', ...files]);
    expect(restored.code, restored.stderr).toBe(0);
    // What it lost, and the two convoys it never had.
    expect(restored.stderr).toMatch(`: ${lost + 2} appended`);
    // Again: nothing.
    expect((await corridor(['--db', t.location, 'events', 'restore', ...files])).stderr).toMatch(
      ': 0 appended',
    );

    // Headquarters serves again, on the same address: the posts send what it lacks and take the rest.
    const hq = createContext(await reopen(t.location));
    // And the alert for the conflict between those two, numbered after every event of its own chain
    // that came back; the conflict it had named already is not named again.
    expect((await headsOf(hq, DEMO))[hq0]!.seq).toBe(before.heads[hq0]!.seq + 1);
    expect(await conflictAlerts(hq)).toBe(2);
    serving.server = await startServer(hq, { port });
    await record(hq, [passage(cp71, { girls: 4 })]);
    // Numbered after every event of its own chain that came back: none of them given twice.
    const numbered = (await headsOf(hq, DEMO))[hq0]!;
    expect(numbered.seq).toBeGreaterThan(before.heads[hq0]!.seq);
    for (const p of [a, b, a, b]) await p.link.round();
    const after = await picture(hq);
    for (const p of [a, b]) expect(after.heads[p.site]).toEqual((await headsOf(p.ctx, DEMO))[p.site]);
    expect(after.heads[hq0]).toEqual(numbered);
    for (const p of [a, b]) {
      expect(p.link.state.fork ?? null).toBeNull();
      expect(await picture(p.ctx)).toEqual(after);
    }
    for (const node of [hq, a.ctx, b.ctx]) expect((await verifyLog(node)).ok).toBe(true);
    // One alert for each conflict, at every node.
    for (const node of [hq, a.ctx, b.ctx]) expect(await conflictAlerts(node)).toBe(2);
    // The withdrawn tally does not count at headquarters either, though it came back before the tally.
    const tally = await hq.store.db
      .selectFrom('passages')
      .select(['voided_at'])
      .where('id', '=', passageId)
      .executeTakeFirstOrThrow();
    expect(tally.voided_at).not.toBeNull();
  });

  it('without that, the first event it numbers anew forks its chain: the posts stop and say so', async () => {
    const { dir, t, hq0, serving, port, a, b, before, cp71 } = await dayLost();
    const hq = createContext(await reopen(t.location));
    serving.server = await startServer(hq, { port });
    await record(hq, [passage(cp71, { girls: 4 })]);
    for (const p of [a, b]) await expect(p.link.round()).rejects.toThrow(/here and .* at the upstream/);
    expect(a.link.state.fork).toMatch(`site ${hq0}`);
    // Nothing was merged: POST-1 still holds headquarters' lost events, as it had them.
    expect((await headsOf(a.ctx, DEMO))[hq0]).toEqual(before.heads[hq0]);
    // Too late to take them back: refused whole, headquarters as it was.
    const file = join(dir, 'POST-1.ndjson');
    await corridor(['--db', a.path, 'events', 'export', '--operation', DEMO, '--out', file]);
    const held = await picture(hq);
    const late = await corridor(['--db', t.location, 'events', 'restore', file]);
    expect(late.code).not.toBe(0);
    expect(late.stderr).toMatch(/which this node already holds another event as/);
    expect(await picture(hq)).toEqual(held);
  });

  it('checks what the exports hold: a made-up event of its own is refused or named, and nothing is half done', async () => {
    const { dir, t, hq0, a, b } = await dayLost();
    const hq = createContext(await reopen(t.location));
    const head = (await headsOf(hq, DEMO))[hq0]!;
    const held = await picture(hq);
    // A line written by hand as headquarters' next event: a second convoy on a vehicle on the road.
    const onTheRoad = await hq.store.db
      .selectFrom('convoys')
      .innerJoin('convoy_vehicles', 'convoy_vehicles.convoy_id', 'convoys.id')
      .select(['convoys.corridor_id', 'convoy_vehicles.vehicle_id'])
      .where('convoys.code', '=', 'CVY-0002')
      .executeTakeFirstOrThrow();
    const madeUp = {
      id: uuidv7(),
      operationId: DEMO,
      type: 'ConvoyPlanned',
      schemaVersion: 1,
      occurredAt: new Date().toISOString(),
      actor: 'token:x',
      organisation: null,
      originSite: hq0,
      originSeq: head.seq + 1,
      payload: {
        convoyId: uuidv7(),
        code: 'CVY-0998',
        corridorId: onTheRoad.corridor_id,
        vehicleIds: [onTheRoad.vehicle_id],
      },
    };
    const file = join(dir, 'made-up.ndjson');
    writeFileSync(file, `${JSON.stringify(madeUp)}\n`);
    // Imported, it is checked like any change: refused.
    const imported = await corridor(['--db', t.location, 'events', 'import', file]);
    expect(imported.code).not.toBe(0);
    expect(imported.stderr).toMatch(/already on convoy CVY-0002/);
    expect(await picture(hq)).toEqual(held);
    // Exports of two operations: refused before anything is appended.
    const fromA = join(dir, 'POST-1.ndjson');
    await corridor(['--db', a.path, 'events', 'export', '--operation', DEMO, '--out', fromA]);
    const other = join(dir, 'other.ndjson');
    writeFileSync(other, `${JSON.stringify({ ...madeUp, id: uuidv7(), operationId: 'other-op' })}\n`);
    const mixed = await corridor(['--db', t.location, 'events', 'restore', fromA, other]);
    expect(mixed.code).not.toBe(0);
    expect(mixed.stderr).toMatch(/events of 2 operations/);
    const missing = await corridor([
      '--db',
      t.location,
      'events',
      'restore',
      fromA,
      join(dir, 'nowhere.ndjson'),
    ]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/nowhere.ndjson: no such file/);
    expect(await picture(hq)).toEqual(held);
    // In a restore, after what POST-1 holds, it is checked as a replicated decision: kept, and named.
    const fromB = join(dir, 'POST-2.ndjson');
    await corridor(['--db', b.path, 'events', 'export', '--operation', DEMO, '--out', fromB]);
    const tail = { ...madeUp, originSeq: (await headsOf(a.ctx, DEMO))[hq0]!.seq + 1 };
    writeFileSync(fromA, `${readFileSync(fromA, 'utf8')}${JSON.stringify(tail)}\n`);
    const restored = await corridor(['--db', t.location, 'events', 'restore', fromA, fromB]);
    expect(restored.code, restored.stderr).toBe(0);
    const named = await hq.store.db
      .selectFrom('alerts')
      .select('reason')
      .where('kind', '=', 'conflict')
      .where('key', '=', `conflict:${madeUp.id}`)
      .execute();
    expect(named).toHaveLength(1);
    expect(named[0]!.reason).toMatch(/already on convoy CVY-0002/);
  });
});

async function reopen(path: string) {
  const store = await openStore({ sqlitePath: path });
  cleanups.push(() => store.close());
  return store;
}
