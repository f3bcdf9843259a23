import type { Instance } from './instance.js';
import { FlowNetwork } from './max-flow.js';
import { MinHeap } from './heap.js';

/** The cut-capacity lower bound: the least vehicles-per-hour cut between pickups and reception points. */
export interface CutBound {
  readonly bound: number;
  /** Vehicles per hour across the cut, outwards (loaded) and back (empty); Infinity when uncapped. */
  readonly outVph: number;
  readonly backVph: number;
  readonly arcs: number;
}

/**
 * Cut capacity: the least vehicles-per-hour cut between the pickups and the reception points (max flow,
 * Dinic, on the network as built: the cut does not move when hazards change, so closing a road only
 * takes capacity out of it and lengthens the times around it, and the bound never falls). Every loaded trip enters an outward arc of the cut, and every loaded trip after a vehicle's
 * first from the pickups' side needs an empty crossing back; a 60-minute window admits at most the
 * cut's capacity, so N crossings need at least 60 x (ceil(N / capacity) - 1) minutes between the
 * earliest crossing and the latest, plus the least time before and after.
 */
export function cutCapacityBound(inst: Instance): CutBound {
  const g = inst.g;
  const hz = inst.hz;
  const pickupsWithPeople = inst.pickups.filter((p) => p.seated + p.stretcher > 0);
  const none = { bound: 0, outVph: Infinity, backVph: Infinity, arcs: 0 };
  if (pickupsWithPeople.length === 0) return none;
  const sources = pickupsWithPeople.map((p) => p.node);
  const sinks = inst.destinations.map((r) => r.node);
  const key = `${sources.join(',')}|${sinks.join(',')}`;
  let side: Uint8Array | null;
  if (inst.cache?.cut?.key === key) side = inst.cache.cut.side;
  else {
    side = minCut(inst, sources, sinks);
    if (inst.cache) inst.cache.cut = { key, side };
  }
  if (!side) return none;

  const out: number[] = [];
  const back: number[] = [];
  for (let a = 0; a < g.arcs; a++) {
    if (hz.staticMin[a] === Infinity) continue;
    const s = side[g.arcTail[a]!]!;
    const t = side[g.arcHead[a]!]!;
    if (s && !t) out.push(a);
    else if (!s && t) back.push(a);
  }
  const cap = (arcs: number[]) => arcs.reduce((sum, a) => sum + g.arcCapacity[a]!, 0);
  const outVph = cap(out);
  const backVph = cap(back);

  const seated = pickupsWithPeople.reduce((s, p) => s + p.seated, 0);
  const stretcher = pickupsWithPeople.reduce((s, p) => s + p.stretcher, 0);
  const maxSeats = Math.max(0, ...inst.types.map((t) => t.seats));
  const maxStretchers = Math.max(0, ...inst.types.map((t) => t.stretchers));
  const maxBoth = Math.max(0, ...inst.types.map((t) => t.seats + t.stretchers));
  const trips = Math.max(
    pickupsWithPeople.length,
    maxSeats > 0 ? Math.ceil(seated / maxSeats) : 0,
    maxStretchers > 0 ? Math.ceil(stretcher / maxStretchers) : 0,
    Math.ceil((seated + stretcher) / maxBoth),
  );
  const minLoad = Math.min(...inst.types.map((t) => t.load));
  const minUnload = Math.min(...inst.types.map((t) => t.unload));

  const toReception = multiTree(
    inst,
    inst.destinations.map((r) => r.node),
    false,
  );
  const toPickup = multiTree(
    inst,
    pickupsWithPeople.map((p) => p.node),
    false,
  );
  let firstLoaded = Infinity;
  inst.pickups.forEach((p, pi) => {
    if (p.seated + p.stretcher === 0) return;
    for (const row of inst.fromDepot) firstLoaded = Math.min(firstLoaded, row[pi]! + minLoad);
  });
  const after = (arcs: number[], dist: Float64Array) =>
    Math.min(...arcs.map((a) => hz.staticMin[a]! + dist[g.arcHead[a]!]!));
  let shortestDelivery = Infinity;
  for (const row of inst.toDestination) for (const m of row) shortestDelivery = Math.min(shortestDelivery, m);

  let bound = 0;
  if (outVph < Infinity && out.length > 0) {
    const head = firstLoaded;
    const tail = after(out, toReception) + minUnload;
    bound = head + tail + 60 * (Math.ceil(trips / outVph) - 1);
  }
  const startInside = inst.vehicles.filter((v) => side[inst.depots[v.depot]!.node]).length;
  const returns = trips - startInside;
  if (returns > 0 && backVph < Infinity && back.length > 0) {
    const tail = after(back, toPickup) + minLoad + shortestDelivery + minUnload;
    bound = Math.max(bound, tail + 60 * (Math.ceil(returns / backVph) - 1));
  }
  return { bound: Number.isFinite(bound) ? bound : 0, outVph, backVph, arcs: out.length };
}

function multiTree(inst: Instance, roots: readonly number[], forward: boolean): Float64Array {
  const g = inst.g;
  const w = inst.hz.staticMin;
  const dist = new Float64Array(g.n).fill(Infinity);
  const heap = new MinHeap();
  for (const r of roots) {
    dist[r] = 0;
    heap.push(0, r);
  }
  while (heap.size > 0) {
    const key = heap.peekKey();
    const u = heap.pop();
    if (key > dist[u]!) continue;
    if (forward) {
      for (let a = g.out[u]!; a < g.out[u + 1]!; a++) relax(g.arcHead[a]!, key + w[a]!);
    } else {
      for (let k = g.in[u]!; k < g.in[u + 1]!; k++) {
        const a = g.inArcs[k]!;
        relax(g.arcTail[a]!, key + w[a]!);
      }
    }
  }
  return dist;
  function relax(v: number, d: number) {
    if (d < dist[v]!) {
      dist[v] = d;
      heap.push(d, v);
    }
  }
}

const BIG = 1e15;

/**
 * Dinic's max flow from all `sources` to all `sinks` over arc capacities (uncapped arcs count as BIG).
 * Returns the source side of a minimum cut, or null when every cut is uncapped.
 */
function minCut(inst: Instance, sources: readonly number[], sinks: readonly number[]): Uint8Array | null {
  const g = inst.g;
  const S = g.n;
  const T = g.n + 1;
  const network = new FlowNetwork(g.n + 2, g.arcs + sources.length + sinks.length);
  for (let a = 0; a < g.arcs; a++) {
    const c = g.arcCapacity[a]!;
    network.add(g.arcTail[a]!, g.arcHead[a]!, c === Infinity ? BIG : c);
  }
  for (const s of sources) network.add(S, s, BIG);
  for (const t of sinks) network.add(t, T, BIG);
  if (network.maxFlow(S, T, BIG) >= BIG) return null;
  return network.sourceSide(S).subarray(0, g.n);
}
