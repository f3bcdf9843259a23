import { computeFigures, stageAt, type RecordedState, type Stage } from './computed-figures.js';
import { isStock, rangeOf, seriesKey, type Dispute, type Figure, type Qualifier } from './figures.js';
import type { AreaGeometry } from '../geo.js';
import { areaKm2, type AdminArea, type Flag } from '../accountability/plausibility.js';
import type { ReportState } from './report-tables.js';
import { areaCodeOf, byCode, parse, type SitrepContext } from './sitrep-context.js';
import type { Comparison, ReportFigure, Sitrep, SitrepOptions } from './sitrep.js';

// The figures of a situation report: the reported and the computed ones, compared, disputed, flagged.

/** The figures of the `figures` table (claims by their sources), in the order of their codes. */
export function reportedFigures(ctx: SitrepContext, stages: readonly Stage[]): Figure[] {
  return [...ctx.state.figures].sort(byCode).map((f) => {
    const o = ctx.organisations.get(f.source_organisation_id);
    return {
      id: f.code,
      metric: f.metric,
      label: f.label,
      hxl: f.hxl ?? null,
      value: f.value,
      valueMax: f.value_max,
      qualifier: f.qualifier as Qualifier,
      unit: f.unit,
      areaId: f.area_id ?? null,
      asOf: f.as_of,
      source: {
        organisationId: f.source_organisation_id,
        organisation: o ? `${o.name} (${o.code})` : f.source_organisation_id,
        document: f.source_document,
        date: f.source_date ?? null,
      },
      method: f.method as Figure['method'],
      query: f.query ?? null,
      stage: stageAt(stages, f.as_of),
      note: f.note ?? null,
    };
  });
}

/** The figures computed from the log; one of no area is of the root area, when there is just one. */
export function computedFigures(state: ReportState, asOf: string): Figure[] {
  const roots = state.areas.filter((a) => a.parent_area_id === null);
  const rootArea = roots.length === 1 ? roots[0]!.id : null;
  const recorded: RecordedState = {
    operation: state.operations[0]!,
    corridors: state.corridors,
    convoys: state.convoys,
    convoyVehicles: state.convoy_vehicles,
    vehicles: state.vehicles,
    commandPosts: state.command_posts,
    returns: state.returns,
    areas: state.areas,
  };
  return computeFigures(recorded, asOf).map((f) => (f.areaId === null ? { ...f, areaId: rootArea } : f));
}

/** The areas that figures measured in units of area are given for, for the plausibility check. */
export function adminAreas(
  state: ReportState,
  figures: readonly Figure[],
  publishedAreas: SitrepOptions['publishedAreas'],
): Map<string, AdminArea> {
  const admin = new Map<string, AdminArea>();
  for (const a of state.areas)
    if (figures.some((f) => f.areaId === a.id && /^(km2|ha|m2)$/i.test(f.unit)))
      admin.set(a.id, {
        id: a.id,
        name: a.name_en,
        kind: a.kind,
        km2: areaKm2(parse<AreaGeometry>(a.geometry)),
        ...(typeof a.pcode === 'string' && publishedAreas?.has(a.pcode)
          ? { published: publishedAreas.get(a.pcode)! }
          : {}),
      });
  return admin;
}

export function reportFigure(
  ctx: SitrepContext,
  f: Figure,
  flags: ReadonlyMap<string, Flag[]>,
): ReportFigure {
  return {
    id: f.id,
    metric: f.metric,
    label: f.label,
    hxl: f.hxl,
    ...(f.valueMax === null ? { value: f.value } : { min: f.value, max: f.valueMax }),
    qualifier: f.qualifier,
    unit: f.unit,
    area: f.areaId === null ? null : areaCodeOf(ctx, f.areaId),
    asOf: f.asOf,
    stage: f.stage,
    source: { organisation: f.source.organisation, document: f.source.document, date: f.source.date },
    method: f.method,
    query: f.query,
    note: f.note,
    flags: flags.get(f.id) ?? [],
  };
}

/** Computed figures of a stage beside the claims of the same series. */
export function comparisonsOf(
  computed: readonly Figure[],
  reported: readonly Figure[],
  aboutTolerance: number,
): Comparison[] {
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
        const [lo, hi] = rangeOf(r, aboutTolerance);
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
  return comparisons;
}

export function disputeOf(ctx: SitrepContext, d: Dispute): Sitrep['disputes'][number] {
  return {
    metric: d.metric,
    area: d.areaId === null ? null : areaCodeOf(ctx, d.areaId),
    unit: d.unit,
    figures: d.figures.map((f) => f.id),
    used: d.used,
    why: d.why,
  };
}
