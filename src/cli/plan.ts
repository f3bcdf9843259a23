import { writeFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import {
  checkPlan,
  generateProblem,
  importBep,
  importNetwork,
  PlanFileError,
  PlanningError,
  planChecked,
  prestartBoundWorker,
  readPlan,
  readProblem,
} from '../app/planning/plan-files.js';
import type { Cli } from './io.js';

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('a positive number');
  return n;
}

function whole(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('a whole number');
  return n;
}

function share(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 0.5) throw new InvalidArgumentError('a share from 0 to 0.5');
  return n;
}

function reception(value: string): 'south' | 'far-and-near' {
  if (value !== 'south' && value !== 'far-and-near') throw new InvalidArgumentError('south or far-and-near');
  return value;
}

function write(cli: Cli, path: string | undefined, value: unknown): void {
  const text = JSON.stringify(value) + '\n';
  if (!path) return void cli.io.stdout.write(text);
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new PlanFileError(`cannot write ${path}: ${(error as Error).message}`);
  }
}

/** Planning errors and bad files end the command with the reason and exit code 2, never a stack. */
async function guarded(cli: Cli, fn: () => Promise<void> | void): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof PlanningError || error instanceof PlanFileError) {
      cli.error(`corridor: ${error.message}`);
      cli.exitCode = 2;
      return;
    }
    throw error;
  }
}

/**
 * The least time kept of the limit for writing the plan and ending, and that time per ms of reading
 * the problem (writing took 98-119 ms after reading in 1.3-1.4 s on the 100,000-node families).
 */
const AFTER_MIN_MS = 250;
const AFTER_PER_READ = 0.15;
/**
 * Checking the plan, per ms of reading the problem: 0.56-0.97 s after reading in 1.3-1.4 s. It runs
 * while the bounds are still being proven, which get that time too; with writing, the search stops
 * 0.8 of the reading time before the limit, as it did when both came after the bounds.
 */
const CHECK_PER_READ = 0.65;
/** At least this: a plan of many legs on a small network takes longer to check than to read (3.3 times). */
const CHECK_MIN_MS = 250;

interface PlanOptions {
  out?: string;
  timeLimit: number;
  baseline?: boolean;
  seed: number;
}

/**
 * `corridor plan PROBLEM`: the plan, and a line on how good it is; exit 1 when it does not validate.
 * The time limit is the command's: from the process's start (`performance.now()` counts from it) to the
 * plan written and checked. Checking the plan (replaying it on the roads) runs while its bounds are
 * proven; writing it comes after, and is kept from the planner's share. Both are estimated from how
 * long the problem took to read: they are passes over the same network and fleet.
 */
async function plan(cli: Cli, problemPath: string, options: PlanOptions): Promise<void> {
  // The bounds' worker loads while the problem is read (see `prestartBoundWorker`).
  if (!options.baseline) prestartBoundWorker();
  const reading = performance.now();
  const problem = readProblem(problemPath);
  const readMs = performance.now() - reading;
  const afterMs = Math.max(AFTER_MIN_MS, AFTER_PER_READ * readMs);
  const { plan: p, check } = await planChecked(
    problem,
    {
      timeLimitSec: Math.max(0, options.timeLimit * 1000 - afterMs) / 1000,
      startedAt: 0,
      baseline: options.baseline ?? false,
      seed: options.seed,
    },
    Math.max(CHECK_MIN_MS, CHECK_PER_READ * readMs),
  );
  write(cli, options.out, p);
  const gap = p.lowerBoundMin > 0 ? ((p.makespanMin / p.lowerBoundMin - 1) * 100).toFixed(1) + '%' : 'n/a';
  cli.error(
    `makespan ${p.makespanMin.toFixed(1)} min, lower bound ${p.lowerBoundMin.toFixed(1)} min (gap ${gap}), ` +
      `${p.vehicles.length} vehicles, ${check.summary.loadedLegs} loaded trips, ${p.stats?.method}; ` +
      (check.valid ? 'the plan validates' : `INVALID: ${check.errors[0]}`),
  );
  if (!check.valid) cli.exitCode = 1;
}

/** `corridor plan validate PROBLEM PLAN`. */
function validate(cli: Cli, problemPath: string, planPath: string): void {
  const result = checkPlan(readProblem(problemPath), readPlan(planPath));
  if (result.valid) {
    const s = result.summary;
    cli.log(
      `valid: ${s.vehicles} vehicles, ${s.loadedLegs} loaded trips, ${s.delivered.seated} seated and ` +
        `${s.delivered.stretcher} stretcher cases delivered, makespan ${s.makespanMin.toFixed(2)} min`,
    );
    return;
  }
  for (const e of result.errors) cli.log(e);
  if (result.errorCount > result.errors.length)
    cli.log(`... and ${result.errorCount - result.errors.length} more`);
  cli.exitCode = 1;
}

