import type { Leg, Plan, PlanHazard, ResolvedProblem } from '../contracts/planning/plan.js';

/**
 * An independent check of an evacuation plan against its problem (issue 4). It shares no code with the
 * planner on purpose: it rebuilds its own road index, replays every leg's path through the hazards and
 * recounts people, so a bug in the planner cannot hide behind the same bug here.
 */

/** Tolerance, in minutes, of every comparison of times (departures, arrivals, makespan, bound). */
export const EPS_MIN = 1e-6;
/** At most this many messages are kept; `errorCount` counts them all. */
export const MAX_ERRORS = 50;
/** Mean Earth radius (IUGG), metres: places given by lon/lat snap to the nearest road node. */
const EARTH_RADIUS_M = 6371008.8;
const RAD = Math.PI / 180;

export interface ValidationSummary {
  vehicles: number;
  legs: number;
  loadedLegs: number;
  /** The makespan the legs give: the latest arrival plus unloading of a loaded leg (0 without one). */
  makespanMin: number;
  /** People carried by loaded legs that end at a destination. */
  delivered: { seated: number; stretcher: number };
}

export interface ValidationResult {
  valid: boolean;
  errors: string[];
  errorCount: number;
  summary: ValidationSummary;
}

type PlaceKind = 'depot' | 'pickup' | 'destination';
interface Place {
  kind: PlaceKind;
  /** Index in the problem's array of that kind. */
  index: number;
  /** Node index, -1 when it could not be resolved (reported). */
  node: number;
}

/** Numbers in messages: at most 6 decimals, no trailing zeros. */
function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toFixed(6)));
}

function windowText(h: PlanHazard): string {
  return `[${h.fromMin === undefined ? '-∞' : fmt(h.fromMin)}, ${h.untilMin === undefined ? '∞' : fmt(h.untilMin)})`;
}

function isActive(h: PlanHazard, t: number): boolean {
  return (h.fromMin ?? -Infinity) <= t && t < (h.untilMin ?? Infinity);
}

// ---------------------------------------------------------------------------------------------------------
// Planar geometry (lon/lat as x/y) for area hazards.

type Ring = readonly (readonly number[])[];

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** Even-odd ray casting; a point on the boundary may fall either way. */
function inRing(ring: Ring, x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const pi = ring[i];
    const pj = ring[j];
    if (!pi || !pj) continue;
    const xi = pi[0] ?? 0;
    const yi = pi[1] ?? 0;
    const xj = pj[0] ?? 0;
    const yj = pj[1] ?? 0;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(rings: readonly Ring[], x: number, y: number): boolean {
  const outer = rings[0];
  if (!outer || !inRing(outer, x, y)) return false;
  for (let k = 1; k < rings.length; k++) {
    const hole = rings[k];
    if (hole && inRing(hole, x, y)) return false;
  }
  return true;
}

/** Whether segment p1-p2 crosses a ring segment properly (each strictly on both sides of the other). */
function crossesRings(rings: readonly Ring[], x1: number, y1: number, x2: number, y2: number): boolean {
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i++) {
      const a = ring[i - 1];
      const b = ring[i];
      if (!a || !b) continue;
      const ax = a[0] ?? 0;
      const ay = a[1] ?? 0;
      const bx = b[0] ?? 0;
      const by = b[1] ?? 0;
      const d1 = orient(ax, ay, bx, by, x1, y1);
      const d2 = orient(ax, ay, bx, by, x2, y2);
      if (!((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0))) continue;
      const d3 = orient(x1, y1, x2, y2, ax, ay);
      const d4 = orient(x1, y1, x2, y2, bx, by);
      if ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------

function haversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const a = havA(lat1, lon1, lat2, lon2);
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(Math.min(1, a)));
}

function havA(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const sLat = Math.sin(((lat2 - lat1) * RAD) / 2);
  const sLon = Math.sin(((lon2 - lon1) * RAD) / 2);
  return sLat * sLat + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * sLon * sLon;
}

/**
 * Nearest node (haversine) among `eligible`, ties to the lowest node index. Scans outwards from the
 * query's latitude in latitude order and stops once the latitude difference alone is farther than the best.
 */
class Snapper {
  private readonly order: Int32Array;
  private readonly lats: Float64Array;

  constructor(
    eligible: number[],
    private readonly lon: Float64Array,
    private readonly lat: Float64Array,
  ) {
    this.order = Int32Array.from(eligible).sort((a, b) => (lat[a] ?? 0) - (lat[b] ?? 0) || a - b);
    this.lats = Float64Array.from(this.order, (i) => lat[i] ?? 0);
  }

