import { describe, expect, it } from 'vitest';
import { DEFAULT_SAFE_PASSAGE, gateConditions, noticeHours, span, type GateFacts } from './gates.js';
import type { CorridorStatus } from '../records/lifecycle.js';

/** Every unmet condition in its sentence, as the API's `unmet` gives them. */
const unmetConditions = (to: CorridorStatus, f: GateFacts) => gateConditions(to, f).map((c) => c.text);

function facts(over: Partial<GateFacts> = {}): GateFacts {
  return {
    corridor: { code: 'COR-3' },
    policy: DEFAULT_SAFE_PASSAGE,
    at: '2016-12-15T08:00:00.000Z',
    checkpoints: { entry: 1, exit: 1 },
    blocked: [],
    notifications: [
      {
        code: 'NTF-1',
        sentAt: '2016-12-13T06:00:00.000Z',
        window: { start: '2016-12-15T06:00:00.000Z', end: '2016-12-15T18:00:00.000Z' },
        emergency: false,
        parties: [
          { organisationId: 'a', name: 'Party A', acknowledged: true },
          { organisationId: 'b', name: 'Party B', acknowledged: false },
        ],
      },
    ],
    windows: [
      {
        code: 'WIN-1',
        kind: 'humanitarian-pause',
        start: '2016-12-15T06:00:00.000Z',
        end: '2016-12-15T18:00:00.000Z',
      },
    ],
    incidents: [],
    ...over,
  };
}

