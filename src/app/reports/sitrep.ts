import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Timestamp } from '../../contracts/common.js';
import { RuleViolatedError } from '../../domain/errors.js';
import { projectEvent, type ProjectableEvent, type Row } from '../../domain/projection.js';
import { REPORT_TABLES, buildSitrep, type ReportState, type Sitrep } from '../../domain/sitrep.js';
import { countedPassages, eventsUpTo, operationRows, vehiclesUsed } from '../../store/report-queries.js';
import type { AppContext } from '../context.js';
import type { Caller } from '../permissions.js';
import { getOperation, parseInput } from '../resources.js';

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
  /** A range is disputed beyond this fraction around an `about` figure. */
  aboutTolerance: z.coerce.number().min(0).max(0.5).default(0.05),
  /** A value more than this factor from the previous one of its series is flagged. */
  jumpFactor: z.coerce.number().min(1.01).max(1000).default(2),
});
export type SitrepQuery = z.output<typeof SitrepQuery>;

/** The columns the report reads of its largest tables (a row of every column costs several times more). */
const REPORT_COLUMNS: Partial<Record<(typeof REPORT_TABLES)[number], readonly string[]>> = {
  convoys: ['id', 'code', 'corridor_id', 'status', 'status_changed_at', 'manifest'],
};

/** The projection rows of the report's tables, as the live tables hold them now. */
export async function stateFromProjections(ctx: AppContext, operationId: string): Promise<ReportState> {
  const state = {} as ReportState;
  for (const table of REPORT_TABLES)
    if (table !== 'passages' && table !== 'convoy_vehicles')
      state[table] = await operationRows(ctx.store.db, table, operationId, REPORT_COLUMNS[table]);
  state.passages = await countedPassages(ctx.store.db, operationId);
  // The vehicles used are counted in the database rather than read convoy by convoy.
  state.convoy_vehicles = [];
  state.vehiclesUsed = await vehiclesUsed(ctx.store.db, operationId);
  return state;
}

/**
 * The report's tables as they stood at `until`: the operation's events up to then, replayed into
 * in-memory tables by the same fold as the live ones (projectEvent).
 */
export async function stateAsOf(
  ctx: AppContext,
  operationId: string,
  basis: 'occurred' | 'recorded',
  until: string,
): Promise<{ state: ReportState; events: number }> {
  const wanted = new Set<string>(REPORT_TABLES);
  const tables = new Map<string, Map<string, Row>>();
  for (const t of REPORT_TABLES) tables.set(t, new Map());
  let events = 0;
  let linkRows = 0;
  for await (const page of eventsUpTo(ctx.store.db, operationId, basis, until)) {
    for (const row of page) {
      events++;
      const event = {
        id: row.id,
        operationId,
        type: row.type,
        payload: JSON.parse(row.payload) as unknown,
        occurredAt: row.occurred_at,
        organisation: row.organisation,
      } as ProjectableEvent;
      for (const m of projectEvent(event)) {
        if (!wanted.has(m.table)) continue;
        const rows = tables.get(m.table)!;
        if (m.kind === 'insert') rows.set(String(m.row.id ?? `link:${linkRows++}`), { ...m.row });
        else {
          const current = rows.get(m.id);
          if (current) Object.assign(current, m.set);
        }
      }
    }
  }
  const state = {} as ReportState;
  for (const t of REPORT_TABLES) state[t] = [...tables.get(t)!.values()];
  return { state, events };
}

/** `GET .../reports/sitrep` and `corridor report sitrep`: the report now, or as it stood at `asOf`. */
export async function sitrepOf(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  input: unknown,
): Promise<{ sitrep: Sitrep; format: ReportFormat }> {
  const query = parseInput(SitrepQuery, input, 'query');
  const operation = await getOperation(ctx, caller, operationId);
  const began = String(operation.createdAt);
  let state: ReportState;
  let events: number | undefined;
  if (query.asOf !== undefined) {
    if (query.asOf < began)
      throw new RuleViolatedError(
        `asOf ${query.asOf} is before operation ${operationId} began (${began}): there is nothing to report yet`,
        { field: 'asOf', began },
      );
    ({ state, events } = await stateAsOf(ctx, operationId, query.basis, query.asOf));
  } else {
    state = await stateFromProjections(ctx, operationId);
  }
  const sitrep = buildSitrep(state, {
    asOf: query.asOf ?? ctx.now().toISOString(),
    basis: query.asOf === undefined ? 'now' : query.basis,
    ...(events === undefined ? {} : { events }),
    aboutTolerance: query.aboutTolerance,
    jumpFactor: query.jumpFactor,
    publishedAreas: publishedAreas(),
  });
  return { sitrep, format: query.format };
}
