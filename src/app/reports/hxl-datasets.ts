import { CARRIED_KINDS } from '../../contracts/vocabulary.js';
import { uncategorised } from '../../domain/accountability/corridor-accounts.js';
import type { ReportState } from '../../domain/reports/report-tables.js';
import type { Sitrep } from '../../domain/reports/sitrep.js';
import { IASC_CLUSTERS } from '../../domain/reports/sitrep-coordination.js';

// The CSV exports, HXL-tagged so that humanitarian tools read them: every hashtag and attribute is of the
// HXL 1.1 core dictionary, a language (+i_ar) or vocabulary (+v_pcode) attribute of its conventions, or
// one of the extensions the README names (#x_corridor, #x_movement and the +x_ attributes), each where
// the dictionary has nothing for it. Places carry their admin areas with p-codes (#adm1, #adm2), so the
// rows join other datasets by admin area; names come in English and Arabic.

export type Column = [header: string, hashtag: string];
export type Value = string | number | null | undefined;
export type Table = { columns: Column[]; rows: Value[][] };

type Area = ReportState['areas'][number];

const SEX_AND_AGE = [
  ['men', '+m+adults'],
  ['women', '+f+adults'],
  ['boys', '+m+children'],
  ['girls', '+f+children'],
  ['elderly men', '+m+elderly'],
  ['elderly women', '+f+elderly'],
] as const;
const PEOPLE_KEYS = ['men', 'women', 'boys', 'girls', 'elderlyMen', 'elderlyWomen'] as const;

/** The areas and organisations of the report, by id, and the admin areas above each area. */
function lookups(state: ReportState) {
  const area = new Map(state.areas.map((a) => [a.id, a]));
  const org = new Map(state.organisations.map((o) => [o.id, o]));
  /** The area of this kind the area is in (or is), up its chain of parents. */
  const above = (a: Area | undefined, kind: string): Area | undefined => {
    for (let at = a, hops = 0; at && hops < 10; at = area.get(at.parent_area_id ?? ''), hops++)
      if (at.kind === kind) return at;
    return undefined;
  };
  return { area, org, above };
}

const PLACE_COLUMNS: Column[] = [
  ['area', '#loc+code'],
  ['area name', '#loc+name'],
  ['area name (Arabic)', '#loc+name+i_ar'],
  ['area p-code', '#loc+code+v_pcode'],
  ['governorate', '#adm1+name'],
  ['governorate (Arabic)', '#adm1+name+i_ar'],
  ['governorate p-code', '#adm1+code'],
  ['district', '#adm2+name'],
  ['district (Arabic)', '#adm2+name+i_ar'],
  ['district p-code', '#adm2+code'],
];

/** An area's cells: itself, its governorate and its district, with their p-codes (empty where none is recorded). */
function placeCells(l: ReturnType<typeof lookups>, areaId: string): Value[] {
  const a = l.area.get(areaId);
  const adm1 = l.above(a, 'governorate');
  const adm2 = l.above(a, 'district');
  return [
    a?.code,
    a?.name_en,
    a?.name_ar,
    a?.pcode,
    adm1?.name_en,
    adm1?.name_ar,
    adm1?.pcode,
    adm2?.name_en,
    adm2?.name_ar,
    adm2?.pcode,
  ];
}

export function returnsTable(state: ReportState): Table {
  const l = lookups(state);
  return {
    columns: [
      ...PLACE_COLUMNS,
      ['date', '#date+reported'],
      ['from', '#loc+origin'],
      ...SEX_AND_AGE.map(([label, atts]): Column => [label, `#affected+x_returnees${atts}`]),
      ['total', '#affected+x_returnees'],
      ['source', '#org+code+source'],
      ['document', '#meta+source'],
      ['method', '#meta+x_method'],
    ],
    rows: [...state.returns]
      .sort((a, b) => a.observed_at.localeCompare(b.observed_at))
      .map((r) => {
        const p = JSON.parse(r.people) as Record<string, number>;
        const from = r.from_area_id === null ? r.from_place : l.area.get(r.from_area_id)?.code;
        const cats = PEOPLE_KEYS.map((k) => p[k] ?? 0);
        return [
          ...placeCells(l, r.area_id),
          r.observed_at,
          from,
          ...cats,
          cats.reduce((x, y) => x + y, 0),
          l.org.get(r.source_organisation_id)?.code,
          r.source_document,
          r.method,
        ];
      }),
  };
}

/** Services and access in one table: access is the service "access", with a reason and no facilities. */
export function servicesTable(state: ReportState): Table {
  const l = lookups(state);
  return {
    columns: [
      ...PLACE_COLUMNS,
      ['date', '#date+reported'],
      ['service', '#service+name'],
      ['status', '#status'],
      ['facilities', '#capacity+num'],
      ['reason', '#access+text'],
      ['source', '#org+code+source'],
      ['document', '#meta+source'],
    ],
    rows: [
      ...state.service_statuses.map((r) => ({ ...r, reason: null })),
      ...state.access_statuses.map((r) => ({ ...r, service: 'access', facilities: null })),
    ]
      .sort((a, b) => a.observed_at.localeCompare(b.observed_at))
      .map((r) => [
        ...placeCells(l, r.area_id),
        r.observed_at,
        r.service,
        r.status,
        r.facilities,
        r.reason,
        l.org.get(r.source_organisation_id)?.code,
        r.source_document,
      ]),
  };
}

