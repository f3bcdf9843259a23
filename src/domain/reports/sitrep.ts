import { computeFigures, stageAt, stagesOf, type RecordedState } from './computed-figures.js';
import {
  findDisputes,
  isStock,
  rangeOf,
  seriesKey,
  type Dispute,
  type Figure,
  type Qualifier,
} from './figures.js';
import type { AreaGeometry } from '../geo.js';
import { movementsByCorridor, type CorridorMovement } from '../accountability/movements.js';
import { areaKm2, plausibilityFlags, type AdminArea, type Flag } from '../accountability/plausibility.js';
import type { ReportState } from './report-tables.js';
import { recoveryByArea, type AreaRecovery } from '../recovery/summary.js';

export { REPORT_TABLES, type ReportState, type ReportTable } from './report-tables.js';

export interface SitrepOptions {
  asOf: string;
  /** What the as-of time is compared with: when events happened, or when they were recorded. */
  basis: 'occurred' | 'recorded' | 'now';
  /** How many events the report was made from, when it was replayed from the log. */
  events?: number;
  aboutTolerance: number;
  jumpFactor: number;
  /** Areas that a reference publishes for admin units, by p-code (see the plausibility check). */
  publishedAreas?: ReadonlyMap<string, { km2: number; source: string }>;
}

/** A figure as the report gives it: a value or a range, its source, method and flags. */
export interface ReportFigure {
  id: string;
  metric: string;
  label: string;
  hxl: string | null;
  value?: number;
  min?: number;
  max?: number;
  qualifier: Qualifier;
  unit: string;
  area: string | null;
  asOf: string;
  stage: string | null;
  source: { organisation: string; document: string; date: string | null };
  method: string;
  query: string | null;
  note: string | null;
  flags: Flag[];
}

export interface Comparison {
  metric: string;
  stage: string | null;
  computed: string;
  computedValue: number;
  /** yes: the ranges overlap; earlier: a smaller count of an earlier day (consistent); no. */
  reported: { id: string; source: string; agrees: 'yes' | 'earlier' | 'no' }[];
}

export interface Sitrep {
  operation: { id: string; name: string; timezone: string; description: string };
  asOf: string;
  basis: SitrepOptions['basis'];
  events: number | null;
  highlights: { text: string; figures: string[] }[];
  overview: {
    stages: { key: string; name: string; start: string; end: string | null }[];
    corridors: Record<string, number>;
    convoys: Record<string, number>;
    commandPosts: number;
    receptionPoints: number;
  };
  movements: CorridorMovement[];
  safety: {
    incidents: {
      code: string;
      type: string;
      severity: string;
      status: string;
      occurredAt: string;
      description: string;
      corridor: string | null;
    }[];
    hazards: { code: string; type: string; status: string; statusChangedAt: string }[];
    overrides: {
      corridor: string;
      to: string;
      unmet: string[];
      reason: string;
      overriddenAt: string;
      recordedBy: string | null;
    }[];
    windows: { code: string; kind: string; start: string; end: string; status: string }[];
  };
  recovery: AreaRecovery[];
  response: {
    sector: string;
    deliveries: number;
    organisations: string[];
    areas: string[];
    quantities: Record<string, number>;
  }[];
  figures: ReportFigure[];
  comparisons: Comparison[];
  disputes: (Omit<Dispute, 'figures' | 'areaId'> & { area: string | null; figures: string[] })[];
  flagged: { figure: string; flags: Flag[] }[];
  map: {
    corridors: { code: string; status: string; coordinates: [number, number][] }[];
    checkpoints: { code: string; kind: string; coordinates: [number, number] }[];
    hazards: { code: string; status: string; area: AreaGeometry }[];
    incidents: { code: string; severity: string; coordinates: [number, number] }[];
  };
}

const parse = <T>(v: unknown): T => JSON.parse(String(v)) as T;
const count = <R>(rows: readonly R[], key: keyof R) => {
  const out: Record<string, number> = {};
  for (const r of rows) out[String(r[key])] = (out[String(r[key])] ?? 0) + 1;
  return out;
};
const byCode = (a: { code: string }, b: { code: string }) =>
  a.code.localeCompare(b.code, 'en', { numeric: true });

/**
 * A situation report in the shape of OCHA's: pure, from projection rows (live, or replayed from the
 * log up to the as-of time). Every number in it is a figure with its source, or a count whose query is
 * given; disputed figures stand side by side; flagged figures carry the reason.
 */
