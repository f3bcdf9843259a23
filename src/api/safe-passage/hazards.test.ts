import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { verifyProjections } from '../../app/log/audit.js';
import { rebuildProjections } from '../../app/log/rebuild.js';
import { RECORD_SCHEMAS } from '../../contracts/resource-records.js';
import { DIALECTS } from '../../../test/stores.js';
import { apiOperation, eastRoadOperation, point } from '../../../test/api-harness.js';

const OP = 'hazard-test';
const base = `/api/v1/operations/${OP}`;
const box = (x0: number, y0: number, x1: number, y1: number) => [
  [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ],
];

/** The east road (test/api-harness.ts), a mine clearance NGO, a pickup point at its start and a bus. */
function setupEvents() {
  return eastRoadOperation('Hazard test', (event, cell) => [
    event('OrganisationRegistered', {
      organisationId: uuidv7(),
      code: 'MAG',
      name: 'Mine clearance NGO',
      role: 'ngo',
    }),
    event('PickupPointDefined', {
      pickupPointId: uuidv7(),
      code: 'PICK-1',
      name: 'Square',
      location: point(37.0, 36.0),
      seated: 60,
      stretcher: 0,
    }),
    event('VehicleRegistered', {
      vehicleId: uuidv7(),
      code: 'VEH-001',
      kind: 'bus',
      seats: 40,
      stretchers: 0,
      organisationId: cell,
      plate: 'T-1',
    }),
  ]);
}

