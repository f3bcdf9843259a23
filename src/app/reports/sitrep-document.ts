import type { ReportFigure, Sitrep } from '../../domain/reports/sitrep.js';
import { keyFigureBlocks } from './sitrep-key-figures.js';
import { figureName, n, reportTime, sourceText, valueText, type Block, type Cell } from './sitrep-words.js';

export { figureName, reportTime, type Block, type Cell };

export function sitrepBlocks(s: Sitrep): Block[] {
  const fig = new Map(s.figures.map((f) => [f.id, f]));
  return [
    ...introBlocks(s),
    ...overviewBlocks(s),
    { kind: 'heading', text: 'Map of the operation' },
    { kind: 'map' },
    ...movementBlocks(s),
    ...safetyBlocks(s),
    ...recoveryBlocks(s),
    ...responseBlocks(s),
    ...comparisonBlocks(s, fig),
    ...disputeBlocks(s, fig),
    ...flaggedBlocks(s, fig),
    ...figureBlocks(s),
  ];
}

/** The report's figures by id. */
type Figures = ReadonlyMap<string, ReportFigure>;

function introBlocks(s: Sitrep): Block[] {
  return [
    { kind: 'title', text: `Situation report: ${s.operation.name}` },
    {
      kind: 'text',
      text: `${s.overview.stages[0] ? `Covering ${s.overview.stages[0].start.slice(0, 10)} to ${reportTime(s.asOf)}` : `As of ${reportTime(s.asOf)}`}${s.basis === 'now' ? ', from the live projections' : `, from the ${s.events ?? 0} events ${s.basis === 'occurred' ? 'that had occurred' : 'recorded'} by then`}. Every figure is a claim by its named source or a count computed from the recorded events, with the query that produced it; where sources disagree, their figures stand side by side and none is averaged.`,
    },
    ...keyFigureBlocks(s),
    { kind: 'heading', text: 'Highlights' },
    ...s.highlights.map((h): Block => ({
      kind: 'text',
      text: `- ${h.text}`,
      figures: h.figures,
    })),
  ];
}

function overviewBlocks(s: Sitrep): Block[] {
  return [
    { kind: 'heading', text: 'Situation overview' },
    { kind: 'text', text: s.operation.description },
    {
      kind: 'table',
      headers: ['stage', 'from', 'to'],
      rows: s.overview.stages.map((st) => [st.name, st.start.slice(0, 16), st.end?.slice(0, 16) ?? '']),
    },
    {
      kind: 'text',
      text: `Corridors by status: ${entries(s.overview.corridors)}. Convoys by status: ${entries(s.overview.convoys) || 'none'}. ${s.overview.commandPosts} command posts, ${s.overview.receptionPoints} reception points.`,
    },
  ];
}

function movementBlocks(s: Sitrep): Block[] {
  return [
    { kind: 'heading', text: 'Movements per corridor' },
    {
      kind: 'table',
      headers: [
        'corridor',
        'status',
        'entered',
        'exited',
        'in transit',
        'arrived',
        'left without a count at the entry (not recorded, not 0)',
        'accounted for',
      ],
      rows: s.movements.map((m) => [
        `${m.corridor} ${m.name}`,
        m.status,
        n(m.total.entered.total),
        n(m.total.exited.total),
        n(m.total.inTransit.total),
        n(m.total.arrived.total),
        m.notCounted.length > 0 ? m.notCounted.join(', ') : '-',
        `${m.accounted.state}: ${m.accounted.reason}`,
      ]),
      source:
        'Counts at the entry and exit checkpoints and the reception point: PassageRecorded, PassageVoided, one count per convoy and station (the enumerators’ tallies, else the camera’s; partial tallies add up, corrections replace, voided tallies do not count); arrived: the count at arrival, else at the exit, of convoys whose status is arrived. The same numbers as GET .../reconciliation',
    },
    {
      kind: 'table',
      headers: ['corridor', 'day', 'convoys counted in', 'convoys arrived', 'entered', 'exited', 'arrived'],
      rows: s.movements.flatMap((m) =>
        m.days.map((d) => [
          m.corridor,
          d.day,
          n(d.convoys),
          n(d.convoysArrived),
          n(d.entered.total),
          n(d.exited.total),
          n(d.arrived.total),
        ]),
      ),
      source: `Same events, by the day (${s.operation.timezone}) of the count or of the arrival`,
    },
  ];
}

function safetyBlocks(s: Sitrep): Block[] {
  return [
    { kind: 'heading', text: 'Safety of passage' },
    {
      kind: 'table',
      headers: ['incident', 'type', 'severity', 'status', 'when', 'what'],
      rows: s.safety.incidents.map((i) => [
        i.code,
        i.type,
        i.severity,
        i.status,
        i.occurredAt.slice(0, 16),
        `${i.corridor ? `${i.corridor}: ` : ''}${i.description}`,
      ]),
      source: 'IncidentReported and IncidentStatusChanged events',
    },
    {
      kind: 'table',
      headers: ['hazard', 'type', 'status', 'since'],
      rows: s.safety.hazards.map((h) => [h.code, h.type, h.status, h.statusChangedAt.slice(0, 16)]),
      source:
        'HazardReported and HazardStatusChanged events; clearance by ClearanceTaskCompleted with QA sign-off',
    },
    {
      kind: 'table',
      headers: ['gate override', 'corridor', 'to', 'unmet gates', 'reason'],
      rows: s.safety.overrides.map((o) => [
        o.overriddenAt.slice(0, 16),
        o.corridor,
        o.to,
        o.unmet.join('; '),
        o.reason,
      ]),
      source: 'CorridorGateOverridden events (GET .../corridors/{ref}/gates lists them)',
    },
    {
      kind: 'table',
      headers: ['window', 'kind', 'from', 'to', 'status'],
      rows: s.safety.windows.map((w) => [w.code, w.kind, w.start.slice(0, 16), w.end.slice(0, 16), w.status]),
      source: 'PauseWindowAgreed and PauseWindowCancelled events',
    },
  ];
}

