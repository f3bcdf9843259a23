import type { EventPayload } from '../../contracts/events.js';
import { said, type Said } from '../errors.js';

/**
 * Figures with provenance: every number a report shows is a claim by a named source (reported) or a
 * query over the event log (computed). This file says how figures are compared: their ranges, the
 * series they belong to, and the dispute rule. Plausibility checks are in plausibility.ts.
 */

export type FigureMethod = 'counted' | 'estimated' | 'computed';
export type Qualifier = 'exact' | 'about' | 'more-than' | 'less-than';

export interface FigureSource {
  organisationId: string | null;
  organisation: string;
  document: string;
  date: string | null;
}

export interface Figure {
  /** FIG-n for a reported figure; `computed:<metric>[:<stage>]` for one computed here. */
  id: string;
  metric: string;
  label: string;
  hxl: string | null;
  value: number;
  valueMax: number | null;
  qualifier: Qualifier;
  unit: string;
  areaId: string | null;
  asOf: string;
  source: FigureSource;
  method: FigureMethod;
  /** For a computed figure: the query over the event log that produced it. */
  query: string | null;
  /** The stage of the operation its as-of time falls in, if any. */
  stage: string | null;
  note: string | null;
}

const PEOPLE_UNITS = ['people', 'persons', 'individuals', 'households', 'families'];
const AREA_UNITS: Record<string, number> = { km2: 1, ha: 0.01, m2: 1e-6 };
const VEHICLE_UNITS = ['vehicles', 'buses', 'ambulances', 'trucks'];

/** HXL hashtags (HXL 1.1) and metric names whose figures count people. */
const PEOPLE_HASHTAGS =
  /^#(affected|population|inneed|targeted|reached|returnees|idps|refugees|beneficiary)\b/;
const PEOPLE_METRICS =
  /^(people|population|persons|fighters|returnees|returns|idps|refugees|households|beneficiaries|humanitarian_specialists)(\.|_|$)/;

export type MetricKind = 'people' | 'area' | 'vehicles' | 'other';

export function metricKind(metric: string, hxl: string | null | undefined): MetricKind {
  if ((hxl && PEOPLE_HASHTAGS.test(hxl)) || PEOPLE_METRICS.test(metric)) return 'people';
  if (/^area(\.|_|$)/.test(metric) || hxl?.startsWith('#area')) return 'area';
  if (/(^|_)(buses|ambulances|vehicles|trucks)(\.|_|$)/.test(metric) || hxl?.includes('+vehicles'))
    return 'vehicles';
  return 'other';
}

export function isPeopleUnit(unit: string): boolean {
  return PEOPLE_UNITS.includes(unit.toLowerCase());
}

/** Square kilometres in one of the unit, or undefined when the unit is not an area. */
export function km2Per(unit: string): number | undefined {
  return AREA_UNITS[unit.toLowerCase()];
}

/**
 * Why a reported figure cannot be recorded as given (a unit that does not fit its metric, ...): the
 * field, and the refusal as said.
 */
export function figureProblem(
  p: Pick<EventPayload<'FigureReported'>, 'metric' | 'hxl' | 'unit' | 'method' | 'query'>,
): { field: string; said: Said } | undefined {
  const kind = metricKind(p.metric, p.hxl);
  const unit = p.unit.toLowerCase();
  const fits =
    kind === 'people'
      ? PEOPLE_UNITS.includes(unit)
      : kind === 'area'
        ? unit in AREA_UNITS
        : kind === 'vehicles'
          ? VEHICLE_UNITS.includes(unit)
          : true;
  if (!fits) {
    const allowed =
      kind === 'people' ? PEOPLE_UNITS : kind === 'area' ? Object.keys(AREA_UNITS) : VEHICLE_UNITS;
    // The metric with its HXL hashtag, if any, is one name: `people_departed (#affected)`.
    const vars = {
      unit: p.unit,
      metric: p.hxl ? `${p.metric} (${p.hxl})` : p.metric,
      allowed: allowed.join(', '),
    };
    return {
      field: 'unit',
      said:
        kind === 'people'
          ? said('the unit {unit} does not fit {metric}, a count of people: use {allowed}', vars)
          : kind === 'area'
            ? said('the unit {unit} does not fit {metric}, a count of area: use {allowed}', vars)
            : said('the unit {unit} does not fit {metric}, a count of vehicles: use {allowed}', vars),
    };
  }
  if (p.method === 'computed' && !p.query?.trim())
    return { field: 'query', said: said('a computed figure says the query that produced it') };
  return undefined;
}

/** The closed interval a figure claims; `more-than` is open above, `about` allows a tolerance. */
export function rangeOf(f: Figure, aboutTolerance: number): [number, number] {
  const lo = f.value;
  const hi = f.valueMax ?? f.value;
  switch (f.qualifier) {
    case 'more-than':
      return [lo, Number.POSITIVE_INFINITY];
    case 'less-than':
      return [Number.NEGATIVE_INFINITY, hi];
    case 'about':
      return [lo * (1 - aboutTolerance), hi * (1 + aboutTolerance)];
    default:
      return [lo, hi];
  }
}

