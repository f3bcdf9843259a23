/**
 * A clock for the planner's tests that moves on by a fixed step each time it is read, so that a time
 * limit becomes a budget of work: the search takes the same steps, and ends in the same plan, on any
 * machine however busy. The planner reads its clock between moves, so `msPerRead` is the work that
 * one read stands for; `reads()` says how many it took.
 */
export function workClock(msPerRead = 0.01): (() => number) & { reads(): number; work(ms: number): void } {
  let reads = 0;
  return Object.assign(() => ++reads * msPerRead, {
    reads: () => reads,
    /** Work that takes `ms` without reading the clock (as much time as that many reads). */
    work: (ms: number) => void (reads += Math.round(ms / msPerRead)),
  });
}