/** Who delivered what where (3W), with the IASC cluster of each sector. */
export function aidTable(state: ReportState): Table {
  const l = lookups(state);
  return {
    columns: [
      ['organisation', '#org+code'],
      ['organisation name', '#org+name'],
      ['cluster', '#sector+name'],
      ['sector', '#sector+code'],
      ['item', '#item+name'],
      ['quantity', '#output+num'],
      ['unit', '#output+x_unit'],
      ...PLACE_COLUMNS,
      ['date', '#date+occurred'],
      ['people reached', '#reached'],
      ['document', '#meta+source'],
    ],
    rows: [...state.aid_deliveries]
      .sort((a, b) => a.delivered_at.localeCompare(b.delivered_at))
      .map((r) => {
        const o = l.org.get(r.organisation_id);
        return [
          o?.code,
          o?.name,
          IASC_CLUSTERS[r.sector] ?? '',
          r.sector,
          r.item,
          r.quantity,
          r.unit,
          ...placeCells(l, r.area_id),
          r.delivered_at,
          r.beneficiaries,
          r.source_document,
        ];
      }),
  };
}

/** The first columns of the movements and the items: where, when and which movement. */
const MOVEMENT_COLUMNS: Column[] = [
  ['corridor', '#x_corridor+code'],
  ['corridor name', '#x_corridor+name'],
  ['date', '#date'],
  ['movement', '#x_movement'],
];

/**
 * Movements per corridor, day and kind (entered, exited, in transit, arrived), by sex and age group:
 * the corridor accounts of the report (the same numbers as the live board). People counted without sex
 * and age (most cameras) are in the last column.
 */
export function movementsTable(s: Sitrep): Table {
  const kinds = [
    ['entered', 'entered'],
    ['exited', 'exited'],
    ['in transit', 'inTransit'],
    ['arrived', 'arrived'],
  ] as const;
  return {
    columns: [
      ...MOVEMENT_COLUMNS,
      ['convoys', '#output+num+x_convoys'],
      ['people', '#affected'],
      ...SEX_AND_AGE.map(([label, atts]): Column => [label, `#affected${atts}`]),
      ['sex and age not recorded', '#affected+x_undisaggregated'],
    ],
    rows: s.movements.flatMap((m) =>
      m.days.flatMap((d) =>
        kinds.map(([label, key]) => {
          const t = d[key];
          const convoys = key === 'entered' ? d.convoys : key === 'arrived' ? d.convoysArrived : '';
          return [
            m.corridor,
            m.name,
            d.day,
            label,
            convoys,
            t.total,
            ...PEOPLE_KEYS.map((k) => t.people[k]),
            uncategorised(t),
          ];
        }),
      ),
    ),
  };
}

/**
 * What people carried, per corridor, day, kind of movement and kind of item: the corridor accounts'
 * items (the same counts as the movements), a row for each kind some count counted. A kind that no
 * count counted has no row: it was not counted, which is not 0.
 */
export function itemsTable(s: Sitrep, words: (kind: string) => string): Table {
  const kinds = [
    ['entered', 'entered'],
    ['exited', 'exited'],
    ['arrived', 'arrived'],
  ] as const;
  return {
    columns: [
      ...MOVEMENT_COLUMNS,
      ['item', '#item+code'],
      ['item name', '#item+name'],
      ['counted', '#item+num'],
    ],
    rows: s.movements.flatMap((m) =>
      m.days.flatMap((d) =>
        kinds.flatMap(([label, key]) =>
          CARRIED_KINDS.filter((k) => d[key].carried[k] !== undefined).map((k) => [
            m.corridor,
            m.name,
            d.day,
            label,
            k,
            words(k),
            d[key].carried[k],
          ]),
        ),
      ),
    ),
  };
}

/** Every figure of the report: the claims with their sources, and the values the operation computed. */
export function figuresTable(s: Sitrep): Table {
  return {
    columns: [
      ['figure', '#meta+code'],
      ['metric', '#indicator+code'],
      ['hxl', '#meta+x_hxl'],
      ['label', '#indicator+name'],
      ['value', '#indicator+num'],
      ['min', '#indicator+num+x_min'],
      ['max', '#indicator+num+x_max'],
      ['qualifier', '#meta+x_qualifier'],
      ['unit', '#indicator+x_unit'],
      ['area', '#loc+code'],
      ['as of', '#date+reported'],
      ['stage', '#meta+x_stage'],
      ['source', '#org+code+source'],
      ['document', '#meta+source'],
      ['source date', '#date+source'],
      ['method', '#meta+x_method'],
      ['query', '#meta+x_query'],
      ['flags', '#meta+x_flags'],
    ],
    rows: s.figures.map((f) => [
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
  };
}
