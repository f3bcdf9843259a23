import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { InvalidInputError } from '../domain/errors.js';
import type { ApiEnv } from './auth.js';

export type Method = 'get' | 'post' | 'patch';

export interface RouteSpec {
  method: Method;
  /** OpenAPI style: /operations/{op}/corridors/{ref} */
  path: string;
  summary: string;
  tag: string;
  body?: z.ZodType;
  /** Success status and a short description of what comes back. */
  ok: { status: number; description: string; schema?: z.ZodType };
  auth?: boolean;
  stream?: boolean;
  /** What a route that does not answer JSON answers (a document). */
  contentType?: string;
  handler: (c: Context<ApiEnv>) => Promise<Response> | Response;
}

/** Routes are declared once: the same list mounts them and writes the OpenAPI document. */
export function mount(app: Hono<ApiEnv>, base: string, routes: readonly RouteSpec[]): void {
  for (const r of routes) {
    const path = base + r.path.replace(/\{(\w+)\}/g, ':$1');
    app[r.method](path, (c) => r.handler(c));
  }
}

/** The request's JSON body, or a 400 that says it is not JSON. */
export async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw new InvalidInputError('the request has no body; send JSON');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidInputError(`the body is not valid JSON: ${(error as Error).message}`);
  }
}
