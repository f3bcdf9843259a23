import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyProjections } from '../../app/log/audit.js';
import { rebuildProjections } from '../../app/log/rebuild.js';
import { PlanRequest } from '../../contracts/planning/plans.js';
import { RECORD_SCHEMAS } from '../../contracts/resource-records.js';
import { DEMO, tokenFor } from '../../../test/fixtures.js';
import { DIALECTS, demoStore, type TestStore } from '../../../test/stores.js';
import { apiOperation, eastRoadOperation, point } from '../../../test/api-harness.js';
import { createApi } from '../app.js';
import { checkedApi } from '../../../test/api-contract.js';

const OP = 'plan-test';
const base = `/api/v1/operations/${OP}`;

/** The east road (test/api-harness.ts): one planned corridor, 3 km, to a reception point; two buses, two ambulances. */
function setupEvents() {
  return eastRoadOperation('Planning test', (event, cell) => {
    const vehicle = (code: string, kind: string, seats: number, stretchers: number) =>
      event('VehicleRegistered', {
        vehicleId: uuidv7(),
        code,
        kind,
        seats,
        stretchers,
        organisationId: cell,
        plate: `T-${code}`,
      });
    return [
      vehicle('VEH-001', 'bus', 40, 0),
      vehicle('VEH-002', 'bus', 40, 0),
      vehicle('VEH-003', 'ambulance', 2, 2),
      vehicle('VEH-004', 'ambulance', 2, 2),
    ];
  });
}

