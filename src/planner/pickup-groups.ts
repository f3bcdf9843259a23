import type { FleetData, TimedMinutes, Works } from './bounds.js';

/**
 * The fleet bounds on an instance with many small pickups, within the time limit: past `max` pickups,
 * the bound worker proves its bounds on a relaxation where like pickups are one (their people summed,
 * and every time to or from the group the least of its members'). Any plan of the instance is a plan
 * of the relaxation taking no longer (a trip from a pickup is a trip from its group, on roads no
 * slower; the relaxation may also mix a group's people in one trip), so what is proven of the
 * relaxation is proven of the instance. The bounds' models grow with the pickups: on the 100,000-node
 * city with 1,000 pickups the worker proved nothing in 10 s; grouped to 200, as much as with 200.
 */

/** At most this many pickups go to the fleet bounds; more are grouped (`pickupGroups`). */
export const MAX_BOUND_PICKUPS = 200;

/**
 * Pickups in at most `max` groups of like ones, or null when there are no more than `max`: a k-centre
 * (farthest first) on each pickup's minutes from every depot and reception point and to every
 * reception point, where two pickups are as far apart as the largest difference of those.
 */
export function pickupGroups(data: FleetData, max = MAX_BOUND_PICKUPS): number[][] | null {
  const n = data.pickups.length;
  if (n <= max) return null;
  const profile = (p: number): number[] => [
    ...data.fromDepot.map((row) => row[p]!),
    ...data.fromDestination.map((row) => row[p]!),
    ...data.toDestination[p]!,
  ];
  const profiles = Array.from({ length: n }, (_, p) => profile(p));
  const apart = (a: readonly number[], b: readonly number[]) => {
    let d = 0;
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!;
      const y = b[i]!;
      // Unreachable on both sides is alike; on one side only, as far as can be.
      const diff = x === y ? 0 : Number.isFinite(x) && Number.isFinite(y) ? Math.abs(x - y) : Infinity;
      if (diff > d) d = diff;
    }
    return d;
  };
  const centres = [0];
  const nearest = profiles.map((pr) => apart(pr, profiles[0]!));
  const owner = new Int32Array(n);
  while (centres.length < max) {
    let far = -1;
    for (let p = 0; p < n; p++) if (far < 0 || nearest[p]! > nearest[far]!) far = p;
    if (nearest[far]! === 0) break;
    const c = centres.length;
    centres.push(far);
    for (let p = 0; p < n; p++) {
      const d = apart(profiles[p]!, profiles[far]!);
      if (d < nearest[p]!) {
        nearest[p] = d;
        owner[p] = c;
      }
    }
  }
  const groups: number[][] = centres.map(() => []);
  for (let p = 0; p < n; p++) groups[owner[p]!]!.push(p);
  return groups.filter((g) => g.length > 0);
}

const least = (values: Iterable<number>) => {
  let m = Infinity;
  for (const v of values) if (v < m) m = v;
  return m;
};

/** Each group's least minutes: per row of places, one column per group. */
function groupColumns(rows: readonly Float64Array[], groups: readonly number[][]): Float64Array[] {
  return rows.map((row) => Float64Array.from(groups, (g) => least(g.map((p) => row[p]!))));
}

/** Per group, its least minutes to each reception point. */
function groupRows(rows: readonly Float64Array[], groups: readonly number[][]): Float64Array[] {
  return groups.map((g) => Float64Array.from(rows[g[0]!]!, (_, r) => least(g.map((p) => rows[p]![r]!))));
}

function groupWorks(work: Works, groups: readonly number[][]): Works {
  const perType = (rows: readonly (readonly number[])[], g: readonly number[]) =>
    rows[g[0]!]!.map((_, k) => least(g.map((p) => rows[p]![k]!)));
  return {
    firstFrom: work.firstFrom.map((byPickup) => groups.map((g) => perType(byPickup, g))),
    first: groups.map((g) => perType(work.first, g)),
    later: groups.map((g) => perType(work.later, g)),
  };
}

/** The relaxation's data: the groups as pickups (see the top of this file). */
export function groupedFleetData(data: FleetData, groups: readonly number[][]): FleetData {
  return {
    ...data,
    pickups: groups.map((g) => ({
      seated: g.reduce((s, p) => s + data.pickups[p]!.seated, 0),
      stretcher: g.reduce((s, p) => s + data.pickups[p]!.stretcher, 0),
    })),
    members: groups.map((g) => g.map((p) => data.pickups[p]!)),
    work: groupWorks(data.work, groups),
    fromDepot: groupColumns(data.fromDepot, groups),
    fromDestination: groupColumns(data.fromDestination, groups),
    toDestination: groupRows(data.toDestination, groups),
    epochs: groupedEpochs(data.epochs, groups),
  };
}

/** The minutes while timed hazards hold, for the groups. */
export function groupedEpochs(epochs: readonly TimedMinutes[], groups: readonly number[][]): TimedMinutes[] {
  return epochs.map((e) => ({
    ...e,
    fromDepot: groupColumns(e.fromDepot, groups),
    fromDestination: groupColumns(e.fromDestination, groups),
    toDestination: groupRows(e.toDestination, groups),
  }));
}

/** What the fleet bounds prove on: the instance's data, or past `max` pickups their grouping. */
export function boundData(
  data: FleetData,
  max = MAX_BOUND_PICKUPS,
): { data: FleetData; groups: number[][] | null } {
  const groups = pickupGroups(data, max);
  return { data: groups ? groupedFleetData(data, groups) : data, groups };
}
