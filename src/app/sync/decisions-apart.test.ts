import { v7 as uuidv7 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, idOf } from '../../../test/fixtures.js';
import { COORDINATOR } from '../../../test/nodes.js';
import {
  Cleanups,
  deliver,
  differences,
  eventsOf,
  FIELD_SEED,
  interleave,
  openPost,
  postTemplate,
  Rng,
  rowsOf,
  SEEDS,
  type PostNode,
} from '../../../test/interleavings.js';
import { demoStore, freshStore } from '../../../test/stores.js';
import type { EventType, StoredEvent } from '../../contracts/events.js';
import {
  CONVOY_STATUSES,
  CORRIDOR_STATUSES,
  HAZARD_STATUSES,
  INCIDENT_STATUSES,
} from '../../contracts/vocabulary.js';
import type { CodedTable } from '../../domain/codes.js';
import { DomainError } from '../../domain/errors.js';
import type { AppContext } from '../context.js';
import { verifyLog, verifyProjections } from '../log/audit.js';
import { recordChanges } from '../log/record-changes.js';

/**
 * Changes of one record that two sites made while apart (docs/sync.md, "The same truth on every node"):
 * three posts change the same convoys, incidents, hazards, clearance tasks, tallies, pause windows,
 * pickup points and corridors that headquarters recorded before the links dropped, each change valid
 * where it was made. Whatever order the events then arrive in, every node ends with the same records:
 * the latest status, manifest, progress, match and update stand; the first voiding, cancellation and
 * completion stand.
 *
 * Nodes below the root check nothing again and derive nothing from what they receive, so they must end
 * alike in every table. Headquarters (the root) also names each decision that breaks a rule in the
 * order it received them in a conflict alert: which one it names depends on the order, so its alerts
 * are left out of the comparison, and every other record must still be the same.
 *
 * Seeds as in interleavings.test.ts (`SYNC_SEEDS`).
 */
const cleanups = new Cleanups();
const SITES = ['POST-1', 'POST-2', 'POST-3'] as const;
/** Changes tried at each post; those the post's rules refuse are left out. */
const TRIES = 70;
/** Headquarters records the shared records at this time; the posts work after it. */
const SETUP_AT = '2017-02-01T08:00:00.000Z';
const APART_FROM = '2017-02-02T08:00:00.000Z';

interface Shared {
  convoys: string[];
  incidents: string[];
  hazards: string[];
  tasks: string[];
  passages: string[];
  windows: string[];
  pickupPoints: string[];
  corridors: string[];
}

type Recorded = { type: EventType; payload: object; allocateCode?: CodedTable };

async function recordAt(ctx: AppContext, occurredAt: string, changes: Recorded[]): Promise<void> {
  await recordChanges(
    ctx,
    DEMO,
    COORDINATOR,
    changes.map((c) => ({ id: uuidv7(), occurredAt, schemaVersion: 1, ...c })),
    { mode: 'live' },
  );
}

const point = (x: number, y: number) => ({ type: 'Point', coordinates: [37.1 + x / 100, 36.15 + y / 100] });
const square = (x: number, y: number) => {
  const [a, b] = [37.1 + x / 100, 36.15 + y / 100];
  const ring = [
    [a, b],
    [a + 0.005, b],
    [a + 0.005, b + 0.005],
    [a, b + 0.005],
    [a, b],
  ];
  return { type: 'Polygon', coordinates: [ring] };
};