for (const dialect of DIALECTS)
  describe(`plans over the API on ${dialect}`, () => {
    const h = apiOperation(dialect, OP, setupEvents, ['coordinator', 'post-officer', 'viewer']);
    const { call, events } = h;

    it('records pickup points and the people still waiting there, by coordinators and post officers', async () => {
      const first = await call('POST', `${base}/pickup-points`, 'coordinator', {
        name: 'Gathering point West',
        location: point(37.0, 36.0),
        seated: 100,
        stretcher: 3,
      });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ code: 'PICK-1', seated: 100, stretcher: 3, updatedAt: null });
      const updated = await call('PATCH', `${base}/pickup-points/PICK-1`, 'post-officer', {
        seated: 90,
        stretcher: 4,
        note: 'ten left on foot',
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ seated: 90, stretcher: 4, note: 'ten left on foot' });
      expect(updated.body!.updatedAt).toEqual(expect.any(String));
      const second = await call('POST', `${base}/pickup-points`, 'post-officer', {
        name: 'Gathering point Market',
        location: point(37.005, 36.001),
        seated: 30,
        stretcher: 0,
      });
      expect(second.body).toMatchObject({ code: 'PICK-2' });
      const list = await call('GET', `${base}/pickup-points`, 'viewer');
      expect(list.body!.items.map((p: { code: string }) => p.code)).toEqual(['PICK-1', 'PICK-2']);
      for (const item of list.body!.items)
        expect(RECORD_SCHEMAS['pickup-points'].safeParse(item).error?.issues ?? []).toEqual([]);
    });

    it('refuses pickup points that break the rules, appending nothing', async () => {
      const before = await events();
      const body = { name: 'Somewhere', location: point(37.0, 36.0), seated: 1, stretcher: 0 };
      expect((await call('POST', `${base}/pickup-points`, 'viewer', body)).status).toBe(403);
      expect(
        (await call('POST', `${base}/pickup-points`, 'coordinator', { ...body, seated: -1 })).status,
      ).toBe(400);
      const area = await call('POST', `${base}/pickup-points`, 'coordinator', { ...body, areaId: 'NBH-999' });
      expect(area.status).toBe(422);
      expect(area.body!.error.message).toMatch(/NBH-999/);
      expect(
        (await call('POST', `${base}/pickup-points`, 'coordinator', { ...body, code: 'PICK-1' })).status,
      ).toBe(409);
      expect(
        (await call('PATCH', `${base}/pickup-points/PICK-9`, 'coordinator', { seated: 1, stretcher: 0 }))
          .status,
      ).toBe(404);
      expect(await events()).toBe(before);
    });

    it('refuses bad plan requests with 400 and other roles with 403, appending nothing', async () => {
      const before = await events();
      const bad: unknown[] = [
        '{"timeLimitSec": ',
        [1, 2],
        { timeLimitSec: 0 },
        { timeLimitSec: 31 },
        { colour: 'red' },
        { start: 'yesterday' },
        { depots: [] },
        { vehicleTypes: { bus: { loadMin: -1 } } },
        { vehicleTypes: { rocket: { loadMin: 1 } } },
        { network: { nodes: 'x', edges: [] } },
        { hazards: [{ id: 'h', effect: 'closed' }] },
      ];
      for (const body of bad) {
        const res = await call('POST', `${base}/plans`, 'coordinator', body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body!.error.code).toBe('invalid_input');
      }
      for (const role of ['viewer', 'post-officer'] as const)
        expect((await call('POST', `${base}/plans`, role, { timeLimitSec: 1 })).status).toBe(403);
      expect(await events()).toBe(before);
    });

    it('answers random plan bodies it cannot take with a 4xx, quickly, appending nothing', async () => {
      const before = await events();
      await fc.assert(
        fc.asyncProperty(
          fc
            .oneof(
              fc.jsonValue({ maxDepth: 3 }),
              fc.dictionary(
                fc.constantFrom('start', 'timeLimitSec', 'baseline', 'depots', 'hazards'),
                fc.jsonValue({ maxDepth: 2 }),
              ),
            )
            .filter((v) => !PlanRequest.safeParse(v).success),
          async (body) => {
            const res = await call('POST', `${base}/plans`, 'coordinator', JSON.stringify(body));
            expect(res.status, JSON.stringify(body)).toBe(400);
          },
        ),
        { numRuns: 100 },
      );
      expect(await events()).toBe(before);
    });

    it('says which pickup point cannot reach a reception point on the network given', async () => {
      const before = await events();
      // Two roads that do not meet: the western pickup point is on the one without a reception point.
      const nodes = [
        { id: 'a', lon: 37.0, lat: 36.0 },
        { id: 'b', lon: 37.001, lat: 36.0 },
        { id: 'c', lon: 37.005, lat: 36.001 },
        { id: 'd', lon: 37.03, lat: 36.0 },
      ];
      const edges = [
        { id: 'ab', from: 'a', to: 'b', lengthM: 90, speedKph: 30 },
        { id: 'cd', from: 'c', to: 'd', lengthM: 2300, speedKph: 30 },
      ];
      const res = await call('POST', `${base}/plans`, 'coordinator', {
        network: { nodes, edges },
        timeLimitSec: 1,
      });
      expect(res.status).toBe(422);
      expect(res.body!.error.message).toMatch(/PICK-1: no open road to any reception point/);
      expect(await events()).toBe(before);
    });

    it('says when stretcher cases wait and no vehicle can carry them', async () => {
      const before = await events();
      const res = await call('POST', `${base}/plans`, 'coordinator', {
        depots: [{ id: 'YARD', lon: 37.03, lat: 36.0, vehicles: { bus: 2 } }],
        timeLimitSec: 1,
      });
      expect(res.status).toBe(422);
      expect(res.body!.error.message).toMatch(/PICK-1 has stretcher cases but no vehicle carries stretchers/);
      const tooMany = await call('POST', `${base}/plans`, 'coordinator', {
        depots: [{ id: 'YARD', lon: 37.03, lat: 36.0, vehicles: { bus: 3 } }],
      });
      expect(tooMany.status).toBe(422);
      expect(tooMany.body!.error.message).toMatch(/at least 3 vehicles of kind bus, but 2 are free/);
      expect(await events()).toBe(before);
    });

    let plan: Record<string, any>;

    it('plans everyone out with the free fleet on the corridor routes, and shows the plan', async () => {
      const start = '2030-01-01T06:00:00.000Z';
      const created = await call('POST', `${base}/plans`, 'coordinator', { start, timeLimitSec: 1 });
      expect(created.status).toBe(201);
      plan = created.body!;
      expect(RECORD_SCHEMAS.plans.safeParse(plan).error?.issues ?? []).toEqual([]);
      expect(plan).toMatchObject({
        code: 'PLAN-1',
        status: 'proposed',
        start,
        network: 'corridors',
        summary: { pickups: 2, seated: 120, stretcher: 4 },
      });
      expect(plan.makespanMin).toBeGreaterThanOrEqual(plan.lowerBoundMin);
      expect(plan.lowerBoundMin).toBeGreaterThan(0);
      const vehicles = (await call('GET', `${base}/vehicles`, 'viewer')).body!.items as {
        id: string;
        kind: string;
      }[];
      const kinds = new Map(vehicles.map((v) => [v.id, v.kind]));
      expect(new Set(plan.vehicles.map((v: { vehicleId: string }) => v.vehicleId)).size).toBe(
        plan.vehicles.length,
      );
      for (const v of plan.vehicles) {
        expect(kinds.get(v.vehicleId)).toBe(v.kind);
        for (const leg of v.legs) {
          expect(leg.path.coordinates.length).toBeGreaterThanOrEqual(2);
          if (leg.stretcher > 0) expect(v.kind).toBe('ambulance');
        }
      }
      const corridor = (await call('GET', `${base}/corridors/COR-1`, 'viewer')).body!;
      expect(plan.corridorsUsed).toEqual([
        { corridorId: corridor.id, legs: expect.any(Number), people: 124 },
      ]);
      expect((await call('GET', `${base}/plans/PLAN-1`, 'viewer')).body).toEqual(plan);
      expect((await call('GET', `${base}/plans/${plan.id}`, 'viewer')).body).toEqual(plan);
      const list = await call('GET', `${base}/plans?status=proposed`, 'viewer');
      expect(list.body!.items.map((p: { code: string }) => p.code)).toEqual(['PLAN-1']);
    });

    it('refuses to adopt a plan whose vehicles are now on another convoy, naming them', async () => {
      expect(
        (await call('POST', `${base}/plans`, 'coordinator', { timeLimitSec: 1, baseline: true })).status,
      ).toBe(201);
      const ambulance = plan.vehicles.find((v: { kind: string }) => v.kind === 'ambulance')
        .vehicleId as string;
      const code = (await call('GET', `${base}/vehicles/${ambulance}`, 'viewer')).body!.code as string;
      const convoy = await call('POST', `${base}/convoys`, 'coordinator', {
        corridorId: 'COR-1',
        vehicleIds: [code],
      });
      expect(convoy.status).toBe(201);
      const before = await events();
      const refused = await call('POST', `${base}/plans/PLAN-1/adopt`, 'coordinator', {});
      expect(refused.status).toBe(409);
      expect(refused.body!.error.message).toContain(`${code} (${String(convoy.body!.code)}, planned)`);
      expect(await events()).toBe(before);
      expect((await call('GET', `${base}/plans/PLAN-1`, 'viewer')).body!.status).toBe('proposed');
    });

    it('adopts a plan once, planning its convoys in the same append and superseding the others', async () => {
      const fresh = await call('POST', `${base}/plans`, 'coordinator', { timeLimitSec: 1 });
      expect(fresh.status).toBe(201);
      plan = fresh.body!;
      expect(plan.code).toBe('PLAN-3');
      const busy = (await call('GET', `${base}/convoys`, 'viewer')).body!.items[0].id as string;
      const held = (await call('GET', `${base}/convoys/${busy}`, 'viewer')).body!.vehicleIds as string[];
      expect(plan.vehicles.map((v: { vehicleId: string }) => v.vehicleId)).not.toContain(held[0]);

      expect((await call('POST', `${base}/plans/PLAN-3/adopt`, 'viewer', {})).status).toBe(403);
      const before = await events();
      const adopted = await call('POST', `${base}/plans/PLAN-3/adopt`, 'coordinator', { note: 'go' });
      expect(adopted.status).toBe(201);
      expect(adopted.body!.plan).toMatchObject({
        status: 'adopted',
        adoptNote: 'go',
        adoptedAt: expect.any(String),
      });
      const convoys = adopted.body!.convoys as Record<string, any>[];
      expect(await events()).toBe(before + 1 + convoys.length);

      // Every loaded leg is in the convoy of its pickup point, reception point and half hour.
      const [rp, corridor] = await Promise.all([
        call('GET', `${base}/reception-points/RP-1`, 'viewer'),
        call('GET', `${base}/corridors/COR-1`, 'viewer'),
      ]);
      const places = new Map(plan.places.map((p: { key: string; id: string }) => [p.key, p.id]));
      let loaded = 0;
      for (const v of plan.vehicles)
        for (const leg of v.legs) {
          if (leg.seated + leg.stretcher === 0) continue;
          loaded++;
          const departure = Date.parse(plan.start) + leg.departMin * 60_000;
          const home = convoys.filter(
            (c) =>
              c.vehicleIds.includes(v.vehicleId) &&
              Math.floor((Date.parse(c.plannedDeparture) - Date.parse(plan.start)) / 1_800_000) ===
                Math.floor(leg.departMin / 30) &&
              Date.parse(c.plannedDeparture) <= departure,
          );
          expect(home, JSON.stringify(leg)).toHaveLength(1);
          expect(places.get(leg.from)).toBeDefined();
        }
      expect(convoys.reduce((n, c) => n + c.vehicleIds.length, 0)).toBe(loaded);
      for (const c of convoys) {
        expect(RECORD_SCHEMAS.convoys.safeParse(c).error?.issues ?? []).toEqual([]);
        expect(c).toMatchObject({
          status: 'planned',
          planId: plan.id,
          receptionPointId: rp.body!.id,
          corridorId: corridor.body!.id,
        });
      }
      const listed = await call('GET', `${base}/convoys?plan=PLAN-3`, 'viewer');
      expect(listed.body!.total).toBe(convoys.length);

      const others = await call('GET', `${base}/plans?status=superseded`, 'viewer');
      expect(others.body!.items.map((p: { code: string }) => p.code)).toEqual(['PLAN-1', 'PLAN-2']);
      expect(others.body!.items[0].supersededBy).toBe(plan.id);

      const again = await call('POST', `${base}/plans/PLAN-3/adopt`, 'coordinator', {});
      expect(again.status).toBe(409);
      expect(again.body!.error.message).toMatch(/PLAN-3 is adopted/);
      expect((await call('POST', `${base}/plans/PLAN-1/adopt`, 'coordinator', {})).status).toBe(409);
      expect((await call('POST', `${base}/plans/PLAN-9/adopt`, 'coordinator', {})).status).toBe(404);
      expect(await events()).toBe(before + 1 + convoys.length);
    });

    it("boards a plan's convoys that share a vehicle one after the other", async () => {
      const convoys = (await call('GET', `${base}/convoys?plan=PLAN-3`, 'viewer')).body!.items as Record<
        string,
        any
      >[];
      const withVehicles = await Promise.all(
        convoys.map(async (c) => (await call('GET', `${base}/convoys/${c.code}`, 'viewer')).body!),
      );
      const pair = withVehicles
        .flatMap((a, i) => withVehicles.slice(i + 1).map((b) => [a, b] as const))
        .find(([a, b]) => a.vehicleIds.some((v: string) => b.vehicleIds.includes(v)));
      expect(pair).toBeDefined();
      const [first, second] = pair!;
      expect(
        (await call('PATCH', `${base}/convoys/${first.code}`, 'coordinator', { status: 'boarding' })).status,
      ).toBe(200);
      const refused = await call('PATCH', `${base}/convoys/${second.code}`, 'coordinator', {
        status: 'boarding',
      });
      expect(refused.status).toBe(422);
      expect(refused.body!.error.message).toMatch(
        new RegExp(`is still on convoy ${first.code} \\(boarding\\)`),
      );
      // A convoy outside the plan cannot take a vehicle the plan holds.
      const outside = await call('POST', `${base}/convoys`, 'coordinator', {
        corridorId: 'COR-1',
        vehicleIds: [second.vehicleIds[0]],
      });
      expect(outside.status).toBe(409);
    });

    it('refuses to adopt a second plan while the adopted one has convoys to arrive, appending nothing', async () => {
      // Two more vehicles, free: a second plan can be made with them.
      const org = (await call('GET', `${base}/organisations`, 'viewer')).body!.items[0].code as string;
      for (const [kind, seats, stretchers] of [
        ['bus', 40, 0],
        ['ambulance', 2, 2],
      ] as const)
        expect(
          (
            await call('POST', `${base}/vehicles`, 'coordinator', {
              kind,
              seats,
              stretchers,
              organisationId: org,
              plate: `T-X-${kind}`,
            })
          ).status,
        ).toBe(201);
      const proposed = await call('POST', `${base}/plans`, 'coordinator', { timeLimitSec: 1 });
      expect(proposed.status, JSON.stringify(proposed.body).slice(0, 300)).toBe(201);
      const before = await events();
      const refused = await call('POST', `${base}/plans/${proposed.body!.code}/adopt`, 'coordinator', {});
      expect(refused.status).toBe(409);
      expect(refused.body!.error.message).toMatch(
        /PLAN-3 is adopted and \d+ of its convoys ha(s|ve) yet to arrive/,
      );
      expect(await events()).toBe(before);
      expect((await call('GET', `${base}/plans/${proposed.body!.code}`, 'viewer')).body!.status).toBe(
        'proposed',
      );
    });

    it('keeps pickup points, plans and their convoys as folds of the log', async () => {
      expect(await verifyProjections(h.t.ctx)).toEqual({ ok: true });
      const before = await h.snapshot();
      // Three made before the adoption, and the one refused adoption after it.
      expect(before.plans).toHaveLength(4);
      expect(before.pickup_points).toHaveLength(2);
      await rebuildProjections(h.t.ctx);
      expect(await h.snapshot()).toEqual(before);
    });
  });

