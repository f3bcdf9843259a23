import { distanceMetres } from '../geo.js';
import type { ProjectableEvent } from '../projection.js';
import { compareCounts, describe, total, type Difference, type StationCount } from './reconcile.js';
import type { AlertKind, Condition, Corridor } from './model.js';
import type { Convoy, Station } from './model.js';
import type { OperationState } from './state.js';
import { standingOf } from './counting.js';
import { duration, utc } from './condition-words.js';
import { itemConditions } from './item-conditions.js';

/**
 * The accountability rules as conditions: what holds now for a convoy, a corridor or a passage, each
 * with the key an alert for it is known by, and a reason in words with the numbers. Pure functions of
 * the state and `now`; the engine raises an alert for a condition that starts to hold and resolves it
 * when it no longer does.
 */

/** The kinds `convoyConditions` decides on. */
export const CONVOY_KINDS: readonly AlertKind[] = [
  'people-missing',
  'people-surplus',
  'convoy-overdue',
  'convoy-stopped',
  'vehicle-detached',
  'out-of-order',
  'items-missing',
];

const MINUTE = 60_000;
/** Clocks of different observers disagree a little; an order reversed by less than this is not flagged. */
const ORDER_GRACE_MS = 2 * MINUTE;

export function convoyConditions(state: OperationState, convoy: Convoy, now: Date): Condition[] {
  return [
    ...countConditions(state, convoy),
    ...itemConditions(state, convoy),
    ...vehicleConditions(state, convoy),
    ...orderConditions(state, convoy),
    ...timeConditions(state, convoy, now),
  ];
}

/** People missing, or more people than before, between consecutive stations that counted them. */
function countConditions(state: OperationState, convoy: Convoy): Condition[] {
  const chain: { id: string; label: string; at: string; count: StationCount }[] = [];
  if (convoy.manifest) {
    const m = convoy.manifest;
    const count = { people: m.people, total: total(m.people), stretcherCases: m.stretcherCases, errorPct: 0 };
    chain.push({ id: 'manifest', label: 'the manifest', at: m.at, count });
  }
  for (const s of state.stationsOf(convoy)) {
    const count = state.best(convoy, s);
    if (count) chain.push({ id: s.id, label: s.label, at: s.firstAt, count });
  }
  const out: Condition[] = [];
  for (let i = 1; i < chain.length; i++) {
    const before = chain[i - 1]!;
    const after = chain[i]!;
    const differences = compareCounts(before.count, after.count);
    const where = {
      since: after.at,
      ...(state.checkpoints.has(after.id) ? { checkpointId: after.id } : {}),
    };
    const missing = differences.filter((d) => d.delta > 0);
    if (missing.length > 0)
      out.push({
        key: `people-missing:${convoy.id}:${after.id}`,
        kind: 'people-missing',
        severity: 'critical',
        reason: () =>
          `${convoy.code}: ${describe(missing, 'fewer')} at ${after.label} than at ${before.label}, ${utc(after.at)}`,
        numbers: numbersOf(missing, before.count.total, after.count.total),
        ...where,
      });
    const more = differences.filter((d) => d.delta < 0);
    if (more.length > 0)
      out.push({
        key: `people-surplus:${convoy.id}:${after.id}`,
        kind: 'people-surplus',
        severity: 'warning',
        reason: () =>
          `${convoy.code}: ${describe(more, 'more')} at ${after.label} than at ${before.label}, ${utc(after.at)}: possibly a manifest or counting error`,
        numbers: numbersOf(more, before.count.total, after.count.total),
        ...where,
      });
  }
  return out;
}

/** A convoy seen at its latest station with fewer vehicles than it left with. */
function vehicleConditions(state: OperationState, convoy: Convoy): Condition[] {
  const expected = convoy.vehicleIds.length;
  if (expected === 0) return [];
  let latest: { station: Station; seen: number; ids: Set<string> | undefined } | undefined;
  for (const s of state.stationsOf(convoy)) {
    // Of the tallies that stand at a station (of the whole convoy), the one that saw the most vehicles.
    const readings = standingOf(s.tallies).filter((r) => r.scope === 'convoy' && r.vehicles !== undefined);
    if (readings.length === 0) continue;
    const most = readings.reduce((a, b) => (b.vehicles! > a.vehicles! ? b : a));
    latest = {
      station: s,
      seen: most.vehicles!,
      ids: most.vehicleIds.length > 0 ? new Set(most.vehicleIds) : undefined,
    };
  }
  if (!latest || latest.seen >= expected) return [];
  const { station, seen, ids } = latest;
  const gone = ids ? convoy.vehicleIds.filter((v) => !ids.has(v)) : [];
  const names = gone.map((v) => state.vehicles.get(v)?.code ?? v);
  return [
    {
      key: `vehicle-detached:${convoy.id}`,
      kind: 'vehicle-detached',
      severity: 'critical',
      reason: () =>
        `${convoy.code}: ${seen} of ${expected} vehicles at ${station.label}${names.length > 0 ? ` (${names.join(', ')} not seen)` : ''}, ${utc(station.firstAt)}`,
      numbers: { expected, seen },
      since: station.firstAt,
      ...(state.checkpoints.has(station.id) ? { checkpointId: station.id } : {}),
      ...(gone.length === 1 ? { vehicleId: gone[0]! } : {}),
    },
  ];
}

