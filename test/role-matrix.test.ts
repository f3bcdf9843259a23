import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/app/access/tokens.js';
import { createApi } from '../src/api/app.js';
import { ROLES, type Role } from '../src/contracts/common.js';
import { DEMO } from './fixtures.js';
import { demoStore, type TestStore } from './stores.js';
import { checkedApi } from './api-contract.js';

/**
 * Who may call what, route by route: every route of the OpenAPI document is called with a token of
 * every role, and the ones refused with 403 must be exactly those outside the route's row below. A
 * route added without a row here fails, and so does a change of the permission table that this
 * table does not make too: both are deliberate decisions.
 */
const READ = ['admin', 'coordinator', 'enumerator', 'post-officer', 'protection', 'reporting', 'viewer'];
const COORDINATOR = ['coordinator'];
const OFFICERS = ['coordinator', 'post-officer'];
const PROTECTION = ['protection'];
const DEVICE = ['device'];
const ADMIN = ['admin'];
const SITE = ['site'];

const EXPECTED: Record<string, readonly string[]> = {
  'GET /openapi.json': [...ROLES],
  'GET /operations/{op}/console/snapshot': READ,
  'GET /operations/{op}/tokens': ADMIN,
  'POST /operations/{op}/tokens/{ref}/revoke': ADMIN,
  'GET /operations': [...ROLES],
  'GET /operations/{op}': READ,
  'GET /operations/{op}/organisations': READ,
  'POST /operations/{op}/organisations': COORDINATOR,
  'GET /operations/{op}/organisations/{ref}': READ,
  'GET /operations/{op}/areas': READ,
  'POST /operations/{op}/areas': COORDINATOR,
  'GET /operations/{op}/areas/{ref}': READ,
  'GET /operations/{op}/command-posts': READ,
  'POST /operations/{op}/command-posts': COORDINATOR,
  'GET /operations/{op}/command-posts/{ref}': READ,
  'GET /operations/{op}/corridors': READ,
  'POST /operations/{op}/corridors': COORDINATOR,
  'GET /operations/{op}/corridors/{ref}': READ,
  'GET /operations/{op}/checkpoints': READ,
  'POST /operations/{op}/checkpoints': COORDINATOR,
  'GET /operations/{op}/checkpoints/{ref}': READ,
  'GET /operations/{op}/vehicles': READ,
  'POST /operations/{op}/vehicles': COORDINATOR,
  'GET /operations/{op}/vehicles/{ref}': READ,
  'GET /operations/{op}/reception-points': READ,
  'POST /operations/{op}/reception-points': COORDINATOR,
  'GET /operations/{op}/reception-points/{ref}': READ,
  'GET /operations/{op}/convoys': READ,
  'POST /operations/{op}/convoys': COORDINATOR,
  'GET /operations/{op}/convoys/{ref}': READ,
  'GET /operations/{op}/passages': READ,
  'POST /operations/{op}/passages': ['coordinator', 'device', 'enumerator', 'post-officer'],
  'GET /operations/{op}/passages/{ref}': READ,
  'GET /operations/{op}/alerts': READ,
  'GET /operations/{op}/alerts/{ref}': READ,
  'GET /operations/{op}/figures': READ,
  'POST /operations/{op}/figures': ['coordinator', 'reporting'],
  'GET /operations/{op}/figures/{ref}': READ,
  'GET /operations/{op}/pickup-points': READ,
  'POST /operations/{op}/pickup-points': OFFICERS,
  'GET /operations/{op}/pickup-points/{ref}': READ,
  'GET /operations/{op}/plans': READ,
  'GET /operations/{op}/plans/{ref}': READ,
  'GET /operations/{op}/hazards': READ,
  'POST /operations/{op}/hazards': OFFICERS,
  'GET /operations/{op}/hazards/{ref}': READ,
  'GET /operations/{op}/clearance-tasks': READ,
  'POST /operations/{op}/clearance-tasks': OFFICERS,
  'GET /operations/{op}/clearance-tasks/{ref}': READ,
  'GET /operations/{op}/incidents': READ,
  'POST /operations/{op}/incidents': ['coordinator', 'enumerator', 'post-officer'],
  'GET /operations/{op}/incidents/{ref}': READ,
  'GET /operations/{op}/windows': READ,
  'POST /operations/{op}/windows': COORDINATOR,
  'GET /operations/{op}/windows/{ref}': READ,
  'GET /operations/{op}/notifications': READ,
  'POST /operations/{op}/notifications': COORDINATOR,
  'GET /operations/{op}/notifications/{ref}': READ,
  'GET /operations/{op}/acknowledgements': READ,
  'POST /operations/{op}/acknowledgements': COORDINATOR,
  'GET /operations/{op}/acknowledgements/{ref}': READ,
  'GET /operations/{op}/returns': READ,
  'POST /operations/{op}/returns': ['coordinator', 'post-officer', 'reporting'],
  'GET /operations/{op}/returns/{ref}': READ,
  'GET /operations/{op}/service-statuses': READ,
  'POST /operations/{op}/service-statuses': ['coordinator', 'post-officer', 'reporting'],
  'GET /operations/{op}/service-statuses/{ref}': READ,
  'GET /operations/{op}/access-statuses': READ,
  'POST /operations/{op}/access-statuses': ['coordinator', 'post-officer', 'reporting'],
  'GET /operations/{op}/access-statuses/{ref}': READ,
  'GET /operations/{op}/aid-deliveries': READ,
  'POST /operations/{op}/aid-deliveries': ['coordinator', 'reporting'],
  'GET /operations/{op}/aid-deliveries/{ref}': READ,
  'GET /operations/{op}/sheets': READ,
  'POST /operations/{op}/sheets': ['coordinator', 'post-officer', 'protection'],
  'GET /operations/{op}/sheets/{ref}': READ,
  'GET /operations/{op}/sheets/{ref}/document.pdf': READ,
  'POST /operations/{op}/sheets/{ref}/entry': ['coordinator', 'post-officer', 'enumerator', 'protection'],
  'POST /operations/{op}/corridors/{ref}/transitions': COORDINATOR,
  'GET /operations/{op}/corridors/{ref}/gates': READ,
  'GET /operations/{op}/notifications/{ref}/acknowledgements': READ,
  'POST /operations/{op}/notifications/{ref}/acknowledgements': COORDINATOR,
  'GET /operations/{op}/notifications/{ref}/document.html': READ,
  'GET /operations/{op}/notifications/{ref}/document.pdf': READ,
  'GET /operations/{op}/registrations': PROTECTION,
  'POST /operations/{op}/registrations': PROTECTION,
  'GET /operations/{op}/registrations/{ref}': PROTECTION,
  'POST /operations/{op}/registrations/{ref}/assign': PROTECTION,
  'POST /operations/{op}/registrations/{ref}/hand-over': PROTECTION,
  'POST /operations/{op}/registrations/{ref}/erase': PROTECTION,
  'GET /operations/{op}/family-groups': PROTECTION,
  'POST /operations/{op}/family-groups': PROTECTION,
  'GET /operations/{op}/family-groups/{ref}': PROTECTION,
  'GET /operations/{op}/tracing-requests': PROTECTION,
  'POST /operations/{op}/tracing-requests': PROTECTION,
  'GET /operations/{op}/tracing-requests/{ref}': PROTECTION,
  'GET /operations/{op}/tracing-requests/{ref}/candidates': PROTECTION,
  'POST /operations/{op}/tracing-requests/{ref}/reviews': PROTECTION,
  'POST /operations/{op}/tracing-requests/{ref}/close': PROTECTION,
  'GET /operations/{op}/recovery': READ,
  'GET /operations/{op}/reports/sitrep': READ,
  'GET /operations/{op}/exports/{dataset}': READ,
  'PATCH /operations/{op}/corridors/{ref}': COORDINATOR,
  'PATCH /operations/{op}/convoys/{ref}': OFFICERS,
  'POST /operations/{op}/convoys/{ref}/manifest': OFFICERS,
  'POST /operations/{op}/alerts/{ref}/acknowledge': OFFICERS,
  'POST /operations/{op}/alerts/{ref}/resolve': OFFICERS,
  'POST /operations/{op}/passages/{ref}/match': OFFICERS,
  'POST /operations/{op}/passages/{ref}/void': ['coordinator', 'enumerator', 'post-officer'],
  'PATCH /operations/{op}/pickup-points/{ref}': OFFICERS,
  'POST /operations/{op}/hazards/{ref}/status': OFFICERS,
  'POST /operations/{op}/clearance-tasks/{ref}/progress': OFFICERS,
  'POST /operations/{op}/clearance-tasks/{ref}/complete': OFFICERS,
  'POST /operations/{op}/incidents/{ref}/status': OFFICERS,
  'POST /operations/{op}/windows/{ref}/cancel': COORDINATOR,
  'GET /operations/{op}/corridors/{ref}/blocking': READ,
  'GET /operations/{op}/hazards/{ref}/clearance-tasks': READ,
  'POST /operations/{op}/hazards/{ref}/clearance-tasks': OFFICERS,
  'POST /operations/{op}/plans': COORDINATOR,
  'POST /operations/{op}/plans/{ref}/adopt': COORDINATOR,
  'POST /operations/{op}/events': [
    'coordinator',
    'device',
    'enumerator',
    'post-officer',
    'protection',
    'reporting',
  ],
  'POST /operations/{op}/ingest': DEVICE,
  'POST /operations/{op}/ingest/opendatacam': DEVICE,
  'GET /operations/{op}/reconciliation': READ,
  'GET /operations/{op}/convoys/{ref}/reconciliation': READ,
  'GET /operations/{op}/events': READ,
  'GET /operations/{op}/planner': READ,
  'GET /operations/{op}/stream': READ,
  'GET /sync/hello': SITE,
  'POST /operations/{op}/sync/push': SITE,
  'POST /operations/{op}/sync/pull': SITE,
  'GET /sync/status': READ,
};

