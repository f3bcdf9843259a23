import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { EventSubmission } from '../../contracts/events.js';
import { countEvents } from '../../store/event-log.js';
import { dumpTable, findRow } from '../../store/queries.js';
import { DEMO, SYSTEM, append, idOf, passage } from '../../../test/fixtures.js';
import { DIALECTS, demoStore, type TestStore } from '../../../test/stores.js';
import { recordChanges } from './record-changes.js';
import { createContext } from '../context.js';

const line = {
  type: 'LineString',
  coordinates: [
    [37.1, 36.2],
    [37.2, 36.2],
  ],
};
const location = { type: 'Point', coordinates: [37.1, 36.2] };

const event = (type: EventSubmission['type'], payload: unknown, occurredAt = new Date().toISOString()) =>
  ({ id: uuidv7(), type, schemaVersion: 1, occurredAt, payload }) as EventSubmission;

/**
 * A movement notification of a demo corridor sent at `sentAt` for a window from `start` (the demo
 * asks a day's notice), acknowledged by its one party, and the corridor notified: what ready needs
 * besides a clear route and checkpoints.
 */
function notified(corridorId: string, party: string, sentAt: string, start: string): EventSubmission[] {
  const notificationId = uuidv7();
  const end = new Date(Date.parse(start) + 86_400_000).toISOString();
  return [
    event(
      'MovementNotified',
      {
        notificationId,
        code: `NTF-${corridorId.slice(-4).toUpperCase()}`,
        corridorId,
        window: { start, end },
        route: line,
        vehicles: {},
        parties: [party],
      },
      sentAt,
    ),
    event(
      'MovementAcknowledged',
      { acknowledgementId: uuidv7(), notificationId, organisationId: party, acknowledgedBy: 'Liaison' },
      sentAt,
    ),
    event('CorridorStatusChanged', { corridorId, status: 'notified' }, sentAt),
  ];
}

