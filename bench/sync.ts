/**
 * npm run bench:sync — replication after a partition, in one run on this machine. Headquarters is a
 * SQLite store with the Aleppo demo (the root node), served over HTTP on loopback; seven command posts
 * (BENCH_POSTS) on SQLite files of their own, each with its UpstreamLink and a site token, first pull
 * the operation (setup). Then, cut off (no rounds), each post records BENCH_EVENTS_PER_POST (5,000)
 * enumerator tallies at checkpoints, live, 50 a call (BENCH_BATCH) as a phone's outbox sends them; each
 * post counts at convoy-checkpoint stations of its own. The links heal: all seven links' rounds run at
 * once, again and again, until every node holds every event (each site's head the same everywhere).
 * Measured:
 *   1. single-node append: the same number of tallies (posts x events per post, the same batches)
 *      recorded live into one fresh demo store, events/s (the baseline);
 *   2. recording while partitioned, events/s over the seven posts (not against a target);
 *   3. from heal to headquarters holding every post's chain (the pushes), seconds;
 *   4. from heal to converged, seconds (target under 10 s for 35,000 events), and events replicated per
 *      second = every event sent up or down by the links / that time (target at least half of 1.);
 *   5. bytes on the wire per event replicated (gzip bodies, both ways, hello and heads included)
 *      against the JSON of the stored event.
 * Every node runs in this one process, so the sending and the receiving side of each link share one
 * thread (the rate is the whole tree's work on one core). Headquarters and the posts apply what they
 * receive through the same write path as anything recorded (recordChanges, replayed with its origin).
 * Prints a table, then the figures as one JSON object on the last line. Figures, never pass/fail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startServer, type RunningServer } from '../src/api/server.js';
import type { Caller } from '../src/app/access/permissions.js';
import { createToken } from '../src/app/access/tokens.js';
import { createContext, type AppContext } from '../src/app/context.js';
import { recordChanges } from '../src/app/log/record-changes.js';
import { toStoredEvent } from '../src/app/log/stored-event.js';
import { headsOf } from '../src/app/sync/replication.js';
import { LinkError, UpstreamLink, type UpstreamState } from '../src/app/sync/upstream.js';
import type { Heads } from '../src/contracts/sync/sync.js';
import type { EventSubmission } from '../src/contracts/events.js';
import { MAX_TALLIES_AT_STATION } from '../src/domain/accountability/rules.js';
import { countEvents as countAll, siteEvents } from '../src/store/event-log.js';
import { openStore, type Store } from '../src/store/store.js';
import { DEMO, loadDemo, passage } from '../test/fixtures.js';

const POSTS = Number(process.env.BENCH_POSTS ?? 7);
const PER_POST = Number(process.env.BENCH_EVENTS_PER_POST ?? 5000);
const BATCH = Number(process.env.BENCH_BATCH ?? 50);
/** Events per page of the links, either way; the link's own default (1,000) unless told. */
const PAGE = process.env.BENCH_PAGE_SIZE ? Number(process.env.BENCH_PAGE_SIZE) : undefined;
/** Waves of rounds after which a tree that has not converged is reported as an error. */
const MAX_WAVES = 20;

const ENUMERATOR: Caller = {
  actor: 'token:bench-enumerator',
  role: 'enumerator',
  organisationId: null,
  operationId: DEMO,
};

interface Station {
  convoyId: string;
  checkpointId: string;
}

interface Post {
  site: string;
  store: Store;
  ctx: AppContext;
  link: UpstreamLink;
}

const dir = mkdtempSync(join(tmpdir(), 'corridor-bench-sync-'));
const seconds = (t0: number) => (performance.now() - t0) / 1000;
const stores: Store[] = [];
let server: RunningServer | undefined;
/** Watches headquarters during the heal; stopped before the stores close, whatever happened. */
let watching = true;
let watcher: Promise<number | null> | undefined;

async function open(name: string, siteId?: string): Promise<Store> {
  const store = await openStore({ sqlitePath: join(dir, `${name}.db`), ...(siteId ? { siteId } : {}) });
  stores.push(store);
  return store;
}

/**
 * The stations each post counts at: the checkpoints are shared out among the posts in turn (by code),
 * and a post counts every convoy of a checkpoint's corridor at its checkpoints.
 */