/** What headquarters records before the links drop: the records the posts will all change. */
async function sharedRecords(ctx: AppContext): Promise<Shared> {
  const cor7 = await idOf(ctx, 'corridors', 'COR-7');
  const icrc = await idOf(ctx, 'organisations', 'ICRC');
  const checkpoint = (
    await ctx.store.db.selectFrom('checkpoints').select('id').where('corridor_id', '=', cor7).execute()
  )[0]!.id;
  const ids = (n: number) => Array.from({ length: n }, () => uuidv7());
  const s: Shared = {
    convoys: ids(3),
    incidents: ids(3),
    hazards: ids(2),
    tasks: ids(2),
    passages: ids(4),
    windows: ids(2),
    pickupPoints: (await ctx.store.db.selectFrom('pickup_points').select('id').orderBy('code').execute())
      .slice(0, 3)
      .map((r) => r.id),
    corridors: (await ctx.store.db.selectFrom('corridors').select('id').orderBy('code').execute()).map(
      (r) => r.id,
    ),
  };
  const vehicles = ids(6);
  await recordAt(ctx, SETUP_AT, [
    ...vehicles.map((vehicleId, n) => ({
      type: 'VehicleRegistered' as const,
      payload: {
        vehicleId,
        kind: 'bus',
        seats: 45,
        stretchers: 0,
        organisationId: icrc,
        plate: `APART-${n}`,
      },
      allocateCode: 'vehicles' as const,
    })),
    ...s.convoys.map((convoyId, n) => ({
      type: 'ConvoyPlanned' as const,
      payload: { convoyId, corridorId: cor7, vehicleIds: vehicles.slice(2 * n, 2 * n + 2) },
      allocateCode: 'convoys' as const,
    })),
    ...s.incidents.map((incidentId, n) => ({
      type: 'IncidentReported' as const,
      payload: {
        incidentId,
        type: 'road-accident',
        severity: 'minor',
        location: point(n, n),
        description: 'reported before the links dropped',
        reporter: 'headquarters duty officer',
      },
      allocateCode: 'incidents' as const,
    })),
    ...s.hazards.map((hazardId, n) => ({
      type: 'HazardReported' as const,
      payload: { hazardId, type: 'debris', area: square(n, 2 * n) },
      allocateCode: 'hazards' as const,
    })),
    ...s.tasks.map((taskId, n) => ({
      type: 'ClearanceTaskStarted' as const,
      payload: { taskId, hazardId: s.hazards[n]!, team: `Team ${n + 1}`, organisationId: icrc },
    })),
    ...s.passages.map((passageId, n) => ({
      type: 'PassageRecorded' as const,
      payload: {
        passageId,
        checkpointId: checkpoint,
        source: 'enumerator',
        scope: 'convoy',
        peopleTotal: 10 + n,
      },
    })),
    ...s.windows.map((windowId, n) => ({
      type: 'PauseWindowAgreed' as const,
      payload: {
        windowId,
        kind: 'humanitarian-pause',
        start: `2017-02-0${3 + n}T06:00:00.000Z`,
        end: `2017-02-0${3 + n}T18:00:00.000Z`,
        corridorIds: [cor7],
      },
      allocateCode: 'pause_windows' as const,
    })),
  ]);
  return s;
}

/** One change of a shared record, drawn at random: the post's rules may refuse it. */
function drawChange(rng: Rng, s: Shared, site: string): Recorded {
  const people = () => ({ men: rng.int(0, 30), women: rng.int(0, 30), boys: rng.int(0, 10) });
  const choices: [number, () => Recorded][] = [
    [
      3,
      () => ({
        type: 'ConvoyStatusChanged',
        payload: { convoyId: rng.pick(s.convoys), status: rng.pick(CONVOY_STATUSES) },
      }),
    ],
    [3, () => ({ type: 'ManifestRecorded', payload: { convoyId: rng.pick(s.convoys), people: people() } })],
    [
      3,
      () => ({
        type: 'IncidentStatusChanged',
        payload: {
          incidentId: rng.pick(s.incidents),
          status: rng.pick(INCIDENT_STATUSES),
          reason: `seen at ${site}`,
        },
      }),
    ],
    [
      2,
      () => ({
        type: 'HazardStatusChanged',
        payload: {
          hazardId: rng.pick(s.hazards),
          status: rng.pick(HAZARD_STATUSES),
          reason: `surveyed by ${site}`,
        },
      }),
    ],
    [
      2,
      () => ({
        type: 'ClearanceProgressRecorded',
        // The area, the length, or both: a record may give one total and not the other.
        payload: {
          taskId: rng.pick(s.tasks),
          ...(rng.chance(0.7) ? { clearedAreaM2: rng.int(0, 5000) } : {}),
          ...(rng.chance(0.5) ? { clearedLengthM: rng.int(0, 900) } : {}),
          note: `${site} team log`,
        },
      }),
    ],
    [
      1,
      () => ({
        type: 'ClearanceTaskCompleted',
        payload: { taskId: rng.pick(s.tasks), qaSignedOffBy: `QA at ${site}` },
      }),
    ],
    [
      2,
      () => ({
        type: 'PassageVoided',
        payload: { passageId: rng.pick(s.passages), reason: `counted twice at ${site}` },
      }),
    ],
    [
      2,
      () => ({
        type: 'PassageMatched',
        payload: { passageId: rng.pick(s.passages), convoyId: rng.pick(s.convoys), method: 'manual' },
      }),
    ],
    [
      1,
      () => ({
        type: 'PauseWindowCancelled',
        payload: { windowId: rng.pick(s.windows), reason: `called off, ${site}` },
      }),
    ],
    [
      2,
      () => ({
        type: 'PickupPointUpdated',
        payload: {
          pickupPointId: rng.pick(s.pickupPoints),
          seated: rng.int(0, 900),
          stretcher: rng.int(0, 20),
        },
      }),
    ],
    [
      2,
      () => ({
        type: 'CorridorStatusChanged',
        payload: {
          corridorId: rng.pick(s.corridors),
          status: rng.pick(CORRIDOR_STATUSES),
          reason: `decided at ${site}`,
        },
      }),
    ],
  ];
  return rng.weighted(choices)();
}

/**
 * A post's time apart: changes drawn at random, each a few minutes after the last (sometimes at the
 * same minute as another post's). A change its rules refuse is left out, as a user's refused change is.
 */
