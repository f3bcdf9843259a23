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
