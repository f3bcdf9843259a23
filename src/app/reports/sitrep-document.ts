import { wordsOf, type Lang, type Words } from '../../contracts/words/translate.js';
import type { ReportFigure, Sitrep } from '../../domain/reports/sitrep.js';
import { coordinationBlocks, gapBlocks } from './sitrep-coordination-blocks.js';
import { movementBlocks, safetyBlocks } from './sitrep-movement-blocks.js';
import { highlightWords } from '../../contracts/words/highlights.js';
import { keyFigureBlocks } from './sitrep-key-figures.js';
import {
  figureName,
  operationName,
  reportTime,
  sourceText,
  valueText,
  type Block,
  type Cell,
} from './sitrep-words.js';

export { figureName, reportTime, type Block, type Cell };

/**
 * The situation report's blocks in OCHA's order: number and period, key figures, highlights, overview
 * and map, movements, safety, recovery, the response, gaps and constraints, coordination, contacts, and
 * the figures behind it all. In Arabic, what people and sources recorded (descriptions, labels,
 * reasons, names without an Arabic form) is quoted as recorded.
 */
export function sitrepBlocks(s: Sitrep, lang: Lang | Words = 'en'): Block[] {
  const w = typeof lang === 'string' ? wordsOf(lang) : lang;
  const fig = new Map(s.figures.map((f) => [f.id, f]));
  return [
    ...introBlocks(s, w),
    ...overviewBlocks(s, w),
    { kind: 'heading', text: w.t('rep.h.map') },
    { kind: 'map' },
    ...movementBlocks(s, w),
    ...safetyBlocks(s, w),
    ...recoveryBlocks(s, w),
    ...responseBlocks(s, w),
    ...gapBlocks(s, w),
    ...coordinationBlocks(s, w),
    ...comparisonBlocks(s, w, fig),
    ...disputeBlocks(s, w, fig),
    ...flaggedBlocks(s, w, fig),
    ...figureBlocks(s, w),
  ];
}

/** The report's figures by id. */
type Figures = ReadonlyMap<string, ReportFigure>;

function introBlocks(s: Sitrep, w: Words): Block[] {
  const asOf = reportTime(s.asOf);
  const basis =
    s.basis === 'now'
      ? w.t('rep.basisNow', { asOf })
      : w.t(s.basis === 'occurred' ? 'rep.basisOccurred' : 'rep.basisRecorded', {
          events: w.number(s.events ?? 0),
          asOf,
        });
  return [
    { kind: 'title', text: w.t('rep.title', { number: s.number, operation: operationName(w, s.operation) }) },
    {
      kind: 'text',
      text: `${w.t('rep.period', { from: s.period.from.slice(0, 10), to: s.period.to.slice(0, 10) })} ${basis} ${w.t('rep.claims')}`,
    },
    ...(w.lang === 'en' ? [] : [{ kind: 'text' as const, text: w.t('rep.quoted') }]),
    ...keyFigureBlocks(s, w),
    { kind: 'heading', text: w.t('rep.h.highlights') },
    ...s.highlights.map((h): Block => ({
      kind: 'text',
      text: `- ${highlightWords(h, w).text}`,
      figures: h.figures,
    })),
  ];
}

function overviewBlocks(s: Sitrep, w: Words): Block[] {
  const counts = (r: Record<string, number>) =>
    w.list(Object.entries(r).map(([k, v]) => `${w.tx('status', k)} ${w.number(v)}`));
  return [
    { kind: 'heading', text: w.t('rep.h.overview') },
    { kind: 'text', text: s.operation.description },
    {
      kind: 'table',
      headers: [w.t('rep.col.stage'), w.t('rep.col.from'), w.t('rep.col.to')],
      rows: s.overview.stages.map((st) => [st.name, st.start.slice(0, 16), st.end?.slice(0, 16) ?? '']),
      none: w.t('rep.none.stages'),
    },
    {
      kind: 'text',
      text: w.t('rep.overviewCounts', {
        corridors: counts(s.overview.corridors) || w.t('rep.noneWord'),
        convoys: counts(s.overview.convoys) || w.t('rep.noneWord'),
        posts: w.number(s.overview.commandPosts),
        points: w.number(s.overview.receptionPoints),
      }),
    },
    {
      kind: 'text',
      text: w.t('rep.paper', {
        tallies: w.number(s.overview.paper.tallies),
        people: w.number(s.overview.paper.people),
        manifests: w.number(s.overview.paper.manifests),
      }),
    },
  ];
}

const SERVICES = ['power', 'water', 'health', 'bakery', 'school'] as const;

