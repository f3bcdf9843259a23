import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { checkAnchors, verifyLog, verifyProjections } from '../app/log/audit.js';
import { rebuildProjections } from '../app/log/rebuild.js';
import { PROJECTION_TABLES } from '../domain/projection.js';
import { DEMO, SYSTEM, append, idOf, passage } from '../../test/fixtures.js';
import { DIALECTS, demoStore, type TestStore } from '../../test/stores.js';
import { countEvents, readEvents } from './event-log.js';
import { GENESIS_HASH } from './event-hash.js';
import { dumpTable } from './queries.js';
import { openStore } from './store.js';
import { recordChanges } from '../app/log/record-changes.js';
import { backfillOwners } from './migrations/0010-owners.js';

async function snapshot(t: TestStore) {
  const out: Record<string, unknown[]> = {};
  for (const table of PROJECTION_TABLES) out[table] = await dumpTable(t.store.db, table);
  return out;
}

for (const dialect of DIALECTS) {
  describe(`store on ${dialect}`, () => {
    let t: TestStore;
    beforeEach(async () => {
      t = await demoStore(dialect);
    });
    afterEach(() => t.cleanup());

    it('keeps the log in the table events, one row per event, payload as JSON text', async () => {
      const rows = await sql<{
        payload: string;
        type: string;
      }>`select type, payload from events order by seq`.execute(t.store.db);
      expect(rows.rows.length).toBe(await countEvents(t.store.db));
      expect(rows.rows[0]!.type).toBe('OperationCreated');
      expect(JSON.parse(rows.rows[0]!.payload)).toMatchObject({ timezone: 'Asia/Damascus' });
    });

    it('chains every event to the previous one of its operation with SHA-256', async () => {
      const events = await readEvents(t.store.db, { operationId: DEMO, limit: 5000 });
      expect(events[0]!.prev_hash).toBe(GENESIS_HASH);
      for (let i = 1; i < events.length; i++) expect(events[i]!.prev_hash).toBe(events[i - 1]!.hash);
      expect(events.every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
      expect((await verifyLog(t.ctx)).ok).toBe(true);
    });

    it('treats a repeated event id as a no-op that returns the stored event, and refuses other content under it', async () => {
      const checkpoint = await idOf(t.ctx, 'checkpoints', 'CP-71');
      const event = passage(checkpoint, { men: 5 });
      const first = await append(t.ctx, [event]);
      const before = await countEvents(t.store.db);
      const again = await append(t.ctx, [event]);
      expect(again.appended).toBe(0);
      expect(again.duplicates).toBe(1);
      expect(again.events[0]).toEqual(first.events[0]);
      const changed = { ...event, payload: { ...event.payload, note: 'changed' } } as typeof event;
      await expect(append(t.ctx, [changed])).rejects.toMatchObject({ code: 'conflict' });
      expect(await countEvents(t.store.db)).toBe(before);
    });

    it('rebuilds every projection table identical, row for row', async () => {
      const checkpoint = await idOf(t.ctx, 'checkpoints', 'CP-71');
      await append(t.ctx, [passage(checkpoint, { men: 3, girls: 2 }), passage(checkpoint, { women: 7 })]);
      const live = await snapshot(t);
      expect(live.corridors).toHaveLength(7);
      expect(live.vehicles).toHaveLength(680);
      await rebuildProjections(t.ctx);
      expect(await snapshot(t)).toEqual(live);
    });

    it('rebuilds tables that were damaged or emptied', async () => {
      const live = await snapshot(t);
      await sql`delete from vehicles`.execute(t.store.db);
      await sql`update corridors set status = 'open'`.execute(t.store.db);
      expect(await snapshot(t)).not.toEqual(live);
      await rebuildProjections(t.ctx);
      expect(await snapshot(t)).toEqual(live);
    });

    it('finds the first changed byte of a stored payload', async () => {
      const target = (await readEvents(t.store.db, { operationId: DEMO, limit: 50 }))[20]!;
      // One byte of white space: the same JSON value, different stored text.
      await sql`update events set payload = ${` ${target.payload}`} where id = ${target.id}`.execute(
        t.store.db,
      );
      const result = await verifyLog(t.ctx);
      expect(result.ok).toBe(false);
      expect(result.firstBad).toMatchObject({ id: target.id, seq: target.seq });
      expect(result.verified).toBe(20);
    });

    it('finds an event deleted from the middle of the chain', async () => {
      const target = (await readEvents(t.store.db, { operationId: DEMO, limit: 50 }))[10]!;
      await sql`delete from events where id = ${target.id}`.execute(t.store.db);
      const result = await verifyLog(t.ctx);
      expect(result.ok).toBe(false);
      expect(result.firstBad?.reason).toMatch(/events of that site are missing/);
    });

    it('finds an event whose link was rewritten to skip a deleted one', async () => {
      const page = await readEvents(t.store.db, { operationId: DEMO, limit: 50 });
      const [gone, next] = [page[10]!, page[11]!];
      await sql`delete from events where id = ${gone.id}`.execute(t.store.db);
      await sql`update events set origin_seq = ${gone.origin_seq} where id = ${next.id}`.execute(t.store.db);
      const result = await verifyLog(t.ctx);
      expect(result.ok).toBe(false);
      expect(result.firstBad).toMatchObject({ id: next.id });
    });

    it('finds events deleted from the end of the log, which the links alone cannot show', async () => {
      const checkpoint = await idOf(t.ctx, 'checkpoints', 'CP-71');
      const { events } = await append(t.ctx, [
        passage(checkpoint, { men: 1 }),
        passage(checkpoint, { men: 2 }),
      ]);
      expect((await verifyLog(t.ctx)).ok).toBe(true);
      await sql`delete from events where id = ${events[1]!.id}`.execute(t.store.db);
      const result = await verifyLog(t.ctx);
      expect(result.ok).toBe(false);
      expect(result.firstBad?.reason).toMatch(/events were deleted/);
    });

    it('finds a projection row edited behind the log, which a rebuild then mends', async () => {
      expect((await verifyProjections(t.ctx)).ok).toBe(true);
      await sql`update corridors set status = 'open' where code = 'COR-1'`.execute(t.store.db);
      const result = await verifyProjections(t.ctx);
      expect(result).toMatchObject({ ok: false, firstDifference: { table: 'corridors' } });
      await rebuildProjections(t.ctx);
      expect((await verifyProjections(t.ctx)).ok).toBe(true);
    });

    it('finds a tail deleted with its head rewritten, against a head kept outside the database', async () => {
      const checkpoint = await idOf(t.ctx, 'checkpoints', 'CP-71');
      await append(t.ctx, [passage(checkpoint, { men: 1 })]);
      const anchor = (await verifyLog(t.ctx)).heads.find((h) => h.operationId === DEMO)!;
      const kept = `${DEMO}:${anchor.site}:${anchor.events}:${anchor.hash}`;
      expect(await checkAnchors(t.ctx, [kept])).toEqual([]);
      const { events } = await append(t.ctx, [
        passage(checkpoint, { men: 2 }),
        passage(checkpoint, { men: 3 }),
      ]);
      expect(await checkAnchors(t.ctx, [kept])).toEqual([]); // the chain grew; the anchor still holds
      // Someone deletes the last three events and makes the head agree: the chain alone looks whole.
      await sql`delete from events where seq >= ${events[0]!.seq - 1}`.execute(t.store.db);
      const last = (await readEvents(t.store.db, { operationId: DEMO, limit: 5000 })).at(-1)!;
      await sql`update site_heads set hash = ${last.hash}, origin_seq = ${last.origin_seq}
        where operation_id = ${DEMO} and origin_site = ${last.origin_site}`.execute(t.store.db);
      expect((await verifyLog(t.ctx)).ok).toBe(true);
      expect(await checkAnchors(t.ctx, [kept])).not.toEqual([]);
    });

    it('keeps a rebuild and concurrent appends consistent', async () => {
      const checkpoint = await idOf(t.ctx, 'checkpoints', 'CP-71');
      const convoy = await idOf(t.ctx, 'convoys', 'CVY-0003');
      const writes = Array.from({ length: 6 }, (_, i) =>
        append(t.ctx, [
          passage(checkpoint, { men: i }),
          {
            id: uuidv7(),
            type: 'ManifestRecorded',
            schemaVersion: 1,
            occurredAt: new Date().toISOString(),
            payload: { convoyId: convoy, people: { men: 10 + i }, stretcherCases: 0 },
          } as Parameters<typeof append>[1][number],
        ]),
      );
      await Promise.all([...writes, rebuildProjections(t.ctx), rebuildProjections(t.ctx)]);
      const live = await snapshot(t);
      await rebuildProjections(t.ctx);
      expect(await snapshot(t)).toEqual(live);
      expect((await verifyLog(t.ctx)).ok).toBe(true);
    });

    it('keeps the chain whole when appends to one operation race', async () => {
      const checkpoint = await idOf(t.ctx, 'checkpoints', 'CP-71');
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          append(t.ctx, [passage(checkpoint, { men: i }), passage(checkpoint, { boys: i })]),
        ),
      );
      const result = await verifyLog(t.ctx);
      expect(result.ok).toBe(true);
      // The demo's own passages: 7 of the sample convoys, 90 of stage 2's recorded history and 240 of
      // stage 1's (120 convoys, each counted at its corridor's entry and exit).
      expect(await dumpTable(t.store.db, 'passages')).toHaveLength(16 + 7 + 90 + 240);
    });

    it('rolls a failing batch back whole', async () => {
      const checkpoint = await idOf(t.ctx, 'checkpoints', 'CP-71');
      const before = await countEvents(t.store.db);
      const passagesBefore = (await dumpTable(t.store.db, 'passages')).length;
      const bad = passage(uuidv7(), { men: 1 });
      await expect(append(t.ctx, [passage(checkpoint, { men: 1 }), bad])).rejects.toMatchObject({
        code: 'rule_violated',
      });
      expect(await countEvents(t.store.db)).toBe(before);
      expect(await dumpTable(t.store.db, 'passages')).toHaveLength(passagesBefore);
    });

    it('numbers events first recorded here by this site, in order', async () => {
      const checkpoint = await idOf(t.ctx, 'checkpoints', 'CP-71');
      const { events } = await recordChanges(
        t.ctx,
        DEMO,
        SYSTEM,
        [passage(checkpoint, { men: 1 }), passage(checkpoint, { men: 2 })],
        { mode: 'replay' },
      );
      expect(events[0]!.originSite).toBe(t.store.siteId);
      expect(events[1]!.originSeq).toBe(events[0]!.originSeq + 1);
    });

    it('gives pickup points recorded before owners were kept the organisation of the event that made them', async () => {
      // The demo's pickup points were recorded as the coordinating body's: say in the log that ICRC
      // recorded one, take every owner away as before migration 0010, and fill them in again.
      const cell = await idOf(t.ctx, 'organisations', 'CELL');
      const icrc = await idOf(t.ctx, 'organisations', 'ICRC');
      const pick1 = await idOf(t.ctx, 'pickup_points', 'PICK-1');
      const field =
        dialect === 'sqlite'
          ? sql`json_extract(payload, '$.pickupPointId')`
          : sql`(payload::json ->> 'pickupPointId')`;
      await sql`update events set organisation = ${icrc} where type = 'PickupPointDefined' and ${field} = ${pick1}`.execute(
        t.store.db,
      );
      await sql`update pickup_points set recorded_by = null`.execute(t.store.db);
      await backfillOwners(t.store.db as never, dialect);
      const owners = await sql<{ code: string; recorded_by: string | null }>`
        select code, recorded_by from pickup_points order by code`.execute(t.store.db);
      expect(owners.rows.map((r) => [r.code, r.recorded_by])).toEqual(
        owners.rows.map((r) => [r.code, r.code === 'PICK-1' ? icrc : cell]),
      );
    });
  });
}

describe('migrations', () => {
  it('open an existing SQLite file again without change', async () => {
    const t = await demoStore('sqlite');
    const n = await countEvents(t.store.db);
    await t.store.close();
    const again = await openStore({ sqlitePath: t.location });
    expect(await countEvents(again.db)).toBe(n);
    await again.close();
    await t.cleanup().catch(() => undefined);
  });
});
