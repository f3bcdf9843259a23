import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateInProcess } from '../app/accountability/simulation.js';
import { AccountabilityPolicy } from '../contracts/events.js';
import { DomainError } from '../domain/errors.js';
import { openStore } from '../store/store.js';
import { SCENARIOS } from '../../scenarios/index.js';

export interface SimulateOptions {
  scenario: string;
  seed: number;
  faults: number;
  people: number;
  start: string;
  json?: boolean;
}

/** `corridor simulate` in this process on a temporary store: prints the ground truth and what was noticed. */
export async function simulateCommand(options: SimulateOptions): Promise<void> {
  const scenario = SCENARIOS[options.scenario];
  if (!scenario) throw new DomainError('not_found', `no scenario ${options.scenario}`);
  const dir = await mkdtemp(join(tmpdir(), 'corridor-sim-'));
  const store = await openStore({ sqlitePath: join(dir, 'sim.db') });
  try {
    const result = await simulateInProcess({
      scenario: scenario.events(),
      store,
      seed: options.seed,
      faults: options.faults,
      people: options.people,
      start: new Date(options.start),
      policy: AccountabilityPolicy.parse({}),
    });
    const out = {
      injected: result.injected.map((f) => ({ id: f.id, kind: f.kind, convoy: f.convoy, at: f.at })),
      alerts: result.alerts.map((a) => ({
        kind: a.kind,
        convoy: a.convoy,
        raisedAt: a.raisedAt,
        faultId: a.faultId,
      })),
      detection: result.detection,
    };
    if (options.json) {
      console.log(JSON.stringify(out));
      return;
    }
    const d = result.detection;
    console.log(
      `simulated ${result.plan.convoys.length} convoys, ${result.plan.convoys.reduce((s, c) => s + c.people, 0)} people, ${result.events} events in ${result.wallSeconds.toFixed(1)} s`,
    );
    console.log(`faults injected: ${out.injected.length}; alerts raised: ${out.alerts.length}`);
    console.log(
      `recall ${d.recall.toFixed(3)}  precision ${d.precision.toFixed(3)}  median delay ${d.medianDelaySeconds ?? '-'} s`,
    );
    for (const a of out.alerts.filter((x) => x.faultId === null))
      console.log(`unmatched alert: ${a.kind} ${a.convoy ?? ''} at ${a.raisedAt}`);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
