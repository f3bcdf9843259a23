import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { z } from 'zod';
import type { AppContext } from '../app/context.js';
import { eventsAfter } from '../app/log/event-feed.js';
import { ingestObservations, ingestOpenDataCam } from '../app/accountability/ingest.js';
import { recordChanges } from '../app/log/record-changes.js';
import { corridorBlocking, listHazardTasks, startHazardTask } from '../app/safe-passage/hazards.js';
import { adoptPlan, proposePlan } from '../app/planning/planning.js';
import { convoyReconciliation, operationReconciliation } from '../app/accountability/reconciliation.js';
import type { RouteAccess } from '../app/access/permissions.js';
import { authenticate } from '../app/access/tokens.js';
import { IngestBatch, OpenDataCamBatch } from '../contracts/ingest.js';
import {
  actOnRecord,
  createResource,
  getOperation,
  getResource,
  listOperationsFor,
  listResource,
  parseInput,
} from '../app/records/resources.js';
import { OperationId } from '../contracts/common.js';
import { EVENT_TYPES, EventBatch } from '../contracts/events.js';
import { PlanAdoptBody, PlanRequest } from '../contracts/planning.js';
import {
  CREATE_BODIES,
  RECORD_ACTIONS,
  RECORD_SCHEMAS,
  RESOURCE_NAMES,
  RESOURCES,
  type RecordAction,
  type ResourceName,
} from '../contracts/resources.js';
import { NotFoundError } from '../domain/errors.js';
import { requireToken, type ApiEnv } from './auth.js';
import { errorBody, onError } from './errors.js';
import { openApiDocument } from './openapi.js';
import { jsonBody, mount, type RouteSpec } from './routes.js';
import { adminRoutes } from './admin-routes.js';
import { protectionRoutes } from './protection-routes.js';
import { safePassageRoutes } from './safe-passage-routes.js';
import { reportRoutes } from './report-routes.js';
import { streamEvents } from './stream.js';
import { LoginThrottle, login, logout } from '../app/access/accounts.js';
import {
  clientAddress,
  DEFAULT_RATE_LIMITS,
  limitPerAddress,
  limitPerToken,
  RateLimiter,
  type RateLimits,
} from './rate-limit.js';
import { consoleRoutes } from './console-routes.js';

export const API_VERSION = '0.1.0';
const V1 = '/api/v1';

function operationOf(c: Context<ApiEnv>): string {
  const op = c.req.param('op') ?? '';
  if (!OperationId.safeParse(op).success) throw new NotFoundError(`no operation ${op}`);
  return op;
}

const Item = z.record(z.string(), z.unknown());
const EventsQuery = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

export interface ApiOptions {
  /** How often a live stream checks that its token still holds. */
  reauthenticateMs?: number;
  rateLimits?: RateLimits;
}

