import { stagesOf } from './computed-figures.js';
import { findDisputes, type Dispute, type Qualifier } from './figures.js';
import type { AreaGeometry } from '../geo.js';
import { movementsByCorridor } from '../accountability/movements.js';
import type { CorridorAccount } from '../accountability/corridor-accounts.js';
import { plausibilityFlags, type Flag } from '../accountability/plausibility.js';
import type { ReportState } from './report-tables.js';
import { recoveryByArea, type AreaRecovery } from '../recovery/summary.js';
import { sitrepContext } from './sitrep-context.js';
import {
  adminAreas,
  comparisonsOf,
  computedFigures,
  disputeOf,
  reportedFigures,
  reportFigure,
} from './sitrep-figures.js';
import { highlightsOf } from './sitrep-highlights.js';
import { mapOf, overviewOf, responseOf, safetyOf } from './sitrep-sections.js';
import {
  constraintsOf,
  contactsOf,
  coordinationOf,
  gapsOf,
  periodOf,
  reportNumberOf,
  type ClusterGaps,
  type Constraints,
  type Coordination,
  type ReportContact,
} from './sitrep-coordination.js';

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

export type HighlightKind =
  'people-departed' | 'vehicles-used' | 'corridors-opened' | 'returns' | 'reported' | 'disputed' | 'flagged';

/** A highlight: its sentence, and its kind and numbers so that a reader's own language can say it. */
export interface Highlight {
  text: string;
  kind: HighlightKind;
  numbers: Record<string, number>;
  figures: string[];
  /** Of a `reported` highlight: the metric, and each source's figure of it (a range has min and max). */
  metric?: string;
  claims?: { figure: string; value?: number; min?: number; max?: number; source: string }[];
}

export interface Sitrep {
  operation: { id: string; name: string; nameAr?: string | null; timezone: string; description: string };
  asOf: string;
  basis: SitrepOptions['basis'];
  events: number | null;
  /**
   * The report's sentences, each with its kind and numbers beside it, so that a reader's own language
   * can say them (the console does, in Arabic).
   */
  highlights: Highlight[];
  /** The day of the operation the period ends on (1 on the day it began), in its time zone. */
  number: number;
  /** From when the operation began to the latest thing the report holds (or its as-of time). */
  period: { from: string; to: string };
  gaps: ClusterGaps[];
  constraints: Constraints;
  coordination: Coordination;
  contacts: ReportContact[];
  overview: {
    stages: { key: string; name: string; start: string; end: string | null }[];
    corridors: Record<string, number>;
    convoys: Record<string, number>;
    commandPosts: number;
    receptionPoints: number;
    /** What came from printed sheets, entered later: tallies (not void) and the people they counted, manifests. */
    paper: { tallies: number; people: number; manifests: number };
  };
  movements: CorridorAccount[];
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
    /** Outlines of the small areas (neighbourhoods), thinned, as the map's base. */
    areas: { code: string; rings: [number, number][][] }[];
    corridors: { code: string; status: string; coordinates: [number, number][] }[];
    checkpoints: { code: string; kind: string; coordinates: [number, number] }[];
    hazards: { code: string; status: string; area: AreaGeometry }[];
    incidents: { code: string; severity: string; coordinates: [number, number] }[];
    receptionPoints: { code: string; coordinates: [number, number] }[];
    commandPosts: { code: string; coordinates: [number, number] }[];
    /**
     * Convoys on the road (departed, not arrived), each at the last station that counted it: a
     * checkpoint or a reception point, and when. A convoy no station has counted yet is not placed.
     */
    convoys: { code: string; station: string; at: string; coordinates: [number, number] }[];
  };
}

/**
 * A situation report in the shape of OCHA's: pure, from projection rows (live, or replayed from the
 * log up to the as-of time). Every number in it is a figure with its source, or a count whose query is
 * given; disputed figures stand side by side; flagged figures carry the reason.
 */
export function buildSitrep(state: ReportState, options: SitrepOptions): Sitrep {
  const ctx = sitrepContext(state);
  const operation = state.operations[0]!;
  const stages = stagesOf(operation);
  const reported = reportedFigures(ctx, stages);
  const computed = computedFigures(state, options.asOf);
  const all = [...computed, ...reported];
  const flags = plausibilityFlags(all, adminAreas(state, all, options.publishedAreas), {
    jumpFactor: options.jumpFactor,
  });
  const disputes = findDisputes(all, { aboutTolerance: options.aboutTolerance });
  const period = periodOf(state, options.asOf);
  const recovery = recoveryByArea({
    areas: state.areas,
    organisations: state.organisations,
    returns: state.returns,
    serviceStatuses: state.service_statuses,
    accessStatuses: state.access_statuses,
    aidDeliveries: state.aid_deliveries,
  });
  return {
    operation: {
      id: operation.id,
      name: operation.name,
      nameAr: operation.name_ar ?? null,
      timezone: operation.timezone,
      description: operation.description,
    },
    asOf: options.asOf,
    basis: options.basis,
    events: options.events ?? null,
    highlights: highlightsOf(ctx, computed, reported, disputes, flags),
    number: reportNumberOf(period, operation.timezone),
    period,
    gaps: gapsOf(recovery),
    constraints: constraintsOf(ctx, recovery),
    coordination: coordinationOf(ctx),
    contacts: contactsOf(ctx),
    overview: overviewOf(ctx, stages),
    movements: movementsByCorridor(state),
    safety: safetyOf(ctx),
    recovery,
    response: responseOf(ctx),
    figures: all.map((f) => reportFigure(ctx, f, flags)),
    comparisons: comparisonsOf(computed, reported, options.aboutTolerance),
    disputes: disputes.map((d) => disputeOf(ctx, d)),
    flagged: all.filter((f) => flags.has(f.id)).map((f) => ({ figure: f.id, flags: flags.get(f.id)! })),
    map: mapOf(ctx),
  };
}
