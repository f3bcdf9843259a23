/**
 * npm run bench:detection — `corridor simulate --faults 50` for seeds 1..20 (BENCH_SEEDS): recall,
 * precision and median detection delay of the accountability rules per seed, then over all seeds.
 * Prints a table, then the figures as one JSON object on the last line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateInProcess } from '../src/app/accountability/simulation.js';
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
}[] = [];
try {
  console.log('| seed | faults | alerts | recall | precision | median delay (s) |');
  console.log('|---|---|---|---|---|---|');
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
    }).finally(() => store.close());
    const d = r.detection;
    rows.push({ seed, ...d, alerts: r.alerts.length });
    console.log(
      `| ${seed} | ${r.injected.length} | ${r.alerts.length} | ${d.recall.toFixed(3)} | ${d.precision.toFixed(3)} | ${d.medianDelaySeconds?.toFixed(1) ?? '-'} |`,
    );
  }
  const delays = rows.map((r) => r.medianDelaySeconds ?? 0).sort((a, b) => a - b);
  const summary = {
    seeds: rows.length,
    minRecall: Math.min(...rows.map((r) => r.recall)),
    minPrecision: Math.min(...rows.map((r) => r.precision)),
    maxMedianDelaySeconds: delays.at(-1),
    rows,
  };
  console.log(
    `over ${rows.length} seeds: recall at least ${summary.minRecall}, precision at least ${summary.minPrecision}, median delay at most ${summary.maxMedianDelaySeconds?.toFixed(1)} s`,
  );
  console.log(JSON.stringify(summary));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
