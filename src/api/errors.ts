import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  DomainError,
  GatesUnmetError,
  RateLimitedError,
  UnavailableError,
  type DomainErrorCode,
} from '../domain/errors.js';
import { isStoreBusy } from '../app/log/unavailable.js';
import { canSay, sayIn } from '../contracts/words/said.js';

/** Domain error codes to HTTP statuses: the only place that knows both. */
const STATUS: Record<DomainErrorCode, ContentfulStatusCode> = {
  invalid_input: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rule_violated: 422,
  unauthenticated: 401,
  rate_limited: 429,
  unavailable: 503,
};

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

export function unauthenticated(message: string): HTTPException {
  return new HTTPException(401, {
    res: Response.json(errorBody('unauthenticated', message), {
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer realm="corridor"' },
    }),
  });
}

export function onError(error: Error, c: Context): Response {
  if (error instanceof DomainError) {
    // Unmet gates conflict with the state of things, and may pass once it changes.
    const status = error instanceof GatesUnmetError ? 409 : STATUS[error.code];
    if (error instanceof RateLimitedError || error instanceof UnavailableError)
      c.header('Retry-After', String(Math.ceil(error.retryAfterSeconds)));
    // Said in Arabic when the caller asks for it and there are words for it; in English otherwise.
    const arabic = error.said !== undefined && prefersArabic(c) && canSay('ar', error.said);
    if (arabic) c.header('Content-Language', 'ar');
    const message = arabic ? sayIn('ar', error.said) : error.message;
    return c.json(errorBody(error.code, message, error.details), status);
  }
  if (error instanceof HTTPException) {
    if (error.res) return error.res;
    const status = error.status;
    return c.json(errorBody('invalid_input', error.message || 'bad request'), status);
  }
  // The database is held by another process (an admin rebuild or import): try again shortly.
  if (isStoreBusy(error)) {
    c.header('Retry-After', '5');
    return c.json(
      errorBody('unavailable', 'the database is busy with maintenance; retry in a few seconds'),
      503,
    );
  }
  // Anything else is a bug: say so without leaking internals, and leave a trace for the operator.
  console.error('corridor: internal error on', c.req.method, c.req.path, error);
  return c.json(errorBody('internal', 'internal error; the request may not have been applied'), 500);
}

/** Whether the caller's `Accept-Language` puts Arabic before English (the console sends its own). */
export function prefersArabic(c: Context): boolean {
  const ranked = (c.req.header('accept-language') ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q);
  const first = ranked.find((r) => /^(ar|en)(-|$)/.test(r.tag));
  return first?.tag.startsWith('ar') ?? false;
}