for (const dialect of DIALECTS) {
  describe(`appending events on ${dialect}`, () => {
    let t: TestStore;
    beforeEach(async () => {
      t = await demoStore(dialect);
    });
    afterEach(() => t.cleanup());

    it('lets an event refer to one earlier in the same batch', async () => {
      const corridorId = uuidv7();
      const [entry, exit] = [uuidv7(), uuidv7()];
      const at = (m: number) => new Date(Date.now() - 60_000 + m * 1000).toISOString();
      await append(t.ctx, [
        event('CorridorDeclared', { corridorId, code: 'COR-8', name: 'Test corridor', route: line }, at(0)),
        event(
          'CheckpointEstablished',
          {
            checkpointId: entry,
            code: 'CP-81',
            corridorId,
            kind: 'entry',
            name: 'In',
            location: { type: 'Point', coordinates: [37.1, 36.2] },
            ordinal: 0,
          },
          at(1),
        ),
        event(
          'CheckpointEstablished',
          {
            checkpointId: exit,
            code: 'CP-89',
            corridorId,
            kind: 'exit',
            name: 'Out',
            location: { type: 'Point', coordinates: [37.2, 36.2] },
            ordinal: 9,
          },
          at(2),
        ),
        event(
          'PauseWindowAgreed',
          {
            windowId: uuidv7(),
            code: 'WIN-8',
            kind: 'humanitarian-pause',
            start: at(3),
            end: at(3000),
            corridorIds: [corridorId],
          },
          at(3),
        ),
      ]);
      const corridor = await findRow(t.store.db, 'corridors', DEMO, 'COR-8', false);
      expect(corridor).toMatchObject({ status: 'planned', code: 'COR-8' });
      const window = await findRow(t.store.db, 'pause_windows', DEMO, 'WIN-8', false);
      expect(JSON.parse(window!.corridor_ids)).toEqual([corridorId]);
    });

    it('will not make a corridor ready without an entry or without an exit checkpoint', async () => {
      const corridorId = uuidv7();
      const party = await idOf(t.ctx, 'organisations', 'AOG-EA');
      const sentAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
      await append(t.ctx, [
        event('CorridorDeclared', { corridorId, code: 'COR-9', name: 'No exit', route: line }, sentAt),
        ...notified(corridorId, party, sentAt, new Date().toISOString()),
      ]);
      await expect(
        append(t.ctx, [event('CorridorStatusChanged', { corridorId, status: 'ready' })]),
      ).rejects.toMatchObject({
        code: 'rule_violated',
        details: { unmet: ['COR-9 has no entry checkpoint', 'COR-9 has no exit checkpoint'] },
      });
      await append(t.ctx, [
        event('CheckpointEstablished', {
          checkpointId: uuidv7(),
          code: 'CP-91',
          corridorId,
          kind: 'entry',
          name: 'In',
          location,
          ordinal: 0,
        }),
      ]);
      await expect(
        append(t.ctx, [event('CorridorStatusChanged', { corridorId, status: 'ready' })]),
      ).rejects.toThrow(/no exit checkpoint/);
    });

    it('refuses a corridor of a stage the operation does not have', async () => {
      await expect(
        append(t.ctx, [
          event('CorridorDeclared', {
            corridorId: uuidv7(),
            code: 'COR-10',
            name: 'x',
            stageKey: 'STAGE-9',
            route: line,
          }),
        ]),
      ).rejects.toMatchObject({ code: 'rule_violated', details: { field: 'stageKey' } });
    });

    it('refuses a back-dated opening once the window has ended, except when replaying history', async () => {
      const corridorId = uuidv7();
      const window = { start: '2020-01-01T00:00:00Z', end: '2020-01-02T00:00:00Z' };
      await append(t.ctx, [
        event(
          'CorridorDeclared',
          {
            corridorId,
            code: 'COR-11',
            name: 'Old window',
            route: line,
            windows: [window],
          },
          '2019-12-01T00:00:00Z',
        ),
        event('CheckpointEstablished', {
          checkpointId: uuidv7(),
          code: 'CP-111',
          corridorId,
          kind: 'entry',
          name: 'In',
          location,
          ordinal: 0,
        }),
        event('CheckpointEstablished', {
          checkpointId: uuidv7(),
          code: 'CP-119',
          corridorId,
          kind: 'exit',
          name: 'Out',
          location,
          ordinal: 9,
        }),
        ...notified(
          corridorId,
          await idOf(t.ctx, 'organisations', 'AOG-EA'),
          '2019-12-02T00:00:00Z',
          window.start,
        ),
        event('CorridorStatusChanged', { corridorId, status: 'ready' }, '2019-12-03T00:00:00Z'),
      ]);
      const backdated = event(
        'CorridorStatusChanged',
        { corridorId, status: 'open' },
        '2020-01-01T12:00:00Z',
      );
      const coordinator = {
        actor: 'token:x',
        role: 'coordinator' as const,
        organisationId: null,
        operationId: DEMO,
      };
      await expect(append(t.ctx, [backdated], coordinator)).rejects.toThrow(
        /outside the opening window 2020-01-01T00:00Z\.\.2020-01-02T00:00Z/,
      );
      await append(t.ctx, [backdated], SYSTEM);
    });

    it('refuses a manifest after arrival and one that does not fit the vehicles', async () => {
      const arrived = await idOf(t.ctx, 'convoys', 'CVY-0001');
      await expect(
        append(t.ctx, [event('ManifestRecorded', { convoyId: arrived, people: { men: 1 } })]),
      ).rejects.toThrow(/has arrived/);
      const boarding = await idOf(t.ctx, 'convoys', 'CVY-0003'); // 20 buses of 45 seats, 6 ambulances
      await expect(
        append(t.ctx, [event('ManifestRecorded', { convoyId: boarding, people: { men: 100_000 } })]),
      ).rejects.toMatchObject({ code: 'rule_violated', details: { seats: 912, stretchers: 12 } });
      await expect(
        append(t.ctx, [
          event('ManifestRecorded', { convoyId: boarding, people: { men: 20 }, stretcherCases: 13 }),
        ]),
      ).rejects.toThrow(/13 on stretchers/);
      await append(t.ctx, [
        event('ManifestRecorded', { convoyId: boarding, people: { men: 900 }, stretcherCases: 12 }),
      ]);
    });

    it('treats an id sent in upper case as the same event', async () => {
      const checkpoint = await idOf(t.ctx, 'checkpoints', 'CP-71');
      const e = passage(checkpoint, { men: 2 });
      await append(t.ctx, [e]);
      const again = await append(t.ctx, [{ ...e, id: e.id.toUpperCase() }]);
      expect(again).toMatchObject({ appended: 0, duplicates: 1, outcomes: ['duplicate'] });
    });

    it('refuses another change sent under a used id, naming what differs, and records nothing', async () => {
      const checkpoint = await idOf(t.ctx, 'checkpoints', 'CP-71');
      const e = passage(checkpoint, { men: 2 });
      await append(t.ctx, [e]);
      const before = await countEvents(t.store.db);
      const other = { ...e, payload: { ...e.payload, note: 'not the same' } } as typeof e;
      const fresh = passage(checkpoint, { men: 1 });
      const refusal = await append(t.ctx, [fresh, e, other]).catch((error: unknown) => error);
      expect(refusal).toMatchObject({ code: 'conflict', details: { index: 2, differs: ['payload.note'] } });
      expect(await countEvents(t.store.db)).toBe(before);
      const later = { ...e, occurredAt: new Date(Date.parse(e.occurredAt) - 60_000).toISOString() };
      await expect(append(t.ctx, [later])).rejects.toMatchObject({ details: { differs: ['occurredAt'] } });
    });

    it("refuses a client that names an event's site or number: the node gives both", async () => {
      const checkpoint = await idOf(t.ctx, 'checkpoints', 'CP-71');
      const enumerator = {
        actor: 'token:x',
        role: 'enumerator' as const,
        organisationId: null,
        operationId: DEMO,
      };
      const forged = { ...passage(checkpoint, { men: 1 }), originSite: t.store.siteId, originSeq: 2 ** 40 };
      await expect(append(t.ctx, [forged], enumerator)).rejects.toMatchObject({
        details: { field: 'originSite' },
      });
      const unsited = { ...passage(checkpoint, { men: 1 }), originSeq: 2 ** 40 };
      await expect(append(t.ctx, [unsited], enumerator)).rejects.toMatchObject({
        details: { field: 'originSeq' },
      });
      const device = { ...passage(checkpoint, { men: 1 }), originSite: 'phone-17', originSeq: 4 };
      await expect(append(t.ctx, [device], enumerator)).rejects.toMatchObject({
        details: { field: 'originSite' },
      });
      const before = await t.store.db
        .selectFrom('site_heads')
        .selectAll()
        .where('origin_site', '=', t.store.siteId)
        .executeTakeFirstOrThrow();
      const { events } = await append(t.ctx, [passage(checkpoint, { men: 1 })], enumerator);
      expect(events[0]).toMatchObject({ originSite: t.store.siteId, originSeq: before.origin_seq + 1 });
    });

    it('refuses a stage that ends before it starts', async () => {
      await expect(
        recordChanges(
          t.ctx,
          'staged-op',
          SYSTEM,
          [
            event('OperationCreated', {
              name: 'x',
              description: '',
              timezone: 'UTC',
              stages: [
                { key: 'S-1', name: 'one', start: '2020-02-01T00:00:00Z', end: '2020-01-01T00:00:00Z' },
              ],
            }),
          ],
          { mode: 'replay' },
        ),
      ).rejects.toMatchObject({ code: 'invalid_input' });
    });

    it('opens a corridor only inside its opening windows', async () => {
      const cor1 = await idOf(t.ctx, 'corridors', 'COR-7');
      await append(
        t.ctx,
        [event('CorridorStatusChanged', { corridorId: cor1, status: 'suspended' })],
        SYSTEM,
      );
      await expect(
        append(t.ctx, [event('CorridorStatusChanged', { corridorId: cor1, status: 'open' })]),
      ).rejects.toMatchObject({
        code: 'rule_violated',
        details: {
          unmet: [
            'outside the opening window 2016-12-15T00:00Z..2016-12-22T23:59Z',
            'outside the ceasefire window WIN-1 2016-12-15T00:00Z..2016-12-22T23:59Z',
          ],
        },
      });
    });

    it('refuses a checkpoint of another operation', async () => {
      const other = 'other-op';
      await recordChanges(
        t.ctx,
        other,
        SYSTEM,
        [event('OperationCreated', { name: 'Other', description: 'x', timezone: 'UTC' })],
        { mode: 'replay' },
      );
      const checkpoint = await idOf(t.ctx, 'checkpoints', 'CP-71');
      await expect(
        recordChanges(t.ctx, other, SYSTEM, [passage(checkpoint, { men: 1 })], { mode: 'replay' }),
      ).rejects.toMatchObject({
        code: 'rule_violated',
        details: { field: 'checkpointId', index: 0 },
      });
    });

    it('refuses a time far in the future and appends nothing', async () => {
      const checkpoint = await idOf(t.ctx, 'checkpoints', 'CP-71');
      const before = await countEvents(t.store.db);
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
      await expect(
        append(t.ctx, [passage(checkpoint, { men: 1 }, { occurredAt: tomorrow })]),
      ).rejects.toMatchObject({
        code: 'invalid_input',
      });
      expect(await countEvents(t.store.db)).toBe(before);
    });

    it('lets the convoys of an adopted plan share vehicles, and no other convoy take them', async () => {
      const [bus, cor7, rp3] = await Promise.all([
        idOf(t.ctx, 'vehicles', 'VEH-250'),
        idOf(t.ctx, 'corridors', 'COR-7'),
        idOf(t.ctx, 'reception_points', 'RP-3'),
      ]);
      const planId = uuidv7();
      const proposed = (id: string, code: string, vehicleId = bus) =>
        event('PlanProposed', {
          planId: id,
          code,
          start: new Date().toISOString(),
          timeLimitSec: 1,
          baseline: true,
          network: 'corridors',
          makespanMin: 0,
          lowerBoundMin: 0,
          bounds: { singleTripMin: 0, fleetWorkloadMin: 0, cutCapacityMin: 0, lpMin: null },
          summary: { pickups: 0, seated: 0, stretcher: 0, vehicles: 1, legs: 0 },
          places: [{ key: 'RP-3', kind: 'reception-point', id: rp3, location }],
          vehicles: [{ vehicleId, kind: 'bus', depot: 'RP-3', legs: [] }],
        });
      await expect(append(t.ctx, [proposed(uuidv7(), 'PLAN-9', uuidv7())])).rejects.toMatchObject({
        code: 'rule_violated',
      });
      const other = uuidv7();
      await append(t.ctx, [proposed(planId, 'PLAN-1'), proposed(other, 'PLAN-2')]);
      // Codes clear of the demo's own convoys (CVY-0001 to CVY-0153).
      const convoy = (code: string, extra: object = { planId }) =>
        event('ConvoyPlanned', { convoyId: uuidv7(), code, corridorId: cor7, vehicleIds: [bus], ...extra });
      await expect(append(t.ctx, [convoy('CVY-0901')])).rejects.toThrow(/PLAN-1 is proposed/);
      await expect(append(t.ctx, [event('PlanAdopted', { planId, supersedes: [planId] })])).rejects.toThrow(
        /not another proposed plan/,
      );
      await append(t.ctx, [
        event('PlanAdopted', { planId, supersedes: [other] }),
        convoy('CVY-0901'),
        convoy('CVY-0902'),
      ]);
      expect((await findRow(t.store.db, 'plans', DEMO, 'PLAN-2', false))!.status).toBe('superseded');
      await expect(append(t.ctx, [convoy('CVY-0903', {})])).rejects.toThrow(
        /VEH-250 is already on convoy CVY-0901/,
      );
      await expect(append(t.ctx, [event('PlanAdopted', { planId })])).rejects.toMatchObject({
        code: 'conflict',
      });
    });

    it('refuses a code already used and a plate already registered', async () => {
      const org = await idOf(t.ctx, 'organisations', 'CELL');
      const vehicle = {
        vehicleId: uuidv7(),
        code: 'VEH-001',
        kind: 'bus',
        seats: 40,
        stretchers: 0,
        organisationId: org,
        plate: 'X-1',
      };
      await expect(append(t.ctx, [event('VehicleRegistered', vehicle)])).rejects.toMatchObject({
        code: 'conflict',
      });
      await expect(
        append(t.ctx, [event('VehicleRegistered', { ...vehicle, code: 'VEH-999', plate: 'DEMO-B-001' })]),
      ).rejects.toThrow(/plate DEMO-B-001/);
    });

    it('appends a batch with a repeated id once', async () => {
      const checkpoint = await idOf(t.ctx, 'checkpoints', 'CP-71');
      const e = passage(checkpoint, { men: 2 });
      const outcome = await append(t.ctx, [e, e]);
      expect(outcome).toMatchObject({ appended: 1, duplicates: 1 });
      expect(outcome.events[0]!.seq).toBe(outcome.events[1]!.seq);
    });

    it('records the time the store accepted an event apart from when it happened', async () => {
      const checkpoint = await idOf(t.ctx, 'checkpoints', 'CP-71');
      const clock = createContext(t.store, () => new Date('2026-01-02T03:04:05.000Z'));
      const { events } = await recordChanges(
        clock,
        DEMO,
        SYSTEM,
        [passage(checkpoint, { men: 1 }, { occurredAt: '2026-01-02T01:00:00+02:00' })],
        { mode: 'replay' },
      );
      expect(events[0]).toMatchObject({
        occurredAt: '2026-01-01T23:00:00.000Z',
        recordedAt: '2026-01-02T03:04:05.000Z',
      });
    });

    it('lets an enumerator record passages and nothing else', async () => {
      const enumerator = {
        actor: 'token:x',
        role: 'enumerator' as const,
        organisationId: null,
        operationId: DEMO,
      };
      const checkpoint = await idOf(t.ctx, 'checkpoints', 'CP-71');
      await append(t.ctx, [passage(checkpoint, { men: 1 })], enumerator);
      const cor7 = await idOf(t.ctx, 'corridors', 'COR-7');
      await expect(
        append(t.ctx, [event('CorridorStatusChanged', { corridorId: cor7, status: 'closed' })], enumerator),
      ).rejects.toMatchObject({ code: 'forbidden' });
      expect((await dumpTable(t.store.db, 'corridors')).find((c) => c.id === cor7)?.status).toBe('open');
    });
  });
}
