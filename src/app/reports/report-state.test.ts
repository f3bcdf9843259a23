import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventsUpTo } from '../../store/report-queries.js';
import { append, DEMO, loadDemo, passage } from '../../../test/fixtures.js';
import { DIALECTS, freshStore, type TestStore } from '../../../test/stores.js';
import { replayable, ReportTables, stateAsOf } from './report-state.js';

/**
 * The report as of a time, against its definition: every event of the operation that occurred (or
 * was recorded) by then, as the database picks them, replayed in log order. The replays keep the log
 * worked out in memory between calls (the time slider asks for one time after another).
 */
async function byDefinition(t: TestStore, basis: 'occurred' | 'recorded', until: string) {
  const tables = new ReportTables();
  for await (const page of eventsUpTo(t.store.db, DEMO, basis, until))
    for (const row of page) tables.applyLogged(replayable(DEMO, row));
  return { state: tables.state(), events: tables.events };
}

describe.each(DIALECTS)('the report as of a time (%s)', (dialect) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await freshStore(dialect);
    await loadDemo(t.ctx);
  });
  afterEach(() => t.cleanup());

  /** Times across the operation's record: before, at and between what happened. */
  async function times(basis: 'occurred' | 'recorded'): Promise<string[]> {
    const column = basis === 'occurred' ? 'occurred_at' : 'recorded_at';
    const rows = await t.store.db
      .selectFrom('events')
      .select(column)
      .where('operation_id', '=', DEMO)
      .orderBy(column)
      .execute();
    const all = rows.map((r) => r[column]);
    const picked = Array.from({ length: 9 }, (_, k) => all[Math.floor((k * (all.length - 1)) / 8)]!);
    // Just before one, and a time between two.
    const ms = Date.parse(picked[4]!);
    picked.push(new Date(ms - 1).toISOString(), new Date(ms + 1).toISOString());
    return picked;
  }

  it('is the same as replaying what the database picks, at every time, and again after a late report', async () => {
    for (const basis of ['occurred', 'recorded'] as const)
      for (const at of await times(basis))
        expect(await stateAsOf(t.store, DEMO, basis, at), `${basis} ${at}`).toEqual(
          await byDefinition(t, basis, at),
        );
    // A tally of long ago, recorded now (a paper sheet entered late): the replays kept in memory take it.
    const entry = await t.store.db
      .selectFrom('checkpoints')
      .select(['id', 'corridor_id'])
      .where('operation_id', '=', DEMO)
      .where('kind', '=', 'entry')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const convoy = await t.store.db
      .selectFrom('convoys')
      .select('id')
      .where('corridor_id', '=', entry.corridor_id)
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const occurred = await times('occurred');
    const late = passage(entry.id, { men: 41, women: 17 }, { convoyId: convoy.id, occurredAt: occurred[2]! });
    await append(t.ctx, [late]);
    for (const at of occurred) {
      const replayed = await stateAsOf(t.store, DEMO, 'occurred', at);
      expect(replayed, at).toEqual(await byDefinition(t, 'occurred', at));
      const kept = replayed.state.passages.some(
        (p) => p.id === (late.payload as { passageId: string }).passageId,
      );
      expect(kept, at).toBe(at >= occurred[2]!);
    }
  });
});
