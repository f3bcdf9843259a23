import { type Context } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { adoptPlan, proposePlan } from '../../app/planning/planning.js';
import { planRun, runAnswer } from '../../app/planning/plan-runs.js';
import { getOperation } from '../../app/records/resources.js';
import { PlanAdoptBody, PlanRequest } from '../../contracts/planning/plans.js';
import { RECORD_SCHEMAS } from '../../contracts/resource-records.js';
import { type ApiEnv } from '../access/auth.js';
import { prefersArabic } from '../errors.js';
import { operationOf } from '../routes.js';
import { jsonBody, type RouteSpec } from '../routes.js';

/** Plans: made by the planner from the operation, and adopted into convoys. */
export function planningRoutes(ctx: AppContext): RouteSpec[] {
  const caller = (c: Context<ApiEnv>) => c.get('caller');
  return [
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
      method: 'get',
      path: '/operations/{op}/planner',
      tag: 'plans',
      access: { kind: 'read' },
      summary:
        "The planner's run of the operation: under way (since when, for how long at most) or the last one (its plan, or why none), by the server's clock",
      ok: {
        status: 200,
        description: 'the run (null when none since the server started) and the server time now',
        schema: z.object({
          run: z
            .object({
              state: z.enum(['running', 'done', 'failed']),
              startedAt: z.string(),
              limitSec: z.number(),
              by: z.string(),
              finishedAt: z.string().optional(),
              code: z.string().optional(),
              error: z
                .object({ code: z.string(), message: z.string(), lang: z.literal('ar').optional() })
                .optional(),
            })
            .nullable(),
          now: z.string(),
        }),
      },
      handler: async (c) => {
        const op = operationOf(c);
        await getOperation(ctx, caller(c), op);
        const run = planRun(ctx, op);
        return c.json({ run: run && runAnswer(run, prefersArabic(c)), now: ctx.now().toISOString() });
      },
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
  ];
}
