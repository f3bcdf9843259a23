import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { compress } from 'hono/compress';
import { gzipSync } from 'node:zlib';
import { takesGzip } from './console/static.js';
import type { AppContext } from '../app/context.js';
import { requireToken, type ApiEnv } from './access/auth.js';
import { said } from '../domain/errors.js';
import { onError, refusalJson } from './errors.js';
import { z } from 'zod';
import { openApiDocument } from './openapi.js';
import { referencePage } from './reference-page.js';
import { jsonBody, mount, operationOf, type RouteSpec } from './routes.js';
import { paperRoutes } from './paper/routes.js';
import { adminRoutes } from './access/admin-routes.js';
import { protectionRoutes } from './protection/routes.js';
import { safePassageRoutes } from './safe-passage/routes.js';
import { reportRoutes } from './reports/routes.js';
import { LoginThrottle, login, logout } from '../app/access/accounts.js';
import {
  clientAddress,
  trustedProxySet,
  DEFAULT_RATE_LIMITS,
  limitPerAddress,
  limitPerToken,
  RateLimiter,
  type RateLimits,
} from './access/rate-limit.js';
import { consoleRoutes } from './console/routes.js';
import { recordRoutes } from './records/routes.js';
import { hazardRoutes } from './safe-passage/hazard-routes.js';
import { planningRoutes } from './planning/routes.js';
import { accountabilityRoutes } from './accountability/routes.js';
import { logRoutes } from './log/routes.js';
import { syncRoutes } from './sync/routes.js';

export const API_VERSION = '0.1.0';
const V1 = '/api/v1';

export interface ApiOptions {
  /** How often a live stream checks that its token still holds. */
  reauthenticateMs?: number;
  rateLimits?: RateLimits;
  /** Failed sign-ins allowed per account and per address in 15 minutes (5 and 50). */
  loginLimits?: { account: number; address: number };
  /**
   * Addresses of reverse proxies whose `X-Forwarded-For` names the client (for sign-in throttling
   * and rate limits); from any other peer the header is ignored.
   */
  trustedProxies?: readonly string[];
}

/** Every route of /api/v1, by capability. */
export function v1Routes(ctx: AppContext, options: ApiOptions = {}): RouteSpec[] {
  return [
    ...recordRoutes(ctx),
    ...safePassageRoutes(ctx, operationOf),
    ...hazardRoutes(ctx),
    ...protectionRoutes(ctx, operationOf),
    ...adminRoutes(ctx, operationOf),
    ...reportRoutes(ctx, operationOf),
    ...planningRoutes(ctx),
    ...accountabilityRoutes(ctx),
    ...logRoutes(ctx, options),
    ...syncRoutes(ctx),
    ...paperRoutes(ctx),
  ];
}

