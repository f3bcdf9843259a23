import { isPeopleUnit, km2Per, metricKind, seriesKey, type Figure } from '../reports/figures.js';
import { EARTH_RADIUS_M, polygonsOf, type AreaGeometry, type Position } from '../geo.js';

export type FlagKind =
  'area-exceeds-admin-area' | 'parts-exceed-total' | 'negative-people' | 'non-integer-people' | 'jump';

export interface Flag {
  kind: FlagKind;
  reason: string;
  numbers: Record<string, number>;
}

export interface AdminArea {
  id: string;
  name: string;
  kind: string;
  /** Its area in square kilometres (from its boundary: see areaKm2). */
  km2: number;
  /** The area a reference publishes for it, when one does (a gazetteer), and which reference. */
  published?: { km2: number; source: string };
}

export interface PlausibilityOptions {
  /** A value more than this many times the previous one of its series (or less than its inverse) is flagged. */
  jumpFactor: number;
}

export const DEFAULT_PLAUSIBILITY: PlausibilityOptions = { jumpFactor: 2 };

/**
 * The area of a polygon or multipolygon on the sphere, in km² (holes subtracted). Chamberlain and
 * Duquette, "Some algorithms for polygons on a sphere", JPL 07-0286 (2007), section 2: exact enough
 * for admin boundaries, within a fraction of a per cent of the ellipsoid.
 */
export function areaKm2(geometry: AreaGeometry): number {
  let total = 0;
  for (const rings of polygonsOf(geometry))
    rings.forEach((ring, i) => {
      const a = Math.abs(ringArea(ring));
      total += i === 0 ? a : -a;
    });
  return total / 1e6;
}

