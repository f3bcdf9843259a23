/**
 * Tarjan's algorithm without recursion over `n` vertices and edges from[e] -> to[e] (and back unless
 * `oneway(e)`). Returns each vertex's component number and the number of components.
 */
export function stronglyConnectedComponents(
  n: number,
  from: ArrayLike<number>,
  to: ArrayLike<number>,
  oneway: (e: number) => boolean,
): { of: Int32Array; count: number } {
  // Adjacency in compressed rows.
  const start = new Int32Array(n + 1);
  for (let e = 0; e < from.length; e++) {
    start[from[e]! + 1]!++;
    if (!oneway(e)) start[to[e]! + 1]!++;
  }
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const adj = new Int32Array(start[n]!);
  const fill = start.slice(0, n);
  for (let e = 0; e < from.length; e++) {
    adj[fill[from[e]!]!++] = to[e]!;
    if (!oneway(e)) adj[fill[to[e]!]!++] = from[e]!;
  }

  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callV = new Int32Array(n);
  const callP = new Int32Array(n);
  const of = new Int32Array(n).fill(-1);
  let sp = 0;
  let counter = 0;
  let count = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let csp = 0;
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    callV[csp] = root;
    callP[csp++] = start[root]!;
    while (csp > 0) {
      const v = callV[csp - 1]!;
      const p = callP[csp - 1]!;
      if (p < start[v + 1]!) {
        callP[csp - 1] = p + 1;
        const w = adj[p]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          callV[csp] = w;
          callP[csp++] = start[w]!;
        } else if (onStack[w] === 1 && index[w]! < low[v]!) {
          low[v] = index[w]!;
        }
        continue;
      }
      csp--;
      if (csp > 0) {
        const u = callV[csp - 1]!;
        if (low[v]! < low[u]!) low[u] = low[v]!;
      }
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--sp]!;
          onStack[w] = 0;
          of[w] = count;
        } while (w !== v);
        count++;
      }
    }
  }
  return { of, count };
}
