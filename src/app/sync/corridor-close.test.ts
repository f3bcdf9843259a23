import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../../../test/fixtures.js';
import { COORDINATOR } from '../../../test/nodes.js';
import {
  Cleanups,
  eventsOf,
  headquarters,
  openPost,
  postTemplate,
  replicate,
} from '../../../test/interleavings.js';
import type { AppContext } from '../context.js';
import { verifyProjections } from '../log/audit.js';
import { recordChanges } from '../log/record-changes.js';

const cleanups = new Cleanups();
function change(ctx: AppContext, occurredAt: string, payload: object) {
  return recordChanges(
    ctx,
    DEMO,
    COORDINATOR,
    [{ id: uuidv7(), occurredAt, schemaVersion: 1, type: 'CorridorStatusChanged', payload }] as never,
    { mode: 'live' },
  );
}

describe('a corridor closed at one post and suspended later at another, both cut off', () => {
  for (const closeFirst of [true, false])
    it(`stays closed at headquarters with one conflict alert, the close arriving ${closeFirst ? 'first' : 'second'}`, async () => {
      const hq = await headquarters(cleanups);
      const rows = await hq.store.db.selectFrom('corridors').selectAll().execute();
      const open = rows.find((r) => r.status === 'open')!;
      const last = rows
        .map((r) => r.status_changed_at)
        .sort()
        .at(-1)!;
      const at = (h: number) => new Date(Date.parse(last) + h * 3_600_000).toISOString();
      const template = await postTemplate(cleanups, await eventsOf(hq.store));
      const [a, b] = [
        await openPost(cleanups, template, 'POST-1', at(5)),
        await openPost(cleanups, template, 'POST-2', at(5)),
      ];
      await change(a.ctx, at(1), { corridorId: open.id, status: 'closed', reason: 'evacuation done' });
      await change(b.ctx, at(2), { corridorId: open.id, status: 'suspended', reason: 'shelling' });
      const [closing, suspending] = [await eventsOf(a.store, 'POST-1'), await eventsOf(b.store, 'POST-2')];
      for (const events of closeFirst ? [closing, suspending] : [suspending, closing])
        await replicate(hq.ctx, events);
      const row = await hq.store.db
        .selectFrom('corridors')
        .selectAll()
        .where('id', '=', open.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        status: 'closed',
        status_reason: 'evacuation done',
        status_changed_at: at(1),
      });
      const conflicts = await hq.store.db
        .selectFrom('alerts')
        .selectAll()
        .where('kind', '=', 'conflict')
        .execute();
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]!.reason).toMatch(
        closeFirst
          ? /cannot go from closed to suspended/
          : /was closed at .*before its change to suspended.*the close stands/,
      );
      expect((await verifyProjections(hq.ctx)).ok).toBe(true);
    });
});
