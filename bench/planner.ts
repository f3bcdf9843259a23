/**
 * npm run bench:planner — the planner's targets from issue 4, all in one run:
 *   1. the large generated city (100,000 nodes, 200 pickups, 34,000 people, 300 buses, 380 ambulances,
 *      4 depots, 6 reception points, 2% of streets closed): plan + bound wall time, peak memory, and
 *      re-planning after one new closure;
 *   2. seeds 1..10 (BENCH_SEEDS) of it: certified gap (makespan / lower bound - 1) and the makespan
 *      against the baseline construction;
 *   2b. the same seeds with the planner's default time limit of 8 s (BENCH_DEFAULT_TIME_LIMIT,
 *      BENCH_DEFAULT_SEEDS; 0 skips);
 *   3. small instances (12 pickups, 20 vehicles) against the optimum of the time-expanded MIP;
 *   4. the Monaco and Andorra OSM networks with generated demand: the plans validate;
 *   5. `corridor plan --time-limit 10` on the large city (BENCH_COMMAND_SEEDS, default 2): the whole
 *      command's wall time, from the process's start to the plan written and checked;
 *   6. instance families (bench/families.ts: long makespans, few large and many small pickups,
 *      reception far and near, dense and sparse closures, buses only, OSM Monaco, Andorra and Berlin),
 *      each by the command at 10 s: the certified gap per family, wall and memory
 *      (BENCH_FAMILY_SEEDS, default 3; BENCH_FAMILIES to pick some; `npx tsx bench/families.ts` alone).
 * Prints tables, then the figures as one JSON object on the last line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plan, ResolvedProblem } from '../src/contracts/planning/plan.js';
import { demandOn, generateCity, generateSmall } from '../src/planner/generate.js';
import { sharedSolver } from '../src/app/planning/highs-shared.js';
import { optimum, plan, PlannerCache } from '../src/planner/index.js';
import { prepare } from '../src/planner/instance.js';
import { construct } from '../src/planner/schedule.js';
import { osmToNetwork, parseOsm } from '../src/planner/osm.js';
import { validatePlan } from '../src/planner/validate.js';
import { boundsInThread } from '../src/app/planning/bound-thread.js';
import { familiesSection, median, pct, round } from './families.js';

const SEEDS = Number(process.env.BENCH_SEEDS ?? 10);
const SMALL = Number(process.env.BENCH_SMALL ?? 10);
// The issue gives plan and bound 10 s of wall time; a time limit of 9.5 s keeps the wall under it (the
// planner stops within about 0.1 s of its limit).
const LIMIT = Number(process.env.BENCH_TIME_LIMIT ?? 9.5);
const solver = await sharedSolver();
const large = (seed: number) => generateCity({ nodes: 100_000, pickups: 200, seed });
const f1 = (x: number) => x.toFixed(1);

function timed<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const r = fn();
  return [r, (performance.now() - t) / 1000];
}

// Memory of the large plan: sampled while it runs would need a thread, so the process's peak is read
// once after it (nothing bigger runs before).
const problem1 = large(1);
const { p1, wall1, peakMB, valid1, busiest, re, rewall, reValid } = largeAndReplan();

function largeAndReplan() {
  const cache = new PlannerCache();
  const [p1, wall1] = timed(() =>
    plan(problem1, { solver, timeLimitSec: LIMIT, cache, boundRunner: boundsInThread }),
  );
  const peakMB = process.resourceUsage().maxRSS / 1024;
  const valid1 = validatePlan(problem1, p1);
  // One new closure on the street the plan uses most, from minute 0: the plan starts from the last one
  // and the cache keeps the graph, the trees the closure does not touch, the cut and the bound's place.
  // (In a function, so the cache's trees are not held while the other seeds run.)
  const busiest = busiestEdge(problem1, p1);
  const changed: ResolvedProblem = {
    ...problem1,
    hazards: [...problem1.hazards, { id: 'HAZ-NEW', edges: [busiest], effect: 'closed' }],
  };
  const [re, rewall] = timed(() =>
    plan(changed, { solver, timeLimitSec: 1.5, warmStart: p1, cache, boundRunner: boundsInThread }),
  );
  return { p1, wall1, peakMB, valid1, busiest, re, rewall, reValid: validatePlan(changed, re).valid };
}

console.log('## Large instance (seed 1)\n');
console.log('| figure | value | target |');
console.log('|---|---|---|');
console.log(
  `| nodes / edges | ${problem1.network.nodes.length} / ${problem1.network.edges.length} | 100,000 / about 200,000 |`,
);
console.log(`| plan + bound, wall | ${wall1.toFixed(2)} s | at most 10 s |`);
console.log(`| peak memory (process) | ${peakMB.toFixed(0)} MB | at most 1,536 MB |`);
console.log(
  `| makespan / lower bound | ${f1(p1.makespanMin)} / ${f1(p1.lowerBoundMin)} min (gap ${pct(p1.makespanMin / p1.lowerBoundMin - 1)}) | |`,
);
console.log(
  `| bounds: single trip / fleet workload / cut / LP | ${f1(p1.bounds!.singleTripMin)} / ${f1(p1.bounds!.fleetWorkloadMin)} / ${f1(p1.bounds!.cutCapacityMin)} / ${p1.bounds!.lpMin === null ? '-' : f1(p1.bounds!.lpMin)} | |`,
);
console.log(`| plan validates | ${valid1.valid} | yes |`);
console.log(
  `| re-plan after closing ${busiest} (time limit 1.5 s), wall | ${rewall.toFixed(2)} s (makespan ${f1(re.makespanMin)}, bound ${f1(re.lowerBoundMin)}, validates: ${reValid}) | at most 2 s |`,
);

console.log(`\n## Seeds 1..${SEEDS} of the large instance (time limit ${LIMIT} s)\n`);
console.log('| seed | wall s | baseline | makespan | lower bound | gap | vs baseline | valid |');
console.log('|---|---|---|---|---|---|---|---|');
const seeds: {
  seed: number;
  wall: number;
  baseline: number;
  makespan: number;
  bound: number;
  gap: number;
  vsBaseline: number;
  valid: boolean;
}[] = [];
for (let seed = 1; seed <= SEEDS; seed++) {
  const problem = seed === 1 ? problem1 : large(seed);
  const [p, wall] =
    seed === 1
      ? [p1, wall1]
      : timed(() => plan(problem, { solver, timeLimitSec: LIMIT, boundRunner: boundsInThread }));
  // The plan starts from the trip mix, so the construction (the baseline) is made here, on its own.
  const baseline = construct(prepare(problem)).makespan;
  const row = {
    seed,
    wall,
    baseline,
    makespan: p.makespanMin,
    bound: p.lowerBoundMin,
    gap: p.makespanMin / p.lowerBoundMin - 1,
    vsBaseline: p.makespanMin / baseline - 1,
    valid: seed === 1 ? valid1.valid : validatePlan(problem, p).valid,
  };
  seeds.push(row);
  console.log(
    `| ${seed} | ${wall.toFixed(2)} | ${f1(baseline)} | ${f1(row.makespan)} | ${f1(row.bound)} | ${pct(row.gap)} | ${pct(row.vsBaseline)} | ${row.valid} |`,
  );
}
console.log(
  `\nmedian gap ${pct(median(seeds.map((s) => s.gap)))} (target at most 10%); median against the baseline ${pct(median(seeds.map((s) => s.vsBaseline)))} (target -10% or better), worst ${pct(Math.max(...seeds.map((s) => s.vsBaseline)))} (target never above 0)`,
);

// The same seeds with the planner's default time limit (the product's, when a plan asks for none).
const DEFAULT = Number(process.env.BENCH_DEFAULT_TIME_LIMIT ?? 8);
const DEFAULT_SEEDS = Number(process.env.BENCH_DEFAULT_SEEDS ?? SEEDS);
const atDefault: {
  seed: number;
  gap: number;
  makespan: number;
  bound: number;
  days: number;
  valid: boolean;
}[] = [];
if (DEFAULT_SEEDS > 0) {
  console.log(`\n## Seeds 1..${DEFAULT_SEEDS} with the default time limit of ${DEFAULT} s\n`);
  console.log('| seed | wall s | makespan | lower bound | whole trips / vehicle days | gap | valid |');
  console.log('|---|---|---|---|---|---|---|');
  for (let seed = 1; seed <= DEFAULT_SEEDS; seed++) {
    const problem = large(seed);
    const [p, wall] = timed(() =>
      plan(problem, { solver, timeLimitSec: DEFAULT, boundRunner: boundsInThread }),
    );
    const row = {
      seed,
      gap: p.makespanMin / p.lowerBoundMin - 1,
      makespan: p.makespanMin,
      bound: p.lowerBoundMin,
      days: Number(p.stats?.fleetDaysMin ?? 0),
      valid: validatePlan(problem, p).valid,
    };
    atDefault.push(row);
    console.log(
      `| ${seed} | ${wall.toFixed(2)} | ${f1(row.makespan)} | ${f1(row.bound)} | ${f1(Number(p.stats?.fleetTripsMin ?? 0))} / ${f1(row.days)} | ${pct(row.gap)} | ${row.valid} |`,
    );
  }
  console.log(`\nmedian gap with ${DEFAULT} s: ${pct(median(atDefault.map((s) => s.gap)))}`);
}

console.log(`\n## Small instances (12 pickups, 20 vehicles) against the MIP optimum\n`);
console.log('| seed | optimum | heuristic | heuristic / optimum | lower bound | bound / optimum | valid |');
console.log('|---|---|---|---|---|---|---|');
const small: {
  seed: number;
  optimum: number;
  makespan: number;
  ratio: number;
  boundRatio: number;
  valid: boolean;
}[] = [];
for (let seed = 1; seed <= SMALL; seed++) {
  const problem = generateSmall({ pickups: 12, vehicles: 20, seed });
  const best = optimum(problem, solver, 5, 120);
  const p = plan(problem, { solver, timeLimitSec: 2, boundRunner: boundsInThread });
  if (best === null) {
    console.log(`| ${seed} | (MIP unfinished) | ${f1(p.makespanMin)} | - | ${f1(p.lowerBoundMin)} | - | - |`);
    continue;
  }
  const row = {
    seed,
    optimum: best,
    makespan: p.makespanMin,
    ratio: p.makespanMin / best,
    boundRatio: p.lowerBoundMin / best,
    valid: validatePlan(problem, p).valid,
  };
  small.push(row);
  console.log(
    `| ${seed} | ${f1(best)} | ${f1(row.makespan)} | ${row.ratio.toFixed(3)} | ${f1(p.lowerBoundMin)} | ${row.boundRatio.toFixed(3)} | ${row.valid} |`,
  );
}
console.log(
  `\nheuristic over optimum: median ${median(small.map((s) => s.ratio)).toFixed(3)} (target at most 1.03), worst ${Math.max(...small.map((s) => s.ratio)).toFixed(3)} (target at most 1.10); bound over optimum: median ${median(small.map((s) => s.boundRatio)).toFixed(3)} (target at least 0.90)`,
);

console.log('\n## OpenStreetMap networks with generated demand\n');
console.log(
  '| extract | nodes / edges | pickups / people | import s | plan s | makespan | lower bound | valid |',
);
console.log('|---|---|---|---|---|---|---|---|');
const osm: { name: string; valid: boolean; makespan: number; bound: number }[] = [];
for (const [name, path] of [
  ['Monaco 2016', 'test/fixtures/osm/monaco-2016.osm.pbf'],
  ['Andorra 2013', 'test/fixtures/osm/andorra-2013.osm.pbf'],
] as const) {
  const [imported, importWall] = timed(() => osmToNetwork(parseOsm(readFileSync(path))));
  const problem = demandOn(imported.network, {
    pickups: 20,
    people: 5000,
    buses: 40,
    ambulances: 40,
    seed: 1,
  });
  const [p, wall] = timed(() => plan(problem, { solver, timeLimitSec: 4, boundRunner: boundsInThread }));
  const v = validatePlan(problem, p);
  osm.push({ name, valid: v.valid, makespan: p.makespanMin, bound: p.lowerBoundMin });
  console.log(
    `| ${name} | ${imported.network.nodes.length} / ${imported.network.edges.length} | 20 / 5,000 | ${importWall.toFixed(2)} | ${wall.toFixed(2)} | ${f1(p.makespanMin)} | ${f1(p.lowerBoundMin)} | ${v.valid} |`,
  );
}

// 5. The command as a user runs it: `corridor plan FILE --time-limit 10` on the large city, its wall time
// from the process's start to the plan written and checked (the limit is the whole command's).
const COMMAND_LIMIT = 10;
const commandRuns = commandWall(Number(process.env.BENCH_COMMAND_SEEDS ?? 2));
console.log(`\n### corridor plan --time-limit ${COMMAND_LIMIT}: the whole command\n`);
console.log('| seed | wall s | over the limit | makespan | lower bound | gap | valid |');
console.log('|---|---|---|---|---|---|---|');
for (const r of commandRuns)
  console.log(
    `| ${r.seed} | ${r.wall.toFixed(2)} | ${(r.wall - COMMAND_LIMIT).toFixed(2)} s | ${f1(r.makespan)} | ${f1(r.bound)} | ${pct(r.gap)} | ${r.valid} |`,
  );

// 6. Instance families, each by the command as in 5.
const familiesDir = mkdtempSync(join(tmpdir(), 'corridor-bench-families-'));
const families = await familiesSection(familiesDir).finally(() =>
  rmSync(familiesDir, { recursive: true, force: true }),
);

console.log(
  JSON.stringify({
    families,
    command: {
      timeLimitSeconds: COMMAND_LIMIT,
      runs: commandRuns.length,
      maxWallSeconds: commandRuns.length ? round(Math.max(...commandRuns.map((r) => r.wall))) : null,
      medianGap: commandRuns.length ? round(median(commandRuns.map((r) => r.gap))) : null,
      allValid: commandRuns.every((r) => r.valid),
    },
    large: {
      wallSeconds: round(wall1),
      peakMB: Math.round(peakMB),
      makespanMin: round(p1.makespanMin),
      lowerBoundMin: round(p1.lowerBoundMin),
      valid: valid1.valid,
      replanSeconds: round(rewall),
      replanValid: reValid,
    },
    seeds: {
      medianGap: round(median(seeds.map((s) => s.gap))),
      medianVsBaseline: round(median(seeds.map((s) => s.vsBaseline))),
      worstVsBaseline: round(Math.max(...seeds.map((s) => s.vsBaseline))),
      allValid: seeds.every((s) => s.valid),
      maxWallSeconds: round(Math.max(...seeds.map((s) => s.wall))),
    },
    defaultLimit: {
      timeLimitSeconds: DEFAULT,
      seeds: atDefault.length,
      medianGap: atDefault.length ? round(median(atDefault.map((s) => s.gap))) : null,
      allValid: atDefault.every((s) => s.valid),
    },
    small: {
      solved: small.length,
      medianRatio: round(median(small.map((s) => s.ratio))),
      worstRatio: round(Math.max(...small.map((s) => s.ratio))),
      medianBoundRatio: round(median(small.map((s) => s.boundRatio))),
      allValid: small.every((s) => s.valid),
    },
    osm: osm.map((o) => ({
      name: o.name,
      valid: o.valid,
      makespanMin: round(o.makespan),
      lowerBoundMin: round(o.bound),
    })),
  }),
);

/** `corridor plan` as a separate process on the large city of each seed, timed from spawn to exit. */
function commandWall(seeds: number) {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-bench-plan-'));
  const bin = join(import.meta.dirname, '..', 'bin', 'corridor.js');
  try {
    return Array.from({ length: seeds }, (_, i) => {
      const seed = i + 1;
      const [problemFile, planFile] = [join(dir, `city-${seed}.json`), join(dir, `plan-${seed}.json`)];
      writeFileSync(problemFile, JSON.stringify(large(seed)));
      const t = performance.now();
      const run = spawnSync(
        process.execPath,
        [bin, 'plan', problemFile, '--time-limit', String(COMMAND_LIMIT), '--out', planFile],
        { encoding: 'utf8' },
      );
      const wall = (performance.now() - t) / 1000;
      const p = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
      return {
        seed,
        wall,
        makespan: p.makespanMin,
        bound: p.lowerBoundMin,
        gap: p.makespanMin / p.lowerBoundMin - 1,
        valid: run.status === 0,
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function busiestEdge(problem: ResolvedProblem, p: Plan): string {
  const byNodes = new Map<string, string>();
  for (const e of problem.network.edges) {
    byNodes.set(`${e.from}>${e.to}`, e.id);
    if (!e.oneway) byNodes.set(`${e.to}>${e.from}`, e.id);
  }
  const use = new Map<string, number>();
  for (const v of p.vehicles)
    for (const leg of v.legs)
      for (let i = 1; i < leg.path.length; i++) {
        const id = byNodes.get(`${leg.path[i - 1]}>${leg.path[i]}`);
        if (id) use.set(id, (use.get(id) ?? 0) + 1);
      }
  return [...use.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}
