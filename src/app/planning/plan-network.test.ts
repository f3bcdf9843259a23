import { describe, expect, it } from 'vitest';
import { distanceMetres, type Position } from '../../domain/geo.js';
import { corridorNetwork, distanceToNetwork } from './plan-network.js';

// About 10 m of longitude at latitude 36.
const M10 = 0.0001113;

describe('the default road network of a plan', () => {
  it('makes each corridor vertex a node and joins consecutive ones by two-way edges of their length', () => {
    const route: Position[] = [
      [37.0, 36.0],
      [37.01, 36.0],
      [37.01, 36.01],
    ];
    const net = corridorNetwork([{ id: 'a', code: 'COR-1', route }]);
    expect(net.nodes.map((n) => n.id)).toEqual(['COR-1:0', 'COR-1:1', 'COR-1:2']);
    expect(net.edges).toEqual([
      expect.objectContaining({ id: 'COR-1:1', from: 'COR-1:0', to: 'COR-1:1', speedKph: 30, oneway: false }),
      expect.objectContaining({ id: 'COR-1:2', from: 'COR-1:1', to: 'COR-1:2' }),
    ]);
    expect(net.edges[0]!.lengthM).toBeCloseTo(distanceMetres(route[0]!, route[1]!), 6);
  });

  it('joins corridors whose vertices come within 30 m of each other into one network', () => {
    const net = corridorNetwork([
      {
        id: 'a',
        code: 'COR-1',
        route: [
          [37.0, 36.0],
          [37.01, 36.0],
        ],
      },
      // Starts 20 m from COR-1's end: the same node. Its end is 40 m from COR-1's start: a node of its own.
      {
        id: 'b',
        code: 'COR-2',
        route: [
          [37.01 + 2 * M10, 36.0],
          [37.0 - 4 * M10, 36.0],
        ],
      },
    ]);
    expect(net.nodes.map((n) => n.id)).toEqual(['COR-1:0', 'COR-1:1', 'COR-2:1']);
    expect(net.edges.map((e) => [e.from, e.to])).toEqual([
      ['COR-1:0', 'COR-1:1'],
      ['COR-1:1', 'COR-2:1'],
    ]);
  });

  it('keeps the vertices of one corridor apart, and draws no edge from a node to itself', () => {
    const net = corridorNetwork([
      {
        id: 'a',
        code: 'COR-1',
        route: [
          [37.0, 36.0],
          [37.0, 36.0],
          [37.01, 36.0],
          [37.0 + M10, 36.0],
        ],
      },
    ]);
    expect(net.nodes).toHaveLength(4);
    expect(net.edges.every((e) => e.from !== e.to && e.lengthM >= 1)).toBe(true);
    expect(net.edges).toHaveLength(3);
  });

  it('measures how far a place is from the nearest node of a road', () => {
    const net = corridorNetwork([
      {
        id: 'a',
        code: 'COR-1',
        route: [
          [37.0, 36.0],
          [37.01, 36.0],
        ],
      },
    ]);
    expect(distanceToNetwork(net)([37.0, 36.01])).toBeCloseTo(distanceMetres([37.0, 36.0], [37.0, 36.01]), 6);
  });
});