function recoveryBlocks(s: Sitrep): Block[] {
  return [
    { kind: 'heading', text: 'Recovery per neighbourhood' },
    {
      kind: 'table',
      headers: [
        'area',
        'returned',
        'from',
        'power',
        'water',
        'health',
        'bakery',
        'school',
        'access',
        'aid deliveries',
      ],
      rows: s.recovery.map((r) => {
        const returnsFigure = s.figures.find((f) => f.metric === 'returns' && f.area === r.code);
        return [
          `${r.code} ${r.name}${r.nameAr ? ` (${r.nameAr})` : ''}`,
          returnsFigure ? { text: n(r.returns.total), figure: returnsFigure.id } : n(r.returns.total),
          Object.entries(r.returns.from)
            .map(([k, v]) => `${k} ${n(v)}`)
            .join(', '),
          ...(['power', 'water', 'health', 'bakery', 'school'] as const).map((k) => {
            const sv = r.services[k];
            return sv ? `${sv.status} (${sv.source}, ${sv.at.slice(0, 10)})` : 'not recorded';
          }),
          r.access ? `${r.access.status} (${r.access.source}, ${r.access.at.slice(0, 10)})` : 'not recorded',
          n(r.aid.deliveries),
        ];
      }),
      source:
        'ReturnsRecorded, ServiceStatusRecorded (the latest per service), AccessStatusRecorded (the latest), AidDelivered; each status with its source and date',
    },
  ];
}

function responseBlocks(s: Sitrep): Block[] {
  return [
    { kind: 'heading', text: 'Response by sector (who does what where)' },
    {
      kind: 'table',
      headers: ['sector', 'deliveries', 'organisations', 'areas', 'quantities'],
      rows: s.response.map((r) => [
        r.sector,
        n(r.deliveries),
        r.organisations.join(', '),
        r.areas.join(', '),
        Object.entries(r.quantities)
          .map(([k, v]) => `${n(v)} ${k}`)
          .join('; '),
      ]),
      source: 'AidDelivered events',
    },
  ];
}

function comparisonBlocks(s: Sitrep, fig: Figures): Block[] {
  const link = (id: string): Cell => {
    const f = fig.get(id);
    return { text: f ? valueText(f) : figureName(id), figure: id };
  };
  return [
    { kind: 'heading', text: 'Computed figures beside the reported ones' },
    {
      kind: 'table',
      headers: ['metric', 'stage', 'computed', 'reported', 'agrees'],
      rows: s.comparisons.flatMap((c) =>
        c.reported.map((r): Cell[] => [
          c.metric,
          c.stage ?? 'all',
          link(c.computed),
          { text: `${valueText(fig.get(r.id)!)} (${r.source})`, figure: r.id },
          r.agrees === 'earlier' ? 'an earlier, smaller count' : r.agrees,
        ]),
      ),
    },
  ];
}

function disputeBlocks(s: Sitrep, fig: Figures): Block[] {
  return [
    { kind: 'heading', text: 'Disputed figures, side by side' },
    ...s.disputes.flatMap((d): Block[] => [
      {
        kind: 'table',
        headers: ['figure', 'value', 'as of', 'source', 'method'],
        rows: d.figures.map((id) => {
          const f = fig.get(id)!;
          return [
            { text: figureName(id), figure: id },
            valueText(f),
            f.asOf.slice(0, 10),
            sourceText(f),
            f.method,
          ];
        }),
        source: `${d.metric}${d.area ? ` in ${d.area}` : ''}: the ranges do not overlap.`,
      },
      {
        kind: 'text',
        text: `This report uses ${figureName(d.used)}: ${d.why}. The others are not averaged in.`,
        figures: [d.used],
      },
    ]),
  ];
}

function flaggedBlocks(s: Sitrep, fig: Figures): Block[] {
  return [
    { kind: 'heading', text: 'Flagged figures' },
    {
      kind: 'table',
      headers: ['figure', 'value', 'check', 'reason'],
      rows: s.flagged.flatMap((x) =>
        x.flags.map((fl): Cell[] => [
          { text: x.figure, figure: x.figure },
          valueText(fig.get(x.figure)!),
          fl.kind,
          fl.reason,
        ]),
      ),
    },
  ];
}

function figureBlocks(s: Sitrep): Block[] {
  return [
    { kind: 'heading', text: 'Figures with their sources' },
    {
      kind: 'table',
      headers: ['figure', 'metric (HXL)', 'value', 'area', 'as of', 'source', 'method', 'flags'],
      rows: s.figures.map((f) => [
        { text: figureName(f.id), figure: f.id },
        `${f.metric}${f.hxl ? ` (${f.hxl})` : ''}`,
        valueText(f),
        f.area ?? '',
        f.asOf.slice(0, 10),
        sourceText(f),
        f.method,
        f.flags.map((x) => x.kind).join(', '),
      ]),
    },
  ];
}

function entries(r: Record<string, number>): string {
  return Object.entries(r)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}
