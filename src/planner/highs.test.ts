import { beforeAll, describe, expect, it } from 'vitest';
import { loadSolver } from './highs.js';
import type { LpSolver } from './lp.js';

let solver: LpSolver;
beforeAll(async () => {
  solver = await loadSolver();
});

describe('an LP kept in HiGHS', () => {
  it('grows by columns, changes their bounds, and answers each solve with values and duals', () => {
    // Minimise x + 0.5 y subject to x + y >= 2 and y <= 1.5 (a row, to read its dual too).
    const lp = solver.instance([
      { lower: 2, upper: Infinity },
      { lower: -Infinity, upper: 1.5 },
    ]);
    try {
      expect(lp.addColumns([{ cost: 1, upper: Infinity, rows: [0], values: [1] }])).toBe(0);
      let s = lp.solve();
      expect(s.optimal).toBe(true);
      expect(s.objective).toBeCloseTo(2, 9);
      expect(s.duals[0]).toBeCloseTo(1, 9);
      expect(lp.addColumns([{ cost: 0.5, upper: Infinity, rows: [0, 1], values: [1, 1] }])).toBe(1);
      s = lp.solve();
      // y = 1.5 (its row binds: the dual of a <= row of a minimisation is negative), x = 0.5.
      expect(s.objective).toBeCloseTo(1.25, 9);
      expect([...s.values]).toEqual([expect.closeTo(0.5, 9), expect.closeTo(1.5, 9)]);
      expect(s.duals[1]).toBeCloseTo(-0.5, 9);
      lp.setUpper([1], [0]);
      expect(lp.solve().objective).toBeCloseTo(2, 9);
      lp.setUpper([1], [1]);
      expect(lp.solve().objective).toBeCloseTo(1.5, 9);
    } finally {
      lp.dispose();
    }
  });

  it('says so when a solve is not optimal', () => {
    const lp = solver.instance([{ lower: 2, upper: Infinity }]);
    try {
      lp.addColumns([{ cost: 1, upper: 1, rows: [0], values: [1] }]);
      expect(lp.solve().optimal).toBe(false);
    } finally {
      lp.dispose();
    }
  });
});
