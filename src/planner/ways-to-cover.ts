/** At most this many ways to cover one pickup are weighed (more types than this is not a fleet). */
const MAX_OPTIONS = 4096;

/**
 * At most this many counts of the counted types are tried, ways or not. Counts that leave people only
 * earlier types could carry are skipped (a review's pickup of 20,000 people and 1,000 stretcher
 * cases, four types of which only the first has stretcher places, had walked 62 million of them).
 */
const MAX_TRIED = 8 * MAX_OPTIONS;

/**
 * The ways to cover a pickup's people: trips per type, every count of the `counted` types up to what
 * would carry everyone alone, and type `last` making up the rest (so every least way is among them).
 * Null when there are more than MAX_OPTIONS, or more than MAX_TRIED counts to try.
 */
export function waysToCover(
  types: readonly { readonly seats: number; readonly stretchers: number }[],
  { seated, stretcher }: { readonly seated: number; readonly stretcher: number },
  counted: readonly number[],
  last: number,
): number[][] | null {
  const list: number[][] = [];
  const n = new Array<number>(types.length).fill(0);
  // Whether a type after level i (the last one included) has seats, or stretcher places: counts that
  // leave people only such types could carry are no way, and not tried.
  const after = (i: number, places: (t: (typeof types)[number]) => number) =>
    [...counted.slice(i + 1), last].some((k) => places(types[k]!) > 0);
  const seatsAfter = counted.map((_, i) => after(i, (t) => t.seats));
  const stretchersAfter = counted.map((_, i) => after(i, (t) => t.stretchers));
  let tried = 0;
  const visit = (i: number, se: number, st: number): boolean => {
    if (list.length > MAX_OPTIONS || tried > MAX_TRIED) return false;
    if (i === counted.length) {
      tried++;
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
      const [seLeft, stLeft] = [se - c * t.seats, st - c * t.stretchers];
      if ((seLeft > 0 && !seatsAfter[i]) || (stLeft > 0 && !stretchersAfter[i])) continue;
      n[k] = c;
      if (!visit(i + 1, seLeft, stLeft)) return false;
    }
    n[k] = 0;
    return true;
  };
  return visit(0, seated, stretcher) ? list : null;
}

/** Trips of a type with `per` places each to carry `people` (Infinity when it cannot). */
function need1(people: number, per: number): number {
  if (people <= 0) return 0;
  return per > 0 ? Math.ceil(people / per) : Infinity;
}
