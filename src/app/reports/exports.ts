import { uncategorised } from '../../domain/accountability/corridor-accounts.js';
import { z } from 'zod';
import { Timestamp } from '../../contracts/common.js';
import { NotFoundError } from '../../domain/errors.js';
import type { ReportState } from '../../domain/reports/report-tables.js';
import { buildSitrep, type Sitrep } from '../../domain/reports/sitrep.js';
import type { AppContext } from '../context.js';
import type { Caller } from '../access/permissions.js';
import { parseInput } from '../records/resources.js';
import type { liveState } from './report-state.js';
import { publishedAreas, reportState } from './sitrep.js';

export const EXPORT_DATASETS = ['movements', 'returns', 'services', 'aid', 'figures', 'geojson'] as const;
export type ExportDataset = (typeof EXPORT_DATASETS)[number];
export const ExportDatasetParam = z.enum(EXPORT_DATASETS);
/** An export now, or as of a past time (as the situation report). */
export const ExportQuery = z.strictObject({
  asOf: Timestamp.optional(),
  basis: z.enum(['occurred', 'recorded']).default('occurred'),
});

/** An HXL hashtag with attributes (HXL 1.1): what every column of a CSV export carries. */
export const HXL_HASHTAG = /^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$/;

type Column = [header: string, hashtag: string];
type Value = string | number | null | undefined;

/**
 * A text cell a spreadsheet would run as a formula (OWASP's CSV injection rule: it begins with `=`,
 * `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe, so it shows as the text it is.
 * Numbers are left as they are (a negative number is a number, not a formula).
 */
