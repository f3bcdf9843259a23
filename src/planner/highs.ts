import * as highsModule from 'highs';

type Loader = () => Promise<{ solve(model: string, options?: object): unknown }>;
import type { LpSolver } from './lp.js';

/** Loads HiGHS (WebAssembly, about 0.1 s). Each `solve` runs on a fresh native instance. */
export async function loadSolver(): Promise<LpSolver> {
  // The package's types describe its CommonJS entry; the ES module entry exports the loader as default.
  const highs = await (highsModule.default as unknown as Loader)();
  return {
    solve: (model, options) =>
      highs.solve(model, { output_flag: false, ...options }) as ReturnType<LpSolver['solve']>,
  };
}