export function v1Routes(ctx: AppContext, options: ApiOptions = {}): RouteSpec[] {
  const caller = (c: Context<ApiEnv>) => c.get('caller');
  const routes: RouteSpec[] = [
    {
      method: 'get',
      path: '/operations',
      tag: 'operations',
      access: { kind: 'any' },
      summary: 'Operations this token may see',
      ok: { status: 200, description: 'the operations', schema: z.object({ items: z.array(Item) }) },
      handler: async (c) => c.json({ items: await listOperationsFor(ctx, caller(c)) }),
    },
    {
      method: 'get',
      path: '/operations/{op}',
      tag: 'operations',
      access: { kind: 'read' },
      summary: 'One operation, with counts of its records',
      ok: { status: 200, description: 'the operation', schema: Item },
      handler: async (c) => c.json(await getOperation(ctx, caller(c), operationOf(c))),
    },
  ];
  for (const name of RESOURCE_NAMES) routes.push(...resourceRoutes(ctx, name));
  routes.push(...safePassageRoutes(ctx, operationOf));
  routes.push(...protectionRoutes(ctx, operationOf));
  routes.push(...adminRoutes(ctx, operationOf));
  routes.push(...reportRoutes(ctx, operationOf));
  for (const [action, def] of Object.entries(RECORD_ACTIONS) as [
    RecordAction,
    (typeof RECORD_ACTIONS)[RecordAction],
  ][]) {
    routes.push({
      method: def.method,
      path: `/operations/{op}/${def.resource}/{ref}${def.suffix}`,
      tag: def.resource,
      access: { kind: 'writes', types: [def.event] },
      summary: def.summary,
      body: def.body,
      ok: {
        status: def.status,
        description: 'the record after the change',
        schema: RECORD_SCHEMAS[def.resource],
      },
      handler: async (c) =>
        c.json(
          await actOnRecord(ctx, caller(c), operationOf(c), action, c.req.param('ref')!, await jsonBody(c)),
          def.status,
        ),
    });
  }
  const clearanceBody = CREATE_BODIES['clearance-tasks'].omit({ hazardId: true });
  routes.push(
    {
      method: 'get',
      path: '/operations/{op}/corridors/{ref}/blocking',
      tag: 'hazards',
      access: { kind: 'read' },
      summary:
        "The segments of a corridor's route (numbered from 1) that cross a suspected or confirmed hazard; empty when the route is clear",
      ok: {
        status: 200,
        description: 'the blocked segments, in route order',
        schema: z.object({
          corridorId: z.string(),
          code: z.string(),
          items: z.array(
            z.object({
              segment: z.number(),
              hazardId: z.string(),
              code: z.string(),
              status: z.string(),
              reason: z.string(),
            }),
          ),
        }),
      },
      handler: async (c) =>
        c.json(await corridorBlocking(ctx, caller(c), operationOf(c), c.req.param('ref')!)),
    },
    {
      method: 'get',
      path: '/operations/{op}/hazards/{ref}/clearance-tasks',
      tag: 'hazards',
      access: { kind: 'read' },
      summary: 'The clearance tasks of a hazard (limit, offset, status)',
      ok: {
        status: 200,
        description: 'a page of clearance tasks',
        schema: z.object({
          items: z.array(RECORD_SCHEMAS['clearance-tasks']),
          total: z.number(),
          limit: z.number(),
          offset: z.number(),
        }),
      },
      handler: async (c) =>
        c.json(await listHazardTasks(ctx, caller(c), operationOf(c), c.req.param('ref')!, c.req.query())),
    },
    {
      method: 'post',
      path: '/operations/{op}/hazards/{ref}/clearance-tasks',
      tag: 'hazards',
      access: { kind: 'writes', types: ['ClearanceTaskStarted'] },
      summary: 'Start a clearance task on a hazard (a team of an organisation)',
      body: clearanceBody,
      ok: { status: 201, description: 'the clearance task', schema: RECORD_SCHEMAS['clearance-tasks'] },
      handler: async (c) =>
        c.json(
          await startHazardTask(ctx, caller(c), operationOf(c), c.req.param('ref')!, await jsonBody(c)),
          201,
        ),
    },
    {
      method: 'post',
      path: '/operations/{op}/plans',
      tag: 'plans',
      access: { kind: 'writes', types: ['PlanProposed'] },
      summary:
        'Plan everyone waiting at the pickup points out to the reception points with the free fleet (coordinator); runs the planner within timeLimitSec',
      body: PlanRequest,
      ok: { status: 201, description: 'the proposed plan', schema: RECORD_SCHEMAS.plans },
      handler: async (c) => c.json(await proposePlan(ctx, caller(c), operationOf(c), await jsonBody(c)), 201),
    },
    {
      method: 'post',
      path: '/operations/{op}/plans/{ref}/adopt',
      tag: 'plans',
      access: { kind: 'writes', types: ['PlanAdopted'] },
      summary:
        'Adopt a proposed plan (coordinator): plans its convoys in the same append and supersedes the other proposed plans',
      body: PlanAdoptBody,
      ok: {
        status: 201,
        description: 'the adopted plan and the convoys planned from it',
        schema: z.object({ plan: RECORD_SCHEMAS.plans, convoys: z.array(RECORD_SCHEMAS.convoys) }),
      },
      handler: async (c) =>
        c.json(await adoptPlan(ctx, caller(c), operationOf(c), c.req.param('ref')!, await jsonBody(c)), 201),
    },
    {
      method: 'post',
      path: '/operations/{op}/events',
      tag: 'events',
      access: { kind: 'writes', types: EVENT_TYPES },
      summary: 'Append a batch of events of the catalogue; idempotent by event id, all or nothing',
      body: EventBatch,
      ok: {
        status: 200,
        description: 'how many were appended and how many were already stored',
        schema: z.object({ appended: z.number(), duplicates: z.number(), events: z.array(Item) }),
      },
      handler: async (c) => {
        const op = operationOf(c);
        const batch = parseInput(EventBatch, await jsonBody(c));
        const outcome = await recordChanges(ctx, op, caller(c), batch.events, {
          mode: 'live',
          fromClient: true,
        });
        return c.json(
          {
            appended: outcome.appended,
            duplicates: outcome.duplicates,
            events: outcome.events.map((e, i) => ({
              id: e.id,
              seq: e.seq,
              recordedAt: e.recordedAt,
              hash: e.hash,
              outcome: outcome.outcomes[i],
            })),
          },
          outcome.appended > 0 ? 201 : 200,
        );
      },
    },
    {
      method: 'post',
      path: '/operations/{op}/ingest',
      tag: 'ingest',
      access: { kind: 'ingest' },
      summary:
        'Observations from a counting device (device token): each becomes a passage of its kind; idempotent by id',
      body: IngestBatch,
      ok: { status: 200, description: 'what was appended', schema: Item },
      handler: async (c) => {
        const outcome = await ingestObservations(ctx, caller(c), operationOf(c), await jsonBody(c));
        return c.json(outcome, outcome.appended > 0 ? 201 : 200);
      },
    },
    {
      method: 'post',
      path: '/operations/{op}/ingest/opendatacam',
      tag: 'ingest',
      access: { kind: 'ingest' },
      summary: "An OpenDataCam counter export for one convoy's passage of a counting line (camera token)",
      body: OpenDataCamBatch,
      ok: { status: 200, description: 'what was appended', schema: Item },
      handler: async (c) => {
        const outcome = await ingestOpenDataCam(ctx, caller(c), operationOf(c), await jsonBody(c));
        return c.json(outcome, outcome.appended > 0 ? 201 : 200);
      },
    },
    {
      method: 'get',
      path: '/operations/{op}/reconciliation',
      tag: 'accountability',
      access: { kind: 'read' },
      summary:
        'Per corridor and day: people entered, exited, in transit and arrived; is everyone accounted for',
      ok: { status: 200, description: 'the reconciliation', schema: Item },
      handler: async (c) => c.json(await operationReconciliation(ctx, caller(c), operationOf(c))),
    },
    {
      method: 'get',
      path: '/operations/{op}/convoys/{ref}/reconciliation',
      tag: 'accountability',
      access: { kind: 'read' },
      summary: "A convoy's manifest against every checkpoint's counts by source, and its alerts",
      ok: { status: 200, description: 'the convoy reconciliation', schema: Item },
      handler: async (c) =>
        c.json(await convoyReconciliation(ctx, caller(c), operationOf(c), c.req.param('ref')!)),
    },
    {
      method: 'get',
      path: '/operations/{op}/events',
      tag: 'events',
      access: { kind: 'read' },
      summary: 'Events of the operation in log order, after a position (`after`, `limit`)',
      ok: { status: 200, description: 'a page of events', schema: z.object({ items: z.array(Item) }) },
      handler: async (c) => {
        const q = parseInput(EventsQuery, c.req.query(), 'query');
        return c.json({ items: await eventsAfter(ctx, caller(c), operationOf(c), q.after, q.limit) });
      },
    },
    {
      method: 'get',
      path: '/operations/{op}/stream',
      tag: 'events',
      access: { kind: 'read' },
      summary: 'Server-sent events of everything appended; resumable with Last-Event-ID (the event seq)',
      stream: true,
      ok: { status: 200, description: 'a text/event-stream; each message is one stored event as JSON' },
      handler: async (c) => {
        const op = operationOf(c);
        await getOperation(ctx, caller(c), op);
        const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')![1]!;
        return streamEvents(
          c,
          ctx,
          caller(c),
          op,
          async () => (await authenticate(ctx, token)) !== undefined,
          options.reauthenticateMs,
        );
      },
    },
  );
  return routes;
}

