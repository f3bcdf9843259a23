import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStore, type TestStore } from '../../../test/stores.js';
import { verifyProjections } from './audit.js';
import { rebuildIfDue } from './rebuild.js';

/**
 * A database made before migration 0020 holds no change versions in its rows; the migration marks the
 * tables to be folded again from the log, and the next start does it (the CLI and `serve` call
 * rebuildIfDue). Here the upgraded state is made by hand: versions emptied, the mark set.
 */
describe('the tables folded again after an upgrade', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await demoStore('sqlite');
  });
  afterAll(() => t.cleanup());

  it('makes an upgraded database agree with its log, once', async () => {
    expect(await rebuildIfDue(t.ctx)).toBeNull();
    await sql`update convoys set status_version = null, manifest_version = null`.execute(t.store.db);
    await sql`update corridors set status_version = null`.execute(t.store.db);
    expect((await verifyProjections(t.ctx)).ok).toBe(false);
    await t.store.db
      .insertInto('meta')
      .values({ key: 'projections_rebuild_due', value: '0020-change-versions' })
      .execute();
    const events = await rebuildIfDue(t.ctx);
    expect(events).toBeGreaterThan(2000);
    expect(await verifyProjections(t.ctx)).toEqual({ ok: true });
    expect(await rebuildIfDue(t.ctx)).toBeNull();
  });
});

/**
 * Migration 0021: a corridor's first close now stands over later changes. A log holding a change of a
 * corridor after its close (only replication between sites can bring one) is folded again.
 */
describe('the tables marked for folding again where a corridor changed after its close', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await demoStore('sqlite');
  });
  afterAll(() => t.cleanup());
  const due = () =>
    t.store.db.selectFrom('meta').select('value').where('key', '=', 'projections_rebuild_due');

  it('marks none for the demo, and marks a log with a change after a close', async () => {
    const { up } = await import('../../store/migrations/0021-corridor-closes.js');
    await up(t.store.db as never, 'sqlite');
    expect(await due().executeTakeFirst()).toBeUndefined();
    const changes = await t.store.db
      .selectFrom('events')
      .select(['id', 'payload', 'occurred_at'])
      .where('type', '=', 'CorridorStatusChanged')
      .orderBy('seq')
      .execute();
    const close = changes.find((e) => e.payload.includes('"status":"closed"'))!;
    const corridorId = (JSON.parse(close.payload) as { corridorId: string }).corridorId;
    const before = changes.find((e) => e.id !== close.id && e.payload.includes(corridorId))!;
    // As if another site had changed it an hour after the close.
    const later = new Date(Date.parse(close.occurred_at) + 3_600_000).toISOString();
    await t.store.db.updateTable('events').set({ occurred_at: later }).where('id', '=', before.id).execute();
    await up(t.store.db as never, 'sqlite');
    expect(await due().executeTakeFirst()).toEqual({ value: '0021-corridor-closes' });
  });
});
