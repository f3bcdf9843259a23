import { compareCodes } from '../codes.js';
import type { PeopleCounts } from '../../contracts/common.js';
import type { ReportRow } from '../reports/report-tables.js';
import type { CheckpointRow, CorridorRow, OperationRow, VehicleRow } from '../records/rows.js';
import type { AlertRow, ConvoyVehicleRow } from './rows.js';
import { stationCount, normalisePlate, type Tally } from './counting.js';
import {
  corridorAccount,
  entryAndExit,
  openAlerts,
  type ConvoyCounts,
  type CorridorAccount,
} from './corridor-accounts.js';
import { manifestCounts, peopleTotal } from './manifest-counts.js';
import { DEFAULT_POLICY, type Policy } from './model.js';

/** The rows movements are made of; of convoys and passages, the columns a report keeps. */
export interface MovementRows {
  operations: readonly Pick<OperationRow, 'timezone' | 'accountability'>[];
  corridors: readonly CorridorRow[];
  checkpoints: readonly CheckpointRow[];
  vehicles: readonly Pick<VehicleRow, 'id' | 'plate'>[];
  convoys: readonly ReportRow<'convoys'>[];
  convoy_vehicles: readonly Pick<ConvoyVehicleRow, 'convoy_id' | 'vehicle_id'>[];
  passages: readonly ReportRow<'passages'>[];
  alerts: readonly Pick<AlertRow, 'code' | 'kind' | 'status' | 'convoy_id' | 'corridor_id'>[];
}

/**
 * Movements per corridor and day from the projection's rows: the same accounts the live board shows
 * (corridor-accounts.ts), each station's count made by the same function (counting.ts) from the same
 * tallies, so a report and the board cannot differ.
 */
export function movementsByCorridor(rows: MovementRows): CorridorAccount[] {
  const operation = rows.operations[0];
  const policy: Policy = { ...DEFAULT_POLICY, ...parse<Partial<Policy>>(operation?.accountability ?? null) };
  const plates = new Map(rows.vehicles.map((v) => [normalisePlate(v.plate), v.id]));
  const vehiclesOf = groupBy(rows.convoy_vehicles, (cv) => cv.convoy_id);
  // Per convoy, per station (a checkpoint's id, or `arrival`): its tallies.
  const talliesOf = new Map<string, Map<string, Tally[]>>();
  for (const p of rows.passages) {
    if (p.convoy_id === null) continue;
    const station = p.checkpoint_id ?? (p.reception_point_id !== null ? 'arrival' : null);
    if (station === null) continue;
    let stations = talliesOf.get(p.convoy_id);
    if (!stations) talliesOf.set(p.convoy_id, (stations = new Map<string, Tally[]>()));
    const list = stations.get(station);
    const tally = cachedTally(p, plates, policy.cameraErrorPct);
    if (list) list.push(tally);
    else stations.set(station, [tally]);
  }
  const checkpointsOf = groupBy(rows.checkpoints, (c) => c.corridor_id);
  const ends = new Map([...checkpointsOf].map(([corridor, cps]) => [corridor, entryAndExit(cps)]));
  const counts: ConvoyCounts[] = rows.convoys.map((c) => {
    const vehicleIds = (vehiclesOf.get(c.id) ?? []).map((cv) => cv.vehicle_id);
    const manifest = cachedManifest(c);
    const stations = talliesOf.get(c.id);
    const at = (station: string | undefined) => {
      const tallies = station === undefined ? undefined : stations?.get(station);
      return tallies
        ? cachedCount(c, station!, tallies, vehicleIds, () =>
            stationCount(tallies, { vehicleIds, ...(manifest ? { manifestTotal: manifest.total } : {}) }),
          )
        : null;
    };
    const { entry, exit } = ends.get(c.corridor_id) ?? {};
    const made: ConvoyCounts = {
      id: c.id,
      code: c.code,
      corridorId: c.corridor_id,
      status: c.status,
      arrivedAt: c.status === 'arrived' ? c.status_changed_at : null,
      entry: at(entry),
      exit: at(exit),
      arrival: at('arrival'),
    };
    // The same object as the last report's when nothing of it changed: the accounts keep what they
    // derive from it (corridor-accounts.ts).
    const kept = convoyCounts.get(c);
    if (kept && kept.entry === made.entry && kept.exit === made.exit && kept.arrival === made.arrival)
      return kept;
    convoyCounts.set(c, made);
    return made;
  });
  const countsOf = groupBy(counts, (c) => c.corridorId);
  const alerts = openAlerts(rows.alerts);
  const timezone = operation?.timezone ?? 'UTC';
  return [...rows.corridors]
    .sort((a, b) => compareCodes(a.code, b.code))
    .map((corridor) => corridorAccount(corridor, countsOf.get(corridor.id) ?? [], alerts, timezone));
}

