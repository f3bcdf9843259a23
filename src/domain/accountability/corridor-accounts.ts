import { wallClockFormat, wallClockMs } from '../wall-clock.js';
import { compareCodes } from '../codes.js';
import type { PeopleCounts } from '../../contracts/common.js';
import type { CountAtStation } from './counting.js';
import type { AlertRow } from './rows.js';
import { noPeople, total, type StationCount } from './reconcile.js';

/**
 * People entered, exited, in transit and arrived per corridor and day, and whether everyone is
 * accounted for: one function, fed the same counts (counting.ts) by the live rules' state and by the
 * report's rows, so the board, the situation report and the exports give the same numbers.
 */

/** A convoy as the accounts need it: its counts at the entry, the exit and the reception point. */
export interface ConvoyCounts {
  id: string;
  code: string;
  corridorId: string;
  status: string;
  /** When it arrived (its status change), if it has. */
  arrivedAt: string | null;
  entry: CountAtStation | null;
  exit: CountAtStation | null;
  arrival: CountAtStation | null;
}

export interface OpenAlert {
  code: string;
  kind: string;
  convoyId: string | null;
  corridorId: string | null;
}

export interface PeopleTotals {
  /** By sex and age, as far as the counts said (camera counts have no categories). */
  people: PeopleCounts;
  total: number;
  /**
   * Items carried, by kind, summed over the counts that counted that kind (a count that did not
   * count a kind adds nothing to it; a kind no count counted is not here).
   */
  carried: Partial<Record<string, number>>;
}

export interface DayTotals {
  /** A day in the operation's time zone, or `all`. */
  day: string;
  /** Convoys counted at the entry that day. */
  convoys: number;
  convoysArrived: number;
  entered: PeopleTotals;
  exited: PeopleTotals;
  inTransit: PeopleTotals;
  arrived: PeopleTotals;
}

export type Accounted = { state: 'yes' | 'no' | 'unknown'; reason: string };

export interface CorridorAccount {
  corridorId: string;
  corridor: string;
  name: string;
  /** Its name in Arabic, where the registry has one. */
  nameAr: string | null;
  status: string;
  accounted: Accounted;
  /** `accounted.state === 'yes'`. */
  accountedFor: boolean;
  /** Convoys with an open alert that says people are unaccounted for. */
  unaccountedConvoys: string[];
  /** Convoys that left without a count at the entry: their people are not recorded, not zero. */
  notCounted: string[];
  total: DayTotals;
  days: DayTotals[];
  /** Each convoy counted at the entry: when, and how many (the chart's steps), in time order. */
  entries: { convoy: string; at: string; people: number }[];
}

/** The alerts not yet resolved, as the accounts read them. */
export function openAlerts(
  rows: readonly Pick<AlertRow, 'code' | 'kind' | 'status' | 'convoy_id' | 'corridor_id'>[],
): OpenAlert[] {
  return rows
    .filter((a) => a.status !== 'resolved')
    .map((a) => ({ code: a.code, kind: a.kind, convoyId: a.convoy_id, corridorId: a.corridor_id }));
}

/** Open alerts of these kinds say people are unaccounted for. */
export const UNACCOUNTED_KINDS: ReadonlySet<string> = new Set([
  'people-missing',
  'vehicle-detached',
  'convoy-overdue',
  'window-ended',
]);

