/**
 * A flow network for Dinic's max flow: arcs with capacities added one by one, then the most flow from
 * a source to a sink and the source side of a minimum cut. Used for the cut-capacity bound over the
 * road network (`cut.ts`) and for the room check of vehicle days over pickups and reception points
 * (`days-bound.ts`). A residual capacity counts while above 1e-9.
 */
export class FlowNetwork {
  // Arcs in pairs (an arc, then its reverse), in typed arrays that double when full: the road
  // network's 500,000 arcs took 0.3 s to add when pushed onto arrays and copied.
  private heads: Int32Array;
  private caps: Float64Array;
  private nexts: Int32Array;
  private m = 0;
  private readonly firsts: Int32Array;
  private cap: Float64Array | null = null;

  /** `arcs`: about how many arcs will be added (room grows past it). */
  constructor(
    private readonly n: number,
    arcs = 16,
  ) {
    this.firsts = new Int32Array(n).fill(-1);
    const room = 2 * Math.max(1, arcs);
    this.heads = new Int32Array(room);
    this.caps = new Float64Array(room);
    this.nexts = new Int32Array(room);
  }

  /** An arc u -> v of capacity c (and its reverse, of none). */
  add(u: number, v: number, c: number): void {
    if (this.m + 2 > this.heads.length) this.grow();
    const e = this.m;
    this.heads[e] = v;
    this.heads[e + 1] = u;
    this.caps[e] = c;
    this.caps[e + 1] = 0;
    this.nexts[e] = this.firsts[u]!;
    this.nexts[e + 1] = this.firsts[v]!;
    this.firsts[u] = e;
    this.firsts[v] = e + 1;
    this.m += 2;
  }

  private grow(): void {
    const room = this.heads.length * 2;
    const heads = new Int32Array(room);
    const caps = new Float64Array(room);
    const nexts = new Int32Array(room);
    heads.set(this.heads);
    caps.set(this.caps);
    nexts.set(this.nexts);
    [this.heads, this.caps, this.nexts] = [heads, caps, nexts];
  }

  /** The most flow from s to t; it stops once the flow reaches `stopAt` (then at least that). */
  maxFlow(s: number, t: number, stopAt = Infinity): number {
    const { n, firsts, heads: head, nexts: next } = this;
    // The residual capacities (the arcs' own stay as added).
    const cap = (this.cap = this.caps.slice(0, this.m));
    const level = new Int32Array(n);
    const iter = new Int32Array(n);
    const queue = new Int32Array(n);
    const bfs = () => {
      level.fill(-1);
      level[s] = 0;
      let qh = 0;
      let qt = 0;
      queue[qt++] = s;
      while (qh < qt) {
        const u = queue[qh++]!;
        for (let e = firsts[u]!; e >= 0; e = next[e]!) {
          if (cap[e]! > 1e-9 && level[head[e]!]! < 0) {
            level[head[e]!] = level[u]! + 1;
            queue[qt++] = head[e]!;
          }
        }
      }
      return level[t]! >= 0;
    };
    // Iterative blocking-flow search (paths can be long: no recursion).
    const stackNode = new Int32Array(n);
    const stackEdge = new Int32Array(n);
    let flow = 0;
    while (bfs()) {
      iter.set(firsts);
      for (;;) {
        let depth = 0;
        stackNode[0] = s;
        let found = false;
        while (depth >= 0) {
          const u = stackNode[depth]!;
          if (u === t) {
            found = true;
            break;
          }
          let advanced = false;
          for (let e = iter[u]!; e >= 0; e = next[e]!) {
            iter[u] = e;
            const v = head[e]!;
            if (cap[e]! > 1e-9 && level[v] === level[u]! + 1) {
              stackEdge[depth] = e;
              stackNode[++depth] = v;
              advanced = true;
              break;
            }
          }
          if (!advanced) {
            iter[u] = -1;
            level[u] = -1;
            depth--;
            if (depth >= 0) iter[stackNode[depth]!] = next[stackEdge[depth]!]!;
          }
        }
        if (!found) break;
        let push = Infinity;
        for (let i = 0; i < depth; i++) push = Math.min(push, cap[stackEdge[i]!]!);
        for (let i = 0; i < depth; i++) {
          cap[stackEdge[i]!]! -= push;
          cap[stackEdge[i]! ^ 1]! += push;
        }
        flow += push;
        if (flow >= stopAt) return flow;
      }
    }
    return flow;
  }

  /** After `maxFlow`: the nodes reachable from s in the residual network (1), a minimum cut's side. */
  sourceSide(s: number): Uint8Array {
    const cap = this.cap;
    if (!cap) throw new Error('sourceSide before maxFlow');
    const { n, firsts, heads, nexts } = this;
    const side = new Uint8Array(n);
    const queue = new Int32Array(n);
    let qh = 0;
    let qt = 0;
    queue[qt++] = s;
    side[s] = 1;
    while (qh < qt) {
      const u = queue[qh++]!;
      for (let e = firsts[u]!; e >= 0; e = nexts[e]!) {
        const v = heads[e]!;
        if (cap[e]! > 1e-9 && !side[v]) {
          side[v] = 1;
          queue[qt++] = v;
        }
      }
    }
    return side;
  }
}
