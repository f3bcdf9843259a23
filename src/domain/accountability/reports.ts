import type { PeopleCounts } from '../../contracts/common.js';
import { addPeople, noPeople, type StationCount } from './reconcile.js';
import type { Source } from './model.js';
import { manifestCount } from './reconcile.js';
import type { OperationState } from './state.js';

export interface StationReport {
  station: string;
  label: string;
  at: string | null;
  sources: {
    source: Source | 'manifest';
    people: PeopleCounts | null;
    total: number | null;
    stretcherCases: number | null;
    vehicles: number | null;
    errorPct: number;
  }[];
  best: { people: PeopleCounts | null; total: number; errorPct: number } | null;
}

export interface PeopleTotals {
  people: PeopleCounts;
  total: number;
}
export interface Totals {
  day: string;
  convoys: number;
  entered: PeopleTotals;
  exited: PeopleTotals;
  inTransit: PeopleTotals;
  arrived: PeopleTotals;
}
export interface CorridorReport {
  corridor: string;
  accountedFor: boolean;
  unaccountedConvoys: string[];
  total: Totals;
  days: Totals[];
}

/** Per convoy: the manifest against every station's counts, by source. */
export function convoyReport(
  state: OperationState,
  convoyId: string,
): { stations: StationReport[]; inTransit: boolean } | undefined {
  const convoy = state.convoys.get(convoyId);
  if (!convoy) return undefined;
  const stations: StationReport[] = [];
  const m = manifestCount(convoy);
  if (m && convoy.manifest) {
    const { people, at } = convoy.manifest;
    stations.push({
      station: 'manifest',
      label: 'manifest',
      at,
      sources: [
        {
          source: 'manifest',
          people,
          total: m.total,
          stretcherCases: m.stretcherCases ?? null,
          vehicles: convoy.vehicleIds.length,
          errorPct: 0,
        },
      ],
      best: { people, total: m.total, errorPct: 0 },
    });
  }
  for (const s of state.stationsOf(convoy)) {
    const best = state.best(convoy, s);
    stations.push({
      station: s.id,
      label: s.label,
      at: s.firstAt,
      sources: [...s.whole.entries()].map(([source, r]) => ({
        source,
        people: r.people ?? null,
        total: r.total ?? null,
        stretcherCases: r.stretcherCases ?? null,
        vehicles: r.vehicles ?? null,
        errorPct: r.errorPct,
      })),
      best: best ? { people: best.people ?? null, total: best.total, errorPct: best.errorPct } : null,
    });
  }
  return { stations, inTransit: state.inTransit.has(convoyId) };
}

/**
 * Per corridor and day (the operation's time zone, by the day a convoy entered): people entered,
 * exited, in transit and arrived. Everyone who entered has exited or is on a convoy in transit when
 * no convoy of the corridor is `unaccounted` (has an open alert for missing people or vehicles).
 */
export function corridorReport(
  state: OperationState,
  corridorId: string,
  unaccounted: (convoyId: string) => boolean,
): CorridorReport | undefined {
  const corridor = state.corridors.get(corridorId);
  if (!corridor) return undefined;
  const entry = corridor.checkpoints.find((c) => c.kind === 'entry');
  const exit = corridor.checkpoints.find((c) => c.kind === 'exit');
  const days = new Map<string, Totals>();
  const all = emptyTotals('all');
  const unaccountedConvoys: string[] = [];
  for (const convoy of state.convoys.values()) {
    if (convoy.corridorId !== corridorId || convoy.departedAt === undefined) continue;
    const entryStation = entry ? convoy.stations.get(entry.id) : undefined;
    const entered = state.best(convoy, entryStation) ?? manifestCount(convoy);
    if (!entered) continue;
    const exited = state.best(convoy, exit ? convoy.stations.get(exit.id) : undefined);
    const arrived =
      state.best(convoy, convoy.stations.get('arrival')) ??
      (convoy.status === 'arrived' ? (exited ?? entered) : undefined);
    const day = localDay(entryStation?.firstAt ?? convoy.departedAt, state.timezone);
    const d = days.get(day) ?? emptyTotals(day);
    days.set(day, d);
    for (const totals of [d, all]) {
      addTo(totals.entered, entered);
      if (exited) addTo(totals.exited, exited);
      if (arrived) addTo(totals.arrived, arrived);
      if (!exited && convoy.status !== 'arrived') addTo(totals.inTransit, entered);
      totals.convoys += 1;
    }
    if (unaccounted(convoy.id)) unaccountedConvoys.push(convoy.code);
  }
  return {
    corridor: corridor.code,
    accountedFor: unaccountedConvoys.length === 0,
    unaccountedConvoys,
    total: all,
    days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
  };
}

function emptyTotals(day: string): Totals {
  const none = () => ({ people: noPeople(), total: 0 });
  return { day, convoys: 0, entered: none(), exited: none(), inTransit: none(), arrived: none() };
}

function addTo(t: PeopleTotals, c: StationCount): void {
  if (c.people) t.people = addPeople(t.people, c.people);
  t.total += c.total;
}

function localDay(iso: string, timezone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: timezone }).format(new Date(iso));
  } catch {
    return iso.slice(0, 10);
  }
}
