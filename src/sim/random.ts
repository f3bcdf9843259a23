/** A seeded pseudo-random generator (mulberry32): the same seed gives the same simulation. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  real(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** An integer from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  /** A UUIDv7 for time `msecs` with seeded random bits. */
  uuidv7(msecs: number): string {
    const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
    const ms = hex(Math.max(0, Math.floor(msecs)), 12).slice(-12);
    const r = () => this.int(0, 0xffff);
    const variant = 0x8000 | (r() & 0x3fff);
    return `${ms.slice(0, 8)}-${ms.slice(8)}-7${hex(r() & 0xfff, 3)}-${hex(variant, 4)}-${hex(r(), 4)}${hex(r(), 4)}${hex(r(), 4)}`;
  }
}