function resourceRoutes(ctx: AppContext, name: ResourceName): RouteSpec[] {
  const caller = (c: Context<ApiEnv>) => c.get('caller');
  const readAccess: RouteAccess = { kind: 'read' };
  const routes: RouteSpec[] = [
    {
      method: 'get',
      path: `/operations/{op}/${name}`,
      tag: name,
      access: readAccess,
      summary: `List ${name} (limit, offset and filters)`,
      ok: {
        status: 200,
        description: `a page of ${name}`,
        schema: z.object({
          items: z.array(RECORD_SCHEMAS[name]),
          total: z.number(),
          limit: z.number(),
          offset: z.number(),
        }),
      },
      handler: async (c) => c.json(await listResource(ctx, caller(c), operationOf(c), name, c.req.query())),
    },
    {
      method: 'post',
      path: `/operations/{op}/${name}`,
      tag: name,
      access: { kind: 'writes', types: [RESOURCES[name].event] },
      summary: `Create one of the ${name}`,
      body: CREATE_BODIES[name],
      ok: { status: 201, description: 'the created record', schema: RECORD_SCHEMAS[name] },
      handler: async (c) =>
        c.json(await createResource(ctx, caller(c), operationOf(c), name, await jsonBody(c)), 201),
    },
    {
      method: 'get',
      path: `/operations/{op}/${name}/{ref}`,
      tag: name,
      access: readAccess,
      summary: `One of the ${name}, by code or UUID`,
      ok: { status: 200, description: 'the record', schema: RECORD_SCHEMAS[name] },
      handler: async (c) =>
        c.json(await getResource(ctx, caller(c), operationOf(c), name, c.req.param('ref')!)),
    },
  ];
  const def = RESOURCES[name];
  return 'readOnly' in def || 'ownCreate' in def ? routes.filter((r) => r.method !== 'post') : routes;
}

