import type { Position } from '../geo.js';

/**
 * Whether a closed ring meets itself: two of its edges that are not consecutive share a point (they
 * cross, touch, or overlap). Consecutive edges (i and i+1, and the last with the first) are never tested
 * against each other, as they meet at their corner. When two consecutive edges fold back over each
 * other, the far end of the shorter lies on the longer, and with four edges or more that end is the
 * corner of an edge not consecutive to the longer one: the ring meets itself there. A triangle has no
 * pair to test, so a triangle folded flat passes (as it did when every pair was compared).
 *
 * A Shamos–Hoey sweep, O(n log n) in the worst case: the corners are sorted in lexicographic order
 * (x, then y) and visited in it, and the edges the sweep line crosses are kept bottom to top in an AVL
 * tree; an edge is tested only against its neighbours when it enters the tree, and the two edges that
 * become neighbours when one leaves are tested together. The sweep stops at the first pair that meets.
 * Each corner costs one descent of the tree and at most two pair tests.
 *
 * Degenerate input is handled within the sweep, so that it answers exactly as testing every pair of
 * non-consecutive edges would:
 * - Two corners at the same place are found first, next to each other in the sorted order: the edges
 *   leaving them meet. After that, each event is the corner of exactly two edges, consecutive ones, so
 *   there is no order to choose between insertions and removals at one point.
 * - Lexicographic order is the order of an infinitesimally turned sweep line: a vertical edge begins at
 *   its lower end, and corners with the same x are visited bottom to top.
 * - A corner is placed among the active edges by the sign of orient(left end, right end, corner) alone.
 *   Zero means the corner lies on that edge (it is active, so the corner is within its extent): unless it
 *   is one of the corner's own two edges, ending there, that is a meeting (the corner on the interior of
 *   another edge, an overlap, a vertical edge through it). The corners on the tree's edges form one run,
 *   walked to its end (three steps at most).
 * - Two edges leaving a corner rightwards are ordered by the turn between them; collinear, they fold
 *   back, and the pair named is the longer one with the other edge at the shorter one's far end.
 * - Before the first meeting, active edges share no point but the corner where two consecutive edges
 *   start or end, so the tree's order is that of the sweep line. The first meeting point is then either
 *   a corner (found when it is placed), or the crossing of two edges that have been neighbours since the
 *   last event before it (tested when they became neighbours).
 * The predicates are exact for any finite doubles (orient falls back to integer arithmetic when the
 * rounding error could change its sign), so the tree's order is always consistent. On coordinates whose
 * products do not round (integers up to 2^26, say) they agree with the ones of hazards.ts, which compute
 * in doubles.
 */

/** How much work a check took: pair tests are exact segment tests, comparisons orientation tests. */
export interface CrossingStats {
  pairTests: number;
  comparisons: number;
}

const EPSILON = 2 ** -53;
const ERROR_BOUND = (3 + 16 * EPSILON) * EPSILON;
const view = new DataView(new ArrayBuffer(8));

/** x = m · 2^e exactly, for a finite double. */
function split(x: number): { m: bigint; e: number } {
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const biased = (high >>> 20) & 0x7ff;
  let m = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  if (biased !== 0) m |= 1n << 52n;
  return { m: high >>> 31 ? -m : m, e: Math.max(biased, 1) - 1075 };
}

function orientExact(a: Position, b: Position, c: Position): number {
  const parts = [a[0], a[1], b[0], b[1], c[0], c[1]].map(split);
  let low = Infinity;
  for (const p of parts) if (p.m !== 0n && p.e < low) low = p.e;
  if (low === Infinity) return 0;
  const [ax, ay, bx, by, cx, cy] = parts.map((p) => p.m << BigInt(p.e - low));
  const det = (bx! - ax!) * (cy! - ay!) - (by! - ay!) * (cx! - ax!);
  return det > 0n ? 1 : det < 0n ? -1 : 0;
}

/**
 * The side of line ab that c is on, exactly: 1 left (counter-clockwise), -1 right, 0 on the line.
 * Computed in doubles when the error bound of Shewchuk's orient2d filter allows, else in integers.
 */
export function orient(a: Position, b: Position, c: Position): number {
  const left = (a[0] - c[0]) * (b[1] - c[1]);
  const right = (a[1] - c[1]) * (b[0] - c[0]);
  const det = left - right;
  const sum = Math.abs(left) + Math.abs(right);
  // Far from underflow and overflow, the rounding errors stay below ERROR_BOUND · sum.
  if (sum > 2 ** -900 && sum < 2 ** 900 && Math.abs(det) > ERROR_BOUND * sum + 2 ** -1000)
    return det > 0 ? 1 : -1;
  return orientExact(a, b, c);
}

/** Whether p lies in the bounding box of ab (on the segment, when it is on its line). */
function inBox(a: Position, b: Position, p: Position): boolean {
  return (
    Math.min(a[0], b[0]) <= p[0] &&
    p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] &&
    p[1] <= Math.max(a[1], b[1])
  );
}

