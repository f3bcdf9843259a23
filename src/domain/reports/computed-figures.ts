import type { Figure } from './figures.js';
import { manifestCounts, peopleTotal } from '../accountability/manifest-counts.js';
import type { AreaRow, CommandPostRow, CorridorRow, OperationRow, VehicleRow } from '../records/rows.js';
import type { ReturnRow } from '../recovery/rows.js';
import type { ReportRow } from './report-tables.js';

/** What the computed figures are made from: projection rows of one operation (live or replayed). */
export interface RecordedState {
  operation: OperationRow;
  corridors: readonly CorridorRow[];
  convoys: readonly ReportRow<'convoys'>[];
  convoyVehicles: readonly ReportRow<'convoy_vehicles'>[];
  vehicles: readonly VehicleRow[];
  commandPosts: readonly CommandPostRow[];
  returns: readonly ReturnRow[];
  areas: readonly AreaRow[];
}

export interface Stage {
  key: string;
  name: string;
  start: string;
  end?: string;
}

const SOURCE = {
  organisationId: null,
  organisation: 'Corridor event log',
  document: 'computed from the recorded events',
  date: null,
};

export function stagesOf(operation: Pick<OperationRow, 'stages'>): Stage[] {
  return JSON.parse(operation.stages) as Stage[];
}

/** The stage an instant falls in, if the operation has stages. */
export function stageAt(stages: readonly Stage[], at: string): string | null {
  return stages.find((s) => s.start <= at && (s.end === undefined || at <= s.end))?.key ?? null;
}

/** A computed figure as a section gives it; `add` (see adder) gives it its id, source and as-of time. */
type FigureInput = Pick<Figure, 'metric' | 'label' | 'hxl' | 'value' | 'unit' | 'query'> & {
  stage?: string | null;
  areaId?: string | null;
};
type Add = (f: FigureInput) => void;

/** Convoys counted together: all of the operation's (stage null), or those on the corridors of a stage. */
interface ConvoyGroup {
  stage: string | null;
  convoys: ReportRow<'convoys'>[];
  /** The condition the group adds to a query. */
  where: string;
}

/**
 * Figures computed from the recorded events, for the operation and for each stage with convoys: people
 * departed by category (the manifests of arrived convoys), vehicles used (on convoys that boarded),
 * corridors opened, command posts, and returns by area. Each carries the query that produced it.
 */
export function computeFigures(state: RecordedState, asOf: string): Figure[] {
  const stages = stagesOf(state.operation);
  const stageOfCorridor = new Map(state.corridors.map((c) => [c.id, c.stage_key ?? null]));
  const code = new Map(state.areas.map((a) => [a.id, a.code]));
  const out: Figure[] = [];
  const add = adder(out, stages, code, asOf);

  const groups: ConvoyGroup[] = [
    { stage: null, convoys: [...state.convoys], where: '' },
    ...stages
      .map((s) => ({
        stage: s.key,
        convoys: state.convoys.filter((c) => stageOfCorridor.get(c.corridor_id) === s.key),
        where: ` and corridor.stageKey = ${s.key}`,
      }))
      .filter((g) => g.convoys.length > 0),
  ];
  const vehicles = vehiclesUsed(state, groups, stageOfCorridor);
  for (const g of groups) {
    const arrived = g.convoys.filter((c) => c.status === 'arrived' && typeof c.manifest === 'string');
    departedFigures(add, g, arrived);
    vehicleFigures(add, g, vehicles.get(g.stage) ?? []);
    add({
      stage: g.stage,
      metric: 'convoys_arrived',
      label: 'Convoys arrived',
      hxl: '#capacity+convoys+arrived',
      value: arrived.length,
      unit: 'convoys',
      query: `count of convoys whose status is arrived${g.where}`,
    });
  }
  corridorFigures(add, state.corridors, stages);
  add({
    metric: 'command_posts',
    label: 'Command posts',
    hxl: null,
    value: state.commandPosts.length,
    unit: 'command posts',
    query: 'count of CommandPostEstablished',
  });
  returnFigures(add, state.returns, code);
  return out;
}

