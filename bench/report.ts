/**
 * npm run bench:report — the situation report of an operation of 1,000,000 events on SQLite. The
 * Aleppo demo is loaded, then made into a long operation: convoys on its seven corridors (planned,
 * boarding, manifest, departed, counted at the entry by an enumerator and a camera, at the next
 * checkpoint, arrived) and recovery records (returns, service and access status, aid), appended to
 * the hash chain in batches without the rules (they are not what is measured), and the projections
 * rebuilt from the log. Then, each timed: reading the whole log once (the baseline), the sitrep from
 * the projections, and the sitrep as of a past time (the log replayed up to then).
 * Before the history is generated, on the demo as loaded: five sitrep PDFs asked for at once over HTTP
 * (five callers, a server started in this process), while another thread asks for /api/health every
 * 20 ms; the health answers' latency (max, p95) and the PDFs' total time. PDFs render in worker threads
 * (src/app/reports/render-pool.ts), so the health answers wait only for the reports' data.
 * Prints a table, then one JSON object on the last line. Figures, never pass/fail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { v7 as uuidv7 } from 'uuid';
import { startServer } from '../src/api/server.js';
import { createToken } from '../src/app/access/tokens.js';
import { createContext, type AppContext } from '../src/app/context.js';
import { loadScenarioEvents } from '../src/app/records/load-scenario.js';
import { rebuildProjections } from '../src/app/log/rebuild.js';
import { sitrepHtml } from '../src/app/reports/sitrep-render.js';
import { sitrepOf } from '../src/app/reports/sitrep.js';
import { SYSTEM_CALLER } from '../src/app/access/permissions.js';
import { canonicalJson } from '../src/domain/canonical-json.js';
import { allEvents, countEvents } from '../src/store/event-log.js';
import { operationRows } from '../src/store/report-queries.js';
import { inLogTransaction, type UnchainedEventRow } from '../src/store/store-tx.js';
import { openStore } from '../src/store/store.js';
import { SCENARIOS } from '../scenarios/index.js';

const TARGET = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const OP = 'aleppo-2016';
const dir = mkdtempSync(join(tmpdir(), 'corridor-bench-report-'));
const seconds = (t0: number) => (performance.now() - t0) / 1000;

/**
 * Asks for /api/health every `every` ms from a thread of its own (its clock is not held up by the
 * server's), each answer timed from when it was asked. The first answer only warms the thread's
 * HTTP client (loading it and connecting took 60-140 ms, all in the poller): it is not counted, and
 * 'ready' is posted when it is in. On a message, waits for the answers still out and sends back the
 * latencies in ms.
 */
const HEALTH_POLLER = `
const { parentPort, workerData } = require('node:worker_threads');
const latencies = [];
const out = new Set();
const ask = () => {
  const t = performance.now();
  const p = fetch(workerData.url)
    .then((r) => r.text())
    .then(() => latencies.push(performance.now() - t), () => latencies.push(Infinity))
    .finally(() => out.delete(p));
  out.add(p);
};
let timer;
fetch(workerData.url).then((r) => r.text()).then(() => {
  parentPort.postMessage('ready');
  ask();
  timer = setInterval(ask, workerData.every);
});
parentPort.once('message', () => {
  clearInterval(timer);
  Promise.all([...out]).then(() => parentPort.postMessage(latencies));
});
`;