export function neutralise(v: Value): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** RFC 4180 CSV with the HXL hashtag row right under the header row; no cell is a formula. */
export function hxlCsv(columns: readonly Column[], rows: readonly Value[][]): string {
  const field = (v: Value) => {
    const s = neutralise(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [columns.map((c) => field(c[0])), columns.map((c) => c[1]), ...rows.map((r) => r.map(field))];
  return `${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

/** The fields of one line of such a CSV (RFC 4180 quoting), as a reader of the export sees them. */
export function csvFields(line: string): string[] {
  return [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((m) =>
    m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!,
  );
}

export async function exportDataset(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  dataset: string,
  input: unknown = {},
): Promise<{ body: string; contentType: string; filename: string }> {
  const parsed = ExportDatasetParam.safeParse(dataset);
  if (!parsed.success)
    throw new NotFoundError(`no export ${dataset}; there are ${EXPORT_DATASETS.join(', ')}`);
  const query = parseInput(ExportQuery, input, 'query');
  const { state } = await reportState(ctx, caller, operationId, query.asOf, query.basis);
  const s = buildSitrep(state, {
    asOf: query.asOf ?? ctx.now().toISOString(),
    basis: query.asOf === undefined ? 'now' : query.basis,
    aboutTolerance: 0.05,
    jumpFactor: 2,
    publishedAreas: publishedAreas(),
  });
  const csv = (body: string) => ({
    body,
    contentType: 'text/csv; charset=utf-8',
    filename: `${operationId}-${parsed.data}.csv`,
  });
  switch (parsed.data) {
    case 'movements':
      return csv(movementsCsv(s));
    case 'returns':
      return csv(returnsCsv(state));
    case 'services':
      return csv(servicesCsv(state));
    case 'aid':
      return csv(aidCsv(state));
    case 'figures':
      return csv(figuresCsv(s));
    case 'geojson':
      return {
        body: JSON.stringify(geojsonOf(state)),
        contentType: 'application/geo+json',
        filename: `${operationId}.geojson`,
      };
  }
}

/** The areas and organisations of the report, by id, for the names and codes of the exports. */
function lookups(state: ReportState) {
  return {
    area: new Map(state.areas.map((a) => [a.id, a])),
    org: new Map(state.organisations.map((o) => [o.id, o])),
  };
}

function returnsCsv(state: ReportState): string {
  const { area, org } = lookups(state);
  return hxlCsv(
    [
      ['area', '#loc+code'],
      ['area name', '#loc+name'],
      ['pcode', '#loc+pcode'],
      ['date', '#date'],
      ['from', '#loc+origin'],
      ['men', '#affected+returnees+m+adults'],
      ['women', '#affected+returnees+f+adults'],
      ['boys', '#affected+returnees+m+children'],
      ['girls', '#affected+returnees+f+children'],
      ['elderly men', '#affected+returnees+m+elderly'],
      ['elderly women', '#affected+returnees+f+elderly'],
      ['total', '#affected+returnees+total'],
      ['source', '#org+source'],
      ['document', '#meta+source'],
      ['method', '#meta+method'],
    ],
    [...state.returns]
      .sort((a, b) => a.observed_at.localeCompare(b.observed_at))
      .map((r) => {
        const p = JSON.parse(r.people) as Record<string, number>;
        const a = area.get(r.area_id);
        const from = r.from_area_id === null ? r.from_place : area.get(r.from_area_id)?.code;
        const cats = ['men', 'women', 'boys', 'girls', 'elderlyMen', 'elderlyWomen'].map((k) => p[k] ?? 0);
        return [
          a?.code,
          a?.name_en,
          a?.pcode,
          r.observed_at,
          from,
          ...cats,
          cats.reduce((x, y) => x + y, 0),
          org.get(r.source_organisation_id)?.code,
          r.source_document,
          r.method,
        ];
      }),
  );
}

/** Services and access in one table: access is the service "access", with a reason and no facilities. */
function servicesCsv(state: ReportState): string {
  const { area, org } = lookups(state);
  return hxlCsv(
    [
      ['area', '#loc+code'],
      ['area name', '#loc+name'],
      ['date', '#date'],
      ['service', '#indicator+service'],
      ['status', '#status'],
      ['facilities', '#capacity+facilities'],
      ['reason', '#description+access'],
      ['source', '#org+source'],
      ['document', '#meta+source'],
    ],
    [
      ...state.service_statuses.map((r) => ({ ...r, reason: null })),
      ...state.access_statuses.map((r) => ({ ...r, service: 'access', facilities: null })),
    ]
      .sort((a, b) => a.observed_at.localeCompare(b.observed_at))
      .map((r) => {
        const a = area.get(r.area_id);
        return [
          a?.code,
          a?.name_en,
          r.observed_at,
          r.service,
          r.status,
          r.facilities,
          r.reason,
          org.get(r.source_organisation_id)?.code,
          r.source_document,
        ];
      }),
  );
}

function aidCsv(state: ReportState): string {
  const { area, org } = lookups(state);
  return hxlCsv(
    [
      ['organisation', '#org+code'],
      ['organisation name', '#org+name'],
      ['sector', '#sector'],
      ['item', '#activity+item'],
      ['quantity', '#output+quantity'],
      ['unit', '#output+unit'],
      ['area', '#loc+code'],
      ['area name', '#loc+name'],
      ['date', '#date'],
      ['beneficiaries', '#reached'],
      ['document', '#meta+source'],
    ],
    [...state.aid_deliveries]
      .sort((a, b) => a.delivered_at.localeCompare(b.delivered_at))
      .map((r) => {
        const a = area.get(r.area_id);
        const o = org.get(r.organisation_id);
        return [
          o?.code,
          o?.name,
          r.sector,
          r.item,
          r.quantity,
          r.unit,
          a?.code,
          a?.name_en,
          r.delivered_at,
          r.beneficiaries,
          r.source_document,
        ];
      }),
  );
}

/**
 * Movements per corridor, day and kind (entered, exited, in transit, arrived), by sex and age group:
 * the corridor accounts of the report (the same numbers as the live board). People counted without sex
 * and age (most cameras) are in the last column.
 */
function movementsCsv(s: Sitrep): string {
  const kinds = [
    ['entered', 'entered'],
    ['exited', 'exited'],
    ['in transit', 'inTransit'],
    ['arrived', 'arrived'],
  ] as const;
  return hxlCsv(
    [
      ['corridor', '#x_corridor+code'],
      ['corridor name', '#x_corridor+name'],
      ['date', '#date'],
      ['movement', '#x_movement'],
      ['convoys', '#indicator+convoys+num'],
      ['people', '#affected+total'],
      ['men', '#affected+m+adults'],
      ['women', '#affected+f+adults'],
      ['boys', '#affected+m+children'],
      ['girls', '#affected+f+children'],
      ['elderly men', '#affected+m+elderly'],
      ['elderly women', '#affected+f+elderly'],
      ['sex and age not recorded', '#affected+unknown'],
    ],
    s.movements.flatMap((m) =>
      m.days.flatMap((d) =>
        kinds.map(([label, key]) => {
          const t = d[key];
          const p = t.people;
          const convoys = key === 'entered' ? d.convoys : key === 'arrived' ? d.convoysArrived : '';
          return [
            m.corridor,
            m.name,
            d.day,
            label,
            convoys,
            t.total,
            p.men,
            p.women,
            p.boys,
            p.girls,
            p.elderlyMen,
            p.elderlyWomen,
            uncategorised(t),
          ];
        }),
      ),
    ),
  );
}

function figuresCsv(s: Sitrep): string {
  return hxlCsv(
    [
      ['figure', '#meta+id'],
      ['metric', '#indicator+code'],
      ['hxl', '#meta+hxl'],
      ['label', '#indicator+name'],
      ['value', '#indicator+value+num'],
      ['min', '#indicator+value+min'],
      ['max', '#indicator+value+max'],
      ['qualifier', '#meta+qualifier'],
      ['unit', '#indicator+unit'],
      ['area', '#loc+code'],
      ['as of', '#date+asof'],
      ['stage', '#meta+stage'],
      ['source', '#org+source'],
      ['document', '#meta+source'],
      ['source date', '#date+source'],
      ['method', '#meta+method'],
      ['query', '#meta+query'],
      ['flags', '#meta+flags'],
    ],
    s.figures.map((f) => [
      f.id,
      f.metric,
      f.hxl,
      f.label,
      f.value,
      f.min,
      f.max,
      f.qualifier,
      f.unit,
      f.area,
      f.asOf,
      f.stage,
      f.source.organisation,
      f.source.document,
      f.source.date,
      f.method,
      f.query,
      f.flags.map((x) => `${x.kind}: ${x.reason}`).join('; '),
    ]),
  );
}

type State = Awaited<ReturnType<typeof liveState>>;

/** Corridors, checkpoints, hazards and areas as one GeoJSON FeatureCollection (`layer` says which). */
export function geojsonOf(state: State) {
  const json = (v: unknown) => JSON.parse(String(v)) as unknown;
  const feature = (layer: string, geometry: unknown, properties: Record<string, unknown>) => ({
    type: 'Feature',
    geometry,
    properties: { layer, ...properties },
  });
  return {
    type: 'FeatureCollection',
    features: [
      ...state.areas.map((a) =>
        feature('area', json(a.geometry), {
          code: a.code,
          pcode: a.pcode,
          kind: a.kind,
          name: a.name_en,
          nameAr: a.name_ar,
        }),
      ),
      ...state.corridors.map((c) =>
        feature('corridor', json(c.route), {
          code: c.code,
          name: c.name,
          status: c.status,
          stage: c.stage_key,
        }),
      ),
      ...state.checkpoints.map((c) =>
        feature('checkpoint', json(c.location), {
          code: c.code,
          name: c.name,
          kind: c.kind,
          corridorId: c.corridor_id,
        }),
      ),
      ...state.hazards.map((h) =>
        feature('hazard', json(h.area), { code: h.code, type: h.type, status: h.status }),
      ),
    ],
  };
}
