export type DomainErrorCode =
  | 'not_found'
  | 'conflict'
  | 'rule_violated'
  | 'forbidden'
  | 'invalid_input'
  | 'unauthenticated'
  | 'rate_limited'
  | 'unavailable';

/** The one error type of domain/ and app/. The API maps `code` to an HTTP status in one place. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string, details?: unknown) {
    super('not_found', message, details);
  }
}
export class ConflictError extends DomainError {
  constructor(message: string, details?: unknown) {
    super('conflict', message, details);
  }
}
export class RuleViolatedError extends DomainError {
  constructor(message: string, details?: unknown) {
    super('rule_violated', message, details);
  }
}
export class ForbiddenError extends DomainError {
  constructor(message: string, details?: unknown) {
    super('forbidden', message, details);
  }
}
export class InvalidInputError extends DomainError {
  constructor(message: string, details?: unknown) {
    super('invalid_input', message, details);
  }
}

/**
 * A corridor's gates refuse a change of status: every unmet condition is listed. The change conflicts
 * with the state of things (and may be retried when they change), so the API answers 409.
 */
export class GatesUnmetError extends RuleViolatedError {
  constructor(
    message: string,
    readonly unmet: readonly string[],
    details: Record<string, unknown> = {},
  ) {
    super(message, { ...details, unmet });
  }
}

/** Wrong credentials: said the same way whichever part was wrong. */
export class UnauthenticatedError extends DomainError {
  constructor(message: string) {
    super('unauthenticated', message);
  }
}

/** Too many attempts: try again after `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', message, { retryAfterSeconds });
  }
}

/** Not now, for a reason that passes (a node waiting for its upstream): try again after `retryAfterSeconds`. */
export class UnavailableError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('unavailable', message, { retryAfterSeconds });
  }
}
