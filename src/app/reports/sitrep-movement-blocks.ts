import { countedKinds } from '../../contracts/vocabulary.js';
import { accountedWords } from '../../contracts/words/accounted.js';
import type { Words } from '../../contracts/words/translate.js';
import type { Sitrep } from '../../domain/reports/sitrep.js';
import type { Block } from './sitrep-words.js';

// The situation report's sections of movements per corridor and of safety of passage.

export function movementBlocks(s: Sitrep, w: Words): Block[] {
  const n = w.number;
  return [
    { kind: 'heading', text: w.t('rep.h.movements') },
    {
      kind: 'table',
      headers: [
        w.t('rep.col.corridor'),
        w.t('rep.col.status'),
        w.t('rep.col.entered'),
        w.t('rep.col.exited'),
        w.t('rep.col.inTransit'),
        w.t('rep.col.arrived'),
        w.t('rep.col.notCounted'),
        w.t('rep.col.accounted'),
      ],
      rows: s.movements.map((m) => [
        `${m.corridor} ${(w.lang === 'ar' && m.nameAr) || m.name}`,
        w.tx('status', m.status),
        n(m.total.entered.total),
        n(m.total.exited.total),
        n(m.total.inTransit.total),
        n(m.total.arrived.total),
        m.notCounted.length > 0 ? w.list(m.notCounted) : '-',
        accountedWords(w, m),
      ]),
      source: w.t('rep.src.movements'),
      none: w.t('rep.none.corridors'),
    },
    {
      kind: 'table',
      headers: [
        w.t('rep.col.corridor'),
        w.t('rep.col.day'),
        w.t('rep.col.convoysCounted'),
        w.t('rep.col.convoysArrived'),
        w.t('rep.col.entered'),
        w.t('rep.col.exited'),
        w.t('rep.col.arrived'),
      ],
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
      source: w.t('rep.src.days', { timezone: s.operation.timezone }),
      none: w.t('rep.none.days'),
    },
    carriedBlock(s, w),
  ];
}

/** What people carried, per corridor and kind: the same counts as the movements, where they counted items. */
function carriedBlock(s: Sitrep, w: Words): Block {
  const n = (x: number | undefined) => (x === undefined ? '-' : w.number(x));
  return {
    kind: 'table',
    headers: [
      w.t('rep.col.corridor'),
      w.t('rep.col.item'),
      w.t('rep.col.entered'),
      w.t('rep.col.exited'),
      w.t('rep.col.arrived'),
    ],
    rows: s.movements.flatMap((m) => {
      const t = m.total;
      return countedKinds([t.entered, t.exited, t.arrived]).map((k) => [
        m.corridor,
        w.tx('carried', k),
        n(t.entered.carried[k]),
        n(t.exited.carried[k]),
        n(t.arrived.carried[k]),
      ]);
    }),
    source: w.t('rep.src.carried'),
    none: w.t('rep.none.carried'),
  };
}

export function safetyBlocks(s: Sitrep, w: Words): Block[] {
  return [
    { kind: 'heading', text: w.t('rep.h.safety') },
    {
      kind: 'table',
      headers: [
        w.t('rep.col.incident'),
        w.t('rep.col.type'),
        w.t('rep.col.severity'),
        w.t('rep.col.status'),
        w.t('rep.col.when'),
        w.t('rep.col.what'),
      ],
      rows: s.safety.incidents.map((i) => [
        i.code,
        w.tx('incidentType', i.type),
        w.tx('incidentSeverity', i.severity),
        w.tx('incidentStatus', i.status),
        i.occurredAt.slice(0, 16),
        `${i.corridor ? `${i.corridor}: ` : ''}${i.description}`,
      ]),
      source: w.t('rep.src.incidents'),
      none: w.t('rep.none.incidents'),
    },
    {
      kind: 'table',
      headers: [w.t('rep.col.hazard'), w.t('rep.col.type'), w.t('rep.col.status'), w.t('rep.col.since')],
      rows: s.safety.hazards.map((h) => [
        h.code,
        w.tx('hazardType', h.type),
        w.tx('status', h.status),
        h.statusChangedAt.slice(0, 16),
      ]),
      source: w.t('rep.src.hazards'),
      none: w.t('rep.none.hazards'),
    },
    {
      kind: 'table',
      headers: [
        w.t('rep.col.override'),
        w.t('rep.col.corridor'),
        w.t('rep.col.to'),
        w.t('rep.col.unmet'),
        w.t('rep.col.reason'),
      ],
      rows: s.safety.overrides.map((o) => [
        o.overriddenAt.slice(0, 16),
        o.corridor,
        w.tx('status', o.to),
        o.unmet.join('; '),
        o.reason,
      ]),
      source: w.t('rep.src.overrides'),
      none: w.t('rep.none.overrides'),
    },
    {
      kind: 'table',
      headers: [
        w.t('rep.col.window'),
        w.t('rep.col.kind'),
        w.t('rep.col.from'),
        w.t('rep.col.to'),
        w.t('rep.col.status'),
      ],
      rows: s.safety.windows.map((x) => [
        x.code,
        w.tx('windowKind', x.kind),
        x.start.slice(0, 16),
        x.end.slice(0, 16),
        w.tx('windowStatus', x.status),
      ]),
      source: w.t('rep.src.windows'),
      none: w.t('rep.none.windows'),
    },
  ];
}
