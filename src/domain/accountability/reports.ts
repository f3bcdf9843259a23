import type { PeopleCounts } from '../../contracts/common.js';
import type { CountAtStation, SourceCount, TallyEntry } from './counting.js';
import {
  corridorAccount,
  entryAndExit,
  type ConvoyCounts,
  type CorridorAccount,
  type OpenAlert,
} from './corridor-accounts.js';
import type { Convoy } from './model.js';
import { manifestCount } from './reconcile.js';
import type { OperationState } from './state.js';

export interface StationReport {
  station: string;
  label: string;
  at: string | null;
  /** Each source's count of the whole convoy, or of part of it. */
  sources: (Omit<SourceCount, 'count'> & {
    people: PeopleCounts | null;
    total: number | null;
    stretcherCases: number | null;
    errorPct: number;
  })[];
  /** The count used (counting.ts), and why. */
  best: { people: PeopleCounts | null; total: number; errorPct: number } | null;
  why: string;
  /** The source of the count used (null: none, or the manifest), and the facts of `why` and `flags`. */
  source: string | null;
  differing: { source: string; total: number }[];
  disputed: boolean;
  flags: string[];
  overManifest: { source: string; total: number; manifest: number }[];
  /** Every tally recorded here, with what became of it. */
  tallies: TallyEntry[];
}

/** Per convoy: the manifest against every station's counts, by source, with every tally. */
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
      sources: [],
      best: { people, total: m.total, errorPct: 0 },
      why: 'the manifest',
      source: null,
      differing: [],
      disputed: false,
      flags: [],
      overManifest: [],
      tallies: [],
    });
  }
  for (const s of state.stationsOf(convoy)) {
    const count = state.countAt(convoy, s);
    stations.push({ station: s.id, label: s.label, at: s.firstAt, ...stationReport(count) });
  }
  return { stations, inTransit: state.inTransit.has(convoyId) };
}

function stationReport(c: CountAtStation): Omit<StationReport, 'station' | 'label' | 'at'> {
  return {
    sources: c.sources.map(({ count, ...s }) => ({
      ...s,
      people: count?.people ?? null,
      total: count?.total ?? null,
      stretcherCases: count?.stretcherCases ?? null,
      errorPct: count?.errorPct ?? 0,
    })),
    best: c.count
      ? { people: c.count.people ?? null, total: c.count.total, errorPct: c.count.errorPct }
      : null,
    why: c.why,
    source: c.source,
    differing: c.differing,
    disputed: c.disputed,
    flags: c.flags,
    overManifest: c.overManifest,
    tallies: c.history,
  };
}

/** A convoy's counts at its corridor's entry and exit and at its reception point. */
export function convoyCounts(state: OperationState, convoy: Convoy): ConvoyCounts {
  const { entry, exit } = entryAndExit(state.corridors.get(convoy.corridorId)?.checkpoints ?? []);
  const at = (id: string | undefined) => {
    const station = id === undefined ? undefined : convoy.stations.get(id);
    return station ? state.countAt(convoy, station) : null;
  };
  return {
    id: convoy.id,
    code: convoy.code,
    corridorId: convoy.corridorId,
    status: convoy.status,
    arrivedAt: convoy.arrivedAt ?? null,
    entry: at(entry),
    exit: at(exit),
    arrival: at('arrival'),
  };
}

/**
 * Per corridor and day (the operation's time zone, by the day a convoy was counted): people entered,
 * exited, in transit and arrived, and whether everyone is accounted for (corridor-accounts.ts).
 */
export function corridorReport(
  state: OperationState,
  corridor: { id: string; code: string; name: string; status: string },
  alerts: readonly OpenAlert[],
): CorridorAccount {
  const convoys = [...state.convoys.values()]
    .filter((c) => c.corridorId === corridor.id)
    .map((c) => convoyCounts(state, c));
  return corridorAccount(corridor, convoys, alerts, state.timezone);
}