/** A passage at a later checkpoint dated before one at an earlier checkpoint. */
function orderConditions(state: OperationState, convoy: Convoy): Condition[] {
  const out: Condition[] = [];
  const stations = state.stationsOf(convoy);
  for (let k = 1; k < stations.length; k++) {
    const after = stations[k]!;
    const before = stations
      .slice(0, k)
      .find((s) => s.ordinal < after.ordinal && after.firstMs < s.firstMs - ORDER_GRACE_MS);
    if (!before) continue;
    out.push({
      key: `out-of-order:${convoy.id}:${after.id}`,
      kind: 'out-of-order',
      severity: 'info',
      reason: () =>
        `${convoy.code}: recorded at ${after.label} at ${utc(after.firstAt)}, before its passage at ${before.label} at ${utc(before.firstAt)}: a clock or the convoy may be wrong`,
      numbers: {},
      since: after.firstAt,
      ...(state.checkpoints.has(after.id) ? { checkpointId: after.id } : {}),
    });
  }
  return out;
}

/** The kinds `timeConditions` decides on: all a position report can change. */
export const TIME_KINDS: readonly AlertKind[] = ['convoy-overdue', 'convoy-stopped'];

/** Stopped, and overdue at the next checkpoint, for a convoy in transit at `now`. */
export function timeConditions(state: OperationState, convoy: Convoy, now: Date): Condition[] {
  if (convoy.status !== 'departed' || convoy.departedAt === undefined) return [];
  const { policy } = state;
  const out: Condition[] = [];
  const t = now.getTime();
  const stoppedAfter = policy.stoppedAfterMinutes * MINUTE;
  if (t - convoy.lastProgressAt > stoppedAfter) {
    out.push({
      key: `convoy-stopped:${convoy.id}`,
      kind: 'convoy-stopped',
      severity: 'warning',
      reason: () =>
        `${convoy.code} has not moved for ${duration(t - convoy.lastProgressAt)} (last progress ${utc(convoy.lastProgressAt)}; the threshold is ${duration(policy.stoppedAfterMinutes * MINUTE)})`,
      numbers: { minutes: policy.stoppedAfterMinutes },
      since: new Date(convoy.lastProgressAt + stoppedAfter).toISOString(),
    });
  }
  const next = nextExpected(state, convoy);
  if (next && t > next.expectedAt) {
    out.push({
      key: `convoy-overdue:${convoy.id}:${next.id}`,
      kind: 'convoy-overdue',
      severity: 'warning',
      reason: () =>
        `${convoy.code} is overdue at ${next.label}: expected by ${utc(next.expectedAt)}, last seen at ${next.from} ${utc(next.fromAt)}`,
      numbers: { expectedAt: next.expectedAt },
      since: new Date(next.expectedAt).toISOString(),
      ...(state.checkpoints.has(next.id) ? { checkpointId: next.id } : {}),
    });
  }
  return out;
}

/**
 * The next place a convoy in transit should reach, and by when: the route distance from the last
 * checkpoint it reached at the policy's speed, times the overdue factor, plus the slack.
 */
function nextExpected(
  state: OperationState,
  convoy: Convoy,
): { id: string; label: string; expectedAt: number; from: string; fromAt: number } | undefined {
  const corridor = state.corridors.get(convoy.corridorId);
  if (!corridor) return undefined;
  let from = { label: 'departure', km: 0, t: Date.parse(convoy.departedAt!) };
  let next: { id: string; label: string; km: number } | undefined;
  for (const cp of corridor.checkpoints) {
    const reached = state.reachedAt(convoy, cp.id);
    if (reached !== undefined) {
      from = { label: `${cp.code} ${cp.kind}`, km: cp.alongKm, t: reached };
      next = undefined;
    } else next ??= { id: cp.id, label: `${cp.code} ${cp.kind}`, km: cp.alongKm };
  }
  if (!next) {
    if (convoy.stations.has('arrival')) return undefined;
    const rp = convoy.receptionPointId ? state.receptionPoints.get(convoy.receptionPointId) : undefined;
    const extraKm = rp ? distanceMetres(corridor.route.coordinates.at(-1)!, rp.location) / 1000 : 0;
    next = {
      id: 'arrival',
      label: rp ? `${rp.code} arrival` : 'arrival',
      km: corridor.route.lengthKm + extraKm,
    };
  }
  const { policy } = state;
  const hours = Math.max(0, next.km - from.km) / policy.speedKmh;
  const expectedAt = from.t + hours * 3_600_000 * policy.overdueFactor + policy.overdueSlackMinutes * MINUTE;
  return { ...next, expectedAt, from: from.label, fromAt: from.t };
}