export function createApi(ctx: AppContext, options: ApiOptions = {}): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'same-origin' }));
  app.onError(onError);
  app.notFound((c) => c.json(errorBody('not_found', `no route ${c.req.method} ${c.req.path}`), 404));
  app.get('/api/health', (c) => c.json({ status: 'ok' }));

  // Signing in and out (outside /api/v1: signing in is the one call made without a token).
  const throttle = new LoginThrottle();
  const limits = options.rateLimits ?? DEFAULT_RATE_LIMITS;
  const addressLimiter = new RateLimiter(limits.perAddress);
  app.post('/api/auth/login', limitPerAddress(addressLimiter), async (c) =>
    c.json(await login(ctx, throttle, await jsonBody(c), clientAddress(c)), 201),
  );
  app.post('/api/auth/logout', requireToken(ctx), async (c) => {
    await logout(ctx, c.get('caller'));
    return c.body(null, 204);
  });

  const routes = [...v1Routes(ctx, options), ...consoleRoutes(ctx)];
  const openapi = {
    method: 'get',
    path: '/openapi.json',
    tag: 'meta',
    access: { kind: 'any' },
    summary: 'This document',
    ok: { status: 200, description: 'the OpenAPI 3.1 document' },
    handler: (c) => c.json(document),
  } satisfies RouteSpec;
  const document = openApiDocument(V1, [openapi, ...routes], API_VERSION);

  app.use(`${V1}/*`, limitPerAddress(addressLimiter));
  app.use(`${V1}/*`, requireToken(ctx));
  app.use(`${V1}/*`, limitPerToken(new RateLimiter(limits.perToken)));
  app.use(
    `${V1}/*`,
    bodyLimit({
      maxSize: 32 * 1024 * 1024,
      onError: (c) => c.json(errorBody('invalid_input', 'the body is larger than 32 MiB'), 413),
    }),
  );
  mount(app, V1, [openapi, ...routes]);
  return app;
}
