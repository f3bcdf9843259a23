import { ListParams } from '../../contracts/resources.js';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { notificationHtml } from '../../app/documents/notification-html.js';
import {
  acknowledgeNotification,
  corridorGateStatus,
  createNotification,
  listAcknowledgements,
  notificationDocumentOf,
  transitionCorridor,
} from '../../app/safe-passage/safe-passage.js';
import {
  AcknowledgementCreateBody,
  CorridorTransitionBody,
  NotificationCreateBody,
} from '../../contracts/resource-bodies.js';
import { RECORD_SCHEMAS } from '../../contracts/resource-records.js';
import { parseInput } from '../../app/records/resources.js';
import type { Caller } from '../../app/access/permissions.js';
import type { ApiEnv } from '../access/auth.js';
import { pdfAnswer } from '../reports/routes.js';
import { jsonBody, type RouteSpec } from '../routes.js';

/** What every route here needs: the caller, the record in the path, the operation. */
interface Route {
  caller: (c: Context<ApiEnv>) => Caller;
  ref: (c: Context<ApiEnv>) => string;
  operationOf: (c: Context<ApiEnv>) => string;
}

const page = (schema: z.ZodType) =>
  z.object({ items: z.array(schema), total: z.number(), limit: z.number(), offset: z.number() });

/** The language of a printed document. */
const DocumentQuery = z.object({
  lang: z.enum(['en', 'ar']).default('en').describe('the language of the document'),
});

/** Safe passage beyond the plain collections: lifecycle transitions and their gates, notifications. */
export function safePassageRoutes(ctx: AppContext, operationOf: (c: Context<ApiEnv>) => string): RouteSpec[] {
  const route: Route = { caller: (c) => c.get('caller'), ref: (c) => c.req.param('ref')!, operationOf };
  return [...corridorRoutes(ctx, route), ...notificationRoutes(ctx, route)];
}

/** A corridor's lifecycle: its transitions and the gates they go through. */
function corridorRoutes(ctx: AppContext, { caller, ref, operationOf }: Route): RouteSpec[] {
  return [
    {
      method: 'post',
      path: '/operations/{op}/corridors/{ref}/transitions',
      tag: 'corridors',
      access: { kind: 'writes', types: ['CorridorStatusChanged'] },
      summary:
        'Move a corridor through its lifecycle (planned -> notified -> ready -> open -> suspended -> open -> closed). Unmet gates answer 409 with every one in details.unmet; a coordinator may override with a written reason, recorded as its own event',
      body: CorridorTransitionBody,
      ok: { status: 200, description: 'the corridor after the change', schema: RECORD_SCHEMAS.corridors },
      handler: async (c) =>
        c.json(await transitionCorridor(ctx, caller(c), operationOf(c), ref(c), await jsonBody(c))),
    },
    {
      method: 'get',
      path: '/operations/{op}/corridors/{ref}/gates',
      tag: 'corridors',
      access: { kind: 'read' },
      summary:
        "A corridor's gates now: what each next status still needs, the notification they go by, the windows and incidents that count, and the overrides on record",
      ok: { status: 200, description: 'the gates', schema: z.record(z.string(), z.unknown()) },
      handler: async (c) => c.json(await corridorGateStatus(ctx, caller(c), operationOf(c), ref(c))),
    },
  ];
}

/** Movement notifications: made, acknowledged by the parties, and printed. */
function notificationRoutes(ctx: AppContext, { caller, ref, operationOf }: Route): RouteSpec[] {
  return [
    {
      method: 'post',
      path: '/operations/{op}/notifications',
      tag: 'notifications',
      access: { kind: 'writes', types: ['MovementNotified'] },
      summary:
        "Notify a movement to the parties: route, parties and vehicles default to the corridor's route, the operation's parties to the conflict, authorities and guarantors, and the convoy's vehicles",
      body: NotificationCreateBody,
      ok: { status: 201, description: 'the notification', schema: RECORD_SCHEMAS.notifications },
      handler: async (c) =>
        c.json(await createNotification(ctx, caller(c), operationOf(c), await jsonBody(c)), 201),
    },
    {
      method: 'get',
      path: '/operations/{op}/notifications/{ref}/acknowledgements',
      tag: 'notifications',
      access: { kind: 'read' },
      summary: 'The acknowledgements of a movement notification',
      query: ListParams,
      ok: {
        status: 200,
        description: 'a page of acknowledgements',
        schema: page(RECORD_SCHEMAS.acknowledgements),
      },
      handler: async (c) =>
        c.json(await listAcknowledgements(ctx, caller(c), operationOf(c), ref(c), c.req.query())),
    },
    {
      method: 'post',
      path: '/operations/{op}/notifications/{ref}/acknowledgements',
      tag: 'notifications',
      access: { kind: 'writes', types: ['MovementAcknowledged'] },
      summary: "Record a notified party's acknowledgement (who and when); once per party",
      body: AcknowledgementCreateBody,
      ok: { status: 201, description: 'the acknowledgement', schema: RECORD_SCHEMAS.acknowledgements },
      handler: async (c) =>
        c.json(await acknowledgeNotification(ctx, caller(c), operationOf(c), ref(c), await jsonBody(c)), 201),
    },
    {
      method: 'get',
      path: '/operations/{op}/notifications/{ref}/document.html',
      tag: 'notifications',
      access: { kind: 'read' },
      summary:
        'The notification as a one-page HTML document (route drawn, window in UTC and local time), in English or Arabic (lang)',
      query: DocumentQuery,
      media: { 'text/html': 'text' },
      ok: { status: 200, description: 'the document' },
      handler: async (c) => {
        const { lang } = parseInput(DocumentQuery, c.req.query(), 'query');
        return c.html(
          notificationHtml(await notificationDocumentOf(ctx, caller(c), operationOf(c), ref(c), lang)),
        );
      },
    },
    {
      method: 'get',
      path: '/operations/{op}/notifications/{ref}/document.pdf',
      tag: 'notifications',
      access: { kind: 'read' },
      summary: 'The notification as a one-page PDF (A4), in English or Arabic (lang)',
      query: DocumentQuery,
      media: { 'application/pdf': 'binary' },
      ok: { status: 200, description: 'the document' },
      handler: (c) =>
        pdfAnswer(c, async () => {
          const { lang } = parseInput(DocumentQuery, c.req.query(), 'query');
          const document = await notificationDocumentOf(ctx, caller(c), operationOf(c), ref(c), lang);
          const filename = `${document.code}${lang === 'en' ? '' : `-${lang}`}.pdf`;
          return { job: { kind: 'notification', document }, filename };
        }),
    },
  ];
}
