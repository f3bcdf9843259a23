import { type Context } from 'hono';
import type { AppContext } from '../../app/context.js';
import { ingestObservations, ingestOpenDataCam } from '../../app/accountability/ingest.js';
import { convoyReconciliation, operationReconciliation } from '../../app/accountability/reconciliation.js';
import { IngestBatch, OpenDataCamBatch } from '../../contracts/accountability/ingest.js';
import { type ApiEnv } from '../access/auth.js';
import { Item, jsonBody, operationOf, type RouteSpec } from '../routes.js';

/** Counting devices and the reconciliation of every convoy and corridor. */
/** What a batch of counts appended: 201, or 200 when it was all stored already. */
const INGESTED = {
  status: 201,
  description: 'what was appended',
  schema: Item,
  also: [{ status: 200, description: 'every observation was already stored: nothing appended' }],
};

export function accountabilityRoutes(ctx: AppContext): RouteSpec[] {
  const caller = (c: Context<ApiEnv>) => c.get('caller');
  return [
    {
      method: 'post',
      path: '/operations/{op}/ingest',
      operationId: 'ingest',
      tag: 'ingest',
      access: { kind: 'ingest' },
      summary:
        'Observations from a counting device (device token): each becomes a passage of its kind; idempotent by id',
      body: IngestBatch,
      ok: INGESTED,
      handler: async (c) => {
        const outcome = await ingestObservations(ctx, caller(c), operationOf(c), await jsonBody(c));
        return c.json(outcome, outcome.appended > 0 ? 201 : 200);
      },
    },
    {
      method: 'post',
      path: '/operations/{op}/ingest/opendatacam',
      operationId: 'ingestOpenDataCam',
      tag: 'ingest',
      access: { kind: 'ingest' },
      summary: "An OpenDataCam counter export for one convoy's passage of a counting line (camera token)",
      body: OpenDataCamBatch,
      ok: INGESTED,
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
  ];
}