function recoveryBlocks(s: Sitrep, w: Words): Block[] {
  const observed = (o: { status: string; source: string; at: string } | null | undefined, prefix: string) =>
    o ? `${w.tx(prefix, o.status)} (${o.source}, ${o.at.slice(0, 10)})` : w.t('rep.notRecorded');
  return [
    { kind: 'heading', text: w.t('rep.h.recovery') },
    {
      kind: 'table',
      headers: [
        w.t('rep.col.area'),
        w.t('rep.col.returned'),
        w.t('rep.col.returnedFrom'),
        ...SERVICES.map((k) => w.tx('service', k)),
        w.t('rep.col.access'),
        w.t('rep.col.aidDeliveries'),
      ],
      rows: s.recovery.map((r) => {
        const returnsFigure = s.figures.find((f) => f.metric === 'returns' && f.area === r.code);
        const name = w.lang === 'ar' ? (r.nameAr ?? r.name) : `${r.name}${r.nameAr ? ` (${r.nameAr})` : ''}`;
        return [
          `${r.code} ${name}`,
          returnsFigure
            ? { text: w.number(r.returns.total), figure: returnsFigure.id }
            : w.number(r.returns.total),
          w.list(Object.entries(r.returns.from).map(([k, v]) => `${k} ${w.number(v)}`)),
          ...SERVICES.map((k) => observed(r.services[k], 'serviceStatus')),
          observed(r.access, 'access'),
          w.number(r.aid.deliveries),
        ];
      }),
      source: w.t('rep.src.recovery'),
      none: w.t('rep.none.recovery'),
    },
  ];
}

function responseBlocks(s: Sitrep, w: Words): Block[] {
  return [
    { kind: 'heading', text: w.t('rep.h.response') },
    {
      kind: 'table',
      headers: [
        w.t('rep.col.sector'),
        w.t('rep.col.deliveries'),
        w.t('rep.col.organisations'),
        w.t('rep.col.areas'),
        w.t('rep.col.quantities'),
      ],
      rows: s.response.map((r) => [
        w.tx('sector', r.sector),
        w.number(r.deliveries),
        w.list(r.organisations),
        w.list(r.areas),
        w.list(Object.entries(r.quantities).map(([k, v]) => `${w.number(v)} ${k}`)),
      ]),
      source: w.t('rep.src.response'),
      none: w.t('rep.none.response'),
    },
  ];
}

function comparisonBlocks(s: Sitrep, w: Words, fig: Figures): Block[] {
  const link = (id: string): Cell => {
    const f = fig.get(id);
    return { text: f ? valueText(w, f) : figureName(id, w), figure: id };
  };
  return [
    { kind: 'heading', text: w.t('rep.h.comparisons') },
    {
      kind: 'table',
      headers: [
        w.t('rep.col.metric'),
        w.t('rep.col.stage'),
        w.t('rep.col.computed'),
        w.t('rep.col.reported'),
        w.t('rep.col.agrees'),
      ],
      rows: s.comparisons.flatMap((c) =>
        c.reported.map((r): Cell[] => [
          c.metric,
          c.stage ?? w.t('rep.allStages'),
          link(c.computed),
          { text: `${valueText(w, fig.get(r.id)!)} (${r.source})`, figure: r.id },
          w.tx('rep.agrees', r.agrees),
        ]),
      ),
      none: w.t('rep.none.comparisons'),
    },
  ];
}

function disputeBlocks(s: Sitrep, w: Words, fig: Figures): Block[] {
  return [
    { kind: 'heading', text: w.t('rep.h.disputes') },
    ...s.disputes.flatMap((d): Block[] => [
      {
        kind: 'table',
        headers: [
          w.t('rep.col.figure'),
          w.t('rep.col.value'),
          w.t('rep.col.asOf'),
          w.t('rep.col.source'),
          w.t('rep.col.method'),
        ],
        rows: d.figures.map((id) => {
          const f = fig.get(id)!;
          return [
            { text: figureName(id, w), figure: id },
            valueText(w, f),
            f.asOf.slice(0, 10),
            sourceText(w, f),
            w.tx('method', f.method),
          ];
        }),
        source: w.t('rep.disputeOf', {
          metric: d.metric,
          area: d.area ? ` (${d.area})` : '',
        }),
      },
      {
        kind: 'text',
        text: w.t('rep.disputeUsed', { figure: figureName(d.used, w), why: d.why }),
        figures: [d.used],
      },
    ]),
  ];
}

function flaggedBlocks(s: Sitrep, w: Words, fig: Figures): Block[] {
  return [
    { kind: 'heading', text: w.t('rep.h.flagged') },
    {
      kind: 'table',
      headers: [w.t('rep.col.figure'), w.t('rep.col.value'), w.t('rep.col.check'), w.t('rep.col.reason')],
      rows: s.flagged.flatMap((x) =>
        x.flags.map((fl): Cell[] => [
          { text: x.figure, figure: x.figure },
          valueText(w, fig.get(x.figure)!),
          w.tx('flag', fl.kind),
          fl.reason,
        ]),
      ),
      none: w.t('rep.none.flagged'),
    },
  ];
}

function figureBlocks(s: Sitrep, w: Words): Block[] {
  return [
    { kind: 'heading', text: w.t('rep.h.figures') },
    {
      kind: 'table',
      headers: [
        w.t('rep.col.figure'),
        w.t('rep.col.metricHxl'),
        w.t('rep.col.value'),
        w.t('rep.col.area'),
        w.t('rep.col.asOf'),
        w.t('rep.col.source'),
        w.t('rep.col.method'),
        w.t('rep.col.flags'),
      ],
      rows: s.figures.map((f) => [
        { text: figureName(f.id, w), figure: f.id },
        `${f.metric}${f.hxl ? ` (${f.hxl})` : ''}`,
        valueText(w, f),
        f.area ?? '',
        f.asOf.slice(0, 10),
        sourceText(w, f),
        w.tx('method', f.method),
        w.list(f.flags.map((x) => w.tx('flag', x.kind))),
      ]),
      none: w.t('rep.none.figures'),
      anchors: true,
    },
  ];
}
