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
import {
  FILTERS,
  ListParams,
  RESOURCE_NAMES,
  RESOURCES,
  type ResourceName,
} from '../../contracts/resources.js';
import { CREATE_BODIES, RECORD_ACTIONS, type RecordAction } from '../../contracts/resource-bodies.js';
import { RECORD_SCHEMAS } from '../../contracts/resource-records.js';
import { type ApiEnv } from '../access/auth.js';
import { named, singular } from '../openapi.js';
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

const pascal = (name: string) => name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());

/** Each collection's schemas by name in the OpenAPI document: its record, a page of it, a new one. */
const SCHEMAS = Object.fromEntries(
  RESOURCE_NAMES.map((name) => {
    const one = pascal(singular(name));
    const record = named(one, RECORD_SCHEMAS[name]);
    const page = named(
      `${one}Page`,
      z.object({
        items: z.array(record),
        total: z.number().int(),
        limit: z.number().int(),
        offset: z.number().int(),
      }),
    );
    const filters = Object.fromEntries(
      Object.entries(FILTERS[name] ?? {}).map(([param, f]) => [
        param,
        z
          .string()
          .max(200)
          .optional()
          .describe(
            f.ref ? `only those of this ${singular(f.ref)} (code or id)` : `only those with this ${param}`,
          ),
      ]),
    );
    return [
      name,
      {
        record,
        page,
        create: named(`New${one}`, CREATE_BODIES[name]),
        query: ListParams.extend(filters),
      },
    ];
  }),
) as unknown as Record<
  ResourceName,
  { record: z.ZodObject; page: z.ZodObject; create: z.ZodObject; query: z.ZodObject }
>;

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
      query: SCHEMAS[name].query,
      ok: { status: 200, description: `a page of ${name}`, schema: SCHEMAS[name].page },
      handler: async (c) => c.json(await listResource(ctx, caller(c), operationOf(c), name, c.req.query())),
    },
    {
      method: 'post',
      path: `/operations/{op}/${name}`,
      tag: name,
      access: { kind: 'writes', types: [RESOURCES[name].event] },
      summary: `Create one of the ${name}`,
      body: SCHEMAS[name].create,
      ok: { status: 201, description: 'the created record', schema: SCHEMAS[name].record },
      handler: async (c) =>
        c.json(await createResource(ctx, caller(c), operationOf(c), name, await jsonBody(c)), 201),
    },
    {
      method: 'get',
      path: `/operations/{op}/${name}/{ref}`,
      tag: name,
      access: readAccess,
      summary: `One of the ${name}, by code or UUID`,
      ok: { status: 200, description: 'the record', schema: SCHEMAS[name].record },
      handler: async (c) =>
        c.json(await getResource(ctx, caller(c), operationOf(c), name, c.req.param('ref')!)),
    },
  ];
  const def = RESOURCES[name];
  return 'readOnly' in def || 'ownCreate' in def ? routes.filter((r) => r.method !== 'post') : routes;
}
