import type { PeopleCategory, PeopleCounts } from '../../contracts/common.js';

/**
 * Counting people along a convoy's way: what one station (the manifest, a checkpoint, the reception
 * point) says, and whether two stations agree within the error each source deserves. Pure arithmetic,
 * used by the accountability rules.
 */

export const CATEGORIES: readonly PeopleCategory[] = [
  'men',
  'women',
  'boys',
  'girls',
  'elderlyMen',
  'elderlyWomen',
];

const LABELS: Record<PeopleCategory | 'people' | 'stretcherCases', [string, string]> = {
  men: ['man', 'men'],
  women: ['woman', 'women'],
  boys: ['boy', 'boys'],
  girls: ['girl', 'girls'],
  elderlyMen: ['elderly man', 'elderly men'],
  elderlyWomen: ['elderly woman', 'elderly women'],
  people: ['person', 'people'],
  stretcherCases: ['stretcher case', 'stretcher cases'],
};

export type CountKey = PeopleCategory | 'people' | 'stretcherCases';

export function label(key: CountKey, n: number): string {
  return LABELS[key][n === 1 ? 0 : 1];
}

/** What a station says: people by category (or only a total), stretcher cases, and the error allowed. */
export interface StationCount {
  people?: PeopleCounts;
  total: number;
  stretcherCases?: number;
  /** Items carried, by kind, when the count counted them. */
  carried?: Partial<Record<string, number>>;
  /** 0 for an exact tally; a camera's percent error otherwise. */
  errorPct: number;
}

export function total(people: PeopleCounts): number {
  return CATEGORIES.reduce((sum, c) => sum + people[c], 0);
}

export function noPeople(): PeopleCounts {
  return { men: 0, women: 0, boys: 0, girls: 0, elderlyMen: 0, elderlyWomen: 0 };
}

/** a - b by category, never below zero. */
export function subtractPeople(a: PeopleCounts, b: PeopleCounts): PeopleCounts {
  const out = { ...a };
  for (const c of CATEGORIES) out[c] = Math.max(0, a[c] - b[c]);
  return out;
}

export function addPeople(a: PeopleCounts, b: PeopleCounts): PeopleCounts {
  const out = { ...a };
  for (const c of CATEGORIES) out[c] += b[c];
  return out;
}

/** How many people a count may be off by: nothing for an exact tally, at least one otherwise. */
export function tolerance(count: StationCount, n: number): number {
  return count.errorPct === 0 ? 0 : Math.max(1, Math.ceil((n * count.errorPct) / 100));
}

export interface Difference {
  key: CountKey;
  before: number;
  after: number;
  /** before - after: positive when people are missing, negative when there are more. */
  delta: number;
  allowed: number;
}

/**
 * Where `after` differs from `before` beyond both counts' tolerance: by category when both have
 * categories, otherwise by total; stretcher cases when both count them.
 */
export function compareCounts(before: StationCount, after: StationCount): Difference[] {
  const out: Difference[] = [];
  const check = (key: CountKey, b: number, a: number) => {
    const allowed = tolerance(before, b) + tolerance(after, a);
    if (Math.abs(b - a) > allowed) out.push({ key, before: b, after: a, delta: b - a, allowed });
  };
  if (before.people && after.people) for (const c of CATEGORIES) check(c, before.people[c], after.people[c]);
  else check('people', before.total, after.total);
  if (before.stretcherCases !== undefined && after.stretcherCases !== undefined)
    check('stretcherCases', before.stretcherCases, after.stretcherCases);
  return out;
}

/** "3 fewer men (47 vs 50) and 1 fewer girl (9 vs 10)" */
export function describe(differences: readonly Difference[], sign: 'fewer' | 'more'): string {
  const parts = differences.map(
    (d) => `${Math.abs(d.delta)} ${sign} ${label(d.key, Math.abs(d.delta))} (${d.after} vs ${d.before})`,
  );
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
}

/** A convoy's manifest as a count to reconcile (exact by definition). */
export function manifestCount(convoy: {
  manifest?: { people: PeopleCounts; stretcherCases: number };
}): StationCount | undefined {
  const m = convoy.manifest;
  return m
    ? { people: m.people, total: total(m.people), stretcherCases: m.stretcherCases, errorPct: 0 }
    : undefined;
}
