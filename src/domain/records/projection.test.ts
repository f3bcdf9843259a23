import { describe, expect, it } from 'vitest';
import { MemoryView } from '../memory-view.js';
import { projectEvent } from '../project-event.js';
import { eventMaker, permutations } from '../../../test/orders.js';
import type { ProjectableEvent } from '../projection.js';

const OP = '01580000-0000-7000-8000-000000000000';
const COR = '01580000-0000-7000-8000-0000000000c1';
const [PLAN_A, PLAN_B] = ['01580000-0000-7000-8000-0000000000a1', '01580000-0000-7000-8000-0000000000b1'];

const event = eventMaker(OP, '01580000-0000-7000-8000-1');

/** The rows after the changes in every order: one end, or the test fails. */
async function ends(
  created: readonly ProjectableEvent[],
  changes: readonly ProjectableEvent[],
): Promise<Set<string>> {
  const out = new Set<string>();
  for (const order of permutations(changes)) {
    const view = new MemoryView(OP);
    for (const e of [...created, ...order]) view.apply(projectEvent(e));
    out.add(JSON.stringify([await view.rowsWhere('corridors', {}), await view.rowsWhere('plans', {})]));
  }
  return out;
}

describe('decisions of one record at two sites apart end the same in every order', () => {
  const corridor = event(
    'CorridorDeclared',
    {
      corridorId: COR,
      code: 'COR-1',
      name: 'East',
      route: {
        type: 'LineString',
        coordinates: [
          [36, 0],
          [36.04, 0],
        ],
      },
      windows: [],
    },
    '2017-02-01T08:00:00.000Z',
  );

  it('a gate override, the change it lets through, and a later change made elsewhere', async () => {
    const at10 = '2017-02-02T10:00:00.000Z';
    const changes = [
      event(
        'CorridorGateOverridden',
        { corridorId: COR, to: 'suspended', unmet: ['x'], reason: 'shelling' },
        at10,
      ),
      event('CorridorStatusChanged', { corridorId: COR, status: 'suspended', reason: 'shelling' }, at10),
      event(
        'CorridorStatusChanged',
        { corridorId: COR, status: 'suspended', reason: 'crowd' },
        '2017-02-02T11:00:00.000Z',
      ),
    ];
    const all = await ends([corridor], changes);
    expect(all.size).toBe(1);
    expect([...all][0]).toContain('"override_to":null');
  });

  it('a corridor closed at one site stays closed, whatever another site changed after (closing ends it)', async () => {
    const status = (to: string, at: string, reason: string) =>
      event('CorridorStatusChanged', { corridorId: COR, status: to, reason }, at);
    const changes = [
      status('open', '2017-02-02T09:00:00.000Z', 'window'),
      status('closed', '2017-02-02T10:00:00.000Z', 'evacuation done'),
      // A post that had not heard of the close: suspended, then closed again, after it.
      status('suspended', '2017-02-02T11:00:00.000Z', 'shelling'),
      status('closed', '2017-02-02T12:00:00.000Z', 'later close'),
    ];
    const all = await ends([corridor], changes);
    expect(all.size).toBe(1);
    const [corridors] = JSON.parse([...all][0]!) as [Record<string, unknown>[], unknown[]];
    expect(corridors[0]).toMatchObject({
      status: 'closed',
      status_reason: 'evacuation done',
      status_changed_at: '2017-02-02T10:00:00.000Z',
      last_opened_at: '2017-02-02T09:00:00.000Z',
      override_to: null,
    });
  });

  it('a close at one site, and an override and the opening it lets through at another, after it', async () => {
    const changes = [
      event(
        'CorridorStatusChanged',
        { corridorId: COR, status: 'closed', reason: 'done' },
        '2017-02-02T10:00:00.000Z',
      ),
      event(
        'CorridorGateOverridden',
        { corridorId: COR, to: 'open', unmet: ['x'], reason: 'the last buses' },
        '2017-02-02T11:00:00.000Z',
      ),
      event('CorridorStatusChanged', { corridorId: COR, status: 'open' }, '2017-02-02T11:00:00.000Z'),
    ];
    for (const some of [changes.slice(0, 2), changes]) {
      const all = await ends([corridor], some);
      expect(all.size).toBe(1);
      const [corridors] = JSON.parse([...all][0]!) as [Record<string, unknown>[], unknown[]];
      expect(corridors[0]).toMatchObject({ status: 'closed', override_to: null });
    }
  });

  it('two plans, each adopted at one site superseding the other', async () => {
    const proposed = (planId: string, code: string) =>
      event(
        'PlanProposed',
        {
          planId,
          code,
          start: '2017-02-01T08:00:00.000Z',
          timeLimitSec: 1,
          baseline: true,
          network: 'corridors',
          makespanMin: 0,
          lowerBoundMin: 0,
          bounds: { singleTripMin: 0, fleetWorkloadMin: 0, cutCapacityMin: 0, lpMin: null },
          summary: { pickups: 0, seated: 0, stretcher: 0, vehicles: 0, legs: 0 },
          places: [],
          vehicles: [],
        },
        '2017-02-01T08:00:00.000Z',
      );
    const created = [proposed(PLAN_A, 'PLAN-1'), proposed(PLAN_B, 'PLAN-2')];
    const changes = [
      event('PlanAdopted', { planId: PLAN_A, supersedes: [PLAN_B], note: 'A' }, '2017-02-02T10:00:00.000Z'),
      event('PlanAdopted', { planId: PLAN_B, supersedes: [PLAN_A], note: 'B' }, '2017-02-02T11:00:00.000Z'),
    ];
    const all = await ends(created, changes);
    expect(all.size).toBe(1);
    // The later adoption stands: B adopted, A superseded by it; each keeps when it was adopted.
    const [, plans] = JSON.parse([...all][0]!) as [
      unknown,
      { id: string; status: string; superseded_by: string | null }[],
    ];
    expect(plans.find((p) => p.id === PLAN_B)).toMatchObject({ status: 'adopted', superseded_by: null });
    expect(plans.find((p) => p.id === PLAN_A)).toMatchObject({ status: 'superseded', superseded_by: PLAN_B });
  });
});