export function createApi(ctx: AppContext, options: ApiOptions = {}): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  // A strict Content-Security-Policy: the session token sits in localStorage, so no script but the
  // console's own files may run (no inline script), nothing is fetched from elsewhere, and no other
  // site may frame the pages. Styles may be inline (React and MapLibre set them); MapLibre's workers
  // are blobs.
  app.use(
    '*',
    secureHeaders({
      crossOriginResourcePolicy: 'same-origin',
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  compressReads(app);
  app.onError(onError);
  app.notFound(noRoute);
  boundRequests(app);
  app.get('/api/health', (c) => c.json({ status: 'ok' }));

  // Signing in and out (outside /api/v1: signing in is the one call made without a token).
  const throttle = new LoginThrottle(options.loginLimits);
  const limits = options.rateLimits ?? DEFAULT_RATE_LIMITS;
  const addressLimiter = new RateLimiter(limits.perAddress);
  const proxies = trustedProxySet(options.trustedProxies);
  app.post('/api/auth/login', limitPerAddress(addressLimiter, proxies), async (c) =>
    c.json(await login(ctx, throttle, await jsonBody(c), clientAddress(c, proxies)), 201),
  );
  app.post('/api/auth/logout', requireToken(ctx), async (c) => {
    await logout(ctx, c.get('caller'));
    return c.body(null, 204);
  });

  const routes = [...v1Routes(ctx, options), ...consoleRoutes(ctx)];
  // The API's contract is public: clients are generated from it before anyone has a token.
  const openapi = {
    method: 'get',
    path: '/openapi.json',
    tag: 'meta',
    operationId: 'getOpenApiDocument',
    auth: false,
    access: { kind: 'any' },
    summary: 'This document (no token needed; its reference page is /api/docs)',
    ok: {
      status: 200,
      description: 'the OpenAPI 3.1 document',
      schema: z.looseObject({ openapi: z.string() }),
    },
    // Made once, served as the same bytes: anyone may ask for it, and often.
    handler: (c) => serveDocument(c),
  } satisfies RouteSpec;
  const document = openApiDocument(V1, [openapi, ...routes], API_VERSION);
  const serveDocument = servedOnce(JSON.stringify(document));
  const reference = referencePage(document);

  app.use(`${V1}/*`, limitPerAddress(addressLimiter, proxies));
  app.get('/api/docs', limitPerAddress(addressLimiter, proxies), (c) => c.html(reference));
  mount(app, V1, [openapi]);
  app.use(`${V1}/*`, requireToken(ctx));
  app.use(`${V1}/*`, limitPerToken(new RateLimiter(limits.perToken)));
  mount(app, V1, routes);
  return app;
}

/**
 * What is read is sent compressed to a client that takes it (a post's 3G link, a phone): JSON and
 * text, never an event stream (hono's filter). Only the answers of GETs: an answer to a write may
 * carry a secret made for it (a token) beside what the caller sent.
 */
function compressReads(app: Hono<ApiEnv>): void {
  const compressed = compress();
  const whenRead: MiddlewareHandler = (c, next) => (c.req.method === 'GET' ? compressed(c, next) : next());
  app.use('/api/*', whenRead);
}

/** JSON made once (the API's document, half a megabyte), zipped once for the callers that take it. */
function servedOnce(json: string): (c: Context<ApiEnv>) => Response {
  let zipped: Uint8Array<ArrayBuffer> | undefined;
  return (c) => {
    const headers = { 'Content-Type': 'application/json; charset=utf-8', Vary: 'Accept-Encoding' };
    if (!takesGzip(c.req.header('accept-encoding'))) return c.body(json, 200, headers);
    zipped ??= new Uint8Array(gzipSync(json, { level: 9 }));
    return c.body(zipped, 200, { ...headers, 'Content-Encoding': 'gzip' });
  };
}

function noRoute(c: Context): Response {
  const route = { method: c.req.method, path: c.req.path };
  return refusalJson(c, 'not_found', said('no route {method} {path}', route), 404);
}

/**
 * Every body is bounded before anything else reads it (a token, a password): by Content-Length at
 * once, and a chunked body stops being read at the limit. Sign-in takes a few KiB; the API's batches
 * up to 32 MiB. A path whose percent-encoding is malformed names nothing: a 400 before any route.
 */
function boundRequests(app: Hono<ApiEnv>): void {
  const limit = (maxSize: number, what: string) =>
    bodyLimit({
      maxSize,
      onError: (c) =>
        refusalJson(c, 'invalid_input', said('the body is larger than {size}', { size: what }), 413),
    });
  app.use(`${V1}/*`, limit(32 * 1024 * 1024, '32 MiB'));
  // Nothing else reads a body (the console's files are GETs).
  app.use('/api/auth/*', limit(16 * 1024, '16 KiB'));
  app.use('*', async (c, next) => {
    try {
      decodeURIComponent(c.req.path);
    } catch {
      return refusalJson(c as Context, 'invalid_input', said('the path has malformed percent-encoding'), 400);
    }
    await next();
  });
}
