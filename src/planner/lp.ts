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
