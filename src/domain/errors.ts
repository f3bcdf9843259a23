import type { Said, SaidValue } from '../contracts/words/said.js';
import type { GateCondition } from './safe-passage/gates.js';

export type { Said };

export type DomainErrorCode =
  | 'not_found'
  | 'conflict'
  | 'rule_violated'
  | 'forbidden'
  | 'invalid_input'
  | 'unauthenticated'
  | 'rate_limited'
  | 'unavailable';

/**
 * A refusal's sentence as a template and its values: `said('convoy {convoy} has no vehicles', {
 * convoy: 'CVY-7' })`. The template is the English sentence, and the key of its Arabic in
 * `contracts/words/refusals-ar.ts` (a test finds every template in the source and asks for its
 * Arabic): the API answers in the language the caller asks for (`Accept-Language`). `{status|prefix}`
 * names a value of the vocabulary, worded in Arabic from the console's catalogue (`prefix.value`).
 */
export function said(template: string, vars: Readonly<Record<string, SaidValue>> = {}): Said {
  return { template, vars };
}

/** A said sentence in English: its template filled in (a list with commas, no direction marks). */
export function english(s: Said | string): string {
  if (typeof s === 'string') return s;
  return s.template.replace(/\{(\w+)(?:\|[\w.]+)?\}/g, (whole, name: string) => {
    const value = s.vars[name];
    if (value === undefined || value === null) return whole;
    if (Array.isArray(value))
      return (value as readonly (string | number | Said)[])
        .map((v) => (typeof v === 'object' ? english(v) : plainText(v)))
        .join(', ');
    return typeof value === 'object' ? english(value as Said) : plainText(value);
  });
}

function plainText(value: string | number): string {
  return String(value).replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}

/** The one error type of domain/ and app/. The API maps `code` to an HTTP status in one place. */
export class DomainError extends Error {
  /** The sentence as said, for the API to word in the caller's language; absent for a plain one. */
  readonly said?: Said;

  constructor(
    readonly code: DomainErrorCode,
    message: string | Said,
    readonly details?: unknown,
  ) {
    super(english(message));
    this.name = new.target.name;
    if (typeof message !== 'string') this.said = message;
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string | Said, details?: unknown) {
    super('not_found', message, details);
  }
}
export class ConflictError extends DomainError {
  constructor(message: string | Said, details?: unknown) {
    super('conflict', message, details);
  }
}
export class RuleViolatedError extends DomainError {
  constructor(message: string | Said, details?: unknown) {
    super('rule_violated', message, details);
  }
}
export class ForbiddenError extends DomainError {
  constructor(message: string | Said, details?: unknown) {
    super('forbidden', message, details);
  }
}
export class InvalidInputError extends DomainError {
  constructor(message: string | Said, details?: unknown) {
    super('invalid_input', message, details);
  }
}

/**
 * A corridor's gates refuse a change of status: every unmet condition is listed. The change conflicts
 * with the state of things (and may be retried when they change), so the API answers 409.
 */
export class GatesUnmetError extends RuleViolatedError {
  constructor(
    message: string | Said,
    readonly unmet: readonly string[],
    details: Record<string, unknown> = {},
    /** The same conditions by kind and numbers, for the API to word them in the reader's language. */
    readonly conditions: readonly GateCondition[] = [],
  ) {
    super(message, { ...details, unmet });
  }
}

/** Wrong credentials: said the same way whichever part was wrong. */
export class UnauthenticatedError extends DomainError {
  constructor(message: string | Said) {
    super('unauthenticated', message);
  }
}

/** Too many attempts: try again after `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  constructor(
    message: string | Said,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', message, { retryAfterSeconds });
  }
}

/** Not now, for a reason that passes (a node waiting for its upstream): try again after `retryAfterSeconds`. */
export class UnavailableError extends DomainError {
  constructor(
    message: string | Said,
    readonly retryAfterSeconds: number,
  ) {
    super('unavailable', message, { retryAfterSeconds });
  }
}