async function workApart(post: PostNode, rng: Rng, s: Shared): Promise<void> {
  for (let i = 0; i < TRIES; i++) {
    post.clock.t += rng.int(0, 3) * 60_000;
    try {
      await recordAt(post.ctx, new Date(post.clock.t).toISOString(), [drawChange(rng, s, post.site)]);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
  }
}

describe(`changes of one record at sites apart end the same on every node (seed ${FIELD_SEED})`, () => {
  let hqFile: string;
  let template: string;
  const posts: PostNode[] = [];
  let chains: StoredEvent[][];
  let reference: Map<string, string>;

  /** A node below the root holding what headquarters had before the links dropped. */
  const belowRoot = (site: string) => openPost(cleanups, template, site, APART_FROM);

  beforeAll(async () => {
    const hq = await demoStore('sqlite');
    cleanups.afterFile(() => hq.cleanup());
    const shared = await sharedRecords(hq.ctx);
    template = await postTemplate(cleanups, await eventsOf(hq.store));
    await hq.store.close();
    hqFile = hq.location;
    const rng = new Rng(FIELD_SEED);
    for (const site of SITES) {
      const post = await openPost(cleanups, template, site, APART_FROM);
      posts.push(post);
      await workApart(post, new Rng(rng.int(0, 2 ** 31)), shared);
    }
    chains = await Promise.all(posts.map((p) => eventsOf(p.store, p.site)));
    // The reference: a node below the root given each post's chain whole, one after the other.
    const node = await belowRoot('POST-REF');
    await deliver(
      node.ctx,
      chains.map((events) => ({ events, fresh: events.length })),
    );
    reference = await rowsOf(node.ctx);
    expect(await verifyProjections(node.ctx)).toEqual({ ok: true });
  });

  it('the posts changed the same records apart', () => {
    // Records changed by more than one post: what the order could have decided.
    const sitesOf = new Map<string, Set<string>>();
    for (const [i, chain] of chains.entries())
      for (const e of chain) {
        const p = e.payload as Record<string, unknown>;
        const id = [
          p.convoyId,
          p.incidentId,
          p.hazardId,
          p.taskId,
          p.passageId,
          p.windowId,
          p.pickupPointId,
          p.corridorId,
        ].find((v) => typeof v === 'string');
        if (id !== undefined && e.type !== 'AlertRaised')
          sitesOf.set(`${e.type} ${id}`, (sitesOf.get(`${e.type} ${id}`) ?? new Set()).add(SITES[i]!));
      }
    const contested = [...sitesOf].filter(([, sites]) => sites.size > 1).map(([key]) => key.split(' ')[0]);
    for (const type of [
      'ConvoyStatusChanged',
      'ManifestRecorded',
      'IncidentStatusChanged',
      'HazardStatusChanged',
      'ClearanceProgressRecorded',
      'PassageMatched',
      'PickupPointUpdated',
    ])
      expect(contested).toContain(type);
    const types = new Set(chains.flat().map((e) => e.type));
    for (const type of ['PassageVoided', 'PauseWindowCancelled', 'ClearanceTaskCompleted'])
      expect(types).toContain(type);
  });

  for (const seed of SEEDS)
    it(`a node below the root given them interleaved by seed ${seed} holds the same records`, async () => {
      const node = await belowRoot(`POST-${seed}`);
      await deliver(node.ctx, interleave(chains, new Rng(seed)));
      const rows = await rowsOf(node.ctx);
      expect(differences(reference, rows)).toEqual([]);
      expect((await verifyLog(node.ctx)).ok).toBe(true);
    });

  it("each post, given the other posts' events, holds the same records", async () => {
    const rng = new Rng(FIELD_SEED + 1);
    for (const [i, post] of posts.entries()) {
      await deliver(
        post.ctx,
        interleave(
          chains.filter((_, j) => j !== i),
          rng,
        ),
      );
      expect(differences(reference, await rowsOf(post.ctx))).toEqual([]);
    }
  });

  for (const seed of SEEDS.slice(0, 2))
    it(`headquarters given them interleaved by seed ${seed} holds the same records, naming conflicts in alerts`, async () => {
      const hq = await freshStore('sqlite', () => new Date('2017-02-03T12:00:00.000Z'), hqFile);
      cleanups.afterTest(() => hq.cleanup());
      const before = (await eventsOf(hq.store, hq.store.siteId)).length;
      await deliver(hq.ctx, interleave(chains, new Rng(seed)), true);
      // What headquarters derived from them: conflict alerts only, each naming a decision.
      const derived = (await eventsOf(hq.store, hq.store.siteId)).slice(before);
      expect(derived.length).toBeGreaterThan(0);
      expect(
        derived.every((e) => e.type === 'AlertRaised' && (e.payload as { kind: string }).kind === 'conflict'),
      ).toBe(true);
      const conflicts = new Set(derived.map((e) => `alerts ${(e.payload as { alertId: string }).alertId}`));
      const rows = new Map([...(await rowsOf(hq.ctx))].filter(([key]) => !conflicts.has(key)));
      expect(differences(reference, rows)).toEqual([]);
      expect(await verifyProjections(hq.ctx)).toEqual({ ok: true });
    });
});