export function buildSitrep(state: ReportState, options: SitrepOptions): Sitrep {
  const operation = state.operations[0]!;
  const stages = stagesOf(operation);
  const org = new Map(state.organisations.map((o) => [o.id, o]));
  const areaCode = new Map(state.areas.map((a) => [a.id, a.code]));
  const corridorCode = new Map(state.corridors.map((c) => [c.id, c.code]));
  const roots = state.areas.filter((a) => a.parent_area_id === null);
  const rootArea = roots.length === 1 ? roots[0]!.id : null;

  const reported: Figure[] = [...state.figures].sort(byCode).map((f) => {
    const o = org.get(f.source_organisation_id);
    return {
      id: f.code,
      metric: f.metric,
      label: f.label,
      hxl: (f.hxl) ?? null,
      value: f.value,
      valueMax: f.value_max === null ? null : f.value_max,
      qualifier: f.qualifier as Qualifier,
      unit: f.unit,
      areaId: (f.area_id) ?? null,
      asOf: f.as_of,
      source: {
        organisationId: f.source_organisation_id,
        organisation: o ? `${o.name} (${o.code})` : f.source_organisation_id,
        document: f.source_document,
        date: (f.source_date) ?? null,
      },
      method: f.method as Figure['method'],
      query: (f.query) ?? null,
      stage: stageAt(stages, f.as_of),
      note: (f.note) ?? null,
    };
  });
  const recorded: RecordedState = {
    operation,
    corridors: state.corridors,
    convoys: state.convoys,
    convoyVehicles: state.convoy_vehicles,
    vehicles: state.vehicles,
    commandPosts: state.command_posts,
    returns: state.returns,
    areas: state.areas,
  };
  const computed = computeFigures(recorded, options.asOf).map((f) =>
    f.areaId === null ? { ...f, areaId: rootArea } : f,
  );
  const all = [...computed, ...reported];

  const admin = new Map<string, AdminArea>();
  for (const a of state.areas)
    if (all.some((f) => f.areaId === a.id && /^(km2|ha|m2)$/i.test(f.unit)))
      admin.set(a.id, {
        id: a.id,
        name: a.name_en,
        kind: a.kind,
        km2: areaKm2(parse<AreaGeometry>(a.geometry)),
        ...(typeof a.pcode === 'string' && options.publishedAreas?.has(a.pcode)
          ? { published: options.publishedAreas.get(a.pcode)! }
          : {}),
      });
  const flags = plausibilityFlags(all, admin, { jumpFactor: options.jumpFactor });
  const disputes = findDisputes(all, { aboutTolerance: options.aboutTolerance });

  const out = (f: Figure): ReportFigure => ({
    id: f.id,
    metric: f.metric,
    label: f.label,
    hxl: f.hxl,
    ...(f.valueMax === null ? { value: f.value } : { min: f.value, max: f.valueMax }),
    qualifier: f.qualifier,
    unit: f.unit,
    area: f.areaId === null ? null : (areaCode.get(f.areaId) ?? f.areaId),
    asOf: f.asOf,
    stage: f.stage,
    source: { organisation: f.source.organisation, document: f.source.document, date: f.source.date },
    method: f.method,
    query: f.query,
    note: f.note,
    flags: flags.get(f.id) ?? [],
  });

  // Computed figures of a stage beside the claims of the same series.
  const comparisons: Comparison[] = [];
  const staged = new Set(computed.filter((c) => c.stage !== null).map((c) => c.metric));
  for (const c of computed) {
    const claims = reported.filter(
      (r) =>
        seriesKey(r) === seriesKey(c) ||
        (c.stage === null && !staged.has(c.metric) && seriesKey({ ...r, stage: null }) === seriesKey(c)),
    );
    if (claims.length === 0) continue;
    const mine = rangeOf(c, 0);
    comparisons.push({
      metric: c.metric,
      stage: c.stage,
      computed: c.id,
      computedValue: c.value,
      reported: claims.map((r) => {
        const [lo, hi] = rangeOf(r, options.aboutTolerance);
        const overlap = lo <= mine[1] && mine[0] <= hi;
        // A count as of an earlier day, below the total computed to the end of the stage, is consistent.
        const earlier = !isStock(r) && r.asOf.slice(0, 10) < c.asOf.slice(0, 10) && hi <= mine[1];
        return {
          id: r.id,
          source: r.source.organisation,
          agrees: overlap ? ('yes' as const) : earlier ? ('earlier' as const) : ('no' as const),
        };
      }),
    });
  }

  const movements = movementsByCorridor({
    corridors: state.corridors,
    checkpoints: state.checkpoints,
    convoys: state.convoys,
    passages: state.passages,
  });
  const recovery = recoveryByArea({
    areas: state.areas,
    organisations: state.organisations,
    returns: state.returns,
    serviceStatuses: state.service_statuses,
    accessStatuses: state.access_statuses,
    aidDeliveries: state.aid_deliveries,
  });
  const sectors = new Map<string, Sitrep['response'][number]>();
  for (const d of state.aid_deliveries) {
    const s = sectors.get(d.sector) ?? {
      sector: d.sector,
      deliveries: 0,
      organisations: [],
      areas: [],
      quantities: {},
    };
    sectors.set(s.sector, s);
    s.deliveries++;
    const o = (org.get(d.organisation_id)?.code ?? d.organisation_id);
    if (!s.organisations.includes(o)) s.organisations.push(o);
    const a = areaCode.get(d.area_id) ?? d.area_id;
    if (!s.areas.includes(a)) s.areas.push(a);
    const key = `${d.item} (${d.unit})`;
    s.quantities[key] = (s.quantities[key] ?? 0) + d.quantity;
  }

  const main = (metric: string) =>
    computed.find((f) => f.metric === metric && f.stage === null) ??
    computed.find((f) => f.metric === metric);
  const highlights: Sitrep['highlights'] = [];
  const departed = main('people_departed');
  const fmt = (n: number) => n.toLocaleString('en-GB');
  if (departed)
    highlights.push({
      text: `${fmt(departed.value)} people on the manifests of convoys that arrived, as recorded (${fmt(main('people_departed.men')!.value)} men, ${fmt(main('people_departed.women')!.value)} women, ${fmt(main('people_departed.children')!.value)} children, ${fmt(main('people_departed.elderly')!.value)} elderly people).`,
      figures: [departed.id],
    });
  const buses = main('buses_used');
  const ambulances = main('ambulances_used');
  if (buses && ambulances)
    highlights.push({
      text: `${fmt(buses.value)} buses and ${fmt(ambulances.value)} ambulances used on convoys that boarded.`,
      figures: [buses.id, ambulances.id],
    });
  const opened = main('corridors_opened');
  if (opened)
    highlights.push({
      text: `${fmt(opened.value)} corridors opened; ${fmt(state.command_posts.length)} command posts.`,
      figures: [opened.id, 'computed:command_posts'],
    });
  const returns = computed.find((f) => f.metric === 'returns' && f.label.endsWith('all areas'));
  if (returns && returns.value > 0)
    highlights.push({ text: `${fmt(returns.value)} people recorded as returned.`, figures: [returns.id] });
  if (disputes.length > 0)
    highlights.push({
      text: `${disputes.length} figure(s) disputed between sources, shown side by side below.`,
      figures: disputes.flatMap((d) => d.figures.map((f) => f.id)),
    });
  const flaggedIds = [...flags.keys()];
  if (flaggedIds.length > 0)
    highlights.push({ text: `${flaggedIds.length} figure(s) flagged as implausible.`, figures: flaggedIds });

  return {
    operation: {
      id: operation.id,
      name: operation.name,
      timezone: operation.timezone,
      description: operation.description,
    },
    asOf: options.asOf,
    basis: options.basis,
    events: options.events ?? null,
    highlights,
    overview: {
      stages: stages.map((s) => ({ key: s.key, name: s.name, start: s.start, end: s.end ?? null })),
      corridors: count(state.corridors, 'status'),
      convoys: count(state.convoys, 'status'),
      commandPosts: state.command_posts.length,
      receptionPoints: state.reception_points.length,
    },
    movements,
    safety: {
      incidents: [...state.incidents].sort(byCode).map((i) => ({
        code: i.code,
        type: i.type,
        severity: i.severity,
        status: i.status,
        occurredAt: i.occurred_at,
        description: i.description,
        corridor: i.corridor_id ? (corridorCode.get(i.corridor_id) ?? null) : null,
      })),
      hazards: [...state.hazards].sort(byCode).map((h) => ({
        code: h.code,
        type: h.type,
        status: h.status,
        statusChangedAt: h.status_changed_at,
      })),
      overrides: [...state.gate_overrides]
        .sort((a, b) => a.overridden_at.localeCompare(b.overridden_at))
        .map((o) => ({
          corridor: corridorCode.get(o.corridor_id) ?? o.corridor_id,
          to: o.to,
          unmet: parse<string[]>(o.unmet),
          reason: o.reason,
          overriddenAt: o.overridden_at,
          recordedBy: (o.recorded_by) ?? null,
        })),
      windows: [...state.pause_windows].sort(byCode).map((w) => ({
        code: w.code,
        kind: w.kind,
        start: w.start,
        end: w.end,
        status: w.status,
      })),
    },
    recovery,
    response: [...sectors.values()]
      .sort((a, b) => a.sector.localeCompare(b.sector))
      .map((r) => ({ ...r, organisations: r.organisations.sort(), areas: r.areas.sort() })),
    figures: all.map(out),
    comparisons,
    disputes: disputes.map((d) => ({
      metric: d.metric,
      area: d.areaId === null ? null : (areaCode.get(d.areaId) ?? d.areaId),
      unit: d.unit,
      figures: d.figures.map((f) => f.id),
      used: d.used,
      why: d.why,
    })),
    flagged: all.filter((f) => flags.has(f.id)).map((f) => ({ figure: f.id, flags: flags.get(f.id)! })),
    map: {
      corridors: [...state.corridors].sort(byCode).map((c) => ({
        code: c.code,
        status: c.status,
        coordinates: parse<{ coordinates: [number, number][] }>(c.route).coordinates,
      })),
      checkpoints: [...state.checkpoints].sort(byCode).map((c) => ({
        code: c.code,
        kind: c.kind,
        coordinates: parse<{ coordinates: [number, number] }>(c.location).coordinates,
      })),
      hazards: [...state.hazards].sort(byCode).map((h) => ({
        code: h.code,
        status: h.status,
        area: parse<AreaGeometry>(h.area),
      })),
      incidents: [...state.incidents].sort(byCode).map((i) => ({
        code: i.code,
        severity: i.severity,
        coordinates: parse<{ coordinates: [number, number] }>(i.location).coordinates,
      })),
    },
  };
}
