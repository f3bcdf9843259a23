import { ListParams } from '../../contracts/resources.js';
import { type Context } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { corridorBlocking, listHazardTasks, startHazardTask } from '../../app/safe-passage/hazards.js';
import { CREATE_BODIES } from '../../contracts/resource-bodies.js';
import { RECORD_SCHEMAS } from '../../contracts/resource-records.js';
import { type ApiEnv } from '../access/auth.js';
import { operationOf } from '../routes.js';
import { jsonBody, type RouteSpec } from '../routes.js';

/** The hazard routes that name a corridor or hazard in their path: what blocks a route, and clearance tasks. */
export function hazardRoutes(ctx: AppContext): RouteSpec[] {
  const caller = (c: Context<ApiEnv>) => c.get('caller');
  const clearanceBody = CREATE_BODIES['clearance-tasks'].omit({ hazardId: true });
  return [
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
      query: ListParams,
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
  ];
}
