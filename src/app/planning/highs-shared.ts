import { readFile } from 'node:fs/promises';
import { loadSolver, type CompiledHighs } from '../../planner/highs.js';
import type { LpSolver } from '../../planner/lp.js';

const { WebAssembly: wasm } = globalThis as unknown as {
  WebAssembly: { compile(bytes: Uint8Array): Promise<CompiledHighs> };
};

let compiling: Promise<CompiledHighs> | null = null;
let compiled: CompiledHighs | null = null;

/**
 * HiGHS on code compiled once in this process. The planner's threads (bound workers and their HiGHS
 * threads, `compiledHighs()`) load from the same module, whose compiled code V8 shares between them:
 * they skip compiling, and start with the functions earlier solves got optimised (WebAssembly runs
 * unoptimised code first). On the large instance a worker's first LP bisection took 1.4 s on fresh
 * code and 1.0 s on code that had run before.
 */
export async function sharedSolver(): Promise<LpSolver> {
  compiling ??= readFile(new URL(import.meta.resolve('highs/runtime'))).then((bytes) => wasm.compile(bytes));
  compiled = await compiling;
  return loadSolver(compiled);
}

/** The module `sharedSolver` compiled, once it has (null before: a thread then compiles its own). */
export function compiledHighs(): CompiledHighs | null {
  return compiled;
}
