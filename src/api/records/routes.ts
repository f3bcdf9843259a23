import { type Context } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import type { RouteAccess } from '../../app/access/permissions.js';
import {
  actOnRecord,
  createResource,
  getOperation,
  getResource,
  listOperationsFor,
  listResource,
} from '../../app/records/resources.js';
import { RESOURCE_NAMES, RESOURCES, type ResourceName } from '../../contracts/resources.js';
import { CREATE_BODIES, RECORD_ACTIONS, type RecordAction } from '../../contracts/resource-bodies.js';
import { RECORD_SCHEMAS } from '../../contracts/resource-records.js';
import { type ApiEnv } from '../access/auth.js';
import { Item, jsonBody, operationOf, type RouteSpec } from '../routes.js';

/** The operations, their records (list, create, read) and the actions on a record. */
export function recordRoutes(ctx: AppContext): RouteSpec[] {
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
