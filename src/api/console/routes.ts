import type { Context } from 'hono';
import { z } from 'zod';
import { consoleSnapshot } from '../../app/records/console.js';
import { OperationId } from '../../contracts/common.js';
import { NotFoundError, said } from '../../domain/errors.js';
import type { ApiEnv } from '../access/auth.js';
import type { RouteSpec } from '../routes.js';

const Item = z.record(z.string(), z.unknown());

/** Reads made for the console (src/web); everything else it shows comes from the ordinary collections. */
export function consoleRoutes(ctx: Parameters<typeof consoleSnapshot>[0]): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/operations/{op}/console/snapshot',
      tag: 'console',
      access: { kind: 'read' },
      summary:
        "Where each convoy on the road (boarding or departed) was last seen and at which checkpoint, the log's head seq to stream from, the caller's role and organisation, and when the operation's record begins and ends",
      ok: {
        status: 200,
        description: 'the snapshot',
        schema: z.object({
          headSeq: z.number(),
          role: z.string(),
          organisationId: z.string().nullable(),
          span: z.object({
            /** When the operation began, as recorded. */
            began: z.string(),
            /** When the latest thing recorded of it happened. */
            lastOccurredAt: z.string().nullable(),
          }),
          convoys: z.array(
            z.object({
              convoyId: z.string(),
              code: z.string(),
              status: z.string(),
              last: Item.nullable(),
              lastCheckpoint: Item.nullable(),
            }),
          ),
        }),
      },
      handler: async (c: Context<ApiEnv>) => {
        const op = c.req.param('op') ?? '';
        if (!OperationId.safeParse(op).success)
          throw new NotFoundError(said('no operation {operation}', { operation: op }));
        return c.json(await consoleSnapshot(ctx, c.get('caller'), op));
      },
    },
  ];
}