/** Adds a computed figure to `out`, with its id and as-of time: the end of its stage if earlier. */
function adder(
  out: Figure[],
  stages: readonly Stage[],
  code: ReadonlyMap<string, string>,
  asOf: string,
): Add {
  return (f) => {
    const stage = f.stage ?? null;
    out.push({
      id: `computed:${f.metric}${stage ? `:${stage}` : ''}${f.areaId ? `:${code.get(f.areaId) ?? f.areaId}` : ''}`,
      valueMax: null,
      qualifier: 'exact',
      areaId: null,
      source: SOURCE,
      method: 'computed',
      note: null,
      ...f,
      stage,
      asOf: stage ? minTime(stages.find((s) => s.key === stage)?.end, asOf) : asOf,
    });
  };
}

/**
 * The kinds of the vehicles of convoys that boarded, per group (the whole operation, and the stage of
 * the corridor), each vehicle once.
 */
function vehiclesUsed(
  state: RecordedState,
  groups: readonly ConvoyGroup[],
  stageOfCorridor: ReadonlyMap<string, string | null>,
): Map<string | null, string[]> {
  const vehicleKind = new Map(state.vehicles.map((v) => [v.id, v.kind]));
  const convoyById = new Map(state.convoys.map((c) => [c.id, c]));
  const usedIn = new Map<string | null, Set<string>>(groups.map((g) => [g.stage, new Set<string>()]));
  for (const cv of state.convoyVehicles) {
    const convoy = convoyById.get(cv.convoy_id);
    if (!convoy || convoy.status === 'planned') continue;
    const vehicle = cv.vehicle_id;
    usedIn.get(null)!.add(vehicle);
    usedIn.get(stageOfCorridor.get(convoy.corridor_id) ?? null)?.add(vehicle);
  }
  return new Map(
    [...usedIn].map(([stage, used]) => [stage, [...used].flatMap((v) => vehicleKind.get(v) ?? [])]),
  );
}

/** People departed, in all and by category, from the manifests of the group's arrived convoys. */
function departedFigures(add: Add, g: ConvoyGroup, arrived: readonly ReportRow<'convoys'>[]): void {
  const people = { men: 0, women: 0, boys: 0, girls: 0, elderlyMen: 0, elderlyWomen: 0, stretcher: 0 };
  for (const c of arrived) {
    const m = manifestCounts(c)!;
    for (const k of ['men', 'women', 'boys', 'girls', 'elderlyMen', 'elderlyWomen'] as const)
      people[k] += m[k];
    people.stretcher += m.stretcherCases;
  }
  const from = `the latest ManifestRecorded of each convoy whose status is arrived${g.where} (${arrived.length} convoys)`;
  const total =
    people.men + people.women + people.boys + people.girls + people.elderlyMen + people.elderlyWomen;
  const stage = g.stage;
  add({
    stage,
    metric: 'people_departed',
    label: 'People departed by convoy (arrived)',
    hxl: '#affected+departed',
    value: total,
    unit: 'people',
    query: `sum of people (all categories) in ${from}`,
  });
  add({
    stage,
    metric: 'people_departed.men',
    label: 'Men departed (adults below the elderly age)',
    hxl: '#affected+departed+m+adults',
    value: people.men,
    unit: 'people',
    query: `sum of people.men in ${from}`,
  });
  add({
    stage,
    metric: 'people_departed.women',
    label: 'Women departed (adults below the elderly age)',
    hxl: '#affected+departed+f+adults',
    value: people.women,
    unit: 'people',
    query: `sum of people.women in ${from}`,
  });
  add({
    stage,
    metric: 'people_departed.children',
    label: 'Children departed',
    hxl: '#affected+departed+children',
    value: people.boys + people.girls,
    unit: 'people',
    query: `sum of people.boys + people.girls in ${from}`,
  });
  add({
    stage,
    metric: 'people_departed.elderly',
    label: 'Elderly people departed',
    hxl: '#affected+departed+elderly',
    value: people.elderlyMen + people.elderlyWomen,
    unit: 'people',
    query: `sum of people.elderlyMen + people.elderlyWomen in ${from}`,
  });
  add({
    stage,
    metric: 'stretcher_cases_departed',
    label: 'Stretcher cases departed',
    hxl: '#affected+departed+stretcher',
    value: people.stretcher,
    unit: 'people',
    query: `sum of stretcherCases in ${from}`,
  });
}

