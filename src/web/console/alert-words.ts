import { PEOPLE_CATEGORIES } from '../../contracts/kinds.js';
import type { Alert, Checkpoint, Convoy, Corridor } from '../client/records.js';
import type { Translate } from '../i18n/i18n.js';
import type { Lang } from '../../contracts/words/messages.js';
import { formatTime, nameIn } from '../shared/format.js';

/** What an alert's headline needs from the page: words, numbers, codes and times as the reader reads them. */
export interface AlertWording {
  t: Translate;
  /** A key built at run time (`alertKind.<kind>`): the value itself when the catalogue lacks it. */
  tx: (prefix: string, value: string) => string;
  number: (n: number) => string;
  /** The code (and name) of a record the alert names, by id; undefined when this page does not hold it. */
  convoy: (id: string) => string | undefined;
  corridor: (id: string) => string | undefined;
  checkpoint: (id: string) => string | undefined;
  receptionPoint?: (id: string) => string | undefined;
  /** An incident or a hazard as the reader reads it ("INC-3 (Shelling)"), by id. */
  incident?: (id: string) => string | undefined;
  hazard?: (id: string) => string | undefined;
  /** A corridor's status now, by id. */
  corridorStatus?: (id: string) => string | undefined;
  /** A time as the reader reads it (the operation's zone). */
  time: (iso: string) => string;
}

/** The numbers of an alert that count people: by category, all of them, or stretcher cases. */
const PEOPLE_KEYS = [...PEOPLE_CATEGORIES, 'people', 'stretcherCases'];

/**
 * An alert in the reader's language, from its kind, its numbers and the records it names: the server's
 * own reason (English, in UTC) stays beside it as recorded. A kind this console has no words for is
 * named by its label only.
 */
export function alertHeadline(alert: Alert, w: AlertWording): string {
  const { t, number } = w;
  const n = alert.numbers;
  const convoy = (alert.convoyId && w.convoy(alert.convoyId)) ?? t('alertSomeConvoy');
  const corridor = (alert.corridorId && w.corridor(alert.corridorId)) ?? t('alertSomeCorridor');
  const place = (alert.checkpointId && w.checkpoint(alert.checkpointId)) ?? t('alertSomePlace');
  const num = (key: string) => number(n[key] ?? 0);
  switch (alert.kind) {
    case 'people-missing':
    case 'people-surplus':
      return t(alert.kind === 'people-missing' ? 'alertWords.peopleMissing' : 'alertWords.peopleSurplus', {
        convoy,
        place,
        who: categories(n, w),
        before: num('before'),
        after: num('after'),
      });
    case 'vehicle-detached':
      return t('alertWords.vehicleDetached', { convoy, seen: num('seen'), expected: num('expected') });
    case 'convoy-stopped':
      return t('alertWords.convoyStopped', { convoy, threshold: minutes(n.minutes ?? 0, w) });
    case 'convoy-overdue':
      return t('alertWords.convoyOverdue', {
        convoy,
        place,
        time: n.expectedAt === undefined ? '—' : w.time(new Date(n.expectedAt).toISOString()),
      });
    case 'window-ending':
    case 'window-ended':
      return t(alert.kind === 'window-ended' ? 'alertWords.windowEnded' : 'alertWords.windowEnding', {
        corridor,
        convoys: num('convoys'),
        people: num('people'),
      });
    case 'unknown-convoy':
      return n.people === undefined
        ? t('alertWords.unknownConvoy', { place })
        : t('alertWords.unknownConvoyPeople', { place, people: num('people') });
    case 'items-missing':
      return t('alertWords.itemsMissing', {
        convoy,
        place,
        what: Object.entries(n)
          .map(([k, v]) => `${number(v)} ${w.tx('carried', k)}`)
          .join(t('listSeparator')),
      });
    case 'room-short': {
      const rp = alert.key?.startsWith('room-short:') ? w.receptionPoint?.(alert.key.slice(11)) : undefined;
      return t('alertWords.roomShort', {
        place: rp ?? t('alertSomePlace'),
        what: Object.entries(n)
          .map(([k, v]) => `${number(v)} ${w.tx('carried', k)}`)
          .join(t('listSeparator')),
      });
    }
    case 'incident-near-corridor':
      return incidentWords(alert, w, corridor);
    case 'hazard-on-route':
      return hazardWords(alert, w, corridor);
    case 'out-of-order':
      return t('alertWords.outOfOrder', { convoy, place });
    case 'conflict':
      return conflictWords(alert, w, alert.convoyId ? convoy : alert.corridorId ? corridor : null);
    case 'family-split':
      return t('alertWords.familySplit', {
        convoys: num('convoys'),
        receptionPoints: num('receptionPoints'),
      });
    default:
      return w.tx('alertKind', alert.kind);
  }
}

