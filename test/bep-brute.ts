/**
 * Instances of the bus evacuation problem (its published text format, `src/planner/bep.ts`) for the
 * planner's tests, solved by brute force on the file's own numbers.
 */

/**
 * The optimum by the problem's own rules, by trying every order of full trips, on the file's numbers
 * read here (not by the code under test): each bus goes yard -> pickup -> shelter -> pickup ... and the
 * last arrival at a shelter is the makespan.
 */
export function bruteOptimum(text: string): number {
  const xs = text.split(/\s+/).filter(Boolean).map(Number);
  let i = 0;
  const next = () => xs[i++]!;
  const [, q] = [next(), next()];
  const yards = Array.from({ length: next() }, next);
  const demand = (() => {
    const n = next();
    next();
    return Array.from({ length: n }, () => next() / q);
  })();
  const room = (() => {
    const n = next();
    next();
    return Array.from({ length: n }, () => next() / q);
  })();
  // Each row is led by its number.
  const row = (length: number) => {
    next();
    return Array.from({ length }, next);
  };
  const fromYard = yards.map(() => row(demand.length));
  const toShelter = demand.map(() => row(room.length));
  const buses = yards.flatMap((n, y) => Array.from({ length: n }, () => ({ t: 0, yard: y, at: -1 })));
  let best = Infinity;
  const go = (makespan: number, left: number) => {
    if (makespan >= best) return;
    if (left === 0) return void (best = makespan);
    for (const bus of buses)
      for (let p = 0; p < demand.length; p++) {
        if (demand[p] === 0) continue;
        const reach = bus.t + (bus.at < 0 ? fromYard[bus.yard]![p]! : toShelter[p]![bus.at]!);
        for (let s = 0; s < room.length; s++) {
          if (room[s] === 0) continue;
          const [t, at] = [bus.t, bus.at];
          bus.t = reach + toShelter[p]![s]!;
          bus.at = s;
          demand[p]!--;
          room[s]!--;
          go(Math.max(makespan, bus.t), left - 1);
          demand[p]!++;
          room[s]!++;
          [bus.t, bus.at] = [t, at];
        }
      }
  };
  go(
    0,
    demand.reduce((s, d) => s + d, 0),
  );
  return best;
}