/** `corridor plan generate ...` (under plan, which holds --seed and --out). */
function registerGenerateCommand(planCommand: Command, cli: Cli): void {
  // `--seed` and `--out` are the plan command's own options (commander reads them before the
  // subcommand), so generate takes them from there.
  planCommand
    .command('generate')
    .description(
      'a synthetic city: street grid with arterials, a river with bridges, hazards (docs/planning.md)',
    )
    .requiredOption('--nodes <n>', 'road nodes', whole)
    .requiredOption('--pickups <k>', 'pickup points', whole)
    .option('--people <n>', 'people to move', whole, 34_000)
    .option('--buses <n>', 'buses', whole, 300)
    .option('--ambulances <n>', 'ambulances', whole, 380)
    .option('--stretcher-share <x>', 'share of the people who need a stretcher', share, 0.03)
    .option('--closed-share <x>', 'share of the streets closed for good', share, 0.02)
    .option('--timed-closures <n>', 'streets closed for a while (1 to 4 hours), beyond the two', whole, 0)
    .option(
      '--reception <where>',
      'reception points: south (anywhere across the river) or far-and-near',
      reception,
      'south',
    )
    .addHelpText('after', '\nAlso: --seed <s> (default 1) and --out <file> (default: standard output).')
    .action((_options: unknown, command: Command) =>
      guarded(cli, () => {
        const o = command.optsWithGlobals<{
          nodes: number;
          pickups: number;
          seed: number;
          people: number;
          buses: number;
          ambulances: number;
          stretcherShare: number;
          closedShare: number;
          timedClosures: number;
          reception: 'south' | 'far-and-near';
          out?: string;
        }>();
        if (o.nodes < 16) throw new PlanFileError('--nodes must be at least 16');
        if (o.pickups < 1) throw new PlanFileError('--pickups must be at least 1');
        if (o.timedClosures > 100_000) throw new PlanFileError('--timed-closures must be at most 100000');
        let problem;
        try {
          problem = generateProblem(o);
        } catch (error) {
          // A city too small for the places asked (its message says so): the user's numbers, not a bug.
          if (error instanceof Error && /too few open nodes/.test(error.message))
            throw new PlanFileError(`${error.message}: give more --nodes or fewer --pickups`);
          throw error;
        }
        write(cli, o.out, problem);
      }),
    );
}

/** `corridor network import FILE`. */
function registerNetworkCommands(program: Command, cli: Cli): void {
  program
    .command('network')
    .description('road networks')
    .command('import')
    .description("an OpenStreetMap extract (.osm.pbf, .osm, .osm.gz) as the planning format's network")
    .argument('<file>')
    .option('--out <file>', 'write the network here (default: standard output)')
    .option('--all-components', 'keep every piece (default: the largest strongly connected one)')
    .action((file: string, options: { out?: string; allComponents?: boolean }) =>
      guarded(cli, () => {
        const { network, report } = importNetwork(file, { allComponents: options.allComponents ?? false });
        write(cli, options.out, network);
        cli.error(
          `${report.nodes} nodes, ${report.edges} edges from ${report.ways} ways` +
            (report.droppedComponents
              ? ` (${report.droppedNodes} nodes in ${report.droppedComponents} unconnected pieces left out)`
              : '') +
            '. Map data (c) OpenStreetMap contributors, ODbL 1.0.',
        );
      }),
    );
}

/** `corridor plan ...` and `corridor network import`. */
export function registerPlanCommands(program: Command, cli: Cli): void {
  const planCommand = program
    .command('plan')
    .description('plan trips for the fleet (PROBLEM.json in the planning format, docs/planning.md)')
    .argument('[problem]', 'the problem file')
    .option('--out <file>', 'write the plan here (default: standard output)')
    .option(
      '--time-limit <seconds>',
      'the whole command’s wall time, from its start to the plan written and checked (reading the problem and proving bounds included); ' +
        'kept to within 0.5 s when it leaves time to read the problem and make a first plan',
      positive,
      8,
    )
    .option('--baseline', 'the construction heuristic only (no improvement search)')
    .option('--seed <n>', 'seed of the search', whole, 1)
    .action((problemPath: string | undefined, options: PlanOptions) =>
      guarded(cli, async () => {
        if (!problemPath) {
          planCommand.help({ error: true });
          return;
        }
        await plan(cli, problemPath, options);
      }),
    );

  planCommand
    .command('validate')
    .description('replay a plan against its problem: exit 0 when valid, 1 with the reasons')
    .argument('<problem>')
    .argument('<plan>')
    .action((problemPath: string, planPath: string) =>
      guarded(cli, () => validate(cli, problemPath, planPath)),
    );

  planCommand
    .command('import-bep')
    .description(
      'an instance of the bus evacuation problem (its published text format) as a problem of direct legs',
    )
    .argument('<file>')
    .addHelpText('after', '\nAlso: --out <file> (default: standard output).')
    .action((file: string, _options: unknown, command: Command) =>
      guarded(cli, () => {
        const problem = importBep(file);
        write(cli, command.optsWithGlobals<{ out?: string }>().out, problem);
        const people = problem.pickups.reduce((s, p) => s + p.seated, 0);
        const buses = problem.depots.reduce((s, d) => s + (d.vehicles['bus'] ?? 0), 0);
        const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
        cli.error(
          `${count(buses, 'bus', 'buses')} of ${count(problem.vehicleTypes['bus']!.seats, 'seat', 'seats')} ` +
            `at ${count(problem.depots.length, 'yard', 'yards')}, ${count(people, 'person', 'people')} at ` +
            `${count(problem.pickups.length, 'pickup point', 'pickup points')}, ` +
            `${count(problem.destinations.length, 'shelter', 'shelters')}; each leg driven direct`,
        );
      }),
    );

  registerGenerateCommand(planCommand, cli);
  registerNetworkCommands(program, cli);
}
