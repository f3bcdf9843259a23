import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../domain/canonical-json.js';
import { allEvents } from '../../store/event-log.js';
import type { EventRow } from '../../store/store-tx.js';
import { DIALECTS, demoStore, type TestStore } from '../../../test/stores.js';
import { storedEventJson, toStoredEvent } from '../log/stored-event.js';
import { pullAnswerJson, pullPage } from './replication.js';
import { DEMO } from '../../../test/fixtures.js';
import type { Heads } from '../../contracts/sync/sync.js';
import type { Caller } from '../access/permissions.js';

/**
 * What a node sends of its log in a pull answer: each event's JSON written with its payload's text as
 * stored, which must read back as the event the API shows (toStoredEvent) and carry the very bytes
 * its hash covers.
 */
const stores: TestStore[] = [];
afterAll(async () => {
  for (const t of stores) await t.cleanup();
});

function expectSent(row: EventRow) {
  const text = storedEventJson(row);
  expect(JSON.parse(text)).toEqual(toStoredEvent(row));
  expect(text).toContain(`"payload":${row.payload},"prevHash":`);
}

describe('an event as a pull answer sends it', () => {
  for (const dialect of DIALECTS)
    it(`reads back as the stored event, for every event of the demo (${dialect})`, async () => {
      const t = await demoStore(dialect);
      stores.push(t);
      let n = 0;
      for await (const page of allEvents(t.store.db))
        for (const row of page) {
          expectSent(row);
          n++;
        }
      expect(n).toBeGreaterThan(2000);
    });

  it('keeps a payload byte for byte where parsing and writing it out again would not', () => {
    // Integer-like keys come first when JavaScript writes an object out; canonical JSON sorts them as text.
    const payload = canonicalJson({ '10': 'é\u2028"\\', '2': [1.5e-7, null, -0], note: 'نص عربي' });
    expect(JSON.stringify(JSON.parse(payload))).not.toBe(payload);
    const row: EventRow = {
      seq: 7,
      id: '0190a0a0-0000-7000-8000-000000000001',
      operation_id: 'op-1',
      type: 'FigureReported',
      schema_version: 1,
      payload,
      occurred_at: '2016-12-15T10:00:00.000Z',
      recorded_at: '2016-12-15T10:00:01.000Z',
      actor: 'token:x',
      organisation: null,
      origin_site: 'POST-3',
      origin_seq: 3,
      prev_hash: 'a'.repeat(64),
      hash: 'b'.repeat(64),
    };
    expectSent(row);
  });

  it('writes the answer around the events as JSON', () => {
    const events = [{ a: 1 }, { b: [2, 'x'] }];
    const answer = {
      site: 'HQ',
      now: '2016-12-15T10:00:00.000Z',
      events: events.map((e) => Buffer.from(JSON.stringify(e))),
      cursor: 12,
      more: true,
      heads: { HQ: { seq: 5, hash: 'c'.repeat(64) } },
    };
    expect(JSON.parse(pullAnswerJson(answer).toString())).toEqual({ ...answer, events });
    expect(JSON.parse(pullAnswerJson({ ...answer, events: [] }).toString())).toEqual({
      ...answer,
      events: [],
    });
  });
});

const SITE: Caller = {
  actor: 'token:x',
  role: 'site',
  organisationId: null,
  operationId: DEMO,
  site: 'POST-9',
};

describe('a pull, page after page', () => {
  for (const dialect of DIALECTS)
    it(`sends every event beyond the heads once, in log order, at most a limit a page (${dialect})`, async () => {
      const t = await demoStore(dialect);
      stores.push(t);
      const rows: EventRow[] = [];
      for await (const page of allEvents(t.store.db, DEMO)) rows.push(...page);
      const site = rows[0]!.origin_site;
      const cases: [Heads, number][] = [
        [{}, 0],
        [{ [site]: { seq: 1000, hash: 'x' } }, 0],
        [{ [site]: { seq: 10, hash: 'x' }, 'POST-1': { seq: 5, hash: 'x' } }, rows[500]!.seq],
        [{ 'POST-1': { seq: 5, hash: 'x' } }, 0],
      ];
      for (const [heads, from] of cases)
        for (const limit of [1, 99, 100, 101, 1000]) {
          // Few pages of one event each: the first 40 events are enough to follow the cursor.
          const wanted = rows
            .filter((r) => r.seq > from && r.origin_seq > (heads[r.origin_site]?.seq ?? 0))
            .slice(0, limit === 1 ? 40 : undefined);
          const sent: string[] = [];
          let after = from;
          for (;;) {
            const page = await pullPage(t.ctx, SITE, DEMO, {
              now: new Date().toISOString(),
              heads,
              after,
              limit,
            });
            expect(page.events.length).toBeLessThanOrEqual(limit);
            const events = page.events.map((e) => JSON.parse(e.toString()) as { id: string; seq: number });
            sent.push(...events.map((e) => e.id));
            expect(page.cursor).toBe(events.at(-1)?.seq ?? after);
            after = page.cursor;
            if (!page.more || sent.length >= wanted.length) break;
          }
          expect(sent).toEqual(wanted.map((r) => r.id));
          // What comes after the last page is nothing, and says so.
          if (wanted.length < 40 || limit > 1) {
            const end = await pullPage(t.ctx, SITE, DEMO, {
              now: new Date().toISOString(),
              heads,
              after,
              limit,
            });
            expect([end.events.length, end.more, end.cursor]).toEqual([0, false, after]);
          }
        }
    });

  for (const dialect of DIALECTS)
    it(`takes a site whose clock is decades off, and keeps how far (${dialect})`, async () => {
      const t = await demoStore(dialect);
      stores.push(t);
      // A post whose clock battery died: it starts in 1970.
      await pullPage(t.ctx, SITE, DEMO, { now: '1970-01-01T00:00:00.000Z', heads: {}, after: 0, limit: 1 });
      const row = await t.store.db
        .selectFrom('sites')
        .select('clock_offset_ms')
        .where('site', '=', 'POST-9')
        .executeTakeFirstOrThrow();
      expect(Number(row.clock_offset_ms)).toBeLessThan(-50 * 365 * 86_400_000);
    });
});
