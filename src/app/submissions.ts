import type { z } from 'zod';
import { EVENT_PAYLOADS, EventEnvelope, type EventSubmission } from '../contracts/events.js';
import { InvalidInputError } from '../domain/errors.js';

export interface Problem {
  path: string;
  message: string;
}

export function problemsOf(error: z.ZodError, prefix = ''): Problem[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))]
      .join('')
      .replace(/^\./, ''),
    message: issue.message,
  }));
}

/** Parse what a client sent into events of the catalogue, or refuse the whole batch saying why. */
export function parseSubmissions(raw: readonly unknown[], prefix = 'events'): EventSubmission[] {
  const problems: Problem[] = [];
  const parsed: EventSubmission[] = [];
  raw.forEach((item, i) => {
    const at = `${prefix}[${i}]`;
    const envelope = EventEnvelope.safeParse(item);
    if (!envelope.success) {
      problems.push(...problemsOf(envelope.error, at));
      return;
    }
    const payload = EVENT_PAYLOADS[envelope.data.type].safeParse(envelope.data.payload);
    if (!payload.success) {
      problems.push(...problemsOf(payload.error, `${at}.payload`));
      return;
    }
    parsed.push({ ...envelope.data, payload: payload.data } as EventSubmission);
  });
  if (problems.length > 0) {
    throw new InvalidInputError(
      `${problems.length} problem(s) in the submitted events: ${summary(problems)}`,
      {
        problems,
      },
    );
  }
  return parsed;
}

export function summary(problems: readonly Problem[]): string {
  const first = problems
    .slice(0, 3)
    .map((p) => (p.path ? `${p.path}: ${p.message}` : p.message))
    .join('; ');
  return problems.length > 3 ? `${first}; ...` : first;
}
