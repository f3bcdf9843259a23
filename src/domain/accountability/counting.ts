import type { PeopleCounts } from '../../contracts/common.js';
import type { EventPayload } from '../../contracts/events.js';
import { addPeople, compareCounts, noPeople, type StationCount } from './reconcile.js';

/**
 * The one definition of how many people a station counted on a convoy, from every tally recorded
 * there. The rules' state and the report's rows both turn their passages into `Tally`s and call
 * `stationCount`, so the board, the convoy page, the alerts, the situation report and the exports
 * cannot disagree about a convoy.
 *
 * - A tally counts the whole convoy, or named vehicles; tallies of different vehicles add up, and the
 *   vehicles' count is the convoy's once every vehicle on it is counted.
 * - A tally may correct an earlier one (that one then no longer counts) or be voided; both stay in the
 *   history with who did it and why.
 * - Tallies that disagree follow the dispute rule of reported figures (reports/figures.ts): they stand
 *   side by side, and one is used by a fixed order that does not look at the value: an enumerator's
 *   exact tally before a camera's, then the latest counted, then the one recorded first. An earlier
 *   tally that agrees with the one used is a repeat; one that differs is shown as differing, and the
 *   count is disputed until one of them is corrected or voided. Nothing is replaced silently.
 */

type Source = EventPayload<'PassageRecorded'>['source'];

/** One tally at a station, as recorded. */
export interface Tally {
  id: string;
  at: string;
  source: Source;
  scope: 'convoy' | 'vehicles';
  /** The vehicles it names (plates resolved to vehicles). */
  vehicleIds: readonly string[];
  people?: PeopleCounts;
  /** People counted, with or without categories; none for a sighting of vehicles only. */
  total?: number;
  stretcherCases?: number;
  /** Items carried, by kind, when it counted them. */
  carried?: Partial<Record<string, number>>;
  /** How many vehicles it saw, when it says. */
  vehicles?: number;
  /** 0 for an enumerator's tally; a camera's percent error otherwise. */
  errorPct: number;
  /** The organisation that recorded it. */
  by: string | null;
  /** Who recorded it (the event's actor), where known. */
  recorder?: string;
  corrects?: string;
  reason?: string;
  voided?: { at: string; reason: string; by: string | null; recorder?: string };
}

/**
 * What became of a tally: `used` makes up the count; `repeat` agrees with it; `differs` does not and
 * is shown beside it; `beside` is a count not used (another source's, or some vehicles of a convoy
 * counted whole); `corrected` and `void` no longer count; `overlaps` names vehicles already counted
 * by another tally; `not-on-convoy` names a vehicle the convoy does not have; `sighting` counts no people.
 */
export type TallyStatus =
  'used' | 'beside' | 'repeat' | 'differs' | 'corrected' | 'void' | 'overlaps' | 'not-on-convoy' | 'sighting';

export interface TallyEntry {
  id: string;
  at: string;
  source: Source;
  scope: 'convoy' | 'vehicles';
  by: string | null;
  /** Who recorded it, and who voided it (actors), where known. */
  recorder: string | null;
  voidedBy: string | null;
  total: number | null;
  people: PeopleCounts | null;
  vehicleIds: readonly string[];
  status: TallyStatus;
  /** Why, in words: the correction's or the void's reason, or what it differs from. */
  note: string | null;
  correctedBy: string | null;
  /** The facts of a note this module words (for another language): the count it differs from. */
  against?: { total: number; at: string };
  /** How many of the vehicles it names are not on the convoy. */
  offConvoy?: number;
}

export interface SourceCount {
  source: Source;
  /** The whole convoy's count by this source, when it has one. */
  count: StationCount | null;
  /** Only some vehicles counted: how many of the convoy's, and the people on them. */
  partial: { vehicles: number; of: number; total: number } | null;
}

export interface CountAtStation {
  /** The count used for the convoy here: none when nothing was counted, or only part of it. */
  count: StationCount | null;
  source: Source | null;
  /** Which count is used and why, in words. */
  why: string;
  /** Sources disagree beyond their tolerance, or tallies of one source do. */
  disputed: boolean;
  sources: SourceCount[];
  history: TallyEntry[];
  /** What a reader should check, in words (tallies over the manifest, tallies that differ). */
  flags: string[];
  /** The same as facts, for words in another language: vehicle tallies of a source over the manifest. */
  overManifest: { source: Source; total: number; manifest: number }[];
  /** The other sources whose count differs from the one used beyond their tolerance. */
  differing: { source: Source; total: number }[];
}

/** The sources whose tallies count people, in the order a count is used. */
const COUNTING: readonly Source[] = ['enumerator', 'camera'];

export interface ConvoyForCount {
  vehicleIds: readonly string[];
  /** The manifest's people, to flag vehicle tallies that add up to more. */
  manifestTotal?: number;
}

