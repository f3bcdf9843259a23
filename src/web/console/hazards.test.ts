import { describe, expect, it } from 'vitest';
import { distanceMetres } from '../shared/format.js';
import { circle } from './Hazards.js';

describe('a hazard area marked around a place', () => {
  it('is a closed ring, counter-clockwise (RFC 7946), every corner the radius away', () => {
    const at: [number, number] = [37.16, 36.2];
    const ring = circle(at, 250).coordinates[0]!;
    expect(ring.length).toBe(25);
    expect(ring.at(-1)).toEqual(ring[0]);
    // The shoelace sum is positive for a counter-clockwise ring in longitude, latitude.
    let twice = 0;
    for (let k = 0; k < ring.length - 1; k++)
      twice += ring[k]![0] * ring[k + 1]![1] - ring[k + 1]![0] * ring[k]![1];
    expect(twice).toBeGreaterThan(0);
    for (const p of ring) expect(distanceMetres(at, p)).toBeCloseTo(250, -1);
  });
});
