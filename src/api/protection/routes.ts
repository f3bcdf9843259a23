import type { Context } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import {
  assignPerson,
  erasePerson,
  getRegistration,
  handOverChild,
  listRegistrations,
  registerPerson,
} from '../../app/protection/registrations.js';
import {
  closeTracingRequest,
  getTracingRequest,
  listTracingRequests,
  openTracingRequest,
  reviewTracingMatch,
  tracingCandidates,
} from '../../app/protection/tracing.js';
import { createFamilyGroup, getFamilyGroup, listFamilyGroups } from '../../app/protection/family-groups.js';
import {
  AssignBody,
  EraseBody,
  FamilyGroupBody,
  HandOverBody,
  RegistrationBody,
  TracingCloseBody,
  TracingRequestBody,
  TracingReviewBody,
} from '../../contracts/protection/personal-data.js';
import type { Caller } from '../../app/access/permissions.js';
import { READ_PURPOSES } from '../../contracts/protection/personal-data.js';
import type { ApiEnv } from '../access/auth.js';
import { jsonBody, type RouteSpec } from '../routes.js';

const Item = z.record(z.string(), z.unknown());
const personal = { kind: 'personal' } as const;

/** What every protection route needs: the caller, the record in the path, the operation, answers. */
interface Route {
  caller: (c: Context<ApiEnv>) => Caller;
  ref: (c: Context<ApiEnv>) => string;
  operationOf: (c: Context<ApiEnv>) => string;
  ok: (status: number, description: string) => { status: number; description: string; schema: typeof Item };
}

/**
 * Personal data, for protection officers only. Reads that reveal it need `?purpose=` and are recorded
 * with the reader and the purpose before they are answered.
 */
export function protectionRoutes(ctx: AppContext, operationOf: (c: Context<ApiEnv>) => string): RouteSpec[] {
  const route: Route = {
    caller: (c) => c.get('caller'),
    ref: (c) => c.req.param('ref')!,
    operationOf,
    ok: (status, description) => ({ status, description, schema: Item }),
  };
  return [...registrationRoutes(ctx, route), ...familyGroupRoutes(ctx, route), ...tracingRoutes(ctx, route)];
}

const base = '/operations/{op}';

/** Every read of personal data says why; the purpose is recorded with the read. */
const PurposeQuery = z.object({
  purpose: z.enum(READ_PURPOSES).describe('why you read personal data: recorded with the read'),
});

/** People registered at boarding: their sealed details, convoys, hand-overs and erasure. */
function registrationRoutes(ctx: AppContext, { caller, ref, operationOf, ok }: Route): RouteSpec[] {
  return [
    {
      method: 'get',
      path: `${base}/registrations`,
      tag: 'protection',
      access: personal,
      summary:
        'Registered people with their personal data (?purpose= required and recorded; familyGroup, caseStatus)',
      query: PurposeQuery.extend({
        familyGroup: z
          .string()
          .max(200)
          .optional()
          .describe('only the members of this family group (code or id)'),
        caseStatus: z.string().max(40).optional().describe('only those with this case status'),
      }),
      ok: ok(200, 'the registrations'),
      handler: async (c) => c.json(await listRegistrations(ctx, caller(c), operationOf(c), c.req.query())),
    },
    {
      method: 'post',
      path: `${base}/registrations`,
      tag: 'protection',
      access: personal,
      summary: 'Register a person at boarding; their details are sealed with a key of their own',
      body: RegistrationBody,
      ok: ok(201, 'the registration, without personal data'),
      handler: async (c) =>
        c.json(await registerPerson(ctx, caller(c), operationOf(c), await jsonBody(c)), 201),
    },
    {
      method: 'get',
      path: `${base}/registrations/{ref}`,
      tag: 'protection',
      access: personal,
      summary: 'One registered person with their personal data (?purpose= required and recorded)',
      query: PurposeQuery,
      ok: ok(200, 'the registration'),
      handler: async (c) =>
        c.json(await getRegistration(ctx, caller(c), operationOf(c), ref(c), c.req.query())),
    },
    {
      method: 'post',
      path: `${base}/registrations/{ref}/assign`,
      tag: 'protection',
      access: personal,
      summary: 'Put a registered person on a convoy (a family split over convoys raises an alert)',
      body: AssignBody,
      ok: ok(200, 'the registration'),
      handler: async (c) =>
        c.json(await assignPerson(ctx, caller(c), operationOf(c), ref(c), await jsonBody(c))),
    },
    {
      method: 'post',
      path: `${base}/registrations/{ref}/hand-over`,
      tag: 'protection',
      access: personal,
      summary: "Record an unaccompanied or separated child's hand-over at a reception point: closes the case",
      body: HandOverBody,
      ok: ok(200, 'the registration'),
      handler: async (c) =>
        c.json(await handOverChild(ctx, caller(c), operationOf(c), ref(c), await jsonBody(c))),
    },
    {
      method: 'post',
      path: `${base}/registrations/{ref}/erase`,
      tag: 'protection',
      access: personal,
      summary: "Erase a person's data for good (their key is deleted); counts stay",
      body: EraseBody,
      ok: ok(200, 'the registration, erased'),
      handler: async (c) =>
        c.json(await erasePerson(ctx, caller(c), operationOf(c), ref(c), await jsonBody(c))),
    },
  ];
}

