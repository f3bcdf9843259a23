import type { Said, SaidValue } from '../contracts/words/said.js';

/**
 * A problem the planner cannot solve as given: the message names the place, pickup or hazard. Said
 * (`said(template, values)`, as domain/errors.ts says a refusal) where a person planning from the
 * console meets it, so that the API can word it in the reader's language.
 */
export class PlanningError extends Error {
  override readonly name = 'PlanningError';
  readonly said?: Said;

  constructor(message: string | Said) {
    super(typeof message === 'string' ? message : filled(message));
    if (typeof message !== 'string') this.said = message;
  }
}

/** A sentence as its English template and values (the planner is pure: domain/errors.ts's twin). */
export function said(template: string, vars: Readonly<Record<string, SaidValue>> = {}): Said {
  return { template, vars };
}

/** As domain/errors.ts's english(): values without direction marks, lists with commas. */
function filled(s: Said): string {
  return s.template.replace(/\{(\w+)(?:\|[\w.]+)?\}/g, (whole, name: string) => {
    const value = s.vars[name];
    if (value === undefined || value === null) return whole;
    if (Array.isArray(value))
      return (value as readonly (string | number | Said)[])
        .map((v) => (typeof v === 'object' ? filled(v) : plain(v)))
        .join(', ');
    return typeof value === 'object' ? filled(value as Said) : plain(value);
  });
}

function plain(value: string | number): string {
  return String(value).replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}
