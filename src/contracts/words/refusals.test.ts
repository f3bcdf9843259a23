import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { english, said } from '../../domain/errors.js';
import { MESSAGES } from './messages.js';
import { RECORD_WORDS_AR, REFUSALS_AR } from './refusals-ar.js';
import { canSay, placeholdersOf, sayIn } from './said.js';

const SRC = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Every `said('…')` of the server's code (domain/, app/, api/, store/): its template, where it is. */
function saidInSource(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of ['domain', 'app', 'api', 'store', 'planner'].flatMap((d) => sources(join(SRC, d)))) {
    const text = withoutComments(readFileSync(file, 'utf8'));
    const calls = /(?<!function )\bsaid\(\s*(?:'((?:\\.|[^'\\])*)'|"((?:\\.|[^"\\])*)"|(.))/g;
    for (const m of text.matchAll(calls)) {
      const where = `${file.slice(SRC.length + 1)}:${text.slice(0, m.index).split('\n').length}`;
      const literal = m[1] ?? m[2];
      if (literal === undefined) throw new Error(`${where}: said() takes its template as one literal string`);
      found.set(literal.replace(/\\(['"\\])/g, '$1'), where);
    }
  }
  return found;
}

/** The text with its comments blanked (their lines kept, for the line numbers). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/^\s*\/\/.*$/gm, '');
}

const DOMAIN_ERRORS =
  /\bnew (DomainError|NotFoundError|ConflictError|RuleViolatedError|ForbiddenError|InvalidInputError|GatesUnmetError|UnauthenticatedError|RateLimitedError|UnavailableError|ChainError|MasterKeyMismatchError)\(\s*(?:'[a-z_]+',\s*)?(?:[^,()]*\?\s*)?[`'"]/g;

describe("the server's refusals in Arabic", () => {
  const templates = saidInSource();

  it('has the Arabic of every template the source says, with the same placeholders, and no other', () => {
    expect(templates.size).toBeGreaterThan(0);
    for (const [template, where] of templates) {
      const ar = REFUSALS_AR[template];
      expect(ar, `${where}: no Arabic for "${template}"`).toBeTruthy();
      expect(placeholdersOf(ar!), `${where}: "${template}"`).toEqual(placeholdersOf(template));
      expect(/[\u0600-\u06ff]/.test(ar!), `${where}: "${ar}" is not Arabic`).toBe(true);
    }
    const stale = Object.keys(REFUSALS_AR).filter((t) => !templates.has(t));
    expect(stale, 'Arabic for templates the source no longer says').toEqual([]);
  });

  it('is said through said() by every refusal of domain/, app/, api/ and store/, never as a plain string', () => {
    const plain: string[] = [];
    for (const file of ['domain', 'app', 'api', 'store', 'planner'].flatMap((d) => sources(join(SRC, d)))) {
      const text = withoutComments(readFileSync(file, 'utf8'));
      for (const m of text.matchAll(DOMAIN_ERRORS))
        plain.push(`${file.slice(SRC.length + 1)}:${text.slice(0, m.index).split('\n').length}`);
    }
    expect(plain).toEqual([]);
  });

  it('names vocabulary the catalogue has, by prefixes it has', () => {
    const prefixes = new Set(
      [...Object.keys(MESSAGES.ar), ...Object.keys(RECORD_WORDS_AR)].map((k) => k.slice(0, k.indexOf('.'))),
    );
    for (const [template, where] of templates)
      for (const m of template.matchAll(/\{\w+\|([\w.]+)\}/g))
        expect(prefixes.has(m[1]!), `${where}: no catalogue prefix ${m[1]}`).toBe(true);
  });

  it('fills a sentence the same in English on both sides, and words it in Arabic with its values isolated', () => {
    const s = said('corridor {corridor} cannot go from {from|status} to {to|status}', {
      corridor: 'COR-3',
      from: 'closed',
      to: 'open',
    });
    expect(english(s)).toBe('corridor COR-3 cannot go from closed to open');
    expect(sayIn('en', s)).toBe(english(s));
    const wrapped = said('event {index} ({type}): {reason}', { index: 2, type: 'ConvoyDeparted', reason: s });
    expect(english(wrapped)).toBe('event 2 (ConvoyDeparted): corridor COR-3 cannot go from closed to open');
    if (REFUSALS_AR[s.template] && REFUSALS_AR[wrapped.template]) {
      const ar = sayIn('ar', wrapped);
      expect(ar).toContain('\u2068COR-3\u2069');
      expect(ar).toContain(MESSAGES.ar['status.closed' as keyof typeof MESSAGES.ar]);
      expect(ar).not.toContain('cannot');
      expect(canSay('ar', wrapped)).toBe(true);
    }
    expect(canSay('ar', said('a sentence nobody has translated'))).toBe(false);
  });

  it("keeps a value given by a person from turning the sentence around it, and says a list in the language's words", () => {
    const voided = said('tally {tally} is already void ({reason})', {
      tally: 'T-1',
      reason: 'dup\u2069\u202e eman',
    });
    expect(english(voided)).toBe('tally T-1 is already void (dup eman)');
    expect(sayIn('en', voided)).toBe(english(voided));
    const ar = sayIn('ar', voided);
    expect(ar).not.toMatch(/\u202e/);
    expect(ar.match(/\u2069/g)?.length).toBe(ar.match(/\u2068/g)?.length);
    const list = said(
      'hazard {hazard} cannot go from {from|status} to {to|status}: a {from|status} hazard may become {allowed|status}',
      {
        hazard: 'HAZ-1',
        from: 'suspected',
        to: 'suspected',
        allowed: ['confirmed', 'released'],
      },
    );
    expect(english(list)).toBe(
      'hazard HAZ-1 cannot go from suspected to suspected: a suspected hazard may become confirmed, released',
    );
    expect(sayIn('ar', list)).toContain(
      `${MESSAGES.ar['status.confirmed' as keyof typeof MESSAGES.ar]}، ${MESSAGES.ar['status.released' as keyof typeof MESSAGES.ar]}`,
    );
  });
});