async function stationsByPost(store: Store): Promise<Station[][]> {
  const convoys = await store.db
    .selectFrom('convoys')
    .select(['id', 'corridor_id'])
    .where('operation_id', '=', DEMO)
    .orderBy('code')
    .execute();
  const checkpoints = await store.db
    .selectFrom('checkpoints')
    .select(['id', 'corridor_id'])
    .where('operation_id', '=', DEMO)
    .orderBy('code')
    .execute();
  return Array.from({ length: POSTS }, (_, i) =>
    convoys.flatMap((c) =>
      checkpoints
        .filter((cp, k) => k % POSTS === i && cp.corridor_id === c.corridor_id)
        .map((cp) => ({ convoyId: c.id, checkpointId: cp.id })),
    ),
  );
}

/** `n` tallies in batches of BATCH, taking the stations in turn: people by category, as an enumerator counts. */
function tallies(stations: Station[], n: number): EventSubmission[][] {
  const per = Math.ceil(n / stations.length);
  if (per > MAX_TALLIES_AT_STATION)
    throw new Error(
      `${n} tallies over ${stations.length} stations is ${per} a station, more than the ${MAX_TALLIES_AT_STATION} a convoy may have at one: lower BENCH_EVENTS_PER_POST`,
    );
  const batches: EventSubmission[][] = [];
  for (let i = 0; i < n; i += BATCH)
    batches.push(
      Array.from({ length: Math.min(BATCH, n - i) }, (_, k) => {
        const j = i + k;
        const s = stations[j % stations.length]!;
        return passage(
          s.checkpointId,
          { men: j % 7, women: (j % 5) + 1, boys: j % 3, girls: j % 4, elderlyWomen: j % 2 },
          { convoyId: s.convoyId },
        );
      }),
    );
  return batches;
}

async function record(ctx: AppContext, batches: EventSubmission[][]): Promise<void> {
  for (const batch of batches) await recordChanges(ctx, DEMO, ENUMERATOR, batch, { mode: 'live' });
}

function sameHeads(a: Heads, b: Heads): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((s) => b[s] !== undefined && a[s]!.seq === b[s].seq && a[s]!.hash === b[s].hash);
}

const countEvents = (store: Store) => countAll(store.db, DEMO);

const totals = (states: UpstreamState[]) =>
  states.reduce(
    (t, s) => ({
      eventsOut: t.eventsOut + s.eventsOut,
      eventsIn: t.eventsIn + s.eventsIn,
      bytesOut: t.bytesOut + s.bytesOut,
      bytesIn: t.bytesIn + s.bytesIn,
    }),
    { eventsOut: 0, eventsIn: 0, bytesOut: 0, bytesIn: 0 },
  );

