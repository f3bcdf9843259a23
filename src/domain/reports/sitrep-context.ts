import { compareCodes } from '../codes.js';
import type { ReportRow, ReportState } from './report-tables.js';

/** What the sections of a situation report share: its tables, and the lookups of their ids. */
export interface SitrepContext {
  state: ReportState;
  organisations: ReadonlyMap<string, ReportRow<'organisations'>>;
  areaCode: ReadonlyMap<string, string>;
  corridorCode: ReadonlyMap<string, string>;
}

export function sitrepContext(state: ReportState): SitrepContext {
  return {
    state,
    organisations: new Map(state.organisations.map((o) => [o.id, o])),
    areaCode: new Map(state.areas.map((a) => [a.id, a.code])),
    corridorCode: new Map(state.corridors.map((c) => [c.id, c.code])),
  };
}

/** The code of an area, or its id when it is not one of the report's areas. */
export function areaCodeOf(ctx: SitrepContext, areaId: string): string {
  return ctx.areaCode.get(areaId) ?? areaId;
}

/** A JSON column (rows hold canonical JSON text). */
export const parse = <T>(json: string): T => JSON.parse(json) as T;

export const byCode = (a: { code: string }, b: { code: string }) => compareCodes(a.code, b.code);