export function stationCount(tallies: readonly Tally[], convoy: ConvoyForCount): CountAtStation {
  const ordered = [...tallies].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
  const entries = new Map(ordered.map((t) => [t.id, entryOf(t)]));
  const standing = standingOf(ordered);
  const correction = correctionsOf(ordered);
  for (const t of ordered) {
    const entry = entries.get(t.id)!;
    if (t.voided) Object.assign(entry, { status: 'void', note: t.voided.reason });
    const by = correction.get(t.id);
    if (by && !t.voided)
      Object.assign(entry, { status: 'corrected', correctedBy: by.id, note: by.reason ?? null });
  }
  const overManifest: CountAtStation['overManifest'] = [];
  const sources: SourceCount[] = [];
  for (const source of COUNTING) {
    const own = standing.filter((t) => t.source === source);
    if (own.length > 0) sources.push(sourceCount(source, own, convoy, entries, overManifest));
  }
  for (const t of standing) if (t.total === undefined) entries.get(t.id)!.status = 'sighting';
  const used = sources.find((s) => s.count !== null);
  // Another source's tallies count for that source only: shown beside the count used.
  for (const e of entries.values())
    if (e.status === 'used' && used && e.source !== used.source) e.status = 'beside';
  const others = sources.filter((s) => s !== used && s.count !== null);
  const differing = used ? others.filter((s) => compareCounts(used.count!, s.count!).length > 0) : [];
  const withinSource = [...entries.values()].some((e) => e.status === 'differs');
  return {
    count: used?.count ?? null,
    source: used?.source ?? null,
    why: whyOf(used, differing, sources),
    disputed: differing.length > 0 || withinSource,
    sources,
    history: [...entries.values()],
    flags: overManifest.map(
      (o) =>
        `the ${o.source} tallies of vehicles add up to ${o.total}, more than the manifest's ${o.manifest}`,
    ),
    overManifest,
    differing: differing.map((s) => ({ source: s.source, total: s.count!.total })),
  };
}

/** The tallies that still count: not voided, and not corrected by a tally that stands. */
export function standingOf<T extends Tally>(tallies: readonly T[]): T[] {
  const corrected = correctionsOf(tallies);
  return tallies.filter((t) => !t.voided && !corrected.has(t.id));
}

/**
 * The first tally that stands (is not void) correcting each tally, by the id it corrects: one pass,
 * so that however many tallies a station holds, counting them stays linear.
 */
function correctionsOf<T extends Tally>(tallies: readonly T[]): Map<string, T> {
  const by = new Map<string, T>();
  for (const c of tallies)
    if (c.corrects !== undefined && !c.voided && !by.has(c.corrects)) by.set(c.corrects, c);
  return by;
}

function entryOf(t: Tally): TallyEntry {
  return {
    id: t.id,
    at: t.at,
    source: t.source,
    scope: t.scope,
    by: t.by,
    recorder: t.recorder ?? null,
    voidedBy: t.voided?.recorder ?? null,
    total: t.total ?? null,
    people: t.people ?? null,
    vehicleIds: t.vehicleIds,
    status: 'used',
    note: t.corrects !== undefined ? (t.reason ?? null) : null,
    correctedBy: null,
  };
}

/** One source's count: its latest whole-convoy tally, else its vehicle tallies once they cover the convoy. */
function sourceCount(
  source: Source,
  tallies: readonly Tally[],
  convoy: ConvoyForCount,
  entries: Map<string, TallyEntry>,
  overManifest: CountAtStation['overManifest'],
): SourceCount {
  const counting = tallies.filter((t) => t.total !== undefined);
  // The latest counted stands (the tallies are in the order they were counted).
  const whole = counting.filter((t) => t.scope === 'convoy').reverse();
  const latest = whole[0];
  for (const t of whole.slice(1)) compareTo(latest!, t, entries);
  const byVehicle = vehicleTallies(counting, convoy, entries);
  const on = convoy.vehicleIds;
  const complete = on.length > 0 && on.every((v) => byVehicle.covered.has(v));
  const sum = sumOf(byVehicle.used);
  if (latest) {
    for (const t of byVehicle.used)
      if (complete) compareTo(latest, { ...t, ...sum }, entries, t.id);
      else entries.get(t.id)!.status = 'beside';
    return { source, count: countOf(latest), partial: null };
  }
  if (byVehicle.used.length === 0) return { source, count: null, partial: null };
  if (convoy.manifestTotal !== undefined && sum.total! > convoy.manifestTotal)
    overManifest.push({ source, total: sum.total!, manifest: convoy.manifestTotal });
  if (complete) return { source, count: countOf(sum), partial: null };
  return {
    source,
    count: null,
    partial: {
      vehicles: on.filter((v) => byVehicle.covered.has(v)).length,
      of: on.length,
      total: sum.total!,
    },
  };
}