function ringArea(ring: readonly Position[]): number {
  const rad = Math.PI / 180;
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [l1, p1] = ring[i]!;
    const [l2, p2] = ring[i + 1]!;
    sum += (l2 - l1) * rad * (2 + Math.sin(p1 * rad) + Math.sin(p2 * rad));
  }
  return (sum * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');

/**
 * Plausibility checks of a set of figures, by figure id. A flag does not reject a figure: it stays on
 * record as its source gave it, with the reason the report shows beside it.
 */
export function plausibilityFlags(
  figures: readonly Figure[],
  areas: ReadonlyMap<string, AdminArea>,
  options: PlausibilityOptions = DEFAULT_PLAUSIBILITY,
): Map<string, Flag[]> {
  const flags = new Map<string, Flag[]>();
  const flag = (f: Figure, x: Flag | undefined) => {
    if (x) flags.set(f.id, [...(flags.get(f.id) ?? []), x]);
  };
  for (const f of figures) {
    flag(f, areaExceedsAdminArea(f, areas));
    flag(f, negativePeople(f));
    flag(f, nonIntegerPeople(f));
  }
  for (const [f, x] of partsExceedTotal(figures)) flag(f, x);
  for (const [f, x] of jumps(figures, options.jumpFactor)) flag(f, x);
  return flags;
}

/** An area larger than the admin area it is given for. */
function areaExceedsAdminArea(f: Figure, areas: ReadonlyMap<string, AdminArea>): Flag | undefined {
  const perUnit = km2Per(f.unit);
  const admin = f.areaId === null ? undefined : areas.get(f.areaId);
  if (perUnit === undefined || !admin) return undefined;
  const km2 = f.value * perUnit;
  // Larger than both the boundary's own area and the published one: neither can explain it.
  const largest = Math.max(admin.km2, admin.published?.km2 ?? 0);
  if (!(largest > 0 && km2 > largest)) return undefined;
  return {
    kind: 'area-exceeds-admin-area',
    reason: `${fmt(km2)} km² is larger than the whole of ${admin.name} (${admin.kind}): ${admin.published ? `${fmt(admin.published.km2)} km² as published (${admin.published.source}), ` : ''}${fmt(admin.km2)} km² from its boundary`,
    numbers: {
      km2,
      adminKm2: Math.round(admin.km2),
      ...(admin.published ? { publishedKm2: admin.published.km2 } : {}),
    },
  };
}

/** The value, or both ends of the range, of a figure that counts people; none of any other. */
function peopleValues(f: Figure): number[] {
  if (!isPeopleUnit(f.unit) && metricKind(f.metric, f.hxl) !== 'people') return [];
  return f.valueMax === null ? [f.value] : [f.value, f.valueMax];
}

function negativePeople(f: Figure): Flag | undefined {
  const values = peopleValues(f);
  if (!values.some((v) => v < 0)) return undefined;
  return {
    kind: 'negative-people',
    reason: `a count of people cannot be negative (${values.join('-')})`,
    numbers: { value: f.value },
  };
}

function nonIntegerPeople(f: Figure): Flag | undefined {
  const values = peopleValues(f);
  if (values.every((v) => Number.isInteger(v))) return undefined;
  return {
    kind: 'non-integer-people',
    reason: `a count of people is a whole number, not ${values.join('-')}`,
    numbers: { value: f.value },
  };
}

/** Parts (metric `x.part`) of a total (metric `x`) from the same source and time add up to at most it. */
function partsExceedTotal(figures: readonly Figure[]): [Figure, Flag][] {
  const partKey = (metric: string, f: Figure) =>
    [
      metric,
      f.areaId ?? '-',
      f.asOf,
      f.stage ?? '-',
      f.source.organisationId ?? f.source.organisation,
      f.method,
    ].join('|');
  const totals = new Map<string, Figure>();
  for (const f of figures) if (!f.metric.includes('.')) totals.set(partKey(f.metric, f), f);
  const parts = new Map<string, Figure[]>();
  for (const f of figures) {
    const dot = f.metric.lastIndexOf('.');
    if (dot < 0) continue;
    const key = partKey(f.metric.slice(0, dot), f);
    parts.set(key, [...(parts.get(key) ?? []), f]);
  }
  const out: [Figure, Flag][] = [];
  for (const [key, members] of parts) {
    const total = totals.get(key);
    if (!total) continue;
    const sum = members.reduce((n, f) => n + f.value, 0);
    const max = total.valueMax ?? total.value;
    if (sum > max)
      for (const f of [total, ...members])
        out.push([
          f,
          {
            kind: 'parts-exceed-total',
            reason: `the parts of ${total.metric} (${members.map((m) => `${m.metric} ${fmt(m.value)}`).join(', ')}) add up to ${fmt(sum)}, more than the total ${fmt(max)}`,
            numbers: { parts: sum, total: max },
          },
        ]);
  }
  return out;
}

/**
 * A jump from the previous value of the same series beyond the factor, up or down. A series is one
 * source's: two sources that disagree are a dispute, shown side by side, not a jump of either.
 */
function jumps(figures: readonly Figure[], jumpFactor: number): [Figure, Flag][] {
  const series = new Map<string, Figure[]>();
  // Computed figures are the log's own counts: they are compared with the claims, not flagged by them.
  for (const f of figures.filter((x) => x.method !== 'computed')) {
    const key = `${seriesKey(f)}|${f.source.organisationId ?? f.source.organisation}`;
    series.set(key, [...(series.get(key) ?? []), f]);
  }
  const out: [Figure, Flag][] = [];
  for (const members of series.values()) {
    const sorted = [...members].sort((a, b) => a.asOf.localeCompare(b.asOf) || a.id.localeCompare(b.id));
    for (let i = 1; i < sorted.length; i++) {
      const [prev, f] = [sorted[i - 1]!, sorted[i]!];
      if (prev.value <= 0 || f.value <= 0) continue;
      const ratio = f.value / prev.value;
      if (ratio > jumpFactor || ratio < 1 / jumpFactor)
        out.push([
          f,
          {
            kind: 'jump',
            reason: `${fmt(f.value)} is ${ratio >= 1 ? `${ratio.toFixed(1)} times` : `${(1 / ratio).toFixed(1)} times less than`} the previous value of the series (${fmt(prev.value)}, ${prev.id}, as of ${prev.asOf.slice(0, 10)}); the threshold is a factor of ${jumpFactor}`,
            numbers: { value: f.value, previous: prev.value, ratio },
          },
        ]);
    }
  }
  return out;
}
