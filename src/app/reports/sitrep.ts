import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Timestamp } from '../../contracts/common.js';
import { RuleViolatedError, said } from '../../domain/errors.js';
import { buildSitrep, type ReportState, type Sitrep } from '../../domain/reports/sitrep.js';
import { liveState, stateAsOf } from './report-state.js';
import type { AppContext } from '../context.js';
import type { Caller } from '../access/permissions.js';
import { getOperation, parseInput } from '../records/resources.js';

/** Governorate areas as published (reference/ATTRIBUTION.md), by OCHA p-code. */
let published: Map<string, { km2: number; source: string }> | undefined;
export function publishedAreas(): Map<string, { km2: number; source: string }> {
  if (!published) {
    const file = JSON.parse(
      readFileSync(new URL('./reference/syria-governorates.json', import.meta.url), 'utf8'),
    ) as { governorates: { pcode: string; km2: number; areaSource: string }[] };
    published = new Map(
      file.governorates.map((g) => [
        g.pcode,
        { km2: g.km2, source: `Open-Syria gazetteer, from ${g.areaSource}` },
      ]),
    );
  }
  return published;
}

export const REPORT_FORMATS = ['json', 'md', 'html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const SitrepQuery = z.strictObject({
  asOf: Timestamp.optional(),
  basis: z.enum(['occurred', 'recorded']).default('occurred'),
  format: z.enum(REPORT_FORMATS).default('json'),
  /** The language of the md, html and pdf documents (the JSON is the same in both). */
  lang: z.enum(['en', 'ar']).default('en'),
  /** A range is disputed beyond this fraction around an `about` figure. */
  aboutTolerance: z.coerce.number().min(0).max(0.5).default(0.05),
  /** A value more than this factor from the previous one of its series is flagged. */
  jumpFactor: z.coerce.number().min(1.01).max(1000).default(2),
});
export type SitrepQuery = z.output<typeof SitrepQuery>;

/**
 * The report's tables now (kept in memory), or as they stood at `asOf` (the log replayed); an `asOf`
 * before the operation began is refused.
 */
export async function reportState(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  asOf: string | undefined,
  basis: 'occurred' | 'recorded',
): Promise<{ state: ReportState; events?: number }> {
  const operation = await getOperation(ctx, caller, operationId);
  if (asOf === undefined) return { state: await liveState(ctx.store, operationId) };
  const began = String(operation.createdAt);
  const vars = { asOf, operation: operationId, began };
  const nothingYet = () =>
    new RuleViolatedError(
      basis === 'recorded'
        ? said(
            'asOf {asOf} is before operation {operation} began ({began}, or was first recorded): there is nothing to report yet',
            vars,
          )
        : said(
            'asOf {asOf} is before operation {operation} began ({began}): there is nothing to report yet',
            vars,
          ),
      { field: 'asOf', began },
    );
  if (asOf < began) throw nothingYet();
  const now = ctx.now().toISOString();
  if (asOf > now)
    throw new RuleViolatedError(
      said('asOf {asOf} is in the future (now is {now}): leave it out for the report now', { asOf, now }),
      { field: 'asOf', now },
    );
  const replayed = await stateAsOf(ctx.store, operationId, basis, asOf);
  // By when it was recorded, an operation of long ago began only when it was entered here.
  if (replayed.events === 0) throw nothingYet();
  return replayed;
}

/** `GET .../reports/sitrep` and `corridor report sitrep`: the report now, or as it stood at `asOf`. */
export async function sitrepOf(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  input: unknown,
): Promise<{ sitrep: Sitrep; format: ReportFormat; lang: 'en' | 'ar' }> {
  const query = parseInput(SitrepQuery, input, 'query');
  const { state, events } = await reportState(ctx, caller, operationId, query.asOf, query.basis);
  const sitrep = buildSitrep(state, {
    asOf: query.asOf ?? ctx.now().toISOString(),
    basis: query.asOf === undefined ? 'now' : query.basis,
    ...(events === undefined ? {} : { events }),
    aboutTolerance: query.aboutTolerance,
    jumpFactor: query.jumpFactor,
    publishedAreas: publishedAreas(),
  });
  return { sitrep, format: query.format, lang: query.lang };
}
