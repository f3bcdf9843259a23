/**
 * A linear-programming solver as the planner sees it: a model in CPLEX LP text, solved by HiGHS (the
 * `highs` WebAssembly package, loaded by the caller with `loadSolver()` from `./highs.js`).
 */
export interface LpSolution {
  readonly Status: string;
  readonly ObjectiveValue: number;
  readonly Columns: Readonly<Record<string, { readonly Primal: number }>>;
  /** Rows in the model's order, with their duals (LPs). */
  readonly Rows?: readonly { readonly Dual: number }[];
}
export interface LpSolver {
  solve(model: string, options?: Readonly<Record<string, string | number | boolean>>): LpSolution;
  /**
   * An LP kept in the solver for column generation: minimises over columns >= 0 subject to `rows`
   * (lower <= activity <= upper, infinite where open), starting with no columns. The caller must
   * `dispose()` it.
   */
  instance(rows: readonly LpRow[]): LpInstance;
}

export interface LpRow {
  readonly lower: number;
  readonly upper: number;
}

/** A column: its cost, upper bound and entries (row indices, each once, with their values). */
export interface LpColumn {
  readonly cost: number;
  readonly upper: number;
  readonly rows: readonly number[];
  readonly values: readonly number[];
}

/**
 * An LP whose rows are fixed and whose columns grow; each solve starts from the last one's basis (a
 * new column enters at 0), and the model is never written out as text or parsed.
 */
export interface LpInstance {
  /** Appends columns; returns the first one's index (columns are numbered from 0 in order). */
  addColumns(columns: readonly LpColumn[]): number;
  /** Changes the upper bounds of the columns given (a column at 0 is out of the model). */
  setUpper(columns: readonly number[], upper: readonly number[]): void;
  solve(): LpInstanceSolution;
  dispose(): void;
}

export interface LpInstanceSolution {
  readonly optimal: boolean;
  readonly objective: number;
  /** By column index. */
  readonly values: Float64Array;
  /** By row index (the sign as in `LpSolution`: a binding >= row of a minimisation is positive). */
  readonly duals: Float64Array;
}

/** Builds an LP text: rows and integer columns; columns are >= 0 unless bounded otherwise. */
export class LpModel {
  private readonly rows: string[] = [];
  private readonly integers: string[] = [];
  private readonly bounds: string[] = [];
  private objective = '';
  columns = 0;

  minimize(terms: readonly (readonly [number, string])[]): void {
    this.objective = terms.length ? linear(terms) : '0 zero';
  }

  /** Adds a row; its index among the rows (the order of a solution's `Rows`), -1 for a true empty row. */
  row(terms: readonly (readonly [number, string])[], sense: '<=' | '>=' | '=', rhs: number): number {
    if (terms.length === 0) {
      // An empty row: true or false on its own; keep the model honest about the false ones.
      const ok = sense === '<=' ? 0 <= rhs : sense === '>=' ? 0 >= rhs : rhs === 0;
      if (ok) return -1;
      this.rows.push(` r${this.rows.length}: zero >= 1`);
      return this.rows.length - 1;
    }
    this.rows.push(` r${this.rows.length}: ${linear(terms)} ${sense} ${num(rhs)}`);
    return this.rows.length - 1;
  }

  integer(name: string): void {
    this.integers.push(name);
  }

  upper(name: string, value: number): void {
    this.bounds.push(` ${name} <= ${num(value)}`);
  }

  text(): string {
    const parts = [
      'Minimize',
      ` obj: ${this.objective || '0 zero'}`,
      'Subject To',
      ...this.rows,
      ' fix: zero = 0',
    ];
    parts.push('Bounds', ...this.bounds);
    if (this.integers.length) parts.push('General', ...chunk(this.integers));
    parts.push('End');
    return parts.join('\n');
  }
}

function linear(terms: readonly (readonly [number, string])[]): string {
  let s = '';
  for (const [c, v] of terms) {
    if (c === 0) continue;
    s += s === '' ? `${num(c)} ${v}` : c < 0 ? ` - ${num(-c)} ${v}` : ` + ${num(c)} ${v}`;
  }
  return s === '' ? '0 zero' : s;
}

function num(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(15);
}

function chunk(names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < names.length; i += 20) out.push(' ' + names.slice(i, i + 20).join(' '));
  return out;
}
