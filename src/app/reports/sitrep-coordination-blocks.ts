import type { Words } from '../../contracts/words/translate.js';
import type { Sitrep } from '../../domain/reports/sitrep.js';
import { reportTime, type Block } from './sitrep-words.js';

// The sections of a situation report about who answers for what: gaps and constraints per cluster, the
// general coordination (who is in the operation, what was notified and acknowledged), and contacts.

export function gapBlocks(s: Sitrep, w: Words): Block[] {
  const areas = (codes: readonly string[]) => (codes.length > 0 ? w.list(codes) : '-');
  const c = s.constraints;
  return [
    { kind: 'heading', text: w.t('rep.h.gaps') },
    {
      kind: 'table',
      headers: [
        w.t('rep.col.cluster'),
        w.t('rep.col.service'),
        w.t('rep.col.down'),
        w.t('rep.col.notRecorded'),
        w.t('rep.col.noAid'),
      ],
      rows: s.gaps.map((g) => [
        g.cluster ? w.tx('cluster', g.cluster) : w.t('rep.noCluster'),
        w.tx('service', g.service),
        g.down.length > 0
          ? w.list(
              g.down.map(
                (d) => `${d.area} ${w.tx('serviceStatus', d.status)} (${d.source}, ${d.at.slice(0, 10)})`,
              ),
            )
          : '-',
        areas(g.notRecorded),
        g.cluster === null ? w.t('rep.noClusterAid') : areas(g.noAid),
      ]),
      source: w.t('rep.src.gaps'),
      none: w.t('rep.none.gaps'),
    },
    {
      kind: 'table',
      headers: [w.t('rep.col.area'), w.t('rep.col.access'), w.t('rep.col.reason'), w.t('rep.col.source')],
      rows: c.access.map((a) => [
        a.area,
        w.tx('access', a.status),
        a.reason ?? '',
        `${a.source}, ${a.at.slice(0, 10)}`,
      ]),
      source: w.t('rep.src.access'),
      none: w.t('rep.none.access'),
    },
    {
      kind: 'text',
      text: w.t('rep.openSafety', {
        incidents: c.incidents.length > 0 ? w.list(c.incidents) : w.t('rep.noneWord'),
        hazards: c.hazards.length > 0 ? w.list(c.hazards) : w.t('rep.noneWord'),
      }),
    },
  ];
}

export function coordinationBlocks(s: Sitrep, w: Words): Block[] {
  const name = (o: { code: string; name: string; nameAr: string | null }) =>
    `${o.code} ${w.lang === 'ar' && o.nameAr ? o.nameAr : o.name}`;
  return [
    { kind: 'heading', text: w.t('rep.h.coordination') },
    {
      kind: 'table',
      headers: [w.t('rep.col.role'), w.t('rep.col.organisations')],
      rows: s.coordination.roles.map((r) => [w.tx('orgRole', r.role), w.list(r.organisations.map(name))]),
      source: w.t('rep.src.organisations'),
      none: w.t('rep.none.organisations'),
    },
    {
      kind: 'table',
      headers: [
        w.t('rep.col.notification'),
        w.t('rep.col.movement'),
        w.t('rep.col.sent'),
        w.t('rep.col.acknowledged'),
        w.t('rep.col.awaited'),
      ],
      rows: s.coordination.notifications.map((n) => [
        n.code,
        [n.corridor, n.convoy].filter((x) => x !== null).join(' ') || '-',
        reportTime(n.sentAt),
        w.list(
          n.parties
            .filter((p) => p.acknowledgedAt !== null)
            .map((p) => `${p.code} (${p.acknowledgedAt!.slice(0, 16).replace('T', ' ')})`),
        ) || '-',
        w.list(n.parties.filter((p) => p.acknowledgedAt === null).map((p) => p.code)) || '-',
      ]),
      source: w.t('rep.src.notifications'),
      none: w.t('rep.none.notifications'),
    },
    { kind: 'heading', text: w.t('rep.h.contacts') },
    {
      kind: 'table',
      headers: [
        w.t('rep.col.organisation'),
        w.t('rep.col.contactName'),
        w.t('rep.col.email'),
        w.t('rep.col.phone'),
        w.t('rep.col.radio'),
      ],
      rows: s.contacts.map((c) => [
        `${c.organisation} ${w.lang === 'ar' && c.nameAr ? c.nameAr : c.name}`,
        [c.contact.name, c.contact.title].filter((x) => x !== undefined).join(', ') || '-',
        c.contact.email ?? '-',
        c.contact.phone ?? '-',
        c.contact.radio ?? '-',
      ]),
      none: w.t('rep.none.contacts'),
    },
  ];
}