  nearest(qLon: number, qLat: number): number {
    const { order, lats } = this;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((lats[mid] ?? 0) < qLat) lo = mid + 1;
      else hi = mid;
    }
    let best = -1;
    let bestD = Infinity;
    let bestA = Infinity;
    // A node whose haversine `a` exceeds the best by this factor is strictly farther even after rounding.
    const beyond = (a: number) => a > bestA * (1 + 1e-9);
    const visit = (k: number): boolean => {
      const la = lats[k] ?? 0;
      const s = Math.sin(((la - qLat) * RAD) / 2);
      if (beyond(s * s)) return false;
      const node = order[k] ?? 0;
      const a = havA(qLat, qLon, la, this.lon[node] ?? 0);
      if (beyond(a)) return true;
      const d = haversineM(qLat, qLon, la, this.lon[node] ?? 0);
      if (d < bestD || (d === bestD && node < best)) {
        best = node;
        bestD = d;
      }
      if (d <= bestD && a < bestA) bestA = a;
      return true;
    };
    let up = lo;
    let down = lo - 1;
    let goUp = up < order.length;
    let goDown = down >= 0;
    while (goUp || goDown) {
      if (goUp) {
        goUp = visit(up) && ++up < order.length;
      }
      if (goDown) {
        goDown = visit(down) && --down >= 0;
      }
    }
    return best;
  }
}

// ---------------------------------------------------------------------------------------------------------