for (const dialect of DIALECTS)
  describe(`planning the Aleppo 2016 demo on ${dialect}`, () => {
    let t: TestStore;
    let api: ReturnType<typeof createApi>;
    let coordinator: string;
    const demoBase = `/api/v1/operations/${DEMO}`;

    async function call(method: string, path: string, body?: unknown) {
      const res = await api.request(path, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${coordinator}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    }

    beforeAll(async () => {
      t = await demoStore(dialect);
      api = checkedApi(createApi(t.ctx));
      coordinator = await tokenFor(t.ctx, 'coordinator');
    });
    afterAll(() => t.cleanup());

    it('moves everyone waiting at the gathering points through the open corridor, and plans the convoys', async () => {
      const waiting = (await call('GET', `${demoBase}/pickup-points`)).body.items as Record<string, any>[];
      const people = waiting.reduce((n, p) => n + p.seated + p.stretcher, 0);
      expect(people).toBe(34_000);
      const created = await call('POST', `${demoBase}/plans`, { timeLimitSec: 2 });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const plan = created.body;
      expect(plan.summary.seated + plan.summary.stretcher).toBe(people);
      expect(plan.summary.pickups).toBe(waiting.length);
      // Stage 1 corridors are closed but COR-6, still planned, whose route ends at RP-1 far to the
      // north-east: everyone goes along COR-7 to al-Rashideen (RP-3).
      const cor7 = (await call('GET', `${demoBase}/corridors/COR-7`)).body;
      expect(plan.corridorsUsed).toEqual([{ corridorId: cor7.id, legs: expect.any(Number), people }]);
      expect(
        plan.places.filter((p: { kind: string }) => p.kind === 'reception-point').map((p: any) => p.key),
      ).toEqual(['RP-1', 'RP-3']);

      // Made now, its convoys would leave years after COR-7's windows: refused, saying which.
      const now = await call('POST', `${demoBase}/plans/${plan.code}/adopt`, {});
      expect(now.status).toBe(422);
      expect(now.body.error.message).toMatch(
        /a convoy on COR-7 would leave at .+, outside the corridor's opening windows \(2016-12-15/,
      );
      // The same made with minute 0 in the window is adopted.
      const inWindow = await call('POST', `${demoBase}/plans`, {
        timeLimitSec: 2,
        start: '2016-12-16T06:00:00.000Z',
      });
      expect(inWindow.status, JSON.stringify(inWindow.body)).toBe(201);
      const adopted = await call('POST', `${demoBase}/plans/${inWindow.body.code}/adopt`, {});
      expect(adopted.status, JSON.stringify(adopted.body).slice(0, 500)).toBe(201);
      const convoys = adopted.body.convoys as Record<string, any>[];
      expect(convoys.length).toBeGreaterThan(8);
      const rp3 = (await call('GET', `${demoBase}/reception-points/RP-3`)).body;
      for (const c of convoys) expect(c).toMatchObject({ corridorId: cor7.id, receptionPointId: rp3.id });
      const listed = await call('GET', `${demoBase}/convoys?plan=${inWindow.body.code}&limit=5000`);
      expect(listed.body.total).toBe(convoys.length);
      const used = new Set(inWindow.body.vehicles.map((v: { vehicleId: string }) => v.vehicleId));
      expect(new Set(convoys.flatMap((c) => c.vehicleIds))).toEqual(used);
    });
  });

describe("the planner's run, followed by the server's clock", () => {
  const RUN_OP = 'plan-run-test';
  const runBase = `/api/v1/operations/${RUN_OP}`;
  const h = apiOperation('sqlite', RUN_OP, setupEvents, ['coordinator', 'viewer']);
  const { call, events } = h;

  it('says none before any, the refusal of one that failed, and refuses a second while one runs', async () => {
    const none = await call('GET', `${runBase}/planner`, 'viewer');
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ run: null, now: expect.any(String) });
    expect(
      (
        await call('POST', `${runBase}/pickup-points`, 'coordinator', {
          name: 'Gathering point West',
          location: point(37.0, 36.0),
          seated: 60,
          stretcher: 0,
        })
      ).status,
    ).toBe(201);
    const refused = await call('POST', `${runBase}/plans`, 'coordinator', {
      depots: [{ id: 'YARD', lon: 37.03, lat: 36.0, vehicles: { bus: 3 } }],
    });
    expect(refused.status).toBe(422);
    expect((await call('GET', `${runBase}/planner`, 'viewer')).body!.run).toMatchObject({
      state: 'failed',
      error: { code: 'rule_violated', message: refused.body!.error.message },
    });
    // A run under way: seen from another role, with its start and limit; a second ask is refused.
    const first = call('POST', `${runBase}/plans`, 'coordinator', { timeLimitSec: 2 });
    let seen: Record<string, any> | undefined;
    for (let i = 0; i < 200 && seen?.run?.state !== 'running'; i++) {
      seen = (await call('GET', `${runBase}/planner`, 'viewer')).body;
      if (seen?.run?.state !== 'running') await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen!.run).toMatchObject({ state: 'running', limitSec: 2, by: expect.stringMatching(/^token:/) });
    expect(Date.parse(seen!.now)).toBeGreaterThanOrEqual(Date.parse(seen!.run.startedAt));
    const before = await events();
    const second = await call('POST', `${runBase}/plans`, 'coordinator', { timeLimitSec: 1 });
    expect(second.status).toBe(409);
    expect(second.body!.error.message).toMatch(/already making a plan for this operation/);
    expect(await events()).toBe(before);
    const made = await first;
    expect(made.status).toBe(201);
    const done = (await call('GET', `${runBase}/planner`, 'viewer')).body!.run;
    expect(done).toMatchObject({ state: 'done', code: made.body!.code });
    expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(Date.parse(done.startedAt));
  });
});
