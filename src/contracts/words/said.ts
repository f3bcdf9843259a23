import { MESSAGES, type Lang } from './messages.js';
import { selectPlurals } from './plural.js';
import { RECORD_WORDS_AR, REFUSALS_AR } from './refusals-ar.js';

/**
 * A value in a said sentence: a code, a number, a word of the vocabulary, a sentence itself, or a
 * list of them (said as a list in the language, each worded by the placeholder's prefix).
 */
export type SaidValue = string | number | Said | readonly (string | number | Said)[];

/**
 * A sentence of the server's (a refusal) as its English template and its values, so that it can be
 * said in the reader's language: `{name}` is a value; `{name|prefix}` a value of the vocabulary, worded
 * from the catalogue's `prefix.value` (`{to|corridorStatus}`).
 */
export interface Said {
  readonly template: string;
  readonly vars: Readonly<Record<string, SaidValue>>;
}

const PLACEHOLDER = /\{(\w+)(?:\|([\w.]+))?\}/g;

/** Whether there are words for this sentence in the language (English always). */
export function canSay(lang: Lang, s: Said): boolean {
  if (lang === 'en') return true;
  return (
    REFUSALS_AR[s.template] !== undefined && Object.values(s.vars).every((v) => !isSaid(v) || canSay(lang, v))
  );
}

/**
 * The sentence in a language, with its values filled in. In Arabic every value that stays as given (a
 * code, a name in Latin letters, a sentence of a newer server) is isolated (U+2068 … U+2069) so that it
 * keeps its own order inside the right-to-left sentence; a word of the vocabulary is given in Arabic.
 */
export function sayIn(lang: Lang, s: Said): string {
  const template = lang === 'ar' ? (REFUSALS_AR[s.template] ?? s.template) : s.template;
  const plain = Object.fromEntries(
    Object.entries(s.vars).filter((e): e is [string, string | number] => typeof e[1] !== 'object'),
  );
  const chosen = template.includes('plural')
    ? selectPlurals(template, plain, new Intl.PluralRules(lang))
    : template;
  return chosen.replace(PLACEHOLDER, (whole, name: string, prefix: string | undefined) => {
    const value = s.vars[name];
    if (value === undefined || value === null) return whole;
    if (isSaid(value)) return sayIn(lang, value);
    if (Array.isArray(value))
      return (value as readonly (string | number | Said)[])
        .map((v) => (isSaid(v) ? sayIn(lang, v) : worded(lang, v, prefix)))
        .join(lang === 'ar' ? '، ' : ', ');
    return worded(lang, value as string | number, prefix);
  });
}

function isSaid(v: SaidValue | null | undefined | string | number): v is Said {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Marks that set or end a direction: a value given by a person cannot turn the sentence around it. */
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function worded(lang: Lang, value: string | number, prefix: string | undefined): string {
  if (typeof value === 'number') return String(value);
  const text = value.replace(BIDI_CONTROLS, '');
  if (lang === 'en') return text;
  const key = `${prefix}.${text}`;
  const word = prefix ? ((MESSAGES.ar as Record<string, string>)[key] ?? RECORD_WORDS_AR[key]) : undefined;
  return word ?? `\u2068${text}\u2069`;
}

/** The placeholders of a template, by name (a plural's number is one). */
export function placeholdersOf(template: string): string[] {
  const names = new Set<string>();
  for (const m of template.matchAll(PLACEHOLDER)) names.add(m[1]!);
  for (const m of template.matchAll(/\{(\w+),\s*plural,/g)) names.add(m[1]!);
  return [...names].sort();
}