describe('corridor gates', () => {
  it('let a corridor open when every condition holds', () => {
    expect(unmetConditions('notified', facts())).toEqual([]);
    expect(unmetConditions('ready', facts())).toEqual([]);
    expect(unmetConditions('open', facts())).toEqual([]);
  });

  it('need a movement notification before notified', () => {
    expect(unmetConditions('notified', facts({ notifications: [] }))).toEqual([
      'no movement notification has been sent for COR-3',
    ]);
  });

  it('measure the notice from sending to the start of the window, against the period of the policy', () => {
    const late = { ...facts().notifications[0]!, sentAt: '2016-12-14T18:00:00.000Z' };
    expect(noticeHours(late)).toBe(12);
    expect(unmetConditions('notified', facts({ notifications: [late] }))).toEqual([
      'NTF-1 was sent 12 h before its window starts; the notice period is 48 h',
    ]);
    // An emergency notification needs the shorter period only.
    const emergency = { ...late, sentAt: '2016-12-14T06:00:00.000Z', emergency: true };
    expect(unmetConditions('notified', facts({ notifications: [emergency] }))).toEqual([]);
    const tooLate = { ...emergency, sentAt: '2016-12-15T00:00:00.000Z' };
    expect(unmetConditions('notified', facts({ notifications: [tooLate] }))).toEqual([
      'NTF-1 was sent 6 h before its window starts; the emergency notice period is 24 h',
    ]);
  });

  it('list every blocked segment, missing checkpoint and, by policy, missing acknowledgement for ready', () => {
    const blocked = [
      {
        segment: 3,
        hazardId: 'h',
        code: 'HAZ-31',
        status: 'suspected',
        reason: 'segment 3 crosses HAZ-31 (suspected, not cleared)',
      },
    ];
    const policy = { ...DEFAULT_SAFE_PASSAGE, requireAcknowledgements: true };
    expect(unmetConditions('ready', facts({ blocked, policy, checkpoints: { entry: 1, exit: 0 } }))).toEqual([
      'COR-3 has no exit checkpoint',
      'segment 3 crosses HAZ-31 (suspected, not cleared)',
      'no acknowledgement from Party B (NTF-1)',
    ]);
    // Without the policy, acknowledgements are recorded but not required.
    expect(unmetConditions('ready', facts())).toEqual([]);
  });

  it('open only inside a window, naming the windows it is outside of', () => {
    expect(unmetConditions('open', facts({ at: '2016-12-15T19:00:00.000Z' }))).toEqual([
      'outside the humanitarian pause window WIN-1 2016-12-15T06:00Z..18:00Z',
    ]);
    expect(unmetConditions('open', facts({ windows: [] }))).toEqual([
      'no agreed ceasefire or pause window covers COR-3',
    ]);
    // An operation that does not require windows opens a corridor that has none...
    const free = { ...DEFAULT_SAFE_PASSAGE, requireWindow: false };
    expect(unmetConditions('open', facts({ windows: [], policy: free }))).toEqual([]);
    // ... but a corridor that has windows opens only inside one.
    const own = [{ kind: 'opening', start: '2016-12-16T06:00:00.000Z', end: '2016-12-17T06:00:00.000Z' }];
    expect(unmetConditions('open', facts({ windows: own, policy: free }))).toEqual([
      'outside the opening window 2016-12-16T06:00Z..2016-12-17T06:00Z',
    ]);
  });

  it('refuse a back-dated opening inside a window that has ended by now', () => {
    expect(unmetConditions('open', facts({ now: '2016-12-15T18:30:00.000Z' }))).toEqual([
      'outside the humanitarian pause window WIN-1 2016-12-15T06:00Z..18:00Z',
    ]);
  });

  it('keep a corridor shut while a critical incident near it is open, and check all of ready too', () => {
    const incidents = [{ code: 'INC-4', type: 'shelling', distanceM: 420.4, status: 'verified' }];
    expect(unmetConditions('open', facts({ incidents, notifications: [] }))).toEqual([
      'no movement notification has been sent for COR-3',
      'critical incident INC-4 (shelling) 420 m from the route is verified, not closed',
    ]);
  });

  it('never hold back a suspension or a closure', () => {
    const bad = facts({ notifications: [], windows: [], checkpoints: { entry: 0, exit: 0 } });
    expect(unmetConditions('suspended', bad)).toEqual([]);
    expect(unmetConditions('closed', bad)).toEqual([]);
  });

  it('write a window short when it ends on the day it starts', () => {
    expect(span({ start: '2016-12-15T06:00:00.000Z', end: '2016-12-15T18:00:00.000Z' })).toBe(
      '2016-12-15T06:00Z..18:00Z',
    );
  });

  it('gives each unmet condition its kind and numbers beside its sentence, the same sentences as unmet', () => {
    const blocked = [
      {
        segment: 2,
        hazardId: 'h',
        code: 'HAZ-4',
        status: 'confirmed',
        reason: 'segment 2 crosses HAZ-4 (confirmed, not cleared)',
      },
    ];
    const incident = { code: 'INC-2', type: 'shelling', status: 'open', distanceM: 412.4 };
    const late = { ...facts().notifications[0]!, sentAt: '2016-12-15T00:00:00.000Z', emergency: true };
    const all = facts({
      blocked,
      incidents: [incident],
      notifications: [late],
      checkpoints: { entry: 0, exit: 1 },
      at: '2016-12-16T08:00:00.000Z',
    });
    const conditions = gateConditions('open', all);
    expect(conditions.map((c) => c.text)).toEqual(unmetConditions('open', all));
    expect(conditions.map((c) => [c.kind, c.params])).toEqual([
      ['short-notice', { notification: 'NTF-1', hours: 6, needed: 24, emergency: 1 }],
      ['no-entry-checkpoint', { corridor: 'COR-3' }],
      ['hazard-on-route', { segment: 2, hazard: 'HAZ-4', status: 'confirmed' }],
      [
        'outside-window',
        {
          window: 'WIN-1',
          windowKind: 'humanitarian-pause',
          start: '2016-12-15T06:00:00.000Z',
          end: '2016-12-15T18:00:00.000Z',
        },
      ],
      ['critical-incident', { incident: 'INC-2', type: 'shelling', metres: 412, status: 'open' }],
    ]);
  });
});
