import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { simulateInProcess } from '../app/accountability/simulation.js';
import { AccountabilityPolicy } from '../contracts/events.js';
import { DomainError } from '../domain/errors.js';
import { openStore } from '../store/store.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { driveServer } from './drive.js';
import type { Cli } from './io.js';

export interface SimulateOptions {
  scenario: string;
  seed: number;
  faults: number;
  people: number;
  start: string;
  json?: boolean;
}

/** `corridor simulate` in this process on a temporary store: prints the ground truth and what was noticed. */
export async function simulateCommand(cli: Cli, options: SimulateOptions): Promise<void> {
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
      cli.log(JSON.stringify(out));
      return;
    }
    const d = result.detection;
    cli.log(
      `simulated ${result.plan.convoys.length} convoys, ${result.plan.convoys.reduce((s, c) => s + c.people, 0)} people, ${result.events} events in ${result.wallSeconds.toFixed(1)} s`,
    );
    cli.log(`faults injected: ${out.injected.length}; alerts raised: ${out.alerts.length}`);
    cli.log(
      `recall ${d.recall.toFixed(3)}  precision ${d.precision.toFixed(3)}  median delay ${d.medianDelaySeconds ?? '-'} s`,
    );
    for (const a of out.alerts.filter((x) => x.faultId === null))
      cli.log(`unmatched alert: ${a.kind} ${a.convoy ?? ''} at ${a.raisedAt}`);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('a whole number');
  return n;
}

/** `corridor simulate`: in this process, or driving a running server with --target. */
export function registerSimulateCommand(program: Command, cli: Cli): void {
  program
    .command('simulate')
    .description(
      'simulate an operation with injected faults and report what the accountability rules noticed',
    )
    .option('--scenario <name>', 'the scenario whose topology is used', 'aleppo-2016')
    .option('--seed <n>', 'random seed', integer, 1)
    .option('--faults <n>', 'faults to inject, spread over the six kinds', integer, 50)
    .option('--people <n>', 'people to evacuate', integer, 34_000)
    .option('--start <time>', 'when the simulation starts (UTC)', '2016-12-15T06:00:00.000Z')
    .option('--json', 'print one JSON object on one line')
    .option('--target <url>', 'drive a running server over HTTP instead (with --token)')
    .option('--token <token>', 'a coordinator token of the simulation operation on --target')
    .option('--speed <factor>', 'with --target: how much faster than real time', integer, 60)
    .action(async (options: SimulateOptions & { target?: string; token?: string; speed: number }) => {
      if (options.target) {
        if (!options.token) throw new InvalidArgumentError('--target needs --token');
        await driveServer({
          ...options,
          target: options.target,
          token: options.token,
          log: (line) => cli.error(line),
        });
      } else await simulateCommand(cli, options);
    });
}