/** Five sitrep PDFs at once over HTTP while /api/health is polled; then five at once by one caller. */
async function pdfsWhileHealthPolled(ctx: AppContext) {
  const server = await startServer(ctx, { port: 0 });
  try {
    const tokens: string[] = [];
    for (let i = 0; i < 5; i++)
      tokens.push((await createToken(ctx, { operationId: OP, role: 'viewer' })).token);
    const pdf = async (token: string) => {
      const res = await fetch(`${server.url}/api/v1/operations/${OP}/reports/sitrep?format=pdf`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await res.arrayBuffer();
      return res.status;
    };
    // The first PDF of the process starts the renderer's worker: timed apart.
    let t = performance.now();
    await pdf(tokens[0]!);
    const firstPdfSeconds = seconds(t);
    const poller = new Worker(HEALTH_POLLER, {
      eval: true,
      workerData: { url: `${server.url}/api/health`, every: 20 },
    });
    await new Promise((resolve) => poller.once('message', resolve));
    const latencies = new Promise<number[]>((resolve) => poller.once('message', resolve));
    t = performance.now();
    const statuses = await Promise.all(tokens.map(pdf));
    const pdfsSeconds = seconds(t);
    poller.postMessage('stop');
    const health = (await latencies).sort((a, b) => a - b);
    await poller.terminate();
    // One caller asking for five at once: two render, three are refused (429).
    const oneCaller = await Promise.all(tokens.map(() => pdf(tokens[0]!)));
    return {
      firstPdfSeconds,
      pdfsSeconds,
      pdfsOk: statuses.filter((s) => s === 200).length,
      healthPolls: health.length,
      healthMaxMs: health.at(-1)!,
      healthP95Ms: health[Math.ceil(health.length * 0.95) - 1]!,
      oneCallerOk: oneCaller.filter((s) => s === 200).length,
      oneCaller429: oneCaller.filter((s) => s === 429).length,
    };
  } finally {
    await server.close();
  }
}

try {
  // BENCH_DB=path keeps the database for a closer look.
  const store = await openStore({ sqlitePath: process.env.BENCH_DB ?? join(dir, 'report.db') });
  const ctx = createContext(store);
  await loadScenarioEvents(ctx, OP, SCENARIOS[OP]!.events());
  const docs = await pdfsWhileHealthPolled(ctx);
  const corridors = await operationRows(store.db, 'corridors', OP);
  const checkpoints = await operationRows(store.db, 'checkpoints', OP);
  const vehicles = (await operationRows(store.db, 'vehicles', OP)).map((v) => v.id);
  const areas = (await operationRows(store.db, 'areas', OP))
    .filter((a) => a.kind === 'neighbourhood')
    .map((a) => a.id);
  const orgs = (await operationRows(store.db, 'organisations', OP)).map((o) => o.id);
  const route = corridors.map((c) => {
    const cps = checkpoints
      .filter((cp) => cp.corridor_id === c.id)
      .sort((a, b) => a.ordinal - b.ordinal)
      .map((cp) => cp.id);
    return { id: c.id, entry: cps[0]!, next: cps[1]!, exit: cps.at(-1)! };
  });

  // Generated history: from 10 January 2017, a convoy every 2 minutes (9 events), and between every
  // 20 convoys a few recovery records.
  const start = Date.parse('2017-01-10T00:00:00.000Z');
  const recordedAt = new Date().toISOString();
  let originSeq = 0;
  let made = await countEvents(store.db, OP);
  const batch: UnchainedEventRow[] = [];
  const push = (type: string, at: number, payload: unknown) => {
    batch.push({
      id: uuidv7(),
      operation_id: OP,
      type,
      schema_version: 1,
      payload: canonicalJson(payload),
      occurred_at: new Date(at).toISOString(),
      recorded_at: recordedAt,
      actor: 'system:bench',
      organisation: null,
      origin_site: 'bench',
      origin_seq: ++originSeq,
    });
    made++;
  };
  const flush = async () => {
    if (batch.length === 0) return;
    await inLogTransaction(store, (tx) => tx.appendToChain(OP, batch));
    batch.length = 0;
  };
  const t0 = performance.now();
  let n = 0;
  let last = start;
  // Room is left for the 112 convoys appended after the first report.
  while (made + 9 <= TARGET - 112 * 8) {
    const at = start + n * 120_000;
    last = at;
    const r = route[n % route.length]!;
    const convoyId = uuidv7();
    const people = {
      men: 10 + (n % 7),
      women: 12,
      boys: 5,
      girls: 6 + (n % 3),
      elderlyMen: 2,
      elderlyWomen: 1,
    };
    const vs = [vehicles[n % 300]!, vehicles[300 + (n % 380)]!];
    push('ConvoyPlanned', at, {
      convoyId,
      code: `CVY-${String(10_000 + n)}`,
      corridorId: r.id,
      vehicleIds: vs,
    });
    push('ConvoyStatusChanged', at + 10_000, { convoyId, status: 'boarding' });
    push('ManifestRecorded', at + 20_000, {
      convoyId,
      people,
      stretcherCases: n % 2,
      wounded: 0,
      disabled: 0,
      unaccompaniedChildren: 0,
      separatedChildren: 0,
    });
    push('ConvoyStatusChanged', at + 30_000, { convoyId, status: 'departed' });
    const passage = (checkpointId: string, dt: number, source: string, extra: object) =>
      push('PassageRecorded', at + dt, {
        passageId: uuidv7(),
        checkpointId,
        convoyId,
        source,
        scope: 'convoy',
        vehicles: 2,
        ...extra,
      });
    passage(r.entry, 40_000, 'enumerator', { people });
    passage(r.entry, 41_000, 'camera', { peopleTotal: 40 });
    passage(r.next, 60_000, 'enumerator', { people });
    passage(r.exit, 80_000, 'enumerator', { people });
    push('ConvoyStatusChanged', at + 90_000, { convoyId, status: 'arrived' });
    if (n % 20 === 0 && made + 3 <= TARGET) {
      const areaId = areas[n % areas.length]!;
      const source = orgs[n % orgs.length]!;
      push('ReturnsRecorded', at + 95_000, {
        returnId: uuidv7(),
        areaId,
        people: { men: 3, women: 4, boys: 2, girls: 2, elderlyMen: 1, elderlyWomen: 0 },
        sourceOrganisationId: source,
        method: 'counted',
      });
      push('ServiceStatusRecorded', at + 96_000, {
        statusId: uuidv7(),
        areaId,
        service: ['power', 'water', 'health', 'bakery', 'school'][n % 5],
        status: ['functional', 'partly', 'not-functional'][n % 3],
        sourceOrganisationId: source,
      });
      push('AidDelivered', at + 97_000, {
        deliveryId: uuidv7(),
        organisationId: source,
        sector: ['food', 'wash', 'health', 'nfi'][n % 4],
        item: 'Parcels',
        quantity: 100,
        unit: 'parcels',
        areaId,
      });
    }
    n++;
    if (batch.length >= 20_000) await flush();
  }
  await flush();
  const generateSeconds = seconds(t0);

  let t = performance.now();
  await rebuildProjections(ctx);
  const rebuildSeconds = seconds(t);

  // Baseline: the whole log read once, payloads parsed.
  t = performance.now();
  let read = 0;
  for await (const page of allEvents(store.db, OP, 20_000))
    for (const row of page) read += (JSON.parse(row.payload) as object) ? 1 : 0;
  const readSeconds = seconds(t);

  // The first report of a process reads the projection tables into memory; later ones replay only
  // what was appended since (here 112 more convoys, about 1,000 events).
  t = performance.now();
  await sitrepOf(ctx, SYSTEM_CALLER, OP, { format: 'json' });
  const firstSeconds = seconds(t);
  for (const stop = n + 112; n < stop; n++) {
    const at = start + n * 120_000;
    const r = route[n % route.length]!;
    const convoyId = uuidv7();
    const people = { men: 10, women: 12, boys: 5, girls: 6, elderlyMen: 2, elderlyWomen: 1 };
    const manifest = { unaccompaniedChildren: 0, separatedChildren: 0, wounded: 0, disabled: 0 };
    push('ConvoyPlanned', at, { convoyId, code: `CVY-${10_000 + n}`, corridorId: r.id, vehicleIds: [] });
    push('ConvoyStatusChanged', at + 10_000, { convoyId, status: 'boarding' });
    push('ManifestRecorded', at + 20_000, { convoyId, people, stretcherCases: 0, ...manifest });
    push('ConvoyStatusChanged', at + 30_000, { convoyId, status: 'departed' });
    for (const checkpointId of [r.entry, r.next, r.exit])
      push('PassageRecorded', at + 40_000, {
        passageId: uuidv7(),
        checkpointId,
        convoyId,
        source: 'enumerator',
        scope: 'convoy',
        people,
      });
    push('ConvoyStatusChanged', at + 90_000, { convoyId, status: 'arrived' });
    last = at;
  }
  const appended = batch.length;
  await flush();
  t = performance.now();
  const now = await sitrepOf(ctx, SYSTEM_CALLER, OP, { format: 'json' });
  const projectionSeconds = seconds(t);
  t = performance.now();
  const html = sitrepHtml(now.sitrep);
  const htmlSeconds = seconds(t);
  const events = await countEvents(store.db, OP);

  // As of the middle of the generated history, and as of nine tenths of it.
  const pastAt = async (fraction: number) => {
    const asOf = new Date(start + (last - start) * fraction).toISOString();
    const t1 = performance.now();
    const past = await sitrepOf(ctx, SYSTEM_CALLER, OP, { format: 'json', asOf });
    return { asOf, seconds: seconds(t1), events: past.sitrep.events ?? 0 };
  };
  const half = await pastAt(0.5);
  const late = await pastAt(0.9);
  await store.close();

  const f = (s: number) => s.toFixed(2);
  console.log(
    `operation ${OP}: ${events.toLocaleString('en')} events (${n.toLocaleString('en')} generated convoys); SQLite`,
  );
  console.log('| step | seconds | note |');
  console.log('|---|---|---|');
  console.log(`| generate and append to the hash chain | ${f(generateSeconds)} | setup, without the rules |`);
  console.log(`| rebuild the projections from the log | ${f(rebuildSeconds)} | setup |`);
  console.log(
    `| read the log once (baseline) | ${f(readSeconds)} | ${read.toLocaleString('en')} events, payloads parsed |`,
  );
  console.log(
    `| sitrep, the first of the process (projection tables read into memory) | ${f(firstSeconds)} | once per process and operation |`,
  );
  console.log(
    `| sitrep from the projections, kept current (${appended} events appended since the first) | ${f(projectionSeconds)} | target at most 2 s; HTML from it ${f(htmlSeconds)} s, ${Math.round(html.length / 1024)} KB |`,
  );
  for (const p of [half, late])
    console.log(
      `| sitrep as of ${p.asOf} | ${f(p.seconds)} | target at most 10 s; ${p.events.toLocaleString('en')} events replayed |`,
    );
  const ms = (x: number) => x.toFixed(1);
  console.log(
    `| 5 sitrep PDFs at once over HTTP, 5 callers (the demo as loaded) | ${f(docs.pdfsSeconds)} | ${docs.pdfsOk} answered 200; the first PDF of the process ${f(docs.firstPdfSeconds)} s (starts the worker) |`,
  );
  console.log(
    `| /api/health polled every 20 ms meanwhile: max / p95 latency | ${ms(docs.healthMaxMs)} / ${ms(docs.healthP95Ms)} ms | target under 100 ms; ${docs.healthPolls} polls |`,
  );
  console.log(
    `| 5 sitrep PDFs at once by one caller | - | ${docs.oneCallerOk} answered 200, ${docs.oneCaller429} answered 429 (at most 2 at once per caller) |`,
  );
  console.log(
    JSON.stringify({
      events,
      convoys: n,
      generateSeconds: +f(generateSeconds),
      rebuildSeconds: +f(rebuildSeconds),
      readLogSeconds: +f(readSeconds),
      sitrepFirstSeconds: +f(firstSeconds),
      sitrepProjectionsSeconds: +f(projectionSeconds),
      appendedSinceFirst: appended,
      sitrepHtmlSeconds: +f(htmlSeconds),
      sitrepAsOfHalfSeconds: +f(half.seconds),
      asOfHalf: half.asOf,
      eventsReplayedHalf: half.events,
      sitrepAsOfLateSeconds: +f(late.seconds),
      asOfLate: late.asOf,
      eventsReplayedLate: late.events,
      pdfs5Seconds: +f(docs.pdfsSeconds),
      pdfs5Ok: docs.pdfsOk,
      firstPdfSeconds: +f(docs.firstPdfSeconds),
      healthPolls: docs.healthPolls,
      healthMaxMs: +ms(docs.healthMaxMs),
      healthP95Ms: +ms(docs.healthP95Ms),
      pdfsOneCallerOk: docs.oneCallerOk,
      pdfsOneCaller429: docs.oneCaller429,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