/** Buses and ambulances used on the group's convoys that boarded (`kinds`: of each vehicle used). */
function vehicleFigures(add: Add, g: ConvoyGroup, kinds: readonly string[]): void {
  const boarded = g.convoys.filter((c) => c.status !== 'planned');
  const on = `distinct vehicles of ConvoyPlanned.vehicleIds of convoys whose status is boarding, departed or arrived${g.where} (${boarded.length} convoys)`;
  add({
    stage: g.stage,
    metric: 'buses_used',
    label: 'Buses used',
    hxl: '#capacity+vehicles+buses',
    value: kinds.filter((k) => k === 'bus').length,
    unit: 'vehicles',
    query: `count of ${on} of kind bus`,
  });
  add({
    stage: g.stage,
    metric: 'ambulances_used',
    label: 'Ambulances used',
    hxl: '#capacity+vehicles+ambulances',
    value: kinds.filter((k) => k === 'ambulance').length,
    unit: 'vehicles',
    query: `count of ${on} of kind ambulance`,
  });
}

/** Corridors opened, for the operation and each stage with any, and corridors declared. */
function corridorFigures(add: Add, corridors: readonly CorridorRow[], stages: readonly Stage[]): void {
  for (const s of [null, ...stages.map((x) => x.key)]) {
    const opened = corridors.filter(
      (c) => (s === null || c.stage_key === s) && c.last_opened_at !== null && c.last_opened_at !== undefined,
    );
    if (s !== null && opened.length === 0) continue;
    add({
      stage: s,
      metric: 'corridors_opened',
      label: 'Corridors opened',
      hxl: null,
      value: opened.length,
      unit: 'corridors',
      query: `count of corridors with a CorridorStatusChanged to open${s ? ` and stageKey = ${s}` : ''}`,
    });
  }
  add({
    metric: 'corridors_declared',
    label: 'Corridors declared',
    hxl: null,
    value: corridors.length,
    unit: 'corridors',
    query: 'count of CorridorDeclared',
  });
}

/** People returned to each area (in the order of the areas' codes), and to all areas. */
function returnFigures(add: Add, returns: readonly ReturnRow[], code: ReadonlyMap<string, string>): void {
  const byArea = new Map<string, number>();
  for (const r of returns) byArea.set(r.area_id, (byArea.get(r.area_id) ?? 0) + peopleTotal(r.people));
  let all = 0;
  for (const [areaId, n] of [...byArea].sort((a, b) =>
    String(code.get(a[0])).localeCompare(String(code.get(b[0]))),
  )) {
    all += n;
    add({
      metric: 'returns',
      label: `People returned to ${code.get(areaId) ?? areaId}`,
      hxl: '#affected+returnees',
      value: n,
      unit: 'people',
      areaId,
      query: `sum of people (all categories) of ReturnsRecorded with areaId = ${code.get(areaId) ?? areaId}`,
    });
  }
  add({
    metric: 'returns',
    label: 'People returned, all areas',
    hxl: '#affected+returnees',
    value: all,
    unit: 'people',
    query: 'sum of people (all categories) of ReturnsRecorded',
  });
}

function minTime(a: string | undefined, b: string): string {
  return a !== undefined && a < b ? a : b;
}
