import { describe, expect, it } from 'vitest';
import type { PeopleCounts } from '../../contracts/common.js';
import type { EventPayloadInput, EventType } from '../../contracts/events.js';
import { Accountability, DEFAULT_POLICY, type DerivedEvent } from './engine.js';
import type { ProjectableEvent } from '../projection.js';

// A corridor due east along the equator: 0.01 degrees of longitude is about 1.11 km.
const OP = 'test-op';
const COR = 'c0000000-0000-7000-8000-000000000001';
const CP = {
  entry: 'c0000000-0000-7000-8000-0000000000e1',
  mid: 'c0000000-0000-7000-8000-0000000000e2',
  exit: 'c0000000-0000-7000-8000-0000000000e9',
};
const RP = 'c0000000-0000-7000-8000-0000000000a1';
const VEH = ['v1', 'v2', 'v3'].map((v, i) => `d0000000-0000-7000-8000-00000000000${i + 1}`);
const CVY = 'e0000000-0000-7000-8000-000000000001';
const T0 = Date.parse('2016-12-15T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const iso = (minutes: number) => at(minutes).toISOString();

const people = (p: Partial<PeopleCounts>): PeopleCounts => ({
  men: 0,
  women: 0,
  boys: 0,
  girls: 0,
  elderlyMen: 0,
  elderlyWomen: 0,
  ...p,
});
const LOAD = people({ men: 50, women: 40, boys: 20, girls: 20 });

let n = 0;
function ev<T extends EventType>(type: T, minutes: number, payload: EventPayloadInput<T>): ProjectableEvent {
  return {
    id: `ev-${n++}`,
    operationId: OP,
    type,
    payload,
    occurredAt: iso(minutes),
    organisation: null,
  } as ProjectableEvent;
}

function passage(
  minutes: number,
  where: { checkpointId?: string; receptionPointId?: string },
  extra: Partial<EventPayloadInput<'PassageRecorded'>> = {},
): ProjectableEvent {
  return ev('PassageRecorded', minutes, {
    passageId: `f0000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    convoyId: CVY,
    source: 'enumerator',
    scope: 'convoy',
    ...where,
    ...extra,
  });
}

/** An operation with one corridor (entry, middle, exit 2.2 km apart), three buses and a convoy in transit. */
function setUp(policy: Partial<typeof DEFAULT_POLICY> = {}, windows: { start: string; end: string }[] = []) {
  let ids = 0;
  const engine = new Accountability(OP, () => `a0000000-0000-7000-8000-${String(++ids).padStart(12, '0')}`);
  const history: ProjectableEvent[] = [
    ev('OperationCreated', -600, {
      name: 'Test',
      description: '',
      timezone: 'UTC',
      accountability: { ...DEFAULT_POLICY, ...policy },
    }),
    ev('CorridorDeclared', -600, {
      corridorId: COR,
      code: 'COR-1',
      name: 'East',
      route: {
        type: 'LineString',
        coordinates: [
          [36.0, 0],
          [36.04, 0],
        ],
      },
      windows,
    }),
    ...(
      [
        [CP.entry, 'CP-11', 'entry', 0, 36.0],
        [CP.mid, 'CP-12', 'intermediate', 1, 36.02],
        [CP.exit, 'CP-19', 'exit', 9, 36.04],
      ] as const
    ).map(([id, code, kind, ordinal, lon]) =>
      ev('CheckpointEstablished', -600, {
        checkpointId: id,
        code,
        corridorId: COR,
        kind,
        name: code,
        ordinal,
        location: { type: 'Point', coordinates: [lon, 0] },
      }),
    ),
    ev('ReceptionPointEstablished', -600, {
      receptionPointId: RP,
      code: 'RP-1',
      name: 'Reception',
      location: { type: 'Point', coordinates: [36.05, 0] },
      capacity: 1000,
    }),
    ...VEH.map((id, i) =>
      ev('VehicleRegistered', -600, {
        vehicleId: id,
        code: `VEH-00${i + 1}`,
        kind: 'bus',
        seats: 60,
        stretchers: 0,
        organisationId: OP,
        plate: `BUS-${i + 1}`,
      }),
    ),
    ev('ConvoyPlanned', -60, {
      convoyId: CVY,
      code: 'CVY-0001',
      corridorId: COR,
      vehicleIds: VEH,
      receptionPointId: RP,
    }),
    ev('ConvoyStatusChanged', -30, { convoyId: CVY, status: 'boarding' }),
    ev('ManifestRecorded', -10, { convoyId: CVY, people: LOAD, stretcherCases: 2 }),
  ];
  for (const e of history) engine.apply(e);
  const derived: DerivedEvent[] = [];
  const observe = (e: ProjectableEvent, minutes = Date.parse(e.occurredAt) / 60_000 - T0 / 60_000) => {
    const out = engine.observe(e, at(minutes));
    derived.push(...out);
    return out;
  };
  const tick = (minutes: number) => {
    const out = engine.tick(at(minutes));
    derived.push(...out);
    return out;
  };
  observe(ev('ConvoyStatusChanged', 0, { convoyId: CVY, status: 'departed' }));
  const raised = () => derived.filter((d) => d.type === 'AlertRaised');
  const resolved = () => derived.filter((d) => d.type === 'AlertResolved');
  // The corridor's accounts, with the alerts raised and not resolved as the open ones.
  const report = () => {
    const gone = new Set(resolved().map((d) => (d.type === 'AlertResolved' ? d.payload.alertId : '')));
    const open = raised().flatMap((d) =>
      d.type === 'AlertRaised' && !gone.has(d.payload.alertId)
        ? [
            {
              code: d.payload.code,
              kind: d.payload.kind,
              convoyId: d.payload.convoyId ?? null,
              corridorId: d.payload.corridorId ?? null,
            },
          ]
        : [],
    );
    return engine.corridorReport({ id: COR, code: 'COR-1', name: 'East', status: 'open' }, open);
  };
  return { engine, observe, tick, derived, raised, resolved, report };
}

const kinds = (events: DerivedEvent[]) =>
  events.map((d) => (d.type === 'AlertRaised' ? d.payload.kind : d.type));

describe('accountability rules', () => {
  it('raises an alert naming the people missing between two checkpoints, per category, with the numbers', () => {
    const s = setUp();
    s.observe(passage(1, { checkpointId: CP.entry }, { people: LOAD, stretcherCases: 2 }));
    expect(s.raised()).toEqual([]);
    const out = s.observe(
      passage(8, { checkpointId: CP.mid }, { people: { ...LOAD, men: 47, girls: 19 }, stretcherCases: 2 }),
    );
    expect(kinds(out)).toEqual(['people-missing']);
    const alert = out[0]!;
    expect(alert.type === 'AlertRaised' && alert.payload).toMatchObject({
      code: 'ALR-0001',
      severity: 'critical',
      checkpointId: CP.mid,
      convoyId: CVY,
      numbers: { before: 130, after: 126, men: 3, girls: 1 },
      since: iso(8),
    });
    expect(alert.type === 'AlertRaised' && alert.payload.reason).toBe(
      'CVY-0001: 3 fewer men (47 vs 50) and 1 fewer girl (19 vs 20) at CP-12 intermediate than at CP-11 entry, 2016-12-15 08:08 UTC',
    );
    // The same shortfall seen again further on is not a new alert.
    s.observe(passage(15, { checkpointId: CP.exit }, { people: { ...LOAD, men: 47, girls: 19 } }));
    expect(s.raised()).toHaveLength(1);
  });

  it('resolves the alert a tally raised once that tally is voided', () => {
    const s = setUp();
    s.observe(passage(1, { checkpointId: CP.entry }, { people: LOAD, stretcherCases: 2 }));
    const short = passage(8, { checkpointId: CP.mid }, { people: { ...LOAD, men: 40 }, stretcherCases: 2 });
    expect(kinds(s.observe(short))).toEqual(['people-missing']);
    const passageId = (short.payload as { passageId: string }).passageId;
    const out = s.observe(ev('PassageVoided', 9, { passageId, reason: 'counted the wrong bus' }));
    expect(kinds(out)).toEqual(['AlertResolved']);
    expect(s.raised()).toHaveLength(1);
  });

  it('alerts when something carried (a wheelchair) was counted at one station and fewer of it at the next', () => {
    const s = setUp();
    const carried = { wheelchairs: 2, oxygen: 1, luggage: 40 };
    s.observe(passage(1, { checkpointId: CP.entry }, { people: LOAD, carried }));
    // Not counted at the middle: unknown, not none.
    s.observe(passage(8, { checkpointId: CP.mid }, { people: LOAD }));
    expect(s.raised()).toEqual([]);
    // Luggage not counted at the exit: only what was counted is compared.
    const out = s.observe(
      passage(15, { checkpointId: CP.exit }, { people: LOAD, carried: { wheelchairs: 1, oxygen: 1 } }),
    );
    expect(kinds(out)).toEqual(['items-missing']);
    const alert = out[0]!;
    expect(alert.type === 'AlertRaised' && alert.payload).toMatchObject({
      severity: 'warning',
      checkpointId: CP.exit,
      numbers: { wheelchairs: 1 },
    });
    expect(alert.type === 'AlertRaised' && alert.payload.reason).toBe(
      'CVY-0001: 1 wheelchairs fewer at CP-19 exit than at CP-11 entry, 2016-12-15 08:15 UTC',
    );
    // Found after all (a recount at the exit): the alert resolves.
    const recount = s.observe(
      passage(16, { checkpointId: CP.exit }, { people: LOAD, carried: { wheelchairs: 2, oxygen: 1 } }),
    );
    expect(kinds(recount)).toContain('AlertResolved');
  });

  it('compares each kind carried with the last station that counted it, passing over one that did not', () => {
    const s = setUp();
    s.observe(passage(1, { checkpointId: CP.entry }, { people: LOAD, carried: { wheelchairs: 2 } }));
    // The middle counted luggage only: the wheelchairs are compared with the entry's.
    s.observe(passage(8, { checkpointId: CP.mid }, { people: LOAD, carried: { luggage: 10 } }));
    const out = s.observe(
      passage(15, { checkpointId: CP.exit }, { people: LOAD, carried: { wheelchairs: 1 } }),
    );
    expect(kinds(out)).toEqual(['items-missing']);
    expect(out[0]!.type === 'AlertRaised' && out[0]!.payload).toMatchObject({
      numbers: { wheelchairs: 1 },
      reason: 'CVY-0001: 1 wheelchairs fewer at CP-19 exit than at CP-11 entry, 2016-12-15 08:15 UTC',
    });
  });

  it('alerts when the convoys bound for a reception point bring more pets or equipment than it has room for', () => {
    const s = setUp();
    const RP2 = 'c0000000-0000-7000-8000-0000000000a2';
    const [A, B] = ['e0000000-0000-7000-8000-0000000000a1', 'e0000000-0000-7000-8000-0000000000a2'];
    s.observe(
      ev('ReceptionPointEstablished', 0, {
        receptionPointId: RP2,
        code: 'RP-2',
        name: 'Shelter',
        location: { type: 'Point', coordinates: [36.05, 0.01] },
        capacity: 500,
        // Room for 5 pets and 2 oxygen cylinders; nothing said of luggage.
        room: { pets: 5, oxygen: 2 },
      }),
    );
    for (const [id, code] of [
      [A, 'CVY-0002'],
      [B, 'CVY-0003'],
    ] as const)
      s.observe(
        ev('ConvoyPlanned', 1, {
          convoyId: id,
          code,
          corridorId: COR,
          vehicleIds: [],
          receptionPointId: RP2,
        }),
      );
    const manifest = (id: string, minutes: number, carried: Record<string, number>) =>
      s.observe(ev('ManifestRecorded', minutes, { convoyId: id, people: LOAD, stretcherCases: 0, carried }));
    expect(manifest(A, 2, { pets: 3, oxygen: 1, luggage: 900 })).toEqual([]);
    const out = manifest(B, 3, { pets: 3, oxygen: 1 });
    expect(kinds(out)).toEqual(['room-short']);
    expect(out[0]!.type === 'AlertRaised' && out[0]!.payload).toMatchObject({
      severity: 'warning',
      key: `room-short:${RP2}`,
      numbers: { pets: 1 },
      since: iso(3),
      reason:
        'RP-2: the convoys bound for it that counted them (CVY-0002, CVY-0003) bring 6 pets; it has room for 5 pets',
    });
    // A count at a station that counted only luggage leaves the pets as the manifest had them.
    const luggageOnly = s.observe(
      passage(4, { checkpointId: CP.entry }, { convoyId: A, people: LOAD, carried: { luggage: 880 } }),
    );
    expect(kinds(luggageOnly)).not.toContain('AlertResolved');
    // A corrected manifest with fewer pets: there is room again, and the alert resolves.
    expect(kinds(manifest(B, 5, { pets: 2, oxygen: 1 }))).toEqual(['AlertResolved']);
    // The first reception point has no room recorded: nothing is compared there.
    expect(s.raised().filter((d) => d.type === 'AlertRaised' && d.payload.key.includes(RP))).toEqual([]);
  });

  it('lets camera counts differ within their error, and alerts beyond it', () => {
    const s = setUp();
    s.observe(passage(1, { checkpointId: CP.entry }, { people: LOAD }));
    // 130 people, 3%: the camera may be off by 4.
    s.observe(passage(8, { checkpointId: CP.mid }, { source: 'camera', peopleTotal: 134 }));
    s.observe(passage(9, { checkpointId: CP.mid }, { source: 'drone', vehicles: 3 }));
    expect(s.raised()).toEqual([]);
    const out = s.observe(passage(15, { checkpointId: CP.exit }, { source: 'camera', peopleTotal: 121 }));
    expect(kinds(out)).toEqual(['people-missing']);
  });

  it('flags more people arriving than departed as a possible manifest error', () => {
    const s = setUp();
    s.observe(passage(1, { checkpointId: CP.entry }, { people: LOAD }));
    const out = s.observe(passage(20, { receptionPointId: RP }, { people: { ...LOAD, boys: 24 } }));
    expect(kinds(out)).toEqual(['people-surplus']);
    expect(out[0]!.type === 'AlertRaised' && out[0]!.payload.reason).toContain(
      '4 more boys (24 vs 20) at RP-1 arrival than at CP-11 entry',
    );
  });

  it('keeps a late enumerator record silent, and lets it resolve the overdue alert it explains', () => {
    const s = setUp({ stoppedAfterMinutes: 60 });
    s.observe(passage(1, { checkpointId: CP.entry }, { people: LOAD }));
    // 2.2 km at 20 km/h is 6.6 min; times 1.5 plus 15 min slack: due at CP-12 by about 8:26.
    expect(s.tick(20)).toEqual([]);
    const overdue = s.tick(27);
    expect(kinds(overdue)).toEqual(['convoy-overdue']);
    expect(overdue[0]!.type === 'AlertRaised' && overdue[0]!.payload.reason).toMatch(
      /^CVY-0001 is overdue at CP-12 intermediate: expected by 2016-12-15 08:2\d UTC, last seen at CP-11 entry/,
    );
    // The enumerator at CP-12 was offline: the record of 8:09 arrives at 8:29 and fills the gap.
    const late = s.observe(passage(9, { checkpointId: CP.mid }, { people: LOAD }), 29);
    expect(kinds(late)).toEqual(['AlertResolved']);
    expect(late[0]!.type === 'AlertResolved' && late[0]!.payload.alertId).toBe(
      overdue[0]!.type === 'AlertRaised' && overdue[0]!.payload.alertId,
    );
    expect(s.raised()).toHaveLength(1);
  });

  it('raises nothing for a record that arrives hours late, after the convoy has gone on', () => {
    const s = setUp();
    s.observe(passage(1, { checkpointId: CP.entry }, { people: LOAD }));
    s.observe(passage(8, { checkpointId: CP.mid }, { source: 'camera', peopleTotal: 129 }));
    s.observe(passage(15, { checkpointId: CP.exit }, { people: LOAD }));
    s.observe(passage(20, { receptionPointId: RP }, { people: LOAD }));
    s.observe(ev('ConvoyStatusChanged', 21, { convoyId: CVY, status: 'arrived' }));
    s.observe(passage(8, { checkpointId: CP.mid }, { people: LOAD }), 300);
    s.tick(400);
    expect(s.derived).toEqual([]);
  });

  it('says a convoy has stopped when it makes no progress, and resolves it when it moves', () => {
    const s = setUp({ overdueSlackMinutes: 600 });
    s.observe(passage(1, { checkpointId: CP.entry }, { people: LOAD }));
    const position = (minutes: number, lon: number) =>
      passage(
        minutes,
        {},
        {
          source: 'position',
          vehicleIds: [VEH[0]!],
          location: { type: 'Point', coordinates: [lon, 0.0001] },
        },
      );
    s.observe(position(5, 36.01));
    // Standing still (a few metres of GPS jitter) is no progress.
    s.observe(position(15, 36.0101));
    s.observe(position(24, 36.0102));
    expect(s.tick(24)).toEqual([]);
    const stopped = s.tick(26);
    expect(kinds(stopped)).toEqual(['convoy-stopped']);
    expect(stopped[0]!.type === 'AlertRaised' && stopped[0]!.payload.since).toBe(iso(25));
    const moving = s.observe(position(30, 36.02));
    expect(kinds(moving)).toEqual(['AlertResolved']);
  });

  it('notices a vehicle that left its convoy, by the count and by the plates seen', () => {
    const s = setUp();
    s.observe(passage(1, { checkpointId: CP.entry }, { people: LOAD, vehicles: 3 }));
    const out = s.observe(
      passage(8, { checkpointId: CP.mid }, { source: 'camera', plates: ['BUS-1', 'bus 3'], peopleTotal: 88 }),
    );
    expect(kinds(out).sort()).toEqual(['people-missing', 'vehicle-detached']);
    const detached = out.find((d) => d.type === 'AlertRaised' && d.payload.kind === 'vehicle-detached')!;
    expect(detached.type === 'AlertRaised' && detached.payload).toMatchObject({
      vehicleId: VEH[1],
      reason: 'CVY-0001: 2 of 3 vehicles at CP-12 intermediate (VEH-002 not seen), 2016-12-15 08:08 UTC',
    });
  });

  it('matches a passage to its convoy by plates, and raises an alert for one it cannot match', () => {
    const s = setUp();
    const matched = s.observe(
      passage(
        1,
        { checkpointId: CP.entry },
        { convoyId: undefined, plates: ['BUS-1', 'BUS-2', 'BUS-3'], people: LOAD },
      ),
    );
    expect(matched.map((d) => d.type)).toEqual(['PassageMatched']);
    expect(matched[0]!.payload).toMatchObject({ convoyId: CVY, method: 'plates' });

    const unknown = passage(
      2,
      { checkpointId: CP.entry },
      { convoyId: undefined, plates: ['XX-999'], vehicles: 1 },
    );
    const out = s.observe(unknown);
    expect(kinds(out)).toEqual(['unknown-convoy']);
    expect(out[0]!.type === 'AlertRaised' && out[0]!.payload.reason).toContain('unregistered plate XX-999');
    const passageId = (unknown.payload as { passageId: string }).passageId;
    const resolved = s.observe(ev('PassageMatched', 30, { passageId, convoyId: CVY, method: 'manual' }));
    expect(resolved.map((d) => d.type)).toContain('AlertResolved');

    // One of no known convoy that is voided needs none any more.
    const stray = passage(
      31,
      { checkpointId: CP.entry },
      { convoyId: undefined, plates: ['YY-1'], vehicles: 1 },
    );
    expect(kinds(s.observe(stray))).toEqual(['unknown-convoy']);
    const strayId = (stray.payload as { passageId: string }).passageId;
    const voided = s.observe(ev('PassageVoided', 32, { passageId: strayId, reason: 'a taxi, not a convoy' }));
    expect(voided.map((d) => d.type)).toEqual(['AlertResolved']);
  });

  it('flags a passage at an exit dated before the entry', () => {
    const s = setUp();
    s.observe(passage(10, { checkpointId: CP.entry }, { people: LOAD }));
    const out = s.observe(passage(3, { checkpointId: CP.exit }, { people: LOAD }), 11);
    expect(kinds(out)).toEqual(['out-of-order']);
  });

  it('warns before a corridor window ends with convoys in transit, and again when it has ended', () => {
    const s = setUp({ overdueSlackMinutes: 10_000, stoppedAfterMinutes: 10_000 }, [
      { start: iso(-120), end: iso(120) },
    ]);
    expect(s.tick(30)).toEqual([]);
    expect(kinds(s.tick(61))).toEqual(['window-ending']);
    const ended = s.tick(121);
    expect(ended.map((d) => (d.type === 'AlertRaised' ? d.payload.kind : d.type))).toEqual([
      'AlertResolved',
      'window-ended',
    ]);
    const arrived = s.observe(ev('ConvoyStatusChanged', 130, { convoyId: CVY, status: 'arrived' }));
    expect(kinds(arrived)).toEqual(['AlertResolved']);
  });

  it('warns as an agreed pause window over the route nears its end, and forgets a cancelled one', () => {
    const s = setUp({ overdueSlackMinutes: 10_000, stoppedAfterMinutes: 10_000 });
    const area = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [35.99, -0.01],
          [36.05, -0.01],
          [36.05, 0.01],
          [35.99, 0.01],
          [35.99, -0.01],
        ],
      ] as [number, number][][],
    };
    s.observe(
      ev('PauseWindowAgreed', 1, {
        windowId: 'w0000000-0000-7000-8000-000000000001',
        code: 'WIN-1',
        kind: 'humanitarian-pause',
        start: iso(-120),
        end: iso(90),
        area,
        corridorIds: [],
        agreedBy: [],
      }),
    );
    expect(kinds(s.tick(31))).toEqual(['window-ending']);
    const cancelled = s.observe(
      ev('PauseWindowCancelled', 32, { windowId: 'w0000000-0000-7000-8000-000000000001', reason: 'broken' }),
    );
    expect(kinds(cancelled)).toEqual(['AlertResolved']);
    expect(s.tick(95)).toEqual([]);
  });

  it('suspends an open corridor when a critical incident is reported near its route, and not for a far one', () => {
    const s = setUp();
    s.observe(ev('CorridorStatusChanged', 1, { corridorId: COR, status: 'open' }));
    const incident = (code: string, lat: number, severity: 'critical' | 'serious') =>
      ev('IncidentReported', 2, {
        incidentId: `i0000000-0000-7000-8000-00000000000${code.slice(-1)}`,
        code,
        type: 'shelling',
        severity,
        location: { type: 'Point', coordinates: [36.02, lat] },
        description: 'shelling',
        reporter: 'CP-12',
      });
    expect(s.observe(incident('INC-1', 0.05, 'critical'))).toEqual([]);
    expect(s.observe(incident('INC-2', 0.001, 'serious'))).toEqual([]);
    const near = s.observe(incident('INC-3', 0.001, 'critical'));
    expect(near.map((d) => d.type)).toEqual(['CorridorStatusChanged', 'AlertRaised']);
    expect(near[0]!.payload).toMatchObject({ corridorId: COR, status: 'suspended' });
    expect(near[1]!.type === 'AlertRaised' && near[1]!.payload.reason).toBe(
      'INC-3 (shelling, critical) 111 m from the route of COR-1, which is suspended: it reopens only once the incident is closed (or by an override)',
    );
  });

  it('does not raise again an alert a person resolved, unless its numbers change', () => {
    const s = setUp();
    s.observe(passage(1, { checkpointId: CP.entry }, { people: LOAD }));
    const counted = passage(8, { checkpointId: CP.mid }, { people: { ...LOAD, men: 48 } });
    const [alert] = s.observe(counted);
    const alertId = alert!.type === 'AlertRaised' ? alert!.payload.alertId : '';
    s.observe(
      ev('AlertResolved', 9, {
        alertId,
        resolution: 'manual',
        note: 'two men stayed at CP-12 for treatment',
      }),
    );
    expect(s.observe(passage(9, { checkpointId: CP.mid }, { source: 'drone', vehicles: 3 }))).toEqual([]);
    // A recount corrects the tally it replaces (a later tally that differs would stand beside it).
    const recount = {
      people: { ...LOAD, men: 45 },
      corrects: (counted.payload as { passageId: string }).passageId,
      reason: 'recount',
    };
    const again = s.observe(passage(10, { checkpointId: CP.mid }, recount));
    expect(kinds(again)).toEqual(['people-missing']);
  });

  it('sums per-vehicle tallies once every vehicle is counted', () => {
    const s = setUp();
    const tally = (minutes: number, v: number, p: Partial<PeopleCounts>) =>
      passage(
        minutes,
        { checkpointId: CP.entry },
        { scope: 'vehicles', vehicleIds: [VEH[v]!], people: people(p) },
      );
    s.observe(tally(1, 0, { men: 20, women: 20 }));
    s.observe(tally(2, 1, { men: 20, boys: 20 }));
    expect(s.raised()).toEqual([]);
    const out = s.observe(tally(3, 2, { men: 9, women: 20, girls: 20 }));
    expect(kinds(out)).toEqual(['people-missing']);
    expect(s.report().total.entered.total).toBe(129);
  });

  it('reports per corridor and day who entered, exited, is in transit and arrived', () => {
    const s = setUp();
    s.observe(passage(1, { checkpointId: CP.entry }, { people: LOAD }));
    let report = s.report();
    expect(report.total.inTransit.total).toBe(130);
    expect(report.accountedFor).toBe(true);
    s.observe(passage(15, { checkpointId: CP.exit }, { people: { ...LOAD, women: 38 } }));
    report = s.report();
    expect(report).toMatchObject({ accountedFor: false, unaccountedConvoys: ['CVY-0001'] });
    expect(report.days.map((d) => [d.day, d.entered.total, d.exited.total, d.inTransit.total])).toEqual([
      ['2016-12-15', 130, 128, 0],
    ]);
  });
});
