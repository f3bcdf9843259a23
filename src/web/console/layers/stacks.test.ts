import { describe, expect, it } from 'vitest';
import { SLOT_OFFSETS, stackSlots } from './stacks.js';

const distance = (a: readonly [number, number], b: readonly [number, number]) =>
  Math.hypot(a[0] - b[0], a[1] - b[1]);

describe('places stacked at one spot', () => {
  it('the demo’s seven command posts at four spots are seven dots: every place of a stack has a slot of its own', () => {
    // As in the Aleppo demo: POST-1 and POST-3 share a building, POST-2, 4 and 5 another.
    const posts: [number, number][] = [
      [37.17, 36.21],
      [37.12, 36.19],
      [37.17, 36.21],
      [37.12, 36.19],
      [37.12, 36.19],
      [37.2, 36.18],
      [37.15, 36.22],
    ];
    const slots = stackSlots(posts);
    expect(slots[5]).toBe(-1);
    expect(slots[6]).toBe(-1);
    const drawnAt = posts.map(([x, y], i) => {
      const [dx, dy] = slots[i]! < 0 ? [0, 0] : SLOT_OFFSETS[slots[i]!]!;
      // One degree as 10,000 pixels: the spots are far apart, the slots a few pixels round them.
      return [x * 10_000 + dx, y * 10_000 + dy] as const;
    });
    expect(new Set(drawnAt.map((p) => p.join(' '))).size).toBe(7);
  });

  it('places within about 10 m are one spot; further apart they are drawn where they are', () => {
    expect(
      stackSlots([
        [37.1, 36.2],
        [37.10003, 36.20002],
      ]).every((s) => s >= 0),
    ).toBe(true);
    expect(
      stackSlots([
        [37.1, 36.2],
        [37.1005, 36.2],
      ]),
    ).toEqual([-1, -1]);
    // A metre apart across the edge of a 10 m cell: still one spot.
    expect(
      stackSlots([
        [37.10004999, 36.2],
        [37.10005001, 36.2],
        [37.2, 36.3],
      ]),
    ).toEqual([3, 1, -1]);
  });

  it('the dots of a stack of up to six (radius up to 10 px) never overlap', () => {
    for (let n = 2; n <= 6; n++) {
      const slots = stackSlots(Array.from({ length: n }, () => [37.1, 36.2] as [number, number]));
      expect(new Set(slots).size).toBe(n);
      for (const a of slots)
        for (const b of slots)
          if (a !== b) expect(distance(SLOT_OFFSETS[a]!, SLOT_OFFSETS[b]!)).toBeGreaterThanOrEqual(21);
    }
  });
});