/** Whether segments ab and cd share a point (crossing, touching or overlapping), exactly. */
export function segmentsMeet(a: Position, b: Position, c: Position, d: Position): boolean {
  if (
    Math.max(a[0], b[0]) < Math.min(c[0], d[0]) ||
    Math.max(c[0], d[0]) < Math.min(a[0], b[0]) ||
    Math.max(a[1], b[1]) < Math.min(c[1], d[1]) ||
    Math.max(c[1], d[1]) < Math.min(a[1], b[1])
  )
    return false;
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && inBox(a, b, c)) ||
    (o2 === 0 && inBox(a, b, d)) ||
    (o3 === 0 && inBox(c, d, a)) ||
    (o4 === 0 && inBox(c, d, b))
  );
}

/** Lexicographic order of positions: x, then y. */
function compare(p: Position, q: Position): number {
  return p[0] - q[0] || p[1] - q[1];
}

interface Node {
  edge: number;
  left: Node | null;
  right: Node | null;
  parent: Node | null;
  height: number;
}

const height = (x: Node | null) => (x ? x.height : 0);
const refresh = (x: Node) => {
  x.height = 1 + Math.max(height(x.left), height(x.right));
};

/** The active edges from bottom to top: an AVL tree the caller places edges in, with a node per edge. */
class EdgeTree {
  root: Node | null = null;
  readonly nodeOf: (Node | null)[];

  constructor(edges: number) {
    this.nodeOf = new Array<Node | null>(edges).fill(null);
  }

  next(x: Node): Node | null {
    if (x.right) {
      let y = x.right;
      while (y.left) y = y.left;
      return y;
    }
    while (x.parent && x.parent.right === x) x = x.parent;
    return x.parent;
  }

  /** Puts `edge` just above `below`, or lowest when `below` is null. */
  insertAfter(below: Node | null, edge: number): Node {
    const node: Node = { edge, left: null, right: null, parent: null, height: 1 };
    this.nodeOf[edge] = node;
    if (!this.root) {
      this.root = node;
      return node;
    }
    let parent: Node;
    if (below && !below.right) {
      parent = below;
      parent.right = node;
    } else {
      parent = below ? below.right! : this.root;
      while (parent.left) parent = parent.left;
      parent.left = node;
    }
    node.parent = parent;
    this.rebalance(parent);
    return node;
  }

  /** Gives the place of edge `old` to edge `edge`, which continues it past their common corner. */
  replace(old: number, edge: number): void {
    const node = this.nodeOf[old]!;
    this.nodeOf[old] = null;
    node.edge = edge;
    this.nodeOf[edge] = node;
  }

  remove(edge: number): void {
    let node = this.nodeOf[edge]!;
    this.nodeOf[edge] = null;
    if (node.left && node.right) {
      // Its successor, which has no left child, leaves the tree instead, after lending its edge.
      let next = node.right;
      while (next.left) next = next.left;
      node.edge = next.edge;
      this.nodeOf[next.edge] = node;
      node = next;
    }
    const child = node.left ?? node.right;
    if (child) child.parent = node.parent;
    this.link(node.parent, node, child);
    this.rebalance(node.parent);
  }

  private link(parent: Node | null, old: Node, child: Node | null): void {
    if (!parent) this.root = child;
    else if (parent.left === old) parent.left = child;
    else parent.right = child;
  }

  private rebalance(from: Node | null): void {
    for (let x = from; x; x = x.parent) {
      const balance = height(x.left) - height(x.right);
      if (balance > 1) {
        if (height(x.left!.left) < height(x.left!.right)) this.rotate(x.left!, false);
        x = this.rotate(x, true);
      } else if (balance < -1) {
        if (height(x.right!.right) < height(x.right!.left)) this.rotate(x.right!, true);
        x = this.rotate(x, false);
      } else refresh(x);
    }
  }

  /** Turns the subtree at x right (its left child rises) or left; returns the new top. */
  private rotate(x: Node, right: boolean): Node {
    const y = (right ? x.left : x.right)!;
    const inner = right ? y.right : y.left;
    if (right) {
      x.left = inner;
      y.right = x;
    } else {
      x.right = inner;
      y.left = x;
    }
    if (inner) inner.parent = x;
    y.parent = x.parent;
    this.link(x.parent, x, y);
    x.parent = y;
    refresh(x);
    refresh(y);
    return y;
  }
}

type Pair = [number, number];

class Sweep {
  private readonly n: number;
  private readonly tree: EdgeTree;

  constructor(
    private readonly pts: readonly Position[],
    private readonly stats: CrossingStats,
  ) {
    this.n = pts.length - 1;
    this.tree = new EdgeTree(this.n);
  }

  /** The edges (0-based, lower first) of the first meeting found, visiting the corners in `order`. */
  run(order: readonly number[]): Pair | undefined {
    for (const k of order) {
      const found = this.corner(k);
      if (found) return found;
    }
    return undefined;
  }

