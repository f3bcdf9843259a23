import { describe, expect, it } from 'vitest';
import { FlowNetwork } from './max-flow.js';

describe('Dinic max flow', () => {
  it('finds the most flow and the source side of a minimum cut', () => {
    // 0 -> 1 (3), 0 -> 2 (2), 1 -> 2 (1), 1 -> 3 (1), 2 -> 3 (3): node 1 passes on only 2 of its 3,
    // so 4 in all; what is left reaches node 1 alone: the cut {0, 1} | {2, 3} (2 + 1 + 1 = 4).
    const net = new FlowNetwork(4);
    net.add(0, 1, 3);
    net.add(0, 2, 2);
    net.add(1, 2, 1);
    net.add(1, 3, 1);
    net.add(2, 3, 3);
    expect(net.maxFlow(0, 3)).toBeCloseTo(4, 9);
    expect([...net.sourceSide(0)]).toEqual([1, 1, 0, 0]);
  });

  it('stops once the flow reaches the limit given', () => {
    const net = new FlowNetwork(3);
    net.add(0, 1, 10);
    net.add(1, 2, 10);
    net.add(0, 2, 5);
    expect(net.maxFlow(0, 2, 5)).toBeGreaterThanOrEqual(5);
    const all = new FlowNetwork(3);
    all.add(0, 1, 10);
    all.add(1, 2, 10);
    all.add(0, 2, 5);
    expect(all.maxFlow(0, 2)).toBeCloseTo(15, 9);
    expect([...all.sourceSide(0)]).toEqual([1, 0, 0]);
  });

  it('grows past the arcs it was sized for, and a second max flow starts from the capacities added', () => {
    // A ladder of 200 rungs: source 0 to each middle node i (capacity i), each to the sink 201 (2):
    // 400 arcs in a network sized for one. The most flow is 1 + 2 x 199.
    const net = new FlowNetwork(202, 1);
    for (let i = 1; i <= 200; i++) {
      net.add(0, i, i);
      net.add(i, 201, 2);
    }
    expect(net.maxFlow(0, 201)).toBeCloseTo(1 + 2 * 199, 9);
    expect(net.maxFlow(0, 201)).toBeCloseTo(1 + 2 * 199, 9);
    const side = net.sourceSide(0);
    // Rungs 1 and 2 are full from the source; from rung 3 on, the source still reaches them.
    expect([side[1], side[2], side[3], side[200], side[201]]).toEqual([0, 0, 1, 1, 0]);
  });
});
