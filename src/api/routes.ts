import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { OperationId } from '../contracts/common.js';
import { InvalidInputError, NotFoundError, said } from '../domain/errors.js';
import { authoriseRoute, type RouteAccess } from '../app/access/permissions.js';
import type { ApiEnv } from './access/auth.js';

export type Method = 'get' | 'post' | 'patch';

export interface RouteSpec {
  method: Method;
  /** OpenAPI style: /operations/{op}/corridors/{ref} */
  path: string;
  summary: string;
  tag: string;
  body?: z.ZodType;
  /** Success status and a short description of what comes back. */
  ok: {
    status: number;
    description: string;
    schema?: z.ZodType;
    /** Other success statuses with the same answer (a batch of duplicates only is a 200, not a 201). */
    also?: { status: number; description: string }[];
  };
  auth?: boolean;
  /** Its query parameters, as the handler reads them: declared in the OpenAPI document. */
  query?: z.ZodObject;
  /** Path parameters that are more than a code or an id (an enum), for the document. */
  params?: Record<string, z.ZodType>;
  /** The name a generated client gives the call; made from the method and the path when left out. */
  operationId?: string;
  /** Who may call it (src/app/access/permissions.ts decides): a route without a rule is refused at mount. */
  access: RouteAccess;
  stream?: boolean;
  /**
   * What a route that does not only answer JSON answers, by media type: a schema (JSON), or `text` or
   * `binary` for a document.
   */
  media?: Record<string, z.ZodType | 'text' | 'binary'>;
  handler: (c: Context<ApiEnv>) => Promise<Response> | Response;
}

/** Routes are declared once: the same list mounts them and writes the OpenAPI document. */
export function mount(app: Hono<ApiEnv>, base: string, routes: readonly RouteSpec[]): void {
  for (const r of routes) {
    if (!(r as Partial<RouteSpec>).access) throw new Error(`route ${r.method} ${r.path} has no access rule`);
    const path = base + r.path.replace(/\{(\w+)\}/g, ':$1');
    app[r.method](path, (c) => {
      if (r.auth !== false) authoriseRoute(c.get('caller'), r.access, r);
      return r.handler(c);
    });
  }
}

/** The request's JSON body, or a 400 that says it is not JSON. */
export async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw new InvalidInputError(said('the request has no body; send JSON'));
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidInputError(
      said('the body is not valid JSON: {reason}', { reason: (error as Error).message }),
    );
  }
}

/** The operation a route's path names; a malformed id names none (404, as an unknown one). */
export function operationOf(c: Context<ApiEnv>): string {
  const op = c.req.param('op') ?? '';
  if (!OperationId.safeParse(op).success)
    throw new NotFoundError(said('no operation {operation}', { operation: op }));
  return op;
}

/** A JSON object of any shape, for answers the OpenAPI document does not detail further. */
export const Item = z.record(z.string(), z.unknown());