/** Why a convoy's alert of a kind no longer holds, for the note that resolves it. */
export function explanation(state: OperationState, convoy: Convoy, kind: AlertKind): string {
  const last = state.stationsOf(convoy).at(-1);
  const where = last ? ` (last at ${last.label}, ${utc(last.firstAt)})` : '';
  switch (kind) {
    case 'convoy-overdue':
      return `${convoy.code} has been seen further on${where}`;
    case 'convoy-stopped':
      return `${convoy.code} is moving again: progress at ${utc(convoy.lastProgressAt)}`;
    case 'vehicle-detached':
      return `${convoy.code}: all its vehicles are accounted for${where}`;
    case 'people-missing':
    case 'people-surplus':
      return `${convoy.code}: the counts now agree within their tolerance${where}`;
    default:
      return `${convoy.code}: no longer holds${where}`;
  }
}

/** Convoys still in transit as a corridor's window nears its end, or after it ended. */
export function windowConditions(state: OperationState, corridor: Corridor, now: Date): Condition[] {
  const out: Condition[] = [];
  const t = now.getTime();
  const warning = state.policy.windowWarningMinutes * MINUTE;
  for (const w of corridor.windows) {
    const end = Date.parse(w.end);
    if (t < Date.parse(w.start) || t < end - warning) continue;
    const holding = [...state.inTransit]
      .map((id) => state.convoys.get(id)!)
      .filter((c) => c.corridorId === corridor.id && c.departedAt! >= w.start && c.departedAt! < w.end);
    if (holding.length === 0) continue;
    const people = holding.reduce(
      (sum, c) => sum + (state.best(c, state.stationsOf(c).at(-1))?.total ?? 0),
      0,
    );
    const ended = t >= end;
    const convoys = `${holding.length} convoy${holding.length === 1 ? '' : 's'} (${people} people)`;
    const codes = holding.map((c) => c.code).join(', ');
    out.push({
      key: `${ended ? 'window-ended' : 'window-ending'}:${corridor.id}:${w.end}`,
      kind: ended ? 'window-ended' : 'window-ending',
      severity: ended ? 'critical' : 'warning',
      reason: () =>
        ended
          ? `${corridor.code}: its window ended at ${utc(w.end)} with ${convoys} still in transit: ${codes}`
          : `${corridor.code}: its window ends at ${utc(w.end)} and ${convoys} ${holding.length === 1 ? 'is' : 'are'} still in transit: ${codes}`,
      numbers: { convoys: holding.length, people },
      since: new Date(ended ? end : end - warning).toISOString(),
    });
  }
  return out;
}

/** A passage at a checkpoint or reception point (or with plates) that matches no convoy. */
export function unknownConvoyCondition(
  state: OperationState,
  event: ProjectableEvent & { type: 'PassageRecorded' },
): Condition {
  const p = event.payload;
  const place = p.checkpointId
    ? state.checkpoints.get(p.checkpointId)?.code
    : p.receptionPointId
      ? state.receptionPoints.get(p.receptionPointId)?.code
      : 'a location';
  const unknownPlates = (p.plates ?? []).filter((plate) => state.vehicleOfPlate(plate) === undefined);
  const why =
    unknownPlates.length > 0
      ? `unregistered plate${unknownPlates.length === 1 ? '' : 's'} ${unknownPlates.join(', ')}`
      : p.plates?.length || p.vehicleIds?.length
        ? 'its vehicles are on no convoy, or on different ones, at that time'
        : 'it names no convoy and no vehicle';
  const seen = p.people ? total(p.people) : p.peopleTotal;
  return {
    key: `unknown-convoy:${p.passageId}`,
    kind: 'unknown-convoy',
    severity: 'warning',
    reason: () =>
      `A ${p.source} passage at ${place} at ${utc(event.occurredAt)}${seen !== undefined ? ` (${seen} people)` : ''}${p.vehicles !== undefined ? ` (${p.vehicles} vehicles)` : ''} matches no convoy: ${why}`,
    numbers: {
      ...(seen !== undefined ? { people: seen } : {}),
      ...(p.vehicles !== undefined ? { vehicles: p.vehicles } : {}),
    },
    since: event.occurredAt,
    ...(p.checkpointId ? { checkpointId: p.checkpointId } : {}),
    passageId: p.passageId,
  };
}

function numbersOf(d: readonly Difference[], before: number, after: number): Record<string, number> {
  const out: Record<string, number> = { before, after };
  for (const x of d) out[x.key] = Math.abs(x.delta);
  return out;
}
