import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { eventsUpTo } from '../../store/report-queries.js';
import { append, DEMO, loadDemo, passage } from '../../../test/fixtures.js';
import { DIALECTS, freshStore, type TestStore } from '../../../test/stores.js';
import { replayable, ReportTables, stateAsOf } from './report-state.js';

/**
 * The report as of a time, against its definition: every event of the operation that occurred (or
 * was recorded) by then, as the database picks them, replayed in log order. The replays keep the log
 * worked out in memory between calls (the time slider asks for one time after another).
 */
async function byDefinition(t: TestStore, basis: 'occurred' | 'recorded', until: string, operationId = DEMO) {
  const tables = new ReportTables();
  for await (const page of eventsUpTo(t.store.db, operationId, basis, until))
    for (const row of page) tables.applyLogged(replayable(operationId, row));
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

/**
 * `n` tallies at a reception point written straight into the log of `operationId` (no projection, no
 * chain: the replay reads only the log), one a second from 15 December 2016, numbered from `from`.
 */
async function tallies(t: TestStore, operationId: string, from: number, n: number) {
  const point = '0190f000-0000-7000-8000-000000000001';
  const rows = Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return {
      id: uuidv7(),
      operation_id: operationId,
      type: 'PassageRecorded',
      schema_version: 1,
      payload: JSON.stringify({
        passageId: uuidv7(),
        people: { men: i % 7, women: i % 5 },
        receptionPointId: point,
        scope: 'convoy',
        source: 'enumerator',
      }),
      occurred_at: new Date(Date.UTC(2016, 11, 15) + i * 1000).toISOString(),
      recorded_at: new Date(Date.UTC(2020, 0, 1) + i * 1000).toISOString(),
      actor: 'system:test',
      organisation: null,
      origin_site: 'HQ',
      origin_seq: i + 1,
      prev_hash: '',
      hash: `h${i}`,
    };
  });
  await t.store.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 1000)
      await trx
        .insertInto('events')
        .values(rows.slice(i, i + 1000))
        .execute();
  });
}

describe('the report as of a time, of several operations and of a long log', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await freshStore('sqlite');
  });
  afterEach(() => t.cleanup());

  it('is as defined for operations replayed in turn, and for a log longer than is kept in memory', async () => {
    await tallies(t, 'op-a', 0, 3000);
    await tallies(t, 'op-b', 0, 2000);
    const at = (s: number) => new Date(Date.UTC(2016, 11, 15) + s * 1000).toISOString();
    // One operation's log is kept at a time: each turn to the other reads it again, and gets it right.
    for (const [op, s] of [
      ['op-a', 1500],
      ['op-b', 1999],
      ['op-a', 2999],
      ['op-b', 10],
    ] as const)
      expect(await stateAsOf(t.store, op, 'occurred', at(s)), `${op} ${s}`).toEqual(
        await byDefinition(t, 'occurred', at(s), op),
      );
    // op-a grows past what is kept (50,000 events): its replays read the log each time, as defined.
    await tallies(t, 'op-a', 3000, 47_500);
    for (const s of [2000, 50_400])
      expect(await stateAsOf(t.store, 'op-a', 'occurred', at(s)), `${s}`).toEqual(
        await byDefinition(t, 'occurred', at(s), 'op-a'),
      );
    await tallies(t, 'op-a', 50_500, 10);
    const last = new Date(Date.UTC(2020, 0, 1) + 50_505 * 1000).toISOString();
    const replayed = await stateAsOf(t.store, 'op-a', 'recorded', last);
    expect(replayed).toEqual(await byDefinition(t, 'recorded', last, 'op-a'));
    expect(replayed.events).toBe(50_506);
  });
});
