import * as highsModule from 'highs';
import type { Highs } from 'highs';
import type { LpColumn, LpInstance, LpRow, LpSolver } from './lp.js';

/**
 * HiGHS compiled (a WebAssembly module; the project's TypeScript libraries leave out WebAssembly's
 * types). Threads given the same module share its compiled code (`src/app/planning/highs-shared.ts`).
 */
export type CompiledHighs = object;

/**
 * Loads HiGHS (WebAssembly, about 0.1 s), from `compiled` when given, else compiling it. Each `solve`
 * runs on a fresh native instance.
 */
export async function loadSolver(compiled?: CompiledHighs): Promise<LpSolver> {
  // The package's types describe its CommonJS entry; the ES module entry exports the loader as default.
  const load = highsModule.default as unknown as (options: { wasmModule?: CompiledHighs }) => Promise<Highs>;
  const highs = await load(compiled ? { wasmModule: compiled } : {});
  return {
    solve: (model, options) =>
      highs.solve(model, { output_flag: false, ...options }) as unknown as ReturnType<LpSolver['solve']>,
    instance: (rows) => persistent(highs, rows),
  };
}

/** A HiGHS model kept between solves (see `LpInstance`). */
function persistent(highs: Highs, rows: readonly LpRow[]): LpInstance {
  const inf = highs.infinity;
  const bound = (x: number) => (x === Infinity ? inf : x === -Infinity ? -inf : x);
  const model = highs.createModel();
  let columns = 0;
  try {
    model.options.set({ output_flag: false });
    model.addRows({
      lower: Float64Array.from(rows, (r) => bound(r.lower)),
      upper: Float64Array.from(rows, (r) => bound(r.upper)),
      matrix: {
        format: 'csr',
        numRows: rows.length,
        numCols: 0,
        starts: new Int32Array(rows.length + 1),
        indices: new Int32Array(0),
        values: new Float64Array(0),
      },
    });
  } catch (error) {
    model.dispose();
    throw error;
  }
  return {
    addColumns(added: readonly LpColumn[]): number {
      const first = columns;
      if (!added.length) return first;
      const starts = new Int32Array(added.length + 1);
      added.forEach((c, j) => (starts[j + 1] = starts[j]! + c.rows.length));
      model.addCols({
        cost: Float64Array.from(added, (c) => c.cost),
        lower: new Float64Array(added.length),
        upper: Float64Array.from(added, (c) => bound(c.upper)),
        matrix: {
          format: 'csc',
          numRows: rows.length,
          numCols: added.length,
          starts,
          indices: Int32Array.from(added.flatMap((c) => c.rows)),
          values: Float64Array.from(added.flatMap((c) => c.values)),
        },
      });
      columns += added.length;
      return first;
    },
    setUpper(which, upper) {
      if (!which.length) return;
      model.changeColsBounds(
        { kind: 'set', indices: Int32Array.from(which) },
        new Float64Array(which.length),
        Float64Array.from(upper, bound),
      );
    },
    solve() {
      const { modelStatus } = model.run();
      const optimal = modelStatus === highs.constants.modelStatus.optimal;
      if (!optimal)
        return { optimal, objective: NaN, values: new Float64Array(0), duals: new Float64Array(0) };
      const solution = model.getSolution();
      return {
        optimal,
        objective: model.getObjectiveValue(),
        values: solution.colValue,
        duals: solution.rowDual,
      };
    },
    dispose: () => model.dispose(),
  };
}