export function corridorAccount(
  corridor: { id: string; code: string; name: string; name_ar?: string | null; status: string },
  convoys: readonly ConvoyCounts[],
  alerts: readonly OpenAlert[],
  timezone: string,
): CorridorAccount {
  const days = new Map<string, DayTotals>();
  const all = emptyTotals('all');
  const at = (day: string) => {
    let d = days.get(day);
    if (!d) days.set(day, (d = emptyTotals(day)));
    return [d, all];
  };
  const notCounted: string[] = [];
  const entries: CorridorAccount['entries'] = [];
  const moved = convoys
    .filter((c) => c.corridorId === corridor.id && (c.status === 'departed' || c.status === 'arrived'))
    .sort((a, b) => compareCodes(a.code, b.code));
  for (const c of moved) {
    const entered = c.entry?.count ?? null;
    const exited = c.exit?.count ?? null;
    const when = timesOf(c, timezone);
    if (entered) {
      entries.push(when.entry!);
      for (const t of at(when.enteredDay!)) {
        t.convoys++;
        add(t.entered, entered);
        if (!exited && c.status !== 'arrived') add(t.inTransit, entered);
      }
    } else notCounted.push(c.code);
    if (exited) for (const t of at(when.exitedDay!)) add(t.exited, exited);
    if (c.status === 'arrived' && c.arrivedAt !== null) {
      const arrived = c.arrival?.count ?? exited ?? entered;
      for (const t of at(when.arrivedDay!)) {
        t.convoysArrived++;
        if (arrived) add(t.arrived, arrived);
      }
    }
  }
  const convoyIds = new Map(moved.map((c) => [c.id, c.code]));
  const open = alerts.filter(
    (a) =>
      UNACCOUNTED_KINDS.has(a.kind) &&
      (a.corridorId === corridor.id || (a.convoyId !== null && convoyIds.has(a.convoyId))),
  );
  const unaccountedConvoys = [
    ...new Set(open.flatMap((a) => (a.convoyId !== null ? [convoyIds.get(a.convoyId)!] : []))),
  ];
  const accounted = accountedOf(moved.length, all, open, notCounted);
  return {
    corridorId: corridor.id,
    corridor: corridor.code,
    name: corridor.name,
    nameAr: corridor.name_ar ?? null,
    status: corridor.status,
    accounted,
    accountedFor: accounted.state === 'yes',
    unaccountedConvoys,
    notCounted,
    total: all,
    days: [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1)),
    entries: entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : compareCodes(a.convoy, b.convoy))),
  };
}

interface Times {
  timezone: string;
  /** Its step on the chart of entries (CorridorAccount.entries): shared, never changed. */
  entry?: CorridorAccount['entries'][number];
  enteredDay?: string;
  exitedDay?: string;
  arrivedDay?: string;
}
/** When a convoy was counted in and out and arrived, and on which local days: kept per counts object. */
const times = new WeakMap<ConvoyCounts, Times>();
function timesOf(c: ConvoyCounts, timezone: string): Times {
  const kept = times.get(c);
  if (kept?.timezone === timezone) return kept;
  const made: Times = { timezone };
  if (c.entry?.count) {
    const at = countedAt(c.entry);
    made.entry = { convoy: c.code, at, people: c.entry.count.total };
    made.enteredDay = localDay(at, timezone);
  }
  if (c.exit?.count) made.exitedDay = localDay(countedAt(c.exit), timezone);
  if (c.arrivedAt !== null) made.arrivedDay = localDay(c.arrivedAt, timezone);
  times.set(c, made);
  return made;
}

function accountedOf(
  moved: number,
  all: DayTotals,
  open: readonly OpenAlert[],
  notCounted: readonly string[],
): Accounted {
  const uncounted =
    notCounted.length > 0
      ? `${notCounted.length} convoy${notCounted.length === 1 ? '' : 's'} left without a count at the entry: ${notCounted.join(', ')}`
      : '';
  if (open.length > 0)
    return {
      state: 'no',
      reason: `open alert${open.length === 1 ? '' : 's'} ${open.map((a) => `${a.code} (${a.kind})`).join(', ')}${uncounted ? `; and ${uncounted}` : ''}`,
    };
  if (moved === 0) return { state: 'unknown', reason: 'no convoy has moved on it' };
  if (all.convoys === 0) return { state: 'unknown', reason: 'nobody was counted at its entry' };
  if (uncounted) return { state: 'unknown', reason: uncounted };
  return {
    state: 'yes',
    reason: 'everyone counted at the entry is counted out, or is on a convoy still on its way',
  };
}

/**
 * A corridor's entry and exit checkpoints: of each kind, the first by ordinal (then code), so the live
 * state and a report's rows pick the same one.
 */