/** The tallies of named vehicles that count: each vehicle once, by the latest tally that names it. */
function vehicleTallies(
  tallies: readonly Tally[],
  convoy: ConvoyForCount,
  entries: Map<string, TallyEntry>,
): { used: Tally[]; covered: Map<string, Tally> } {
  const used: Tally[] = [];
  const covered = new Map<string, Tally>();
  const onConvoy = new Set(convoy.vehicleIds);
  for (const t of [...tallies].reverse()) {
    if (t.scope !== 'vehicles') continue;
    const entry = entries.get(t.id)!;
    const off = t.vehicleIds.filter((v) => !onConvoy.has(v));
    if (off.length > 0 || t.vehicleIds.length === 0) {
      Object.assign(entry, {
        status: 'not-on-convoy',
        note: `names ${off.length} vehicle(s) not on the convoy`,
        offConvoy: off.length,
      });
      continue;
    }
    const earlier = [...new Set(t.vehicleIds.map((v) => covered.get(v)).filter((e) => e !== undefined))];
    if (earlier.length === 0) {
      used.push(t);
      for (const v of t.vehicleIds) covered.set(v, t);
    } else if (earlier.length === 1 && sameVehicles(earlier[0]!, t)) compareTo(earlier[0]!, t, entries);
    else Object.assign(entry, { status: 'overlaps', note: 'names vehicles a later tally counted' });
  }
  return { used, covered };
}

function sameVehicles(a: Tally, b: Tally): boolean {
  const set = new Set(a.vehicleIds);
  return set.size === new Set(b.vehicleIds).size && b.vehicleIds.every((v) => set.has(v));
}

/** Another tally of the same thing: a repeat when it agrees with the one used, differing when not. */
function compareTo(used: Tally, other: Tally, entries: Map<string, TallyEntry>, id = other.id): void {
  const entry = entries.get(id)!;
  const differs = compareCounts(countOf(used), countOf(other)).length > 0;
  entry.status = differs ? 'differs' : 'repeat';
  if (differs) {
    entry.note = `differs from the ${used.total!} counted at ${used.at.slice(11, 16)} UTC, which is used`;
    entry.against = { total: used.total!, at: used.at };
  }
}

/** The sum of vehicle tallies, as one tally. */
function sumOf(
  tallies: readonly Tally[],
): Pick<Tally, 'people' | 'total' | 'stretcherCases' | 'carried' | 'errorPct'> {
  const withPeople = tallies.every((t) => t.people !== undefined);
  // Items add up only where every vehicle's tally counted them: a kind one left out is not known.
  const carried = tallies.every((t) => t.carried !== undefined)
    ? addItems(tallies.map((t) => t.carried!))
    : undefined;
  return {
    ...(carried ? { carried } : {}),
    ...(withPeople ? { people: tallies.reduce((s, t) => addPeople(s, t.people!), noPeople()) } : {}),
    total: tallies.reduce((s, t) => s + t.total!, 0),
    ...(tallies.every((t) => t.stretcherCases !== undefined)
      ? { stretcherCases: tallies.reduce((s, t) => s + t.stretcherCases!, 0) }
      : {}),
    errorPct: Math.max(0, ...tallies.map((t) => t.errorPct)),
  };
}

/** Items of several tallies added up, kind by kind, over the kinds every one of them counted. */
function addItems(
  all: readonly Partial<Record<string, number>>[],
): Partial<Record<string, number>> | undefined {
  if (all.length === 0) return undefined;
  const kinds = Object.keys(all[0]!).filter((k) => all.every((c) => c[k] !== undefined));
  if (kinds.length === 0) return undefined;
  return Object.fromEntries(kinds.map((k) => [k, all.reduce((sum, c) => sum + c[k]!, 0)]));
}

function countOf(
  t: Pick<Tally, 'people' | 'total' | 'stretcherCases' | 'carried' | 'errorPct'>,
): StationCount {
  return {
    ...(t.people ? { people: t.people } : {}),
    ...(t.carried ? { carried: t.carried } : {}),
    total: t.total!,
    ...(t.stretcherCases !== undefined ? { stretcherCases: t.stretcherCases } : {}),
    errorPct: t.errorPct,
  };
}

function whyOf(used: SourceCount | undefined, differing: SourceCount[], sources: SourceCount[]): string {
  if (!used) {
    const partial = sources.find((s) => s.partial);
    if (partial?.partial)
      return `only ${partial.partial.vehicles} of ${partial.partial.of} vehicles counted (${partial.partial.total} people): no count of the whole convoy yet`;
    return 'not counted here';
  }
  const what = used.source === 'enumerator' ? "the enumerators' tally (exact)" : `the ${used.source} count`;
  const before = sources.some((s) => s.source === 'camera') && used.source === 'enumerator';
  const disputes = differing.map((s) => `the ${s.source} counted ${s.count!.total}`).join(', ');
  return `${what} is used${before ? ", before the camera's estimate" : ''}${disputes ? `; disputed: ${disputes}` : ''}`;
}

/** Plates as written on different forms: case, spaces and dashes do not matter. */
export function normalisePlate(plate: string): string {
  return plate.toUpperCase().replace(/[\s-]/g, '');
}
