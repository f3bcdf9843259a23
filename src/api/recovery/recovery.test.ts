import { describe, expect, it } from 'vitest';
import { rebuildProjections } from '../../app/log/rebuild.js';
import { RECORD_SCHEMAS } from '../../contracts/resource-records.js';
import { DIALECTS } from '../../../test/stores.js';
import { apiOperation } from '../../../test/api-harness.js';
import { recoveryOperation } from '../../../test/recovery-operation.js';

const OP = 'recovery-test';
const base = `/api/v1/operations/${OP}`;
for (const dialect of DIALECTS) {
  describe(`recovery per area over the API (${dialect})`, () => {
    const h = apiOperation(dialect, OP, recoveryOperation('Recovery test'), [
      'coordinator',
      'reporting',
      'viewer',
      'post-officer',
    ]);

    it('records returns by sex and age from where, and lists them per area', async () => {
      const res = await h.call('POST', `${base}/returns`, 'reporting', {
        areaId: 'NBH-1',
        fromAreaId: 'NBH-2',
        people: { men: 40, women: 45, boys: 20, girls: 22, elderlyMen: 3, elderlyWomen: 5 },
        sourceOrganisationId: 'NGO',
        sourceDocument: 'Return monitoring, round 1',
        method: 'counted',
      });
      expect(res.status).toBe(201);
      expect(RECORD_SCHEMAS.returns.safeParse(res.body).success).toBe(true);
      await h.call('POST', `${base}/returns`, 'post-officer', {
        areaId: 'NBH-1',
        fromPlace: 'Jibreen shelter',
        people: { men: 10 },
        sourceOrganisationId: 'NGO',
        method: 'estimated',
      });
      const list = await h.call('GET', `${base}/returns?area=NBH-1`, 'viewer');
      expect(list.body!.total).toBe(2);
    });

    it('follows service and access status over time, the latest one standing', async () => {
      const at = (h: number) => new Date(Date.now() - h * 60_000).toISOString();
      for (const [status, minutesAgo] of [
        ['not-functional', 50],
        ['partly', 30],
        ['functional', 10],
      ] as const) {
        const res = await h.call('POST', `${base}/service-statuses`, 'coordinator', {
          areaId: 'NBH-1',
          service: 'water',
          status,
          sourceOrganisationId: 'NGO',
          occurredAt: at(minutesAgo),
        });
        expect(res.status).toBe(201);
      }
      await h.call('POST', `${base}/service-statuses`, 'coordinator', {
        areaId: 'NBH-1',
        service: 'bakery',
        status: 'partly',
        facilities: 3,
        sourceOrganisationId: 'NGO',
      });
      const access = await h.call('POST', `${base}/access-statuses`, 'coordinator', {
        areaId: 'NBH-2',
        status: 'restricted',
        reason: 'Debris on the main road',
        sourceOrganisationId: 'NGO',
      });
      expect(access.status).toBe(201);
      const recovery = await h.call('GET', `${base}/recovery`, 'viewer');
      expect(recovery.status).toBe(200);
      const north = recovery.body!.areas.find((a: { code: string }) => a.code === 'NBH-1');
      expect(north.services.water).toMatchObject({ status: 'functional', observations: 3, source: 'NGO' });
      expect(north.services.bakery).toMatchObject({ status: 'partly', facilities: 3 });
      expect(north.returns).toMatchObject({ total: 145, from: { 'NBH-2': 135, 'Jibreen shelter': 10 } });
      const south = recovery.body!.areas.find((a: { code: string }) => a.code === 'NBH-2');
      expect(south.access).toMatchObject({ status: 'restricted', reason: 'Debris on the main road' });
    });

    it('records aid deliveries: who does what where', async () => {
      const res = await h.call('POST', `${base}/aid-deliveries`, 'reporting', {
        organisationId: 'NGO',
        sector: 'food',
        item: 'Food parcels',
        quantity: 1200,
        unit: 'parcels',
        areaId: 'NBH-2',
        beneficiaries: 6000,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ sector: 'food', quantity: 1200, unit: 'parcels' });
      const list = await h.call('GET', `${base}/aid-deliveries?sector=food`, 'viewer');
      expect(list.body!.total).toBe(1);
    });

    it('refuses bad input with a clear 4xx and records nothing', async () => {
      const before = await h.events();
      const unknownArea = await h.call('POST', `${base}/returns`, 'reporting', {
        areaId: 'NBH-99',
        people: { men: 1 },
        sourceOrganisationId: 'NGO',
        method: 'counted',
      });
      expect(unknownArea.status).toBe(422);
      expect(unknownArea.body!.error.message).toMatch(/NBH-99/);
      const noSource = await h.call('POST', `${base}/aid-deliveries`, 'reporting', {
        sector: 'food',
        item: 'Bread',
        quantity: 10,
        unit: 'bundles',
        areaId: 'NBH-1',
      });
      expect(noSource.status).toBe(400);
      expect(noSource.body!.error.message).toMatch(/organisationId/);
      const sameArea = await h.call('POST', `${base}/returns`, 'reporting', {
        areaId: 'NBH-1',
        fromAreaId: 'NBH-1',
        people: { men: 1 },
        sourceOrganisationId: 'NGO',
        method: 'counted',
      });
      expect(sameArea.status).toBe(400);
      const badUnit = await h.call('POST', `${base}/figures`, 'reporting', {
        metric: 'people_departed',
        label: 'People departed',
        value: 10,
        unit: 'km2',
        asOf: new Date().toISOString(),
        sourceOrganisationId: 'NGO',
        sourceDocument: 'A report',
        method: 'counted',
      });
      expect(badUnit.status).toBe(400);
      expect(badUnit.body!.error.message).toMatch(/unit km2 does not fit people_departed/);
      const noQuery = await h.call('POST', `${base}/figures`, 'reporting', {
        metric: 'people_departed',
        label: 'People departed',
        value: 10,
        unit: 'people',
        asOf: new Date().toISOString(),
        sourceOrganisationId: 'NGO',
        sourceDocument: 'A report',
        method: 'computed',
      });
      expect(noQuery.status).toBe(400);
      const noSourceFigure = await h.call('POST', `${base}/figures`, 'reporting', {
        metric: 'people_departed',
        label: 'People departed',
        value: 10,
        unit: 'people',
        asOf: new Date().toISOString(),
        method: 'counted',
      });
      expect(noSourceFigure.status).toBe(400);
      expect(noSourceFigure.body!.error.message).toMatch(/sourceOrganisationId/);
      const viewer = await h.call('POST', `${base}/service-statuses`, 'viewer', {
        areaId: 'NBH-1',
        service: 'power',
        status: 'functional',
        sourceOrganisationId: 'NGO',
      });
      expect(viewer.status).toBe(403);
      expect(await h.events()).toBe(before);
    });

    it('rebuilds the recovery tables from the log to the same rows', async () => {
      const before = await h.snapshot();
      await rebuildProjections(h.t.ctx);
      expect(await h.snapshot()).toEqual(before);
    });
  });
}
