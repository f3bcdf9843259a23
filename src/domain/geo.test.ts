import { describe, expect, it } from 'vitest';
import { adjacency, centroid, distanceMetres, shortestHops, type AreaGeometry } from './geo.js';

const square = (x: number, y: number, size = 0.01): AreaGeometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + size, y],
      [x + size, y + size],
      [x, y + size],
      [x, y],
    ],
  ],
});

describe('geometry', () => {
  it('puts the centroid of a square at its middle', () => {
    expect(centroid(square(37, 36))).toEqual([37.005, 36.005]);
  });

  it('measures about 111 km for one degree of latitude', () => {
    expect(distanceMetres([37, 36], [37, 37])).toBeGreaterThan(110_000);
    expect(distanceMetres([37, 36], [37, 37])).toBeLessThan(112_000);
  });

  it('links areas that share a boundary and not those far apart', () => {
    const graph = adjacency([square(0, 0), square(0.01, 0), square(0.5, 0.5)]);
    expect(graph[0]).toEqual([1]);
    expect(graph[1]).toEqual([0]);
    expect(graph[2]).toEqual([]);
  });

  it('finds the path with fewest hops, or none', () => {
    const graph = [[1], [0, 2], [1, 3], [2], []];
    expect(shortestHops(graph, 0, 3)).toEqual([0, 1, 2, 3]);
    expect(shortestHops(graph, 0, 4)).toBeUndefined();
  });
});
