/**
 * npm run bench:detection — `corridor simulate --faults 50` for seeds 1..20 (BENCH_SEEDS): recall,
 * precision and median detection delay of the accountability rules per seed, and how many numbers
 * differ between the readers of the counts (board, report now and replayed, export, convoy pages),
 * then over all seeds. Prints a table, then the figures as one JSON object on the last line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareReaders } from '../src/app/accountability/readers.js';
import { SIMULATION_OPERATION, simulateInProcess } from '../src/app/accountability/simulation.js';
import { createContext } from '../src/app/context.js';
import { AccountabilityPolicy } from '../src/contracts/events.js';
import { openStore } from '../src/store/store.js';
import { SCENARIOS } from '../scenarios/index.js';

const SEEDS = Number(process.env.BENCH_SEEDS ?? 20);
const dir = mkdtempSync(join(tmpdir(), 'corridor-bench-det-'));
const rows: {
  seed: number;
  recall: number;
  precision: number;
  medianDelaySeconds: number | null;
  alerts: number;
  readerDifferences: number;
}[] = [];
const SYSTEM = { actor: 'system:bench', role: 'system', organisationId: null, operationId: null } as const;
try {
  console.log('| seed | faults | alerts | recall | precision | median delay (s) | reader differences |');
  console.log('|---|---|---|---|---|---|---|');
  for (let seed = 1; seed <= SEEDS; seed++) {
    const store = await openStore({ sqlitePath: join(dir, `seed-${seed}.db`) });
    const r = await simulateInProcess({
      scenario: SCENARIOS['aleppo-2016']!.events(),
      store,
      seed,
      faults: 50,
      people: 34_000,
      start: new Date('2016-12-15T06:00:00.000Z'),
      policy: AccountabilityPolicy.parse({}),
    });
    const end = Math.max(r.plan.endsAt, r.plan.uploads.at(-1)?.uploadAt ?? 0) + 3_600_000;
    const ctx = createContext(store, () => new Date(end), { accountability: true });
    const readers = await compareReaders(ctx, SYSTEM, SIMULATION_OPERATION).finally(() => store.close());
    const d = r.detection;
    rows.push({ seed, ...d, alerts: r.alerts.length, readerDifferences: readers.differences.length });
    console.log(
      `| ${seed} | ${r.injected.length} | ${r.alerts.length} | ${d.recall.toFixed(3)} | ${d.precision.toFixed(3)} | ${d.medianDelaySeconds?.toFixed(1) ?? '-'} | ${readers.differences.length} |`,
    );
  }
  const delays = rows.map((r) => r.medianDelaySeconds ?? 0).sort((a, b) => a - b);
  const summary = {
    seeds: rows.length,
    minRecall: Math.min(...rows.map((r) => r.recall)),
    minPrecision: Math.min(...rows.map((r) => r.precision)),
    maxMedianDelaySeconds: delays.at(-1),
    readerDifferences: rows.reduce((n, r) => n + r.readerDifferences, 0),
    rows,
  };
  console.log(
    `over ${rows.length} seeds: recall at least ${summary.minRecall}, precision at least ${summary.minPrecision}, median delay at most ${summary.maxMedianDelaySeconds?.toFixed(1)} s, ${summary.readerDifferences} differences between readers`,
  );
  console.log(JSON.stringify(summary));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