export function validatePlan(problem: ResolvedProblem, plan: Plan): ValidationResult {
  const errors: string[] = [];
  let errorCount = 0;
  const fail = (message: string) => {
    errorCount++;
    if (errors.length < MAX_ERRORS) errors.push(message);
  };

  // --- Road index -----------------------------------------------------------------------------------------
  const nodes = problem.network.nodes;
  const edges = problem.network.edges;
  const N = nodes.length;
  const E = edges.length;
  const nodeIndex = new Map<string, number>();
  const lon = new Float64Array(N);
  const lat = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const n = nodes[i]!;
    lon[i] = n.lon;
    lat[i] = n.lat;
    if (nodeIndex.has(n.id)) fail(`problem: node id ${n.id} appears more than once in the network`);
    else nodeIndex.set(n.id, i);
  }

  const eFrom = new Int32Array(E);
  const eTo = new Int32Array(E);
  const edgeIndex = new Map<string, number>();
  const hasEdge = new Uint8Array(N);
  const degree = new Int32Array(N + 1);
  for (let e = 0; e < E; e++) {
    const edge = edges[e]!;
    if (edgeIndex.has(edge.id)) fail(`problem: edge id ${edge.id} appears more than once in the network`);
    else edgeIndex.set(edge.id, e);
    const u = nodeIndex.get(edge.from) ?? -1;
    const v = nodeIndex.get(edge.to) ?? -1;
    eFrom[e] = u;
    eTo[e] = v;
    if (u < 0 || v < 0) {
      fail(
        `problem: edge ${edge.id} joins ${edge.from} and ${edge.to}, and ${u < 0 ? edge.from : edge.to} is not a node`,
      );
      continue;
    }
    hasEdge[u] = 1;
    hasEdge[v] = 1;
    degree[u]!++;
    if (!edge.oneway && u !== v) degree[v]!++;
  }
  // CSR adjacency of half-edges (edge * 2 + direction, 0 = from->to, 1 = to->from), in edge order per node.
  const adjStart = new Int32Array(N + 1);
  for (let i = 0; i < N; i++) adjStart[i + 1] = adjStart[i]! + degree[i]!;
  const fill = adjStart.slice(0, N);
  const adj = new Int32Array(adjStart[N]!);
  for (let e = 0; e < E; e++) {
    const u = eFrom[e]!;
    const v = eTo[e]!;
    if (u < 0 || v < 0) continue;
    adj[fill[u]!++] = e * 2;
    if (!edges[e]!.oneway && u !== v) adj[fill[v]!++] = e * 2 + 1;
  }
  const halfTarget = (half: number) => ((half & 1) === 0 ? eTo[half >> 1]! : eFrom[half >> 1]!);

  // --- Hazards: which hazards apply to which edge, once --------------------------------------------------
  const hazards = problem.hazards ?? [];
  const edgeHazards: (number[] | undefined)[] = new Array<number[] | undefined>(E);
  const applyHazard = (e: number, h: number) => {
    const list = edgeHazards[e];
    if (list === undefined) edgeHazards[e] = [h];
    else if (list[list.length - 1] !== h) list.push(h);
  };
  for (let h = 0; h < hazards.length; h++) {
    const hazard = hazards[h]!;
    for (const id of hazard.edges ?? []) {
      const e = edgeIndex.get(id);
      if (e === undefined) fail(`problem: hazard ${hazard.id} names edge ${id}, which is not in the network`);
      else applyHazard(e, h);
    }
    const rings = hazard.area?.coordinates as readonly Ring[] | undefined;
    if (!rings || rings.length === 0) continue;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const ring of rings) {
      for (const p of ring) {
        const x = p[0] ?? 0;
        const y = p[1] ?? 0;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
    for (let e = 0; e < E; e++) {
      const u = eFrom[e]!;
      const v = eTo[e]!;
      if (u < 0 || v < 0) continue;
      const x1 = lon[u]!;
      const y1 = lat[u]!;
      const x2 = lon[v]!;
      const y2 = lat[v]!;
      if (
        Math.max(x1, x2) < minX ||
        Math.min(x1, x2) > maxX ||
        Math.max(y1, y2) < minY ||
        Math.min(y1, y2) > maxY
      )
        continue;
      if (inPolygon(rings, x1, y1) || inPolygon(rings, x2, y2) || crossesRings(rings, x1, y1, x2, y2)) {
        applyHazard(e, h);
      }
    }
  }

  // --- Places -------------------------------------------------------------------------------------------
  const places = new Map<string, Place>();
  let snapper: Snapper | undefined;
  const resolve = (
    kind: PlaceKind,
    index: number,
    p: { id: string; node?: string | undefined; lon?: number | undefined; lat?: number | undefined },
  ) => {
    let node = -1;
    if (p.node !== undefined) {
      node = nodeIndex.get(p.node) ?? -1;
      if (node < 0) fail(`problem: ${kind} ${p.id} is at node ${p.node}, which is not in the network`);
    } else if (p.lon !== undefined && p.lat !== undefined) {
      if (!snapper) {
        const eligible: number[] = [];
        for (let i = 0; i < N; i++) if (hasEdge[i] && nodeIndex.get(nodes[i]!.id) === i) eligible.push(i);
        snapper = new Snapper(eligible, lon, lat);
      }
      node = snapper.nearest(p.lon, p.lat);
      if (node < 0) fail(`problem: ${kind} ${p.id} has no road node to snap to`);
    } else {
      fail(`problem: ${kind} ${p.id} gives neither its node nor its lon and lat`);
    }
    if (places.has(p.id)) {
      fail(`problem: place id ${p.id} is used more than once (depots, pickups and destinations share ids)`);
      return;
    }
    places.set(p.id, { kind, index, node });
  };
  problem.depots.forEach((d, i) => resolve('depot', i, d));
  problem.pickups.forEach((p, i) => resolve('pickup', i, p));
  problem.destinations.forEach((d, i) => resolve('destination', i, d));
  const nodeName = (i: number) => nodes[i]?.id ?? `#${i}`;

  // --- Vehicles and legs ----------------------------------------------------------------------------------
  const vehicleTypes = problem.vehicleTypes;
  const pickedSeated = new Float64Array(problem.pickups.length);
  const pickedStretcher = new Float64Array(problem.pickups.length);
  const droppedSeated = new Float64Array(problem.destinations.length);
  const droppedStretcher = new Float64Array(problem.destinations.length);
  const vehicleIds = new Set<string>();
  const fleetUse = new Map<string, { depot: string; type: string; count: number }>();
  // Entries into edges that have a capacity: half-edge key, time, vehicle index, leg index.
  const capKey: number[] = [];
  const capTime: number[] = [];
  const capVehicle: number[] = [];
  const capLeg: number[] = [];
  let legCount = 0;
  let loadedLegs = 0;
  let makespan = 0;
  let makespanLeg = '';
  let deliveredSeated = 0;
  let deliveredStretcher = 0;

  const replay = (tag: string, leg: Leg, vi: number, li: number, from?: Place, to?: Place) => {
    const path = leg.path;
    if (!Array.isArray(path) || path.length === 0) {
      fail(`${tag}: empty path`);
      return;
    }
    if (from && from.node >= 0 && path[0] !== nodeName(from.node)) {
      fail(`${tag}: path starts at ${path[0]}, but ${leg.from} is at node ${nodeName(from.node)}`);
    }
    if (to && to.node >= 0 && path[path.length - 1] !== nodeName(to.node)) {
      fail(`${tag}: path ends at ${path[path.length - 1]}, but ${leg.to} is at node ${nodeName(to.node)}`);
    }
    let u = nodeIndex.get(path[0]!) ?? -1;
    if (u < 0) {
      fail(`${tag}: path node 0 (${path[0]}) is not a node of the network`);
      return;
    }
    if (!Number.isFinite(leg.departMin)) return;
    let t = leg.departMin;
    for (let k = 1; k < path.length; k++) {
      const v = nodeIndex.get(path[k]!) ?? -1;
      if (v < 0) {
        fail(`${tag}: path node ${k} (${path[k]}) is not a node of the network`);
        return;
      }
      let bestHalf = -1;
      let bestTime = Infinity;
      let candidates = 0;
      let closedHalf = -1;
      let closedBy = -1;
      for (let a = adjStart[u]!, end = adjStart[u + 1]!; a < end; a++) {
        const half = adj[a]!;
        if (halfTarget(half) !== v) continue;
        candidates++;
        const e = half >> 1;
        const list = edgeHazards[e];
        let factor = 1;
        let closed = -1;
        if (list !== undefined) {
          for (const h of list) {
            const hazard = hazards[h]!;
            if (!isActive(hazard, t)) continue;
            if (hazard.effect === 'closed') {
              closed = h;
              break;
            }
            factor *= hazard.speedFactor ?? 1;
          }
        }
        if (closed >= 0) {
          if (closedHalf < 0) {
            closedHalf = half;
            closedBy = closed;
          }
          continue;
        }
        const edge = edges[e]!;
        const time = (edge.lengthM / 1000 / (edge.speedKph * factor)) * 60;
        if (time < bestTime) {
          bestTime = time;
          bestHalf = half;
        }
      }
      if (candidates === 0) {
        let oneway = '';
        for (let a = adjStart[v]!, end = adjStart[v + 1]!; a < end; a++) {
          const half = adj[a]!;
          if (halfTarget(half) === u && edges[half >> 1]!.oneway) {
            oneway = `; one-way edge ${edges[half >> 1]!.id} runs ${nodeName(v)} → ${nodeName(u)} only`;
            break;
          }
        }
        fail(`${tag}: no edge from ${nodeName(u)} to ${nodeName(v)} (path step ${k})${oneway}`);
        return;
      }
      if (bestHalf < 0) {
        const hazard = hazards[closedBy]!;
        const others = candidates > 1 ? ` (and ${candidates - 1} parallel edge(s), all closed)` : '';
        fail(
          `${tag}: edge ${edges[closedHalf >> 1]!.id} entered at ${fmt(t)} min while closed by ${hazard.id} ${windowText(hazard)}${others}`,
        );
        return;
      }
      const e = bestHalf >> 1;
      if (edges[e]!.capacityVph !== undefined) {
        capKey.push(bestHalf);
        capTime.push(t);
        capVehicle.push(vi);
        capLeg.push(li);
      }
      t += bestTime;
      u = v;
    }
    if (Number.isFinite(leg.arriveMin) && leg.arriveMin < t - EPS_MIN) {
      fail(
        `${tag}: arrives at ${fmt(leg.arriveMin)} min, earlier than driving allows (departs ${fmt(leg.departMin)}, arrives ${fmt(t)} at the earliest)`,
      );
    }
  };

  const isCount = (x: number) => Number.isInteger(x) && x >= 0;

  plan.vehicles.forEach((vehicle, vi) => {
    if (vehicleIds.has(vehicle.id)) fail(`vehicle id ${vehicle.id} appears more than once`);
    vehicleIds.add(vehicle.id);
    const type = Object.hasOwn(vehicleTypes, vehicle.type) ? vehicleTypes[vehicle.type] : undefined;
    if (!type) fail(`${vehicle.id}: unknown vehicle type ${vehicle.type}`);
    const depotPlace = places.get(vehicle.depot);
    if (!depotPlace || depotPlace.kind !== 'depot') fail(`${vehicle.id}: unknown depot ${vehicle.depot}`);
    else if (type) {
      const key = `${vehicle.depot}\u0000${vehicle.type}`;
      const use = fleetUse.get(key);
      if (use) use.count++;
      else fleetUse.set(key, { depot: vehicle.depot, type: vehicle.type, count: 1 });
    }

    let prev: Leg | undefined;
    let prevLoaded = false;
    vehicle.legs.forEach((leg, li) => {
      legCount++;
      const tag = `${vehicle.id} leg ${li}`;
      const from = places.get(leg.from);
      const to = places.get(leg.to);
      if (!from) fail(`${tag}: unknown place ${leg.from}`);
      if (!to) fail(`${tag}: unknown place ${leg.to}`);
      const timesOk = Number.isFinite(leg.departMin) && Number.isFinite(leg.arriveMin);
      if (!timesOk) fail(`${tag}: departMin and arriveMin must be finite numbers`);

      if (!prev) {
        if (leg.from !== vehicle.depot)
          fail(`${tag}: starts at ${leg.from}, not at the vehicle's depot ${vehicle.depot}`);
        if (timesOk && leg.departMin < -EPS_MIN)
          fail(`${tag}: departs at ${fmt(leg.departMin)} min, before 0`);
      } else {
        if (leg.from !== prev.to)
          fail(`${tag}: starts at ${leg.from}, but leg ${li - 1} ended at ${prev.to}`);
        const unload = prevLoaded ? (type?.unloadMin ?? 0) : 0;
        const ready = prev.arriveMin + unload;
        if (timesOk && leg.departMin < ready - EPS_MIN) {
          fail(
            prevLoaded
              ? `${tag}: departs at ${fmt(leg.departMin)} min, before unloading ends at ${fmt(ready)} min (leg ${li - 1} arrives at ${fmt(prev.arriveMin)} + unloadMin ${fmt(unload)})`
              : `${tag}: departs at ${fmt(leg.departMin)} min, before leg ${li - 1} arrives at ${fmt(ready)} min`,
          );
        }
      }
      if (timesOk && leg.departMin > leg.arriveMin + EPS_MIN) {
        fail(`${tag}: arrives at ${fmt(leg.arriveMin)} min, before it departs at ${fmt(leg.departMin)} min`);
      }

      const countsOk = isCount(leg.seated) && isCount(leg.stretcher);
      if (!countsOk) fail(`${tag}: seated and stretcher must be whole numbers >= 0`);
      const loaded = countsOk && leg.seated + leg.stretcher > 0;
      if (loaded) {
        loadedLegs++;
        if (from && from.kind !== 'pickup')
          fail(`${tag}: carries people from ${leg.from}, which is not a pickup`);
        if (to && to.kind !== 'destination')
          fail(`${tag}: carries people to ${leg.to}, which is not a destination`);
        if (type) {
          if (leg.seated > type.seats) {
            fail(`${tag}: seated ${leg.seated} exceeds the ${vehicle.type}'s ${type.seats} seats`);
          }
          if (leg.stretcher > type.stretchers) {
            fail(
              `${tag}: stretcher ${leg.stretcher} exceeds the ${vehicle.type}'s ${type.stretchers} stretchers`,
            );
          }
          if (prev && timesOk && leg.departMin < prev.arriveMin + type.loadMin - EPS_MIN) {
            fail(
              `${tag}: departs from ${leg.from} at ${fmt(leg.departMin)} min, before loading ends at ${fmt(prev.arriveMin + type.loadMin)} min (arrived at ${fmt(prev.arriveMin)} + loadMin ${fmt(type.loadMin)})`,
            );
          }
        }
        if (from?.kind === 'pickup') {
          pickedSeated[from.index]! += leg.seated;
          pickedStretcher[from.index]! += leg.stretcher;
        }
        if (to?.kind === 'destination') {
          droppedSeated[to.index]! += leg.seated;
          droppedStretcher[to.index]! += leg.stretcher;
          deliveredSeated += leg.seated;
          deliveredStretcher += leg.stretcher;
        }
        const end = leg.arriveMin + (type?.unloadMin ?? 0);
        if (Number.isFinite(end) && end > makespan) {
          makespan = end;
          makespanLeg = `${tag} arrives at ${fmt(leg.arriveMin)} + unloadMin ${fmt(type?.unloadMin ?? 0)}`;
        }
      }

      replay(tag, leg, vi, li, from, to);
      prev = leg;
      prevLoaded = loaded;
    });
  });

  for (const { depot, type, count } of fleetUse.values()) {
    const d = problem.depots[places.get(depot)!.index]!;
    const available = Object.hasOwn(d.vehicles, type) ? (d.vehicles[type] ?? 0) : 0;
    if (count > available) {
      fail(`depot ${depot}: the plan uses ${count} ${type} vehicles, the depot has ${available}`);
    }
  }

  // --- Edge capacities: entries per edge and direction in any 60-minute window --------------------------
  if (capKey.length > 0) {
    const byKey = new Map<number, number[]>();
    for (let i = 0; i < capKey.length; i++) {
      const key = capKey[i]!;
      const list = byKey.get(key);
      if (list) list.push(i);
      else byKey.set(key, [i]);
    }
    const keys = [...byKey.keys()].sort((a, b) => a - b);
    for (const key of keys) {
      const entries = byKey.get(key)!.sort((a, b) => capTime[a]! - capTime[b]! || a - b);
      const edge = edges[key >> 1]!;
      const cap = edge.capacityVph!;
      if (entries.length <= cap) continue;
      let lo = 0;
      let hi = 0;
      let worst = 0;
      let worstLo = 0;
      let worstAt = 0;
      for (let i = 0; i < entries.length; i++) {
        const ti = capTime[entries[i]!]!;
        while (capTime[entries[lo]!]! < ti - EPS_MIN) lo++;
        if (hi < i) hi = i;
        while (hi < entries.length && capTime[entries[hi]!]! < ti + 60 - EPS_MIN) hi++;
        if (hi - lo > worst) {
          worst = hi - lo;
          worstLo = lo;
          worstAt = ti;
        }
      }
      if (worst > cap) {
        const who = entries
          .slice(worstLo, worstLo + worst)
          .slice(0, 5)
          .map((i) => `${plan.vehicles[capVehicle[i]!]!.id} leg ${capLeg[i]!}`);
        const more = worst > 5 ? `, ... ${worst - 5} more` : '';
        const [a, b] = (key & 1) === 0 ? [edge.from, edge.to] : [edge.to, edge.from];
        fail(
          `edge ${edge.id} (${a} → ${b}): ${worst} vehicles enter in [${fmt(worstAt)}, ${fmt(worstAt + 60)}) min, over its capacityVph ${cap} (${who.join(', ')}${more})`,
        );
      }
    }
  }

  // --- Everyone moved exactly once; reception capacities -------------------------------------------------
  problem.pickups.forEach((p, i) => {
    const check = (what: string, moved: number, wanted: number) => {
      if (moved === wanted) return;
      const diff =
        moved < wanted
          ? `${wanted - moved} left behind`
          : `${moved - wanted} more than the pickup has, moved twice`;
      fail(`pickup ${p.id}: ${moved} of ${wanted} ${what} people moved (${diff})`);
    };
    check('seated', pickedSeated[i]!, p.seated);
    check('stretcher', pickedStretcher[i]!, p.stretcher ?? 0);
  });
  problem.destinations.forEach((d, i) => {
    if (droppedSeated[i]! > d.seatedCapacity) {
      fail(
        `destination ${d.id}: receives ${droppedSeated[i]} seated people, over its seatedCapacity ${d.seatedCapacity}`,
      );
    }
    const stretcherCapacity = d.stretcherCapacity ?? 0;
    if (droppedStretcher[i]! > stretcherCapacity) {
      fail(
        `destination ${d.id}: receives ${droppedStretcher[i]} stretcher people, over its stretcherCapacity ${stretcherCapacity}`,
      );
    }
  });

  // --- Makespan and bound ---------------------------------------------------------------------------------
  if (!Number.isFinite(plan.makespanMin) || Math.abs(plan.makespanMin - makespan) > EPS_MIN) {
    fail(
      `makespanMin ${fmt(plan.makespanMin)} does not match the legs: ${
        makespanLeg
          ? `the last loaded leg ends at ${fmt(makespan)} min (${makespanLeg})`
          : 'there is no loaded leg (0)'
      }`,
    );
  }
  if (!Number.isFinite(plan.lowerBoundMin) || plan.lowerBoundMin > plan.makespanMin + EPS_MIN) {
    fail(`lowerBoundMin ${fmt(plan.lowerBoundMin)} exceeds makespanMin ${fmt(plan.makespanMin)}`);
  }

  return {
    valid: errorCount === 0,
    errors,
    errorCount,
    summary: {
      vehicles: plan.vehicles.length,
      legs: legCount,
      loadedLegs,
      makespanMin: makespan,
      delivered: { seated: deliveredSeated, stretcher: deliveredStretcher },
    },
  };
}
