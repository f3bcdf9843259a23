import { afterEach, describe, expect, it } from 'vitest';
import { append, DEMO, idOf, passage } from '../../../test/fixtures.js';
import { COORDINATOR } from '../../../test/nodes.js';
import { DIALECTS, demoStore, freshStore } from '../../../test/stores.js';
import type { StoredEvent } from '../../contracts/events.js';
import { createContext, type AppContext } from '../context.js';
import { recordChanges } from '../log/record-changes.js';
import { appendStored, exportEvents, importEvents } from '../log/transfer.js';
import { AccountabilityEngines } from './engines.js';

/**
 * The engine a node keeps in memory is the fold of its log, whoever folded what: an append folds its
 * own events under the operation's lock, and readers catch up outside it, at any moment.
 */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function store(dialect: (typeof DIALECTS)[number]) {
  const t = await demoStore(dialect);
  cleanups.push(t.cleanup);
  return t;
}

/**
 * The kept engine against a fresh fold of the log: every convoy's report as JSON text (so in the same
 * key order too), and what the time rules derive later without the ids the engines make (how many).
 */
async function expectFoldOfLog(ctx: AppContext): Promise<number> {
  const kept = await ctx.accountability!.caughtUp(ctx.store.db, DEMO);
  const fresh = await new AccountabilityEngines(() => new Date()).caughtUp(ctx.store.db, DEMO);
  const convoys = await ctx.store.db.selectFrom('convoys').select('id').orderBy('id').execute();
  const reports = (engine: typeof kept) => convoys.map((c) => JSON.stringify(engine.convoyReport(c.id)));
  // Not two empty engines: convoys with stations.
  expect(convoys.filter((c) => fresh.convoyReport(c.id)?.stations.length).length).toBeGreaterThan(0);
  expect(reports(kept)).toEqual(reports(fresh));
  const withoutIds = (events: unknown) =>
    JSON.stringify(events, (k, v: unknown) => (k === 'id' || k === 'alertId' ? undefined : v));
  const later = new Date(Date.parse('2016-12-17T00:00:00Z'));
  const derived = fresh.tick(later);
  expect(withoutIds(kept.tick(later))).toBe(withoutIds(derived));
  return derived.length;
}

/** Tallies of the demo's convoy CVY-0002 recorded at another node, as it exports them. */
async function talliesFromElsewhere(dialect: (typeof DIALECTS)[number], n: number): Promise<StoredEvent[]> {
  const source = await store(dialect);
  const known = new Set<string>();
  for await (const e of exportEvents(source.ctx, DEMO)) known.add(e.id);
  const cp = await idOf(source.ctx, 'checkpoints', 'CP-71');
  const convoy = await idOf(source.ctx, 'convoys', 'CVY-0002');
  for (let i = 0; i < n; i++)
    await append(source.ctx, [passage(cp, { men: 1 + i, women: 2 }, { convoyId: convoy })]);
  const out: StoredEvent[] = [];
  for await (const e of exportEvents(source.ctx, DEMO)) if (!known.has(e.id)) out.push(e);
  return out;
}

const IMPORTER = { actor: 'system:import', role: 'system', organisationId: null, operationId: null } as const;

/** Ways a reader's catch-up can fall against an append in flight. */
const MOMENTS: [string, () => Promise<unknown>][] = [
  ['at once', () => Promise.resolve()],
  ['after a tick', () => new Promise((resolve) => setImmediate(resolve))],
  ['1 ms after', () => new Promise((resolve) => setTimeout(resolve, 1))],
  ['5 ms after', () => new Promise((resolve) => setTimeout(resolve, 5))],
];

for (const dialect of DIALECTS)
  describe(`the kept accountability engine (${dialect})`, () => {
    it('is the fold of the log after events from elsewhere, folded as appended, whenever a reader catches up', async () => {
      const events = await talliesFromElsewhere(dialect, 3);
      expect(events.length).toBeGreaterThanOrEqual(3);
      for (const [, moment] of MOMENTS) {
        const t = await store(dialect);
        await t.ctx.accountability!.caughtUp(t.store.db, DEMO);
        const appending = appendStored(t.ctx, DEMO, IMPORTER, events, { replicated: true });
        await moment();
        await Promise.all([appending, t.ctx.accountability!.caughtUp(t.store.db, DEMO)]);
        await expectFoldOfLog(t.ctx);
      }
    });

    it('is the fold of the log after an import of a whole log, a thousand events an append', async () => {
      const source = await store(dialect);
      const cp = await idOf(source.ctx, 'checkpoints', 'CP-71');
      await append(source.ctx, [passage(cp, { men: 4, women: 2 })]);
      const lines: string[] = [];
      for await (const e of exportEvents(source.ctx)) lines.push(JSON.stringify(e));
      expect(lines.length).toBeGreaterThan(2000);
      const target = await freshStore(dialect);
      cleanups.push(target.cleanup);
      // The engine is caught up before each batch and folds each as it is appended.
      await importEvents(
        target.ctx,
        (async function* () {
          await Promise.resolve();
          yield* lines;
        })(),
      );
      // Alerts the time rules raise later, the same from both.
      expect(await expectFoldOfLog(target.ctx)).toBeGreaterThan(0);
    });

    it('is the fold of the log after a live append, whenever a reader catches up', async () => {
      for (const [, moment] of MOMENTS) {
        const t = await store(dialect);
        const cp = await idOf(t.ctx, 'checkpoints', 'CP-71');
        const convoyId = await idOf(t.ctx, 'convoys', 'CVY-0002');
        await t.ctx.accountability!.caughtUp(t.store.db, DEMO);
        const tallies = [passage(cp, { men: 3 }, { convoyId }), passage(cp, { men: 4 }, { convoyId })];
        const appending = recordChanges(t.ctx, DEMO, COORDINATOR, tallies, { mode: 'live' });
        await moment();
        await Promise.all([appending, t.ctx.accountability!.caughtUp(t.store.db, DEMO)]);
        await expectFoldOfLog(t.ctx);
      }
    });

    it('is the fold of the log when two readers catch up at once with what another process appended', async () => {
      const t = await store(dialect);
      const cp = await idOf(t.ctx, 'checkpoints', 'CP-71');
      const convoyId = await idOf(t.ctx, 'convoys', 'CVY-0002');
      await t.ctx.accountability!.caughtUp(t.store.db, DEMO);
      // Another process on the same database: this one's engine has folded none of it.
      const other = createContext(t.store, undefined, { accountability: false });
      await append(other, [passage(cp, { men: 3 }, { convoyId })]);
      await append(other, [passage(cp, { men: 5 }, { convoyId })]);
      const engines = t.ctx.accountability!;
      await Promise.all([engines.caughtUp(t.store.db, DEMO), engines.caughtUp(t.store.db, DEMO)]);
      await expectFoldOfLog(t.ctx);
    });
  });