export function overlaps(a: [number, number], b: [number, number]): boolean {
  return a[0] <= b[1] && b[0] <= a[1];
}

/**
 * A stock (how many people live somewhere) is one quantity whatever the date; anything else is taken
 * as a count over the stage its as-of time falls in (people departed, buses used), growing with time.
 */
export function isStock(f: Pick<Figure, 'metric' | 'hxl'>): boolean {
  return /^population(\.|_|$)/.test(f.metric) || /^#(population|inneed)\b/.test(f.hxl ?? '');
}

/** The figures that measure the same thing: metric, area and unit, and for counts, the stage. */
export function seriesKey(f: Figure): string {
  return [f.metric, f.areaId ?? '-', f.unit.toLowerCase(), isStock(f) ? '' : (f.stage ?? '')].join('|');
}

export interface Dispute {
  metric: string;
  areaId: string | null;
  unit: string;
  /** Every figure of the series that disagrees with another, side by side, in as-of order. */
  figures: Figure[];
  /** The figure the report uses, and why. Nothing is averaged. */
  used: string;
  why: string;
}

export interface DisputeOptions {
  /** How far an `about` figure may be from its value, as a fraction (0.05: five per cent). */
  aboutTolerance: number;
}

const METHOD_RANK: Record<FigureMethod, number> = { computed: 0, counted: 1, estimated: 2 };

/**
 * The dispute rule (after IOM DTM practice): figures of one series disagree when their ranges do not
 * overlap; for counts over a stage, a later figure may be larger than an earlier one (more happened
 * since), so they disagree only when the later one is smaller or both have the same date. Disagreeing
 * figures stand side by side; the report uses one by a fixed order that does not look at the value
 * (computed from the recorded events, then counted, then estimated; then the latest as-of time; then
 * the one recorded first) and says so. Nothing is averaged.
 */
export function findDisputes(figures: readonly Figure[], options: DisputeOptions): Dispute[] {
  const series = new Map<string, Figure[]>();
  for (const f of figures) series.set(seriesKey(f), [...(series.get(seriesKey(f)) ?? []), f]);
  const disputes: Dispute[] = [];
  for (const members of series.values()) {
    const sorted = [...members].sort((a, b) => a.asOf.localeCompare(b.asOf) || a.id.localeCompare(b.id));
    const involved = new Set<Figure>();
    for (let i = 0; i < sorted.length; i++)
      for (let j = i + 1; j < sorted.length; j++) {
        const [a, b] = [sorted[i]!, sorted[j]!];
        if (disagree(a, b, options)) involved.add(a).add(b);
      }
    if (involved.size === 0) continue;
    const side = sorted.filter((f) => involved.has(f));
    const [used, why] = choose(side);
    disputes.push({
      metric: side[0]!.metric,
      areaId: side[0]!.areaId,
      unit: side[0]!.unit,
      figures: side,
      used: used.id,
      why,
    });
  }
  return disputes;
}

function disagree(earlier: Figure, later: Figure, options: DisputeOptions): boolean {
  const a = rangeOf(earlier, options.aboutTolerance);
  const b = rangeOf(later, options.aboutTolerance);
  if (overlaps(a, b)) return false;
  if (isStock(earlier)) return true;
  // Counts over a stage grow: only a later count below an earlier one, or two of one day, conflict.
  return b[1] < a[0] || earlier.asOf.slice(0, 10) === later.asOf.slice(0, 10);
}

function choose(side: readonly Figure[]): [Figure, string] {
  const best = Math.min(...side.map((f) => METHOD_RANK[f.method]));
  const byMethod = side.filter((f) => METHOD_RANK[f.method] === best);
  const method = best === 0 ? 'computed from the recorded events' : best === 1 ? 'counted' : 'estimated';
  if (byMethod.length === 1 && side.length > 1)
    return [byMethod[0]!, `it is the only one ${method}; the others are ${otherMethods(side, best)}`];
  const latest = byMethod.reduce((a, b) => (b.asOf > a.asOf ? b : a));
  const sameTime = byMethod.filter((f) => f.asOf === latest.asOf);
  if (sameTime.length === 1)
    return [
      latest,
      `all are ${method}; it has the latest as-of time (${latest.asOf.slice(0, 10)}). The rule does not weigh the sources or the values`,
    ];
  return [
    sameTime[0]!,
    `all are ${method} with the same as-of time; it was recorded first. The rule does not weigh the sources or the values`,
  ];
}

function otherMethods(side: readonly Figure[], best: number): string {
  return [...new Set(side.filter((f) => METHOD_RANK[f.method] !== best).map((f) => f.method))].join(' or ');
}