/** An incident near a corridor: which, how far, and what to do given the corridor's status now. */
function incidentWords(alert: Alert, w: AlertWording, corridor: string): string {
  const [, incidentId = ''] = (alert.key ?? '').split(':');
  const status = alert.corridorId ? w.corridorStatus?.(alert.corridorId) : undefined;
  return w.t('alertWords.incidentNear', {
    incident: w.incident?.(incidentId) ?? w.t('alertSomeIncident'),
    distance: distance(alert.numbers.distanceM ?? 0, w),
    corridor,
    status: status ? w.tx('status', status).toLowerCase() : '—',
    advice: w.t(status === 'suspended' ? 'alertWords.incidentSuspended' : 'alertWords.incidentOpen'),
  });
}

/** A hazard across a corridor's route: which, and the segment it blocks. */
function hazardWords(alert: Alert, w: AlertWording, corridor: string): string {
  const [, hazardId = ''] = (alert.key ?? '').split(':');
  return w.t('alertWords.hazardOnRoute', {
    hazard: w.hazard?.(hazardId) ?? w.t('alertSomeHazard'),
    segment: w.number(alert.numbers.segment ?? 0),
    corridor,
  });
}

/**
 * A conflict in words: the record it is about and the site that decided otherwise. The site is read
 * from the server's own sentence ("... recorded at site POST-3 at ..."), whose shape is this project's;
 * without it the words name no site. An alert that names several (`conflict:<id>+<more>`) says how many.
 */
function conflictWords(alert: Alert, w: AlertWording, record: string | null): string {
  const site = /recorded at site (\S+)/.exec(alert.reason)?.[1] ?? w.t('alertSomeSite');
  const more = /^conflict:[^+]+\+(\d+)$/.exec(alert.key ?? '');
  if (more) return w.t('alertWords.conflictMore', { count: Number(more[1]) + 1, site });
  return record === null
    ? w.t('alertWords.conflictSome', { site })
    : w.t('alertWords.conflict', { record, site });
}

/** A distance as a person says it: "350 m", "1.2 km". */
export function distance(metres: number, w: Pick<AlertWording, 't' | 'number'>): string {
  if (metres < 1000) return w.t('unit.metres', { n: w.number(Math.round(metres)) });
  return w.t('unit.km', { n: w.number(Math.round(metres / 100) / 10) });
}

/** "3 men, 1 girl" from an alert's numbers: each category that differs, with how many. */
function categories(n: Record<string, number>, w: AlertWording): string {
  const parts = PEOPLE_KEYS.filter((k) => n[k] !== undefined).map(
    (k) => `${w.number(n[k]!)} ${w.tx('cat', k).toLowerCase()}`,
  );
  return parts.join(', ') || w.number(Math.abs((n.before ?? 0) - (n.after ?? 0)));
}

/** A threshold in minutes as a person says it: "20 s", "20 min", "1 h 30 min". */
export function minutes(m: number, w: Pick<AlertWording, 't' | 'number'>): string {
  if (m < 1) return w.t('unit.seconds', { n: w.number(Math.round(m * 60)) });
  const whole = Math.round(m);
  if (whole < 60) return w.t('unit.minutes', { n: w.number(whole) });
  const rest = whole % 60;
  const hours = w.t('unit.hours', { n: w.number(Math.floor(whole / 60)) });
  return rest === 0 ? hours : `${hours} ${w.t('unit.minutes', { n: w.number(rest) })}`;
}

/** The wording of alerts on a page that holds these records, in this language and time zone. */
export function wordingFor(
  records: {
    convoys: Convoy[];
    corridors: Corridor[] | null;
    checkpoints: Checkpoint[];
    receptionPoints?: { id: string; code: string; name: string }[];
    incidents?: { id: string; code: string; type: string }[] | null;
    hazards?: { id: string; code: string; type: string; status: string }[];
  },
  i18n: { t: Translate; tx: AlertWording['tx']; number: (n: number) => string; lang: Lang },
  timeZone: string | undefined,
): AlertWording {
  const byId = <T extends { id: string }>(rows: T[] | null) => new Map((rows ?? []).map((r) => [r.id, r]));
  const convoys = byId(records.convoys);
  const corridors = byId(records.corridors);
  const checkpoints = byId(records.checkpoints);
  const receptionPoints = byId(records.receptionPoints ?? null);
  const incidents = byId(records.incidents ?? null);
  const hazards = byId(records.hazards ?? null);
  return {
    t: i18n.t,
    tx: i18n.tx,
    number: i18n.number,
    time: (iso) => formatTime(iso, i18n.lang, timeZone),
    convoy: (id) => convoys.get(id)?.code,
    corridor: (id) => corridors.get(id)?.code,
    checkpoint: (id) => {
      const c = checkpoints.get(id);
      return c ? `${c.code} ${nameIn(c, i18n.lang)}` : undefined;
    },
    receptionPoint: (id) => {
      const r = receptionPoints.get(id);
      return r ? `${r.code} ${nameIn(r, i18n.lang)}` : undefined;
    },
    incident: (id) => {
      const i = incidents.get(id);
      return i ? `${i.code} (${i18n.tx('incidentType', i.type)})` : undefined;
    },
    hazard: (id) => {
      const h = hazards.get(id);
      return h
        ? `${h.code} (${i18n.tx('hazardType', h.type)}, ${i18n.tx('status', h.status).toLowerCase()})`
        : undefined;
    },
    corridorStatus: (id) => corridors.get(id)?.status,
  };
}