export function entryAndExit(
  checkpoints: readonly { id: string; code: string; kind: string; ordinal: number }[],
): { entry?: string; exit?: string } {
  const first = (kind: string) =>
    checkpoints
      .filter((c) => c.kind === kind)
      .sort((a, b) => a.ordinal - b.ordinal || compareCodes(a.code, b.code))[0]?.id;
  const entry = first('entry');
  const exit = first('exit');
  return { ...(entry ? { entry } : {}), ...(exit ? { exit } : {}) };
}

/** When a station's count was made: its earliest tally that counts. */
export function countedAt(c: CountAtStation): string {
  let min: string | undefined;
  for (const h of c.history)
    if (
      (h.status === 'used' || h.status === 'repeat' || h.status === 'differs') &&
      (min === undefined || h.at < min)
    )
      min = h.at;
  return min ?? c.history[0]!.at;
}

function emptyTotals(day: string): DayTotals {
  const none = () => ({ people: noPeople(), total: 0, carried: {} });
  return {
    day,
    convoys: 0,
    convoysArrived: 0,
    entered: none(),
    exited: none(),
    inTransit: none(),
    arrived: none(),
  };
}

/** Adds a count to totals of the accounts' own (made by emptyTotals), in place. */
function add(t: PeopleTotals, c: StationCount): void {
  const p = c.people;
  if (p) {
    const to = t.people;
    to.men += p.men;
    to.women += p.women;
    to.boys += p.boys;
    to.girls += p.girls;
    to.elderlyMen += p.elderlyMen;
    to.elderlyWomen += p.elderlyWomen;
  }
  t.total += c.total;
  if (c.carried)
    for (const [kind, n] of Object.entries(c.carried))
      if (n !== undefined) t.carried[kind] = (t.carried[kind] ?? 0) + n;
}

/** People counted without sex and age (cameras): the total less the categories. */
export function uncategorised(t: PeopleTotals): number {
  return t.total - total(t.people);
}

/**
 * The day of an instant in a time zone. Formatting with Intl costs microseconds and a report asks
 * for every convoy, so each zone keeps its offset per UTC hour: where the offset is the same at both
 * ends of the hour it holds for the whole hour (no zone changes it twice in one), and the day is
 * plain arithmetic; in an hour with a change the instant is formatted as it is.
 */
interface Zone {
  day: Intl.DateTimeFormat;
  clock: Intl.DateTimeFormat;
  /** Per UTC hour (its start in ms): the offset in ms, or null where it changes within the hour. */
  hours: Map<number, number | null>;
}
const zones = new Map<string, Zone | null>();
const HOUR = 3_600_000;

function zoneOf(timezone: string): Zone | null {
  let zone = zones.get(timezone);
  if (zone === undefined) {
    try {
      zone = {
        day: new Intl.DateTimeFormat('en-CA', { timeZone: timezone }),
        clock: wallClockFormat(timezone),
        hours: new Map(),
      };
    } catch {
      zone = null;
    }
    zones.set(timezone, zone);
  }
  return zone;
}

/** The zone's offset from UTC at an instant, in ms: its wall clock read as if it were UTC, less the instant. */
function offsetAt(zone: Zone, ms: number): number {
  return wallClockMs(zone.clock, ms) - Math.floor(ms / 1000) * 1000;
}

export function localDay(iso: string, timezone: string): string {
  const zone = zoneOf(timezone);
  const ms = Date.parse(iso);
  if (!zone || Number.isNaN(ms)) return iso.slice(0, 10);
  const hour = Math.floor(ms / HOUR) * HOUR;
  let offset = zone.hours.get(hour);
  if (offset === undefined) {
    const start = offsetAt(zone, hour);
    offset = start === offsetAt(zone, hour + HOUR - 1000) ? start : null;
    if (zone.hours.size > 200_000) zone.hours.clear();
    zone.hours.set(hour, offset);
  }
  return offset === null ? zone.day.format(ms) : dayOf(Math.floor((ms + offset) / DAY));
}

const DAY = 86_400_000;
/** `YYYY-MM-DD` of a day counted from 1970-01-01, made once per day. */
const days = new Map<number, string>();
function dayOf(n: number): string {
  let day = days.get(n);
  if (day === undefined) {
    day = new Date(n * DAY).toISOString().slice(0, 10);
    if (days.size > 100_000) days.clear();
    days.set(n, day);
  }
  return day;
}
