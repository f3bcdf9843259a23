/**
 * The transportation problem: ship every source's supply to sinks within their capacities at least
 * total cost (cost per unit per source and sink). Successive shortest paths (Bellman-Ford with a queue,
 * since cancelling a shipment has a negative cost) on the bipartite residual graph; each augmentation
 * fills a source, a sink or empties a shipment, so there are about as many as sources and sinks.
 * Null when the sinks cannot take everything. Costs of Infinity mean "no way".
 */
export function transport(
  supply: readonly number[],
  capacity: readonly number[],
  cost: (source: number, sink: number) => number,
): number[][] | null {
  const S = supply.length;
  const R = capacity.length;
  const flow = supply.map(() => new Array<number>(R).fill(0));
  const c = supply.map((_, s) => capacity.map((_, r) => cost(s, r)));
  const left = [...supply];
  const room = [...capacity];
  // Nodes: sources 0..S-1, sinks S..S+R-1; paths start at a source with supply left and end at a sink
  // with room, alternating forward shipments (source -> sink) and cancellations (sink -> source).
  const dist = new Float64Array(S + R);
  const prev = new Int32Array(S + R);
  const queued = new Uint8Array(S + R);
  for (;;) {
    dist.fill(Infinity);
    prev.fill(-1);
    const queue: number[] = [];
    for (let s = 0; s < S; s++)
      if (left[s]! > 0) {
        dist[s] = 0;
        queue.push(s);
        queued[s] = 1;
      }
    if (queue.length === 0) return flow;
    for (let head = 0; head < queue.length; head++) {
      const u = queue[head]!;
      queued[u] = 0;
      const relax = (v: number, d: number) => {
        if (d < dist[v]! - 1e-9) {
          dist[v] = d;
          prev[v] = u;
          if (!queued[v]) {
            queued[v] = 1;
            queue.push(v);
          }
        }
      };
      if (u < S) {
        for (let r = 0; r < R; r++) if (c[u]![r]! < Infinity) relax(S + r, dist[u]! + c[u]![r]!);
      } else {
        const r = u - S;
        for (let s = 0; s < S; s++) if (flow[s]![r]! > 0) relax(s, dist[u]! - c[s]![r]!);
      }
    }
    let end = -1;
    for (let r = 0; r < R; r++)
      if (room[r]! > 0 && dist[S + r]! < Infinity && (end < 0 || dist[S + r]! < dist[S + end]!)) end = r;
    if (end < 0) return null;
    // The amount: what the path's start has left, its end's room, and every shipment it cancels.
    let amount = room[end]!;
    let v = S + end;
    while (prev[v]! >= 0) {
      const u = prev[v]!;
      if (u >= S) amount = Math.min(amount, flow[v]![u - S]!);
      v = u;
    }
    amount = Math.min(amount, left[v]!);
    left[v] = left[v]! - amount;
    room[end] = room[end]! - amount;
    v = S + end;
    while (prev[v]! >= 0) {
      const u = prev[v]!;
      if (u < S) flow[u]![v - S]! += amount;
      else flow[v]![u - S]! -= amount;
      v = u;
    }
  }
}