/** A passage row as a tally: what the live rules' state makes of the same passage (state.ts). */
export function tallyOfRow(
  p: ReportRow<'passages'>,
  plates: ReadonlyMap<string, string>,
  cameraErrorPct: number,
): Tally {
  const people = parse<PeopleCounts>(p.people);
  const vehicleIds = [
    ...(parse<string[]>(p.vehicle_ids) ?? []),
    ...(parse<string[]>(p.plates) ?? []).flatMap((plate) => plates.get(normalisePlate(plate)) ?? []),
  ];
  const source = p.source as Tally['source'];
  return {
    id: p.id,
    at: p.observed_at,
    source,
    scope: p.scope === 'vehicles' ? 'vehicles' : 'convoy',
    vehicleIds,
    ...(people && p.people !== null ? { people, total: peopleTotal(p.people) } : {}),
    ...(p.people_total !== null ? { total: p.people_total } : {}),
    ...(p.stretcher_cases !== null ? { stretcherCases: p.stretcher_cases } : {}),
    ...(p.carried !== null ? { carried: parse<Partial<Record<string, number>>>(p.carried)! } : {}),
    errorPct: source === 'enumerator' ? 0 : (p.error_pct ?? cameraErrorPct),
    by: p.recorded_by,
    ...(p.corrects !== null ? { corrects: p.corrects, reason: p.correction_reason ?? '' } : {}),
    ...(p.voided_at !== null
      ? { voided: { at: p.voided_at, reason: p.void_reason ?? '', by: p.voided_by } }
      : {}),
  };
}

/*
 * What was made of a row is kept as long as the row is the same object: the report state replaces a
 * row that changes, never changes it in place (app/reports/report-state.ts), so a report recounts
 * only the convoys whose rows changed since the last. A tally that names plates depends on the
 * vehicle register too, and is made again each time.
 */
const tallies = new WeakMap<object, { cameraErrorPct: number; tally: Tally }>();
const manifests = new WeakMap<object, ReturnType<typeof manifestCounts>>();
interface KeptCount {
  tallies: readonly Tally[];
  vehicleIds: readonly string[];
  count: ReturnType<typeof stationCount>;
}
const stationCounts = new WeakMap<object, Map<string, KeptCount>>();
const convoyCounts = new WeakMap<object, ConvoyCounts>();

function cachedTally(
  p: ReportRow<'passages'>,
  plates: ReadonlyMap<string, string>,
  cameraErrorPct: number,
): Tally {
  if (p.plates !== null) return tallyOfRow(p, plates, cameraErrorPct);
  const kept = tallies.get(p);
  if (kept && kept.cameraErrorPct === cameraErrorPct) return kept.tally;
  const tally = tallyOfRow(p, plates, cameraErrorPct);
  tallies.set(p, { cameraErrorPct, tally });
  return tally;
}

function cachedManifest(c: ReportRow<'convoys'>): ReturnType<typeof manifestCounts> {
  const kept = manifests.get(c);
  if (kept !== undefined) return kept;
  const manifest = manifestCounts(c);
  manifests.set(c, manifest);
  return manifest;
}

const sameItems = <T>(a: readonly T[], b: readonly T[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

function cachedCount(
  convoy: object,
  station: string,
  talliesHere: readonly Tally[],
  vehicleIds: readonly string[],
  count: () => ReturnType<typeof stationCount>,
): ReturnType<typeof stationCount> {
  let byStation = stationCounts.get(convoy);
  if (!byStation) {
    byStation = new Map<string, KeptCount>();
    stationCounts.set(convoy, byStation);
  }
  const kept = byStation.get(station);
  if (kept && sameItems(kept.tallies, talliesHere) && sameItems(kept.vehicleIds, vehicleIds))
    return kept.count;
  const made = count();
  byStation.set(station, { tallies: [...talliesHere], vehicleIds, count: made });
  return made;
}

function parse<T>(json: string | null): T | undefined {
  return json === null ? undefined : (JSON.parse(json) as T);
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}
