/** At most this many ways to cover one pickup are weighed (more types than this is not a fleet). */
const MAX_OPTIONS = 4096;

/**
 * The ways to cover a pickup's people: trips per type, every count of the `counted` types up to what
 * would carry everyone alone, and type `last` making up the rest (so every least way is among them).
 * Null when there are more than MAX_OPTIONS.
 */
export function waysToCover(
  types: readonly { readonly seats: number; readonly stretchers: number }[],
  { seated, stretcher }: { readonly seated: number; readonly stretcher: number },
  counted: readonly number[],
  last: number,
): number[][] | null {
  const list: number[][] = [];
  const n = new Array<number>(types.length).fill(0);
  const visit = (i: number): boolean => {
    if (list.length > MAX_OPTIONS) return false;
    if (i === counted.length) {
      let se = seated;
      let st = stretcher;
      for (const k of counted) {
        se -= n[k]! * types[k]!.seats;
        st -= n[k]! * types[k]!.stretchers;
      }
      const t = types[last]!;
      const need = Math.max(need1(se, t.seats), need1(st, t.stretchers));
      if (need < Infinity) list.push(n.map((x, k) => (k === last ? need : x)));
      return true;
    }
    const k = counted[i]!;
    const t = types[k]!;
    const most = Math.max(
      t.seats > 0 ? Math.ceil(seated / t.seats) : 0,
      t.stretchers > 0 ? Math.ceil(stretcher / t.stretchers) : 0,
    );
    for (let c = 0; c <= most; c++) {
      n[k] = c;
      if (!visit(i + 1)) return false;
    }
    n[k] = 0;
    return true;
  };
  return visit(0) ? list : null;
}

/** Trips of a type with `per` places each to carry `people` (Infinity when it cannot). */
function need1(people: number, per: number): number {
  if (people <= 0) return 0;
  return per > 0 ? Math.ceil(people / per) : Infinity;
}