describe('the role matrix of the API', () => {
  let t: TestStore;
  let api: ReturnType<typeof createApi>;
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    t = await demoStore('sqlite');
    api = checkedApi(createApi(t.ctx));
    for (const role of ROLES)
      tokens[role] = (
        await createToken(t.ctx, {
          operationId: DEMO,
          role,
          ...(role === 'device' ? { device: { kind: 'camera' as const, id: 'CAM-MATRIX' } } : {}),
          ...(role === 'site' ? { site: 'POST-MATRIX' } : {}),
        })
      ).token;
  });
  afterAll(() => t.cleanup());

  it('refuses each role exactly the routes its row does not give it, and has a row for every route', async () => {
    const doc = (await (
      await api.request('/api/v1/openapi.json', { headers: { authorization: `Bearer ${tokens.viewer}` } })
    ).json()) as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`),
    );
    expect(
      routes.filter((r) => !(r in EXPECTED)),
      'routes without a row',
    ).toEqual([]);
    expect(
      Object.keys(EXPECTED).filter((r) => !routes.includes(r)),
      'rows without a route',
    ).toEqual([]);
    const wrong: string[] = [];
    for (const route of routes) {
      const [method, template] = route.split(' ') as [string, string];
      const path = `/api/v1${template}`
        .replace('{op}', DEMO)
        .replace('{ref}', 'NOPE-1')
        .replace('{dataset}', 'figures');
      for (const role of ROLES) {
        const res = await api.request(path, {
          method,
          headers: { authorization: `Bearer ${tokens[role]}`, 'content-type': 'application/json' },
          // A body no schema accepts: an allowed role gets a 4xx other than 403, and nothing runs.
          ...(method === 'GET' ? {} : { body: '{"matrix-probe": true}' }),
        });
        await res.body?.cancel();
        const refused = res.status === 403;
        if (refused === EXPECTED[route]!.includes(role)) wrong.push(`${route} as ${role}: ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
