import type { PlanProposedPayload } from '../../contracts/planning/plans.js';
import { alongRoute, routeProfile, type Position, type RouteProfile } from '../../domain/geo.js';
import type { CorridorRoute } from './plan-network.js';

/** Loaded legs from one pickup point to one reception point leaving within this window are one convoy. */
export const CONVOY_WINDOW_MIN = 30;
/** The most vehicles a `ConvoyPlanned` lists: a larger group is split. */
export const MAX_CONVOY_VEHICLES = 1000;

/**
 * The corridor whose route a path follows most: each vertex of the path votes for the corridor line
 * nearest to it; most votes wins, ties go to the smaller total distance, then to the corridor listed
 * first. Undefined when there is no corridor.
 */
export function corridorFollowed(
  path: readonly Position[],
  corridors: readonly { id: string; profile: RouteProfile }[],
): string | undefined {
  const votes = new Map<string, { n: number; km: number }>();
  for (const p of path) {
    let best: { id: string; km: number } | undefined;
    for (const c of corridors) {
      const km = alongRoute(c.profile, p).offKm;
      if (!best || km < best.km) best = { id: c.id, km };
    }
    if (!best) return undefined;
    const v = votes.get(best.id) ?? { n: 0, km: 0 };
    votes.set(best.id, { n: v.n + 1, km: v.km + best.km });
  }
  let winner: string | undefined;
  let top = { n: -1, km: Infinity };
  for (const c of corridors) {
    const v = votes.get(c.id);
    if (v && (v.n > top.n || (v.n === top.n && v.km < top.km))) [winner, top] = [c.id, v];
  }
  return winner;
}

export function corridorProfiles(corridors: readonly CorridorRoute[]) {
  return corridors.map((c) => ({ id: c.id, profile: routeProfile(c.route) }));
}

export interface PlannedConvoy {
  pickupPointId: string;
  receptionPointId: string;
  /** Undefined when no leg of the group follows a corridor (a network far from every corridor). */
  corridorId: string | undefined;
  vehicleIds: string[];
  /** Minutes from the plan's start: the earliest departure of the group's legs. */
  departMin: number;
  seated: number;
  stretcher: number;
  from: string;
  to: string;
}

/**
 * The convoys a plan describes: its loaded legs grouped by pickup point, reception point and the
 * 30-minute window (from the plan's start) they leave in. A vehicle is once in a convoy: a second leg
 * of the same vehicle in the same group (short trips) starts another convoy, as does the 1001st vehicle.
 */
export function convoysOfPlan(plan: Pick<PlanProposedPayload, 'places' | 'vehicles'>): PlannedConvoy[] {
  const places = new Map(plan.places.map((p) => [p.key, p]));
  const legs = plan.vehicles
    .flatMap((v) => v.legs.map((leg) => ({ vehicleId: v.vehicleId, leg })))
    .filter(({ leg }) => leg.seated + leg.stretcher > 0)
    .sort((a, b) => a.leg.departMin - b.leg.departMin || (a.vehicleId < b.vehicleId ? -1 : 1));
  const groups = new Map<string, { convoy: PlannedConvoy; corridors: Map<string, number> }[]>();
  const out: { convoy: PlannedConvoy; corridors: Map<string, number> }[] = [];
  for (const { vehicleId, leg } of legs) {
    const from = places.get(leg.from);
    const to = places.get(leg.to);
    if (from?.kind !== 'pickup-point' || to?.kind !== 'reception-point' || !from.id || !to.id)
      throw new Error(
        `a loaded leg of vehicle ${vehicleId} does not go from a pickup point to a reception point`,
      );
    const key = `${leg.from}\u0000${leg.to}\u0000${Math.floor(leg.departMin / CONVOY_WINDOW_MIN)}`;
    const list = groups.get(key) ?? [];
    groups.set(key, list);
    let group = list.find(
      (g) => g.convoy.vehicleIds.length < MAX_CONVOY_VEHICLES && !g.convoy.vehicleIds.includes(vehicleId),
    );
    if (!group) {
      group = {
        convoy: {
          pickupPointId: from.id,
          receptionPointId: to.id,
          corridorId: undefined,
          vehicleIds: [],
          departMin: leg.departMin,
          seated: 0,
          stretcher: 0,
          from: leg.from,
          to: leg.to,
        },
        corridors: new Map(),
      };
      list.push(group);
      out.push(group);
    }
    group.convoy.vehicleIds.push(vehicleId);
    group.convoy.seated += leg.seated;
    group.convoy.stretcher += leg.stretcher;
    if (leg.corridorId) group.corridors.set(leg.corridorId, (group.corridors.get(leg.corridorId) ?? 0) + 1);
  }
  return out.map(({ convoy, corridors }) => {
    const [corridorId] = [...corridors].sort((a, b) => b[1] - a[1])[0] ?? [];
    return { ...convoy, corridorId };
  });
}
