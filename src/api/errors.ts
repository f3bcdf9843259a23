import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  DomainError,
  GatesUnmetError,
  RateLimitedError,
  said,
  UnavailableError,
  type DomainErrorCode,
} from '../domain/errors.js';
import { isStoreBusy } from '../app/log/unavailable.js';
import { conditionWords } from '../contracts/words/gate-words.js';
import { canSay, sayIn, type Said } from '../contracts/words/said.js';
import { wordsOf } from '../contracts/words/translate.js';

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

export function unauthenticated(c: Context, message: Said): HTTPException {
  const arabic = prefersArabic(c) && canSay('ar', message);
  return new HTTPException(401, {
    res: Response.json(errorBody('unauthenticated', sayIn(arabic ? 'ar' : 'en', message)), {
      status: 401,
      headers: {
        'WWW-Authenticate': 'Bearer realm="corridor"',
        ...(arabic ? { 'Content-Language': 'ar' } : {}),
      },
    }),
  });
}

/** A refusal the API makes itself (no route, a body too large): said in the caller's language. */
export function refusalJson(c: Context, code: string, message: Said, status: ContentfulStatusCode): Response {
  const arabic = prefersArabic(c) && canSay('ar', message);
  if (arabic) c.header('Content-Language', 'ar');
  return c.json(errorBody(code, sayIn(arabic ? 'ar' : 'en', message)), status);
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
    const message = arabic ? sayIn('ar', inArabic(error, error.said)) : error.message;
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
    return refusalJson(
      c,
      'unavailable',
      said('the database is busy with maintenance; retry in a few seconds'),
      503,
    );
  }
  // Anything else is a bug: say so without leaking internals, and leave a trace for the operator.
  console.error('corridor: internal error on', c.req.method, c.req.path, error);
  return refusalJson(c, 'internal', said('internal error; the request may not have been applied'), 500);
}

/** A refusal of unmet gates names each condition in Arabic, from its kind and numbers (times in UTC). */
function inArabic(error: DomainError, s: Said): Said {
  if (!(error instanceof GatesUnmetError) || error.conditions.length === 0) return s;
  const words = wordsOf('ar');
  const time = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
  const unmet = error.conditions.map((c) => conditionWords(c, words, time)).join('؛ ');
  const replaced = (at: Said): Said => ({
    template: at.template,
    vars: Object.fromEntries(
      Object.entries(at.vars).map(([name, v]) => [
        name,
        name === 'unmet' && typeof v === 'string' ? unmet : isSaid(v) ? replaced(v) : v,
      ]),
    ),
  });
  return replaced(s);
}

function isSaid(v: unknown): v is Said {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether the caller's `Accept-Language` puts Arabic before English (the console sends its own). */
export function prefersArabic(c: Context): boolean {
  const ranked = (c.req.header('accept-language') ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      // A q that is not a number from 0 to 1 (RFC 9110) makes its entry count for nothing.
      const q = params
        .find((p) => /^\s*q=/.test(p))
        ?.replace(/^\s*q=/, '')
        .trim();
      const weight = q === undefined ? 1 : /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(q) ? Number(q) : 0;
      return { tag: tag.trim(), q: weight };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q);
  const first = ranked.find((r) => /^(ar|en)(-|$)/.test(r.tag));
  return first?.tag.startsWith('ar') ?? false;
}