  /** The pair, if edges i and j are not consecutive and meet. */
  test(i: number | undefined, j: number | undefined): Pair | undefined {
    if (i === undefined || j === undefined) return undefined;
    const gap = Math.abs(i - j);
    if (gap <= 1 || gap === this.n - 1) return undefined;
    this.stats.pairTests++;
    const p = this.pts;
    if (!segmentsMeet(p[i]!, p[i + 1]!, p[j]!, p[j + 1]!)) return undefined;
    return i < j ? [i, j] : [j, i];
  }

  /** The event at corner k, where edge a (from corner k-1) ends and edge b (to corner k+1) starts. */
  private corner(k: number): Pair | undefined {
    const { n, pts, tree } = this;
    const v = pts[k]!;
    const a = (k + n - 1) % n;
    const b = k;
    const u = pts[a]!;
    const w = pts[k + 1]!;
    const aLeaves = compare(u, v) < 0; // a is in the tree and leaves it here
    const bLeaves = compare(w, v) < 0;
    const place = this.locate(v, a, b);
    if (place.on !== undefined) return must(this.test(place.on, a) ?? this.test(place.on, b));
    if (place.leaving !== Number(aLeaves) + Number(bLeaves))
      throw new Error('ring sweep: edges out of order');
    const below = place.below?.edge;
    const above = place.above?.edge;
    if (aLeaves && bLeaves) {
      tree.remove(a);
      tree.remove(b);
      return this.test(below, above);
    }
    if (aLeaves || bLeaves) {
      const [gone, next] = aLeaves ? [a, b] : [b, a];
      tree.replace(gone, next);
      return this.test(below, next) ?? this.test(next, above);
    }
    this.stats.comparisons++;
    const turn = orient(v, u, w);
    // Both run rightwards along one line: the nearer far end (a corner of the edge before a, or after
    // b) lies on the other edge.
    if (turn === 0)
      return must(compare(w, u) < 0 ? this.test(a, (k + 1) % n) : this.test((a + n - 1) % n, b));
    const [lower, upper] = turn > 0 ? [a, b] : [b, a];
    tree.insertAfter(tree.insertAfter(place.below, lower), upper);
    return this.test(below, lower) ?? this.test(upper, above);
  }

  /**
   * Where corner v falls among the active edges: the last edge below it, the first above it, how many
   * of its own edges a and b end on it, and any other edge it lies on.
   */
  private locate(v: Position, a: number, b: number) {
    const side = (e: number) => {
      if (e === a || e === b) return 0; // in the tree only when it ends at v
      this.stats.comparisons++;
      const p = this.pts[e]!;
      const q = this.pts[e + 1]!;
      return compare(p, q) < 0 ? orient(p, q, v) : orient(q, p, v);
    };
    let below: Node | null = null;
    let first: Node | null = null;
    for (let x = this.tree.root; x;)
      if (side(x.edge) > 0) {
        below = x;
        x = x.right;
      } else {
        first = x;
        x = x.left;
      }
    let leaving = 0;
    let x = first;
    for (; x && side(x.edge) === 0; x = this.tree.next(x)) {
      if (x.edge !== a && x.edge !== b) return { below, above: null, leaving, on: x.edge };
      leaving++;
    }
    return { below, above: x, leaving, on: undefined };
  }
}

/** A meeting the sweep's invariants guarantee. */
function must(found: Pair | undefined): Pair {
  if (!found) throw new Error('ring sweep: an expected meeting is missing');
  return found;
}

/**
 * The first pair of non-consecutive edges found to share a point, as 0-based edge indices (lower
 * first), or undefined when the ring is simple. `pts` is closed (pts[n] equals pts[0]), with finite
 * coordinates and no two consecutive positions equal; edge i runs from pts[i] to pts[i + 1]. The pair
 * found is deterministic. `stats`, when given, is added to.
 */
export function firstCrossing(
  pts: readonly Position[],
  stats: CrossingStats = { pairTests: 0, comparisons: 0 },
): Pair | undefined {
  const n = pts.length - 1;
  if (n > 0 && compare(pts[0]!, pts[n]!) !== 0) throw new Error('firstCrossing: the ring is not closed');
  for (let i = 0; i < n; i++)
    if (compare(pts[i]!, pts[i + 1]!) === 0) throw new Error('firstCrossing: repeated consecutive position');
  if (n < 4) return undefined; // each edge of a triangle is next to both others
  const sweep = new Sweep(pts, stats);
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => compare(pts[i]!, pts[j]!) || i - j);
  for (let s = 1; s < n; s++) {
    const i = order[s - 1]!;
    const j = order[s]!;
    // i < j and j - i is at least 2 and at most n - 2: the edges leaving the two corners meet.
    if (compare(pts[i]!, pts[j]!) === 0) return must(sweep.test(i, j));
  }
  return sweep.run(order);
}
