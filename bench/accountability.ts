/**
 * npm run bench:accountability — stage 2 of the Aleppo demo (about 34,000 people, 300 buses and 380
 * ambulances on all seven corridors; enumerators, cameras, drones and every vehicle's GPS every five
 * minutes; 50 injected faults) simulated and ingested through `appendEvents` into a fresh SQLite store
 * on the simulation's clock, once with the accountability rules on (reconciliation, alerts, the clock
 * tick every 30 s of simulated time) and once with them off, the baseline, in the same run.
 * Prints a table, then the figures as one JSON object on the last line. Figures, never pass/fail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateInProcess } from '../src/app/accountability/simulation.js';
import { AccountabilityPolicy } from '../src/contracts/events.js';
import { openStore } from '../src/store/store.js';
import { SCENARIOS } from '../scenarios/index.js';

const SEED = Number(process.env.BENCH_SEED ?? 1);
const dir = mkdtempSync(join(tmpdir(), 'corridor-bench-acc-'));
async function run(rules: boolean) {
  const store = await openStore({ sqlitePath: join(dir, `${rules ? 'on' : 'off'}.db`) });
  try {
    return await simulateInProcess({
      scenario: SCENARIOS['aleppo-2016']!.events(),
      store,
      seed: SEED,
      faults: 50,
      people: 34_000,
      start: new Date('2016-12-15T06:00:00.000Z'),
      policy: AccountabilityPolicy.parse({}),
      rules,
    });
  } finally {
    await store.close();
  }
}

try {
  const off = await run(false);
  const on = await run(true);
  const rate = (r: typeof on) => r.events / r.wallSeconds;
  const people = on.plan.convoys.reduce((s, c) => s + c.people, 0);
  const rows = [
    ['rules off (baseline)', off],
    ['rules on', on],
  ] as const;
  console.log(`stage 2: ${on.plan.convoys.length} convoys, ${people} people, seed ${SEED}`);
  console.log('| ingest | events | wall s | events/s | vs baseline |');
  console.log('|---|---|---|---|---|');
  for (const [name, r] of rows)
    console.log(
      `| ${name} | ${r.events.toLocaleString('en')} | ${r.wallSeconds.toFixed(2)} | ${Math.round(rate(r)).toLocaleString('en')} | ${(rate(r) / rate(off)).toFixed(2)} |`,
    );
  console.log(
    `alerts raised with rules on: ${on.alerts.length}; recall ${on.detection.recall}, precision ${on.detection.precision}`,
  );
  console.log(
    JSON.stringify({
      convoys: on.plan.convoys.length,
      people,
      eventsRulesOn: on.events,
      eventsRulesOff: off.events,
      wallSecondsRulesOn: Number(on.wallSeconds.toFixed(3)),
      wallSecondsRulesOff: Number(off.wallSeconds.toFixed(3)),
      eventsPerSecondRulesOn: Math.round(rate(on)),
      eventsPerSecondRulesOff: Math.round(rate(off)),
      throughputRatio: Number((rate(on) / rate(off)).toFixed(3)),
      alerts: on.alerts.length,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
