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
 *   4. from heal to converged, seconds, and events replicated per second = every event sent up or down
 *      by the links / that time (against 1.);
 *   5. the same heal again from the same state (copies of every node's database taken before 3.), with
 *      every node its own `corridor serve` process as in the field, each post's link behind a gate
 *      that holds its requests until the heal: seconds to converged (the target's measure), events
 *      replicated per second, and the CPU each node used. On this machine the eight nodes share its
 *      cores; on eight machines the heal could take no less than the busiest node's CPU time;
 *   6. bytes on the wire per event replicated (gzip bodies, both ways, hello and heads included)
 *      against the JSON of the stored event.
 * In 3. and 4. every node runs in this one process, so the sending and the receiving side of each link
 * share one thread (the whole tree's work on one core, with its code already warm). Headquarters and
 * the posts apply what they receive through the same write path as anything recorded (recordChanges,
 * replayed with its origin).
 * Prints a table, then the figures as one JSON object on the last line. Figures, never pass/fail.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { cpus, tmpdir } from 'node:os';
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
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { DEMO, loadDemo, passage } from '../test/fixtures.js';
import { belowRoot } from '../test/nodes.js';
import { startServerProcess, type ServerProcess } from '../test/processes.js';

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
  /** Its site token at headquarters. */
  token: string;
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

/**
 * A link from a post to headquarters that holds every connection until it is opened: the post
 * processes start behind it (and ask at once), and the heal is the moment every gate opens.
 */
class Gate {
  private readonly held: Socket[] = [];
  private readonly sockets = new Set<Socket>();
  private opened = false;
  private readonly server = createServer((client) => {
    this.sockets.add(client);
    client.on('error', () => client.destroy());
    client.on('close', () => this.sockets.delete(client));
    if (this.opened) this.pipe(client);
    else {
      client.pause();
      this.held.push(client);
    }
  });
  port = 0;

  constructor(private readonly target: number) {}

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  open(): void {
    this.opened = true;
    for (const c of this.held.splice(0)) this.pipe(c);
  }

  private pipe(client: Socket) {
    const upstream = new Socket();
    this.sockets.add(upstream);
    upstream.on('error', () => upstream.destroy());
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      client.destroy();
    });
    client.on('close', () => upstream.destroy());
    upstream.connect(this.target, '127.0.0.1', () => {
      client.pipe(upstream).pipe(client);
      client.resume();
    });
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** User and system CPU a process has used, in seconds (Linux: /proc/<pid>/stat, in clock ticks). */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Every site's head of the operation in a node's SQLite file, as one text to compare. */
function headsInFile(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        'select origin_site, origin_seq, hash from site_heads where operation_id = ? order by origin_site',
      )
      .all(DEMO) as { origin_site: string; origin_seq: number; hash: string }[];
    return rows.map((r) => `${r.origin_site}:${r.origin_seq}:${r.hash}`).join(' ');
  } finally {
    db.close();
  }
}

const processes: ServerProcess[] = [];
const gates: Gate[] = [];

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
    const node = belowRoot(store);
    const { ctx } = node;
    const link = (node.link = new UpstreamLink(ctx, {
      url: server.url,
      token,
      ...(PAGE ? { pageSize: PAGE } : {}),
    }));
    await link.round();
    posts.push({ site, token, store, ctx, link });
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

  // Copies of every node's database as the partition left them, for the same heal again with every
  // node its own `corridor serve` process (5., after the heal in this process).
  const copies = join(dir, 'processes');
  mkdirSync(copies);
  const copyOf = async (name: string, store: Store) => {
    const path = join(copies, `${name}.db`);
    await sql`vacuum into ${sql.lit(path)}`.execute(store.db);
    return path;
  };
  const hqCopy = await copyOf('hq', hqStore);
  const postCopies: string[] = [];
  for (const p of posts) postCopies.push(await copyOf(p.site, p.store));

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

  // 5. The same heal, every node its own process as in the field: headquarters and each post a
  // `corridor serve` on its copy, each post's link behind a gate that holds its requests until the
  // heal. Every node's work now runs at once on this machine's cores, as on eight machines it would
  // run on eight; converged when every node's file holds the same heads, every post's own among them.
  const hqProcess = await startServerProcess(
    ['--db', hqCopy],
    ['--site', 'HQ', '--no-demo', '--key-file', join(copies, 'HQ.key')],
  );
  processes.push(hqProcess);
  for (const [i, p] of posts.entries()) {
    const gate = new Gate(Number(new URL(hqProcess.url).port));
    await gate.listen();
    gates.push(gate);
    processes.push(
      await startServerProcess(
        ['--db', postCopies[i]!],
        [
          '--site',
          p.site,
          '--no-demo',
          '--key-file',
          join(copies, `${p.site}.key`),
          '--upstream',
          `http://127.0.0.1:${gate.port}`,
          '--upstream-token',
          p.token,
          '--sync-interval-ms',
          '100',
          '--sync-retry-max-ms',
          '1000',
        ],
      ),
    );
  }
  const files = [hqCopy, ...postCopies];
  const expected = posts.map((p) => `${p.site}:${own.get(p.site)!.seq}:${own.get(p.site)!.hash}`);
  const cpuBefore = processes.map((p) => processCpuSeconds(p.child.pid!));
  t0 = performance.now();
  for (const g of gates) g.open();
  for (;;) {
    const heads = files.map(headsInFile);
    const hqHeld = new Set(heads[0]!.split(' '));
    if (heads.every((h) => h === heads[0]) && expected.every((h) => hqHeld.has(h))) break;
    if (seconds(t0) > 600) throw new Error('the nodes as processes did not converge within 600 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const processConvergeSeconds = seconds(t0);
  const processCpu = processes.map((p, k) => processCpuSeconds(p.child.pid!) - cpuBefore[k]!);
  const processHqCpu = processCpu[0]!;
  const processPostsCpu = processCpu.slice(1).reduce((a, b) => a + b, 0);
  const processBusiestPostCpu = Math.max(...processCpu.slice(1));
  const processRate = moved / processConvergeSeconds;

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
    cores: cpus().length,
    processConvergeSeconds: Number(processConvergeSeconds.toFixed(3)),
    processHqCpuSeconds: Number(processHqCpu.toFixed(2)),
    processPostsCpuSeconds: Number(processPostsCpu.toFixed(2)),
    processBusiestPostCpuSeconds: Number(processBusiestPostCpu.toFixed(2)),
    processReplicatedEventsPerSecond: Math.round(processRate),
    processRatioToSingleNode: Number((processRate / singleRate).toFixed(3)),
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
    `sync benchmark: ${POSTS} posts x ${n(PER_POST)} tallies recorded while cut off, headquarters with the Aleppo demo (${n(demoEvents)} events), SQLite, loopback HTTP; the heal run twice from the same state: every node in this process, then every node a process of its own\n`,
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
    `| heal → converged, every node in this one process (every site's head the same on all ${POSTS + 1} nodes) | ${convergeSeconds.toFixed(2)} s | ${waves} wave${waves === 1 ? '' : 's'} of ${POSTS} rounds at once; ${healCpuSeconds.toFixed(1)} s of CPU, every node's work on one thread |`,
  );
  console.log(
    `| events replicated per second, one process (${n(eventsOut)} pushed + ${n(eventsIn)} pulled) / converge time | ${n(figures.replicatedEventsPerSecond)} events/s | ${figures.ratioToSingleNode.toFixed(3)} of single-node append |`,
  );
  console.log(
    `| heal → converged, every node its own process (${POSTS + 1} \`corridor serve\` on this machine's ${figures.cores} cores) | ${processConvergeSeconds.toFixed(2)} s | target under 10 s; CPU used: headquarters ${processHqCpu.toFixed(1)} s, the posts ${processPostsCpu.toFixed(1)} s in all (the busiest ${processBusiestPostCpu.toFixed(1)} s) |`,
  );
  console.log(
    `| events replicated per second, processes (the same events) / converge time | ${n(figures.processReplicatedEventsPerSecond)} events/s | ${figures.processRatioToSingleNode.toFixed(3)} of single-node append; target at least 0.5 |`,
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
  for (const p of processes) await p.stop();
  for (const g of gates) await g.close();
  for (const s of stores) await s.close();
  rmSync(dir, { recursive: true, force: true });
}