for (const dialect of DIALECTS)
  describe(`hazards over the API on ${dialect}`, () => {
    const h = apiOperation(dialect, OP, setupEvents, ['coordinator', 'post-officer', 'viewer']);
    const { call, events } = h;

    it('records hazards by coordinators and post officers, and lists them with filters for everyone', async () => {
      const first = await call('POST', `${base}/hazards`, 'post-officer', {
        type: 'explosive-ordnance',
        area: { type: 'Polygon', coordinates: box(37.012, 35.995, 37.018, 36.005) },
        evidence: { kind: 'report', reference: 'radio report 14:05' },
        note: 'unexploded shell on the road',
      });
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(first.body).toMatchObject({
        code: 'HAZ-1',
        status: 'suspected',
        type: 'explosive-ordnance',
        evidence: { kind: 'report', reference: 'radio report 14:05' },
        source: null,
        statusReason: null,
      });
      const mag = (await call('GET', `${base}/organisations/MAG`, 'viewer')).body!;
      const second = await call('POST', `${base}/hazards`, 'coordinator', {
        type: 'debris',
        status: 'confirmed',
        area: {
          type: 'MultiPolygon',
          coordinates: [box(37.1, 36.1, 37.11, 36.11), box(37.2, 36.2, 37.21, 36.21)],
        },
        source: { organisationId: mag.id, document: 'survey 3' },
      });
      expect(second.status, JSON.stringify(second.body)).toBe(201);
      expect(second.body).toMatchObject({
        code: 'HAZ-2',
        status: 'confirmed',
        source: { document: 'survey 3' },
      });
      const list = await call('GET', `${base}/hazards`, 'viewer');
      expect(list.body!.items.map((h: { code: string }) => h.code)).toEqual(['HAZ-1', 'HAZ-2']);
      for (const item of list.body!.items)
        expect(RECORD_SCHEMAS.hazards.safeParse(item).error?.issues ?? []).toEqual([]);
      const confirmed = await call('GET', `${base}/hazards?status=confirmed`, 'viewer');
      expect(confirmed.body!.items.map((h: { code: string }) => h.code)).toEqual(['HAZ-2']);
      const ordnance = await call('GET', `${base}/hazards?type=explosive-ordnance`, 'viewer');
      expect(ordnance.body!.items.map((h: { code: string }) => h.code)).toEqual(['HAZ-1']);
      expect((await call('GET', `${base}/hazards/HAZ-1`, 'viewer')).body).toEqual(list.body!.items[0]);
    });

    it('refuses bad hazards with the reason, appending nothing', async () => {
      const before = await events();
      const body = { type: 'debris', area: { type: 'Polygon', coordinates: box(37, 36, 37.001, 36.001) } };
      expect((await call('POST', `${base}/hazards`, 'viewer', body)).status).toBe(403);
      const bowtie = await call('POST', `${base}/hazards`, 'coordinator', {
        ...body,
        area: {
          type: 'Polygon',
          coordinates: [
            [
              [37, 36],
              [37.01, 36.01],
              [37.01, 36],
              [37, 36.01],
              [37, 36],
            ],
          ],
        },
      });
      expect(bowtie.status).toBe(400);
      // A ring of 49,993 corners (a zigzag whose every edge spans the whole width, which a check
      // comparing edges with overlapping x-ranges compares all with all) is refused by its size first.
      const zigzag: [number, number][] = Array.from({ length: 49_992 }, (_, i) => [
        37 + (i % 2) * 0.01,
        36 + i * 1e-7,
      ]);
      const huge = await call('POST', `${base}/hazards`, 'coordinator', {
        ...body,
        area: { type: 'Polygon', coordinates: [[...zigzag, zigzag[0]!]] },
      });
      expect(huge.status).toBe(400);
      expect(huge.body!.error.message).toMatch(/at most 10,000 corners/);
      expect(bowtie.body!.error.message).toMatch(
        /not a valid polygon: outer ring: the ring intersects itself/,
      );
      for (const area of [
        {
          type: 'Polygon',
          coordinates: [
            [
              [37, 36],
              [37.01, 36],
              [37, 36.01],
            ],
          ],
        },
        {
          type: 'Polygon',
          coordinates: [
            [
              [37, 36],
              [37.01, 36],
              [37.01, 36.01],
              [37, 36.02],
            ],
          ],
        },
        { type: 'Point', coordinates: [37, 36] },
        {
          type: 'Polygon',
          coordinates: [
            [
              [37, 91],
              [37.01, 36],
              [37.01, 36.01],
              [37, 91],
            ],
          ],
        },
        'a polygon',
      ]) {
        const res = await call('POST', `${base}/hazards`, 'coordinator', { ...body, area });
        expect(res.status, JSON.stringify(area)).toBe(400);
        expect(res.body!.error.message).toMatch(/area/);
      }
      expect(
        (await call('POST', `${base}/hazards`, 'coordinator', { ...body, type: 'landslide' })).status,
      ).toBe(400);
      expect(
        (await call('POST', `${base}/hazards`, 'coordinator', { ...body, status: 'cleared' })).status,
      ).toBe(400);
      const unknownOrg = await call('POST', `${base}/hazards`, 'coordinator', {
        ...body,
        source: { organisationId: uuidv7() },
      });
      expect(unknownOrg.status).toBe(422);
      expect((await call('POST', `${base}/hazards`, 'coordinator', { ...body, code: 'HAZ-1' })).status).toBe(
        409,
      );
      expect((await call('GET', `${base}/hazards/HAZ-99`, 'viewer')).status).toBe(404);
      expect(
        (await call('POST', `${base}/hazards/HAZ-99/status`, 'coordinator', { status: 'cancelled' })).status,
      ).toBe(404);
      expect((await call('GET', `${base}/hazards/HAZ-99/clearance-tasks`, 'viewer')).status).toBe(404);
      expect(
        (
          await call('POST', `${base}/hazards/HAZ-99/clearance-tasks`, 'coordinator', {
            team: 'A',
            organisationId: 'MAG',
          })
        ).status,
      ).toBe(404);
      expect(await events()).toBe(before);
    });

    it("says which segments of a corridor's route a hazard blocks", async () => {
      const res = await call('GET', `${base}/corridors/COR-1/blocking`, 'viewer');
      expect(res.status).toBe(200);
      const hazard = (await call('GET', `${base}/hazards/HAZ-1`, 'viewer')).body!;
      expect(res.body).toMatchObject({
        code: 'COR-1',
        items: [
          {
            segment: 2,
            hazardId: hazard.id,
            code: 'HAZ-1',
            status: 'suspected',
            reason: 'segment 2 crosses HAZ-1 (suspected, not cleared)',
          },
        ],
      });
      expect((await call('GET', `${base}/corridors/COR-9/blocking`, 'viewer')).status).toBe(404);
    });

    it('closes the roads in a suspected hazard to the planner, and opens them once it is cancelled', async () => {
      const before = await events();
      const refused = await call('POST', `${base}/plans`, 'coordinator', { timeLimitSec: 1 });
      expect(refused.status, JSON.stringify(refused.body)).toBe(422);
      expect(refused.body!.error.message).toMatch(/pickup PICK-1: no open road to any reception point/);
      expect(await events()).toBe(before);

      const cancelled = await call('POST', `${base}/hazards/HAZ-1/status`, 'coordinator', {
        status: 'cancelled',
        reason: 'the shell was a burnt-out car part',
      });
      expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
      expect(cancelled.body).toMatchObject({
        status: 'cancelled',
        statusReason: 'the shell was a burnt-out car part',
      });
      expect((await call('GET', `${base}/corridors/COR-1/blocking`, 'viewer')).body!.items).toEqual([]);
      // A tiny bus-only fleet: this was a 500 before the planner's fix for fleets of one kind.
      const planned = await call('POST', `${base}/plans`, 'coordinator', { timeLimitSec: 1 });
      expect(planned.status, JSON.stringify(planned.body)).toBe(201);
      // HAZ-2 (confirmed, two polygons away from the road) is in the plan, one hazard per polygon.
      expect(planned.body!.hazards.map((h: { id: string; effect: string }) => [h.id, h.effect])).toEqual([
        ['HAZ-2/1', 'closed'],
        ['HAZ-2/2', 'closed'],
      ]);
      expect(planned.body!.summary).toMatchObject({ seated: 60 });
    });

    it('follows land release, and clears a hazard only when its clearance is done and signed off', async () => {
      const before = await events();
      const final = await call('POST', `${base}/hazards/HAZ-1/status`, 'coordinator', {
        status: 'confirmed',
      });
      expect(final.status).toBe(422);
      expect(final.body!.error.message).toContain(
        'hazard HAZ-1 cannot go from cancelled to confirmed: cancelled is final',
      );
      const early = await call('POST', `${base}/hazards/HAZ-2/status`, 'coordinator', {
        status: 'suspected',
      });
      expect(early.status).toBe(422);
      expect(early.body!.error.message).toMatch(/a confirmed hazard may become cleared, released, cancelled/);
      const none = await call('POST', `${base}/hazards/HAZ-2/status`, 'coordinator', { status: 'cleared' });
      expect(none.status).toBe(422);
      expect(none.body!.error.message).toMatch(/no clearance task/);
      const onCancelled = await call('POST', `${base}/hazards/HAZ-1/clearance-tasks`, 'coordinator', {
        team: 'Team A',
        organisationId: 'MAG',
      });
      expect(onCancelled.status).toBe(422);
      expect(
        (
          await call('POST', `${base}/hazards/HAZ-2/clearance-tasks`, 'coordinator', {
            team: 'A',
            organisationId: 'NOPE',
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await call('POST', `${base}/hazards/HAZ-2/clearance-tasks`, 'coordinator', {
            team: 'A',
            organisationId: 'MAG',
            hazardId: 'HAZ-1',
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await call('POST', `${base}/hazards/HAZ-2/clearance-tasks`, 'viewer', {
            team: 'A',
            organisationId: 'MAG',
          })
        ).status,
      ).toBe(403);
      expect(await events()).toBe(before);

      const started = await call('POST', `${base}/hazards/HAZ-2/clearance-tasks`, 'post-officer', {
        team: 'Team A',
        organisationId: 'MAG',
      });
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      const task = started.body!;
      expect(RECORD_SCHEMAS['clearance-tasks'].safeParse(task).error?.issues ?? []).toEqual([]);
      expect(task).toMatchObject({ status: 'started', team: 'Team A', qaSignedOffBy: null });
      const open = await call('POST', `${base}/hazards/HAZ-2/status`, 'coordinator', { status: 'cleared' });
      expect(open.status).toBe(422);
      expect(open.body!.error.message).toContain(
        `hazard HAZ-2 cannot be cleared: clearance task ${task.id} (Team A) is not completed with a QA sign-off`,
      );
      const progress = await call('POST', `${base}/clearance-tasks/${task.id}/progress`, 'post-officer', {
        clearedAreaM2: 1200,
        note: 'north half',
      });
      expect(progress.status, JSON.stringify(progress.body)).toBe(200);
      expect(progress.body).toMatchObject({
        clearedAreaM2: 1200,
        clearedLengthM: null,
        progressNote: 'north half',
      });
      expect(
        (await call('POST', `${base}/clearance-tasks/${task.id}/progress`, 'post-officer', {})).status,
      ).toBe(400);
      const done = await call('POST', `${base}/clearance-tasks/${task.id}/complete`, 'coordinator', {
        qaSignedOffBy: 'QA officer Hadi',
      });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      expect(done.body).toMatchObject({ status: 'completed', qaSignedOffBy: 'QA officer Hadi' });
      expect(
        (
          await call('POST', `${base}/clearance-tasks/${task.id}/complete`, 'coordinator', {
            qaSignedOffBy: 'X',
          })
        ).status,
      ).toBe(422);
      expect(
        (await call('POST', `${base}/clearance-tasks/${task.id}/progress`, 'coordinator', { note: 'more' }))
          .status,
      ).toBe(422);
      const tasks = await call('GET', `${base}/hazards/HAZ-2/clearance-tasks`, 'viewer');
      expect(tasks.body!.items).toEqual([done.body]);
      expect((await call('GET', `${base}/clearance-tasks?status=completed`, 'viewer')).body!.total).toBe(1);

      const cleared = await call('POST', `${base}/hazards/HAZ-2/status`, 'coordinator', {
        status: 'cleared',
      });
      expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
      expect(cleared.body).toMatchObject({ status: 'cleared' });
      expect(RECORD_SCHEMAS.hazards.safeParse(cleared.body).error?.issues ?? []).toEqual([]);
    });

    it('keeps hazards and clearance tasks as folds of the log', async () => {
      expect(await verifyProjections(h.t.ctx)).toEqual({ ok: true });
      const before = await h.snapshot();
      expect(before.hazards).toHaveLength(2);
      expect(before.clearance_tasks).toHaveLength(1);
      await rebuildProjections(h.t.ctx);
      expect(await h.snapshot()).toEqual(before);
    });
  });
