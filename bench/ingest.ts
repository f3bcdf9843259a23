/**
 * npm run bench:ingest — how fast events get into the log, in one run on this machine:
 *   1. through POST /api/v1/operations/{op}/events, batches of 1,000, over real HTTP to a server process;
 *   2. through the store directly: recordChanges (validate, hash chain, projections), batches of 1,000;
 *   3. the same rows written by Kysely alone (no checks, no projections), batches of 1,000;
 *   4. raw better-sqlite3 prepared inserts of the same rows in one transaction (the ceiling);
 * and the latency of single-event POSTs sent at 200 requests/s for 10 s.
 * Prints a table, then the figures as one JSON object on the last line. Figures, never pass/fail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { recordChanges } from '../src/app/log/record-changes.js';
import { createContext } from '../src/app/context.js';
import { readEvents } from '../src/store/event-log.js';
import { StoreTx } from '../src/store/store-tx.js';
import { openStore } from '../src/store/store.js';
import { DEMO, SYSTEM, idOf, loadDemo, passage, tokenFor } from '../test/fixtures.js';
import { startServerProcess } from '../test/processes.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const BATCH = 1000;
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 1);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const dir = mkdtempSync(join(tmpdir(), 'corridor-bench-'));

async function prepared(path: string) {
  const store = await openStore({ sqlitePath: path });
  const ctx = createContext(store);
  await loadDemo(ctx);
  const checkpoint = await idOf(ctx, 'checkpoints', 'CP-71');
  const token = await tokenFor(ctx, 'enumerator');
  // Tallies of every convoy at every checkpoint of its corridor, in turn: a convoy has at most 500
  // tallies at one checkpoint (domain/accountability/rules.ts), as a real operation has a few.
  const convoys = await store.db.selectFrom('convoys').select(['id', 'corridor_id']).execute();
  const checkpoints = await store.db.selectFrom('checkpoints').select(['id', 'corridor_id']).execute();
  const stations = convoys.flatMap((c) =>
    checkpoints
      .filter((cp) => cp.corridor_id === c.corridor_id)
      .map((cp) => ({ convoyId: c.id, checkpoint: cp.id })),
  );
  let turn = 0;
  const tally = (people: Parameters<typeof passage>[1]) => {
    const station = stations[turn++ % stations.length]!;
    return passage(station.checkpoint, people, { convoyId: station.convoyId });
  };
  const batches = (n: number) =>
    Array.from({ length: n / BATCH }, () =>
      Array.from({ length: BATCH }, (_, i) => tally({ men: i % 7, women: i % 5, boys: i % 3, girls: i % 4 })),
    );
  return { store, ctx, token, batches, checkpoint, tally };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

try {
  // 2. The store directly, through the one append path.
  const direct = await prepared(join(dir, 'direct.db'));
  const directBatches = direct.batches(EVENTS);
  let t0 = performance.now();
  for (const batch of directBatches) await recordChanges(direct.ctx, DEMO, SYSTEM, batch, { mode: 'replay' });
  const appendRate = EVENTS / ((performance.now() - t0) / 1000);

  // The rows it wrote, for the Kysely-only and raw runs.
  const rows = [];
  for (let after = 0; ;) {
    const page = await readEvents(direct.store.db, { operationId: DEMO, afterSeq: after, limit: 10_000 });
    if (page.length === 0) break;
    rows.push(...page.filter((r) => r.type === 'PassageRecorded'));
    after = page.at(-1)!.seq;
  }
  const sameRows = rows.slice(-EVENTS).map(({ seq: _seq, ...row }) => row);
  await direct.store.close();

  // 3. The same rows through Kysely alone.
  const kyselyStore = await openStore({ sqlitePath: join(dir, 'kysely.db') });
  t0 = performance.now();
  for (let i = 0; i < sameRows.length; i += BATCH) {
    const chunk = sameRows.slice(i, i + BATCH);
    await kyselyStore.db.transaction().execute((trx) => new StoreTx(trx, 'sqlite').insertEvents(chunk));
  }
  const kyselyRate = sameRows.length / ((performance.now() - t0) / 1000);
  await kyselyStore.close();

  // 4. Raw better-sqlite3, one prepared statement, one transaction, same pragmas as the store.
  const rawPath = join(dir, 'raw.db');
  await (await openStore({ sqlitePath: rawPath })).close();
  const raw = new Database(rawPath);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  const columns = Object.keys(sameRows[0]!);
  const insert = raw.prepare(
    `insert into events (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`,
  );
  t0 = performance.now();
  raw.transaction(() => {
    for (const row of sameRows) insert.run(row);
  })();
  const rawRate = sameRows.length / ((performance.now() - t0) / 1000);
  raw.close();

  // 1. Over real HTTP to a server in its own process.
  const httpDb = join(dir, 'http.db');
  const http = await prepared(httpDb);
  const httpBatches = http.batches(EVENTS);
  const singles = Array.from({ length: RATE * SECONDS }, () => http.tally({ men: 1 }));
  await http.store.close();
  const server = await startServerProcess(['--db', httpDb]);
  const url = `${server.url}/api/v1/operations/${DEMO}/events`;
  const headers = { authorization: `Bearer ${http.token}`, 'content-type': 'application/json' };
  const post = async (events: unknown[]) => {
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ events }) });
    await res.arrayBuffer();
    if (res.status !== 201) throw new Error(`POST answered ${res.status}`);
  };
  await post([passage(http.checkpoint, { men: 1 })]); // warm-up: connection, JIT
  t0 = performance.now();
  // BENCH_IN_FLIGHT=2 sends two batches at once, as two field posts would (no gain measured on 2 cores).
  const queue = [...httpBatches];
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      for (let batch = queue.shift(); batch; batch = queue.shift()) await post(batch);
    }),
  );
  const httpRate = EVENTS / ((performance.now() - t0) / 1000);

  // Single events on a freshly started server over the same database, so the figure is the steady
  // state rather than the heap left behind by the 100,000-event burst above.
  await server.stop();
  const fresh = await startServerProcess(['--db', httpDb]);
  const singleUrl = `${fresh.url}/api/v1/operations/${DEMO}/events`;
  // node:http with a keep-alive agent: a lighter client than fetch, so less of the figure is the client's.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const postOne = (events: unknown[]) =>
    new Promise<void>((resolve, reject) => {
      const body = JSON.stringify({ events });
      const req = request(
        singleUrl,
        { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 201 ? resolve() : reject(new Error(`POST answered ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  for (let i = 0; i < 50; i++) await postOne([passage(http.checkpoint, { men: 1 })]); // warm-up

  // Single events at a steady 200 requests/s, open loop: a slow answer does not delay the next send.
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    singles.map(async (event, i) => {
      const due = start + (i * 1000) / RATE;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      const sent = performance.now();
      await postOne([event]);
      latencies.push(performance.now() - sent);
    }),
  );
  agent.destroy();
  await fresh.stop();
  latencies.sort((a, b) => a - b);

  const figures = {
    events: EVENTS,
    batch: BATCH,
    inFlight: IN_FLIGHT,
    rawRowsPerSec: Math.round(rawRate),
    kyselyRowsPerSec: Math.round(kyselyRate),
    appendEventsPerSec: Math.round(appendRate),
    httpBatchEventsPerSec: Math.round(httpRate),
    httpVsRaw: Number((httpRate / rawRate).toFixed(3)),
    appendVsRaw: Number((appendRate / rawRate).toFixed(3)),
    singleRequests: latencies.length,
    singleP50Ms: Number(percentile(latencies, 50).toFixed(2)),
    singleP99Ms: Number(percentile(latencies, 99).toFixed(2)),
    singleMaxMs: Number(latencies.at(-1)!.toFixed(2)),
  };
  const rows2 = [
    ['raw better-sqlite3, one transaction (ceiling)', `${figures.rawRowsPerSec} rows/s`, '1.000'],
    [
      'Kysely insert of the same rows, 1,000 a batch',
      `${figures.kyselyRowsPerSec} rows/s`,
      (kyselyRate / rawRate).toFixed(3),
    ],
    [
      'recordChanges (checks, hash chain, projections)',
      `${figures.appendEventsPerSec} events/s`,
      figures.appendVsRaw.toFixed(3),
    ],
    [
      'POST /events over HTTP, 1,000 a batch',
      `${figures.httpBatchEventsPerSec} events/s`,
      figures.httpVsRaw.toFixed(3),
    ],
    [`single-event POST at ${RATE}/s for ${SECONDS} s: p50`, `${figures.singleP50Ms} ms`, ''],
    [`single-event POST at ${RATE}/s for ${SECONDS} s: p99`, `${figures.singleP99Ms} ms`, ''],
  ];
  console.log(`ingest benchmark: ${EVENTS} PassageRecorded events, SQLite (WAL, synchronous=FULL)\n`);
  console.log(`${'path'.padEnd(52)} ${'rate'.padStart(18)}  vs raw`);
  for (const [name, value, ratio] of rows2)
    console.log(`${name!.padEnd(52)} ${value!.padStart(18)}  ${ratio}`);
  console.log(JSON.stringify(figures));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
