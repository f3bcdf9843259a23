/**
 * How a convoy moves along its way: legs of driving at a steady speed and of standing still, from the
 * start to `totalKm`. Times in ms, distances in km along the way.
 */
export class Drive {
  private readonly legs: { t0: number; t1: number; km0: number; km1: number }[] = [];

  constructor(start: number, totalKm: number, kmPerMs: number, stops: readonly { km: number; ms: number }[]) {
    let t = start;
    let km = 0;
    for (const stop of stops) {
      const t1 = t + (stop.km - km) / kmPerMs;
      this.legs.push(
        { t0: t, t1, km0: km, km1: stop.km },
        { t0: t1, t1: t1 + stop.ms, km0: stop.km, km1: stop.km },
      );
      t = t1 + stop.ms;
      km = stop.km;
    }
    this.legs.push({ t0: t, t1: t + (totalKm - km) / kmPerMs, km0: km, km1: totalKm });
  }

  get end(): number {
    return this.legs.at(-1)!.t1;
  }

  /** When the convoy first gets to `km`. */
  timeAt(km: number): number {
    const leg = this.legs.find((l) => l.km1 >= km && l.km1 > l.km0) ?? this.legs.at(-1)!;
    return leg.t0 + ((km - leg.km0) / Math.max(leg.km1 - leg.km0, 1e-9)) * (leg.t1 - leg.t0);
  }

  /** Where the convoy is at time `t`. */
  kmAt(t: number): number {
    const leg = this.legs.find((l) => t <= l.t1) ?? this.legs.at(-1)!;
    if (t <= leg.t0) return leg.km0;
    return leg.km0 + ((t - leg.t0) / Math.max(leg.t1 - leg.t0, 1)) * (leg.km1 - leg.km0);
  }
}