/** Family groups, kept together across convoys. */
function familyGroupRoutes(ctx: AppContext, { caller, ref, operationOf, ok }: Route): RouteSpec[] {
  return [
    {
      method: 'get',
      path: `${base}/family-groups`,
      tag: 'protection',
      access: personal,
      summary: 'Family groups with their members (codes, convoys, hand-overs)',
      ok: ok(200, 'the family groups'),
      handler: async (c) => c.json(await listFamilyGroups(ctx, caller(c), operationOf(c))),
    },
    {
      method: 'post',
      path: `${base}/family-groups`,
      tag: 'protection',
      access: personal,
      summary: 'Register a family group (its members are registered with familyGroupId)',
      body: FamilyGroupBody,
      ok: ok(201, 'the family group'),
      handler: async (c) =>
        c.json(await createFamilyGroup(ctx, caller(c), operationOf(c), await jsonBody(c)), 201),
    },
    {
      method: 'get',
      path: `${base}/family-groups/{ref}`,
      tag: 'protection',
      access: personal,
      summary: 'One family group with its members',
      ok: ok(200, 'the family group'),
      handler: async (c) => c.json(await getFamilyGroup(ctx, caller(c), operationOf(c), ref(c))),
    },
  ];
}

/** Tracing requests: who is looking for whom, the candidates and the reviews of them. */
function tracingRoutes(ctx: AppContext, { caller, ref, operationOf, ok }: Route): RouteSpec[] {
  return [
    {
      method: 'get',
      path: `${base}/tracing-requests`,
      tag: 'protection',
      access: personal,
      summary: 'Tracing requests: codes and status (their details need a purpose: see the one request)',
      ok: ok(200, 'the tracing requests'),
      handler: async (c) => c.json(await listTracingRequests(ctx, caller(c), operationOf(c))),
    },
    {
      method: 'post',
      path: `${base}/tracing-requests`,
      tag: 'protection',
      access: personal,
      summary: 'Open a tracing request (who is looking for whom); sealed like a registration',
      body: TracingRequestBody,
      ok: ok(201, 'the tracing request, without personal data'),
      handler: async (c) =>
        c.json(await openTracingRequest(ctx, caller(c), operationOf(c), await jsonBody(c)), 201),
    },
    {
      method: 'get',
      path: `${base}/tracing-requests/{ref}`,
      tag: 'protection',
      access: personal,
      summary: 'A tracing request with its details and reviews (?purpose= required and recorded)',
      query: PurposeQuery,
      ok: ok(200, 'the tracing request'),
      handler: async (c) =>
        c.json(await getTracingRequest(ctx, caller(c), operationOf(c), ref(c), c.req.query())),
    },
    {
      method: 'get',
      path: `${base}/tracing-requests/{ref}/candidates`,
      tag: 'protection',
      access: personal,
      summary: 'Registered people whose names match, best first, across spellings and scripts (?purpose=)',
      query: PurposeQuery,
      ok: ok(200, 'the candidates'),
      handler: async (c) =>
        c.json(await tracingCandidates(ctx, caller(c), operationOf(c), ref(c), c.req.query())),
    },
    {
      method: 'post',
      path: `${base}/tracing-requests/{ref}/reviews`,
      tag: 'protection',
      access: personal,
      summary: 'Confirm or reject a candidate match',
      body: TracingReviewBody,
      ok: ok(200, 'the tracing request'),
      handler: async (c) =>
        c.json(await reviewTracingMatch(ctx, caller(c), operationOf(c), ref(c), await jsonBody(c))),
    },
    {
      method: 'post',
      path: `${base}/tracing-requests/{ref}/close`,
      tag: 'protection',
      access: personal,
      summary: 'Close a tracing request, saying why',
      body: TracingCloseBody,
      ok: ok(200, 'the tracing request'),
      handler: async (c) =>
        c.json(await closeTracingRequest(ctx, caller(c), operationOf(c), ref(c), await jsonBody(c))),
    },
  ];
}