try {
  // Headquarters: the demo, the root of the tree, served on loopback.
  const hqStore = await open('hq', 'HQ');
  const hq = createContext(hqStore);
  await loadDemo(hq);
  const demoEvents = await countEvents(hqStore);
  const stations = await stationsByPost(hqStore);
  server = await startServer(hq, { port: 0 });

  // 1. The baseline: the same tallies (the posts' own, post after post, with ids of their own), live,
  // into one fresh demo store.
  const single = createContext(await open('single'));
  await loadDemo(single);
  const singleBatches = (await stationsByPost(single.store)).flatMap((s) => tallies(s, PER_POST));
  const singleBefore = await countEvents(single.store);
  let t0 = performance.now();
  await record(single, singleBatches);
  const singleSeconds = seconds(t0);
  const singleAppended = (await countEvents(single.store)) - singleBefore;
  const singleRate = (POSTS * PER_POST) / singleSeconds;

  // The posts, each pulling the operation once (setup).
  const posts: Post[] = [];
  t0 = performance.now();
  for (let i = 1; i <= POSTS; i++) {
    const site = `POST-${i}`;
    const store = await open(`post-${i}`, site);
    const { token } = await createToken(hq, { operationId: DEMO, role: 'site', site });
    const holder: { link?: UpstreamLink } = {};
    const ctx = createContext(store, undefined, {
      site: {
        root: false,
        writeRefusal: () => holder.link!.writeRefusal(),
        upstream: () => holder.link!.state,
      },
    });
    const link = (holder.link = new UpstreamLink(ctx, {
      url: server.url,
      token,
      ...(PAGE ? { pageSize: PAGE } : {}),
    }));
    await link.round();
    posts.push({ site, store, ctx, link });
  }
  const setupSeconds = seconds(t0);

  // 2. Cut off: each post records its tallies, at stations of its own.
  const plans = stations.map((s) => tallies(s, PER_POST));
  t0 = performance.now();
  for (const [i, p] of posts.entries()) await record(p.ctx, plans[i]!);
  const partitionSeconds = seconds(t0);
  const partitionRate = (POSTS * PER_POST) / partitionSeconds;
  // What each post's chain holds now: its tallies and what its rules derived from them.
  const own = new Map<string, Heads[string]>();
  for (const p of posts) own.set(p.site, (await headsOf(p.ctx, DEMO))[p.site]!);
  const chainEvents = [...own.values()].reduce((n, h) => n + h.seq, 0);
  const hqHasAll = (heads: Heads) =>
    posts.every(
      (p) => heads[p.site]?.seq === own.get(p.site)!.seq && heads[p.site]!.hash === own.get(p.site)!.hash,
    );

  // The recording above never yielded to the event loop (SQLite answers at once), so the links'
  // idle keep-alive connections were not closed when the server's timer said: let that happen now,
  // lest the first requests of the heal go out on connections being closed (ECONNRESET).
  await new Promise((resolve) => setTimeout(resolve, 200));

  // 3. and 4. Healed: every link's rounds at once, until every node holds every event.
  const before = totals(posts.map((p) => ({ ...p.link.state })));
  const cpu0 = process.cpuUsage();
  t0 = performance.now();
  // Woken by each append at headquarters (or every 20 ms): when it holds every post's chain.
  watcher = (async () => {
    while (watching) {
      if (hqHasAll(await headsOf(hq, DEMO))) return seconds(t0);
      await hq.live.wait(DEMO, 20);
    }
    return null;
  })();
  let waves = 0;
  const failures: string[] = [];
  for (;;) {
    waves++;
    // A round that fails is run again at once (the link's own loop would wait a second or so first).
    await Promise.all(
      posts.map(async (p) => {
        for (;;)
          try {
            return await p.link.round();
          } catch (error) {
            if (!(error instanceof LinkError) || failures.length >= MAX_WAVES) throw error;
            failures.push(`${p.site}: ${error.message}`);
          }
      }),
    );
    const hqHeads = await headsOf(hq, DEMO);
    let converged = hqHasAll(hqHeads);
    for (const p of posts) converged &&= sameHeads(await headsOf(p.ctx, DEMO), hqHeads);
    if (converged) break;
    if (waves >= MAX_WAVES) throw new Error(`not converged after ${waves} waves of rounds`);
  }
  const convergeSeconds = seconds(t0);
  const cpu = process.cpuUsage(cpu0);
  const healCpuSeconds = (cpu.user + cpu.system) / 1e6;
  // Headquarters holds every post's chain by now: the watcher answers at its next look.
  const pushSeconds = (await watcher)!;
  const after = totals(posts.map((p) => p.link.state));
  const eventsOut = after.eventsOut - before.eventsOut;
  const eventsIn = after.eventsIn - before.eventsIn;
  const moved = eventsOut + eventsIn;
  const wireBytes = after.bytesOut - before.bytesOut + (after.bytesIn - before.bytesIn);
  const replicatedRate = moved / convergeSeconds;

  // Every node holds as many events as headquarters (not timed).
  const held = await countEvents(hqStore);
  for (const p of posts) {
    const n = await countEvents(p.store);
    if (n !== held) throw new Error(`${p.site} holds ${n} events of ${DEMO}, headquarters ${held}`);
  }

  // The JSON of the stored events the posts made, as headquarters holds them.
  let jsonChars = 0;
  for (const p of posts)
    for (let afterSeq = 0; ;) {
      const rows = await siteEvents(hqStore.db, DEMO, p.site, afterSeq, 5000);
      if (rows.length === 0) break;
      for (const r of rows) jsonChars += JSON.stringify(toStoredEvent(r)).length;
      afterSeq = rows.at(-1)!.origin_seq;
    }
  const jsonBytesPerEvent = jsonChars / chainEvents;
  const bytesPerEvent = wireBytes / moved;

  const figures = {
    posts: POSTS,
    eventsPerPost: PER_POST,
    batch: BATCH,
    pageSize: PAGE ?? 1000,
    demoEvents,
    setupSeconds: Number(setupSeconds.toFixed(2)),
    singleNodeEventsPerSecond: Math.round(singleRate),
    singleNodeDerivedEvents: singleAppended - POSTS * PER_POST,
    singleNodeLogEventsPerSecond: Math.round(singleAppended / singleSeconds),
    partitionEventsPerSecond: Math.round(partitionRate),
    postChainEvents: chainEvents,
    pushSeconds: Number(pushSeconds.toFixed(3)),
    pushEventsPerSecond: Math.round(chainEvents / pushSeconds),
    convergeSeconds: Number(convergeSeconds.toFixed(3)),
    waves,
    failedRounds: failures.length,
    healCpuSeconds: Number(healCpuSeconds.toFixed(2)),
    eventsPushed: eventsOut,
    eventsPulled: eventsIn,
    replicatedEventsPerSecond: Math.round(replicatedRate),
    ratioToSingleNode: Number((replicatedRate / singleRate).toFixed(3)),
    eventsHeldPerNode: held,
    bytesPerEventOnWire: Number(bytesPerEvent.toFixed(1)),
    jsonBytesPerEvent: Number(jsonBytesPerEvent.toFixed(1)),
    wireToJson: Number((bytesPerEvent / jsonBytesPerEvent).toFixed(3)),
  };
  const n = (x: number) => x.toLocaleString('en');
  const total = POSTS * PER_POST;
  console.log(
    `sync benchmark: ${POSTS} posts x ${n(PER_POST)} tallies recorded while cut off, headquarters with the Aleppo demo (${n(demoEvents)} events), SQLite, loopback HTTP, one process\n`,
  );
  console.log('| step | figure | note / target |');
  console.log('|---|---|---|');
  console.log(
    `| setup: ${POSTS} posts pull the operation, one after another | ${setupSeconds.toFixed(2)} s | not timed against a target |`,
  );
  console.log(
    `| single-node append: ${n(total)} tallies live into one demo store, ${BATCH} a call | ${n(figures.singleNodeEventsPerSecond)} events/s | baseline; ${singleSeconds.toFixed(2)} s; with the ${n(figures.singleNodeDerivedEvents)} events its rules derived, ${n(figures.singleNodeLogEventsPerSecond)} log events/s |`,
  );
  console.log(
    `| recorded while cut off: ${n(total)} tallies over ${POSTS} posts, ${BATCH} a call | ${n(figures.partitionEventsPerSecond)} events/s | ${partitionSeconds.toFixed(2)} s; ${n(chainEvents)} events in the posts' chains with what their rules derived |`,
  );
  console.log(
    `| heal → headquarters holds every post's chain (pushes) | ${pushSeconds.toFixed(2)} s | ${n(figures.pushEventsPerSecond)} events/s of the posts' chains |`,
  );
  console.log(
    `| heal → converged (every site's head the same on all ${POSTS + 1} nodes) | ${convergeSeconds.toFixed(2)} s | target under 10 s; ${waves} wave${waves === 1 ? '' : 's'} of ${POSTS} rounds at once; ${healCpuSeconds.toFixed(1)} s of CPU in this process (every node's work on one thread) |`,
  );
  console.log(
    `| events replicated per second (${n(eventsOut)} pushed + ${n(eventsIn)} pulled) / converge time | ${n(figures.replicatedEventsPerSecond)} events/s | ${figures.ratioToSingleNode.toFixed(3)} of single-node append; target at least 0.5 |`,
  );
  console.log(
    `| bytes on the wire per event replicated (gzip, both ways) | ${bytesPerEvent.toFixed(1)} B | JSON of the stored event ${jsonBytesPerEvent.toFixed(1)} B: ${figures.wireToJson.toFixed(3)} of it |`,
  );
  for (const f of failures) console.log(`| a round failed during the heal, run again at once | - | ${f} |`);
  console.log(
    `| events held by every node after | ${n(held)} | the demo and every post's chain (the baseline's store is apart) |`,
  );
  console.log(JSON.stringify(figures));
} finally {
  watching = false;
  await watcher?.catch(() => null);
  await server?.close();
  for (const s of stores) await s.close();
  rmSync(dir, { recursive: true, force: true });
}
