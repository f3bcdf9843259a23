import type { Lang, MessageKey, Translate } from './translate.js';

/** A gate condition as the server gives it: a kind, its numbers, and its own sentence in English. */
export interface GateCondition {
  kind: string;
  params: Record<string, string | number>;
  text: string;
}

const KINDS = new Set([
  'no-notification',
  'short-notice',
  'no-entry-checkpoint',
  'no-exit-checkpoint',
  'hazard-on-route',
  'no-acknowledgement',
  'no-window',
  'outside-window',
  'critical-incident',
]);

/**
 * A condition in the reader's language, from its kind and numbers, its times as `time` writes them
 * (the console in the reader's time zone, the API in UTC); the server's own sentence for a kind these
 * words do not know (a console older than its server).
 */
export function conditionWords(
  c: GateCondition,
  w: {
    t: Translate;
    tx: (prefix: string, value: string) => string;
    number: (n: number) => string;
    lang: Lang;
  },
  time: (iso: string) => string,
): string {
  if (!KINDS.has(c.kind)) return c.text;
  const p = c.params;
  const vars: Record<string, string | number> = { ...p };
  if (typeof p.hours === 'number') vars.hours = w.number(p.hours);
  if (typeof p.needed === 'number') vars.needed = w.number(p.needed);
  if (typeof p.metres === 'number') vars.metres = w.number(p.metres);
  if (typeof p.status === 'string') vars.status = w.tx('status', p.status).toLowerCase();
  if (typeof p.type === 'string') vars.type = w.tx('incidentType', p.type).toLowerCase();
  if (typeof p.start === 'string') vars.start = time(p.start);
  if (typeof p.end === 'string') vars.end = time(p.end);
  if (c.kind === 'outside-window')
    vars.window = p.window ? `${w.tx('windowKind', String(p.windowKind))} ${p.window}` : w.t('openingWindow');
  const key =
    c.kind === 'short-notice' && p.emergency === 1 ? 'gate.short-notice-emergency' : `gate.${c.kind}`;
  return w.t(key as MessageKey, vars);
}
