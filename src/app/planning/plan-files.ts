import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { Plan, Problem, type InlineNetwork, type ResolvedProblem } from '../../contracts/planning/plan.js';
import { sharedSolver } from './highs-shared.js';
import { boundsInThread } from './bound-thread.js';

export { prestartBoundWorker } from './bound-thread.js';
import { plan, PlanningError, type PlanOptions } from '../../planner/index.js';
import { osmToNetwork, parseOsm } from '../../planner/osm.js';
import { generateCity, type CityOptions } from '../../planner/generate.js';
import { bepProblem } from '../../planner/bep.js';
import { boundError, validatePlan, type ValidationResult } from '../../planner/validate.js';
import type { LpSolver } from '../../planner/lp.js';

export { PlanningError };

/** A file or its contents that is not what it should be: the message says which and why. */
export class PlanFileError extends Error {
  override readonly name = 'PlanFileError';
}

let solver: Promise<LpSolver> | undefined;
/** HiGHS (WebAssembly) for the planner's LP bounds, loaded once per process on the first plan. */
export function planningSolver(): Promise<LpSolver> {
  solver ??= sharedSolver().catch((error: unknown) => {
    solver = undefined;
    throw error;
  });
  return solver;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new PlanFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

function readJson(path: string): unknown {
  const text = readText(path);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new PlanFileError(`${path} is not JSON: ${(error as Error).message}`);
  }
}

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const lines = r.error.issues.slice(0, 10).map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new PlanFileError(
    `${what} is not a valid ${what.includes('plan') ? 'plan' : 'problem'}:\n${lines.join('\n')}`,
  );
}

/** What a network made from OpenStreetMap data carries with it (the ODbL asks for the notice). */
export const OSM_ATTRIBUTION =
  'Map data (c) OpenStreetMap contributors, available under the Open Database Licence (ODbL 1.0): https://www.openstreetmap.org/copyright';

/** An OSM extract (`.osm.pbf`, `.osm`, gzipped either) as the planning format's network. */
export function importNetwork(path: string, options: { allComponents?: boolean } = {}) {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new PlanFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    const { network, report } = osmToNetwork(parseOsm(bytes), options);
    return { network: { attribution: OSM_ATTRIBUTION, ...network }, report };
  } catch (error) {
    throw new PlanFileError(`${path}: ${(error as Error).message}`);
  }
}

/** An instance of the bus evacuation problem (`src/planner/bep.ts`) as a problem, checked as one. */
export function importBep(path: string): ResolvedProblem {
  const text = readText(path);
  try {
    return parse(Problem, bepProblem(text, basename(path)), path) as ResolvedProblem;
  } catch (error) {
    if (error instanceof PlanningError) throw new PlanFileError(`${path}: ${error.message}`);
    throw error;
  }
}

/** Reads a problem file; an `{ "osm": path }` network is imported (the path relative to the file). */
export function readProblem(path: string): ResolvedProblem {
  const problem = parse(Problem, readJson(path), path);
  if ('osm' in problem.network) {
    const network: InlineNetwork = importNetwork(resolve(dirname(path), problem.network.osm)).network;
    return { ...problem, network };
  }
  return problem as ResolvedProblem;
}

export function readPlan(path: string): Plan {
  return parse(Plan, readJson(path), `plan ${path}`);
}

export async function planProblem(
  problem: ResolvedProblem,
  options: Omit<PlanOptions, 'solver'>,
): Promise<Plan> {
  return plan(problem, { ...options, solver: await planningSolver(), boundRunner: boundsInThread });
}

export function checkPlan(problem: ResolvedProblem, p: Plan): ValidationResult {
  return validatePlan(problem, p);
}

/**
 * Plans, and checks the plan with the validator while its bounds are still being proven (for about
 * `checkMs`, which the search leaves for it); then checks the bound found against the makespan, the
 * one check that reads it.
 */
export async function planChecked(
  problem: ResolvedProblem,
  options: Omit<PlanOptions, 'solver' | 'whileProving'>,
  checkMs: number,
): Promise<{ plan: Plan; check: ValidationResult }> {
  let drafted: ValidationResult | null = null;
  const p = await planProblem(problem, {
    ...options,
    whileProving: { ms: checkMs, run: (draft) => (drafted = validatePlan(problem, draft)) },
  });
  const check: ValidationResult = drafted ?? validatePlan(problem, p);
  const bound = boundError(p);
  if (!bound) return { plan: p, check };
  const errors = [...check.errors, bound];
  return { plan: p, check: { ...check, valid: false, errors, errorCount: check.errorCount + 1 } };
}

export function generateProblem(options: CityOptions): ResolvedProblem {
  return generateCity(options);
}
