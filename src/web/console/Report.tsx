import { highlightWords, type HighlightFacts } from '../../contracts/words/highlights.js';
import { useState } from 'react';
import { countedKinds } from '../../contracts/kinds.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { formatTime } from '../shared/format.js';
import { ReportDownloads } from './ReportDownloads.js';
import type { OperationView } from './use-operation.js';
import { useSitrep } from './use-sitrep.js';

/** What the page reads of the situation report (JSON): the same numbers as its PDF and exports. */
interface Count {
  total: number;
  /** Items carried, by kind, where the counts counted them. */
  carried?: Partial<Record<string, number>>;
}
export interface Sitrep {
  asOf: string;
  highlights: (Omit<HighlightFacts, 'kind' | 'numbers'> & {
    kind?: string;
    numbers?: Record<string, number>;
  })[];
  movements: {
    corridor: string;
    name: string;
    status: string;
    accounted: { state: string; reason: string };
    total: {
      convoys: number;
      convoysArrived: number;
      entered: Count;
      exited: Count;
      inTransit: Count;
      arrived: Count;
    };
  }[];
  safety: {
    incidents: { code: string; type: string; severity: string; status: string }[];
    hazards: { code: string; type: string; status: string }[];
    windows: { code: string; kind: string; start: string; end: string; status: string }[];
    overrides: { corridor: string; to: string; reason: string; overriddenAt: string }[];
  };
  recovery: {
    areaId: string;
    code: string;
    name: string;
    returns: { total: number } | null;
    services: Record<string, { status: string; at: string; source: string }>;
    access: { status: string; at: string; source: string } | null;
    aid: { deliveries: number } | null;
  }[];
  response: { sector: string; deliveries: number; organisations: string[]; areas: string[] }[];
  overview: { convoys: Record<string, number> };
  map: {
    corridors: { code: string; status: string; coordinates: [number, number][] }[];
    hazards: { code: string; status: string; area: unknown }[];
    incidents: { code: string; severity?: string; coordinates?: [number, number] }[];
    checkpoints: { code: string; kind: string; coordinates: [number, number] }[];
    receptionPoints: { code: string; coordinates: [number, number] }[];
    commandPosts: { code: string; coordinates: [number, number] }[];
    /** Departed convoys at the last station that counted them. */
    convoys: { code: string; station: string; at: string; coordinates: [number, number] }[];
  };
}

/**
 * The situation report in the console, now or as of a chosen time: movements per corridor, safety,
 * recovery per neighbourhood and the response, from the report the PDF and the exports are made of.
 * Its highlights are said in the reader's language from their kind and numbers (the report's English
 * sentence is kept for a kind this console has no words for).
 */
export function Report({ view, session }: { view: OperationView; session: Session }) {
  const { t, lang } = useI18n();
  const [asOf, setAsOf] = useState<string | null>(null);
  const { report, error } = useSitrep<Sitrep>(session, view.revision, asOf);
  const tz = view.operation?.timezone;
  return (
    <section aria-labelledby="report-heading" data-testid="report">
      <h2 id="report-heading">{t('sitrep')}</h2>
      <ReportDownloads session={session} asOf={asOf} onAsOf={setAsOf} timezone={tz} />
      {error && <p role="alert">{error}</p>}
      {!report && !error && <p>{t('loading')}</p>}
      {report && (
        <>
          <p className="muted small">{t('reportMadeAsOf', { time: formatTime(report.asOf, lang, tz) })}</p>
          <ul className="highlights" data-testid="report-highlights">
            {report.highlights.map((h) => (
              <Highlight key={h.text} highlight={h} />
            ))}
          </ul>
          <Movements report={report} />
          <Safety report={report} timezone={tz} />
          <Recovery report={report} view={view} />
        </>
      )}
    </section>
  );
}

function Highlight({ highlight: h }: { highlight: Sitrep['highlights'][number] }) {
  const words = useI18n();
  const said = h.kind && h.numbers ? highlightWords({ ...h, kind: h.kind, numbers: h.numbers }, words) : null;
  if (!said?.known)
    return (
      <li lang="en" dir="ltr">
        {h.text}
      </li>
    );
  return <li data-kind={h.kind}>{said.text}</li>;
}

export function Movements({ report }: { report: Sitrep }) {
  const { t, tx, number } = useI18n();
  return (
    <>
      <h3>{t('movements')}</h3>
      <div className="table-scroll" tabIndex={0}>
        <table className="figures totals" data-testid="report-movements">
          <thead>
            <tr>
              <th scope="col">{t('corridor')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('convoys')}</th>
              <th scope="col">{t('entered')}</th>
              <th scope="col">{t('exited')}</th>
              <th scope="col">{t('inTransit')}</th>
              <th scope="col">{t('arrived')}</th>
            </tr>
          </thead>
          <tbody>
            {report.movements.map((m) => (
              <tr key={m.corridor} data-corridor={m.corridor}>
                <th scope="row" title={m.accounted.reason}>
                  {m.corridor} <span className={`accounted-dot ${m.accounted.state}`} aria-hidden="true" />
                </th>
                <td>{tx('status', m.status)}</td>
                <td>
                  {number(m.total.convoysArrived)} / {number(m.total.convoys)}
                </td>
                <td>{number(m.total.entered.total)}</td>
                <td>{number(m.total.exited.total)}</td>
                <td>{number(m.total.inTransit.total)}</td>
                <td>{number(m.total.arrived.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Carried report={report} />
    </>
  );
}

/** What people carried, per corridor and kind, as counted: "-" where a station did not count that kind. */
function Carried({ report }: { report: Sitrep }) {
  const { t, tx, number } = useI18n();
  const rows = report.movements.flatMap((m) => {
    const { entered, exited, arrived } = m.total;
    const at = [entered, exited, arrived];
    return countedKinds(at).map((k) => ({
      key: `${m.corridor} ${k}`,
      corridor: m.corridor,
      kind: k,
      counts: at.map((c) => c.carried?.[k]),
    }));
  });
  if (rows.length === 0) return null;
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="figures" data-testid="report-carried">
        <caption>{t('carried.heading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('corridor')}</th>
            <th scope="col">{t('carried.kind')}</th>
            <th scope="col">{t('entered')}</th>
            <th scope="col">{t('exited')}</th>
            <th scope="col">{t('arrived')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.corridor}</th>
              <td>{tx('carried', r.kind)}</td>
              {r.counts.map((n, i) => (
                <td key={i}>{n === undefined ? '-' : number(n)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Safety({ report, timezone }: { report: Sitrep; timezone: string | undefined }) {
  const { list, t, tx, lang } = useI18n();
  const s = report.safety;
  return (
    <>
      <h3>{t('safety')}</h3>
      <ul className="small">
        <li>
          {t('incidents')}: {s.incidents.length === 0 ? t('none') : list(s.incidents.map((i) => i.code))}
        </li>
        <li>
          {t('hazardAreas')}:{' '}
          {s.hazards.length === 0
            ? t('none')
            : list(s.hazards.map((h) => `${h.code} (${tx('status', h.status)})`))}
        </li>
        {s.windows.map((w) => (
          <li key={w.code}>
            {w.code}: {formatTime(w.start, lang, timezone)} – {formatTime(w.end, lang, timezone)}
          </li>
        ))}
        {s.overrides.map((o) => (
          <li key={o.corridor + o.overriddenAt}>
            {t('gateOverridden', {
              status: tx('status', o.to),
              at: formatTime(o.overriddenAt, lang, timezone),
            })}{' '}
            ({o.corridor}): <q dir="auto">{o.reason}</q>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Per neighbourhood: returns, access, services and aid, with the Arabic name where the data has it. */
function Recovery({ report, view }: { report: Sitrep; view: OperationView }) {
  const { list, t, tx, lang, number } = useI18n();
  if (report.recovery.length === 0) return null;
  const areas = new Map(view.areas.map((a) => [a.id, a]));
  return (
    <>
      <h3>{t('recovery')}</h3>
      <div className="table-scroll" tabIndex={0}>
        <table className="figures" data-testid="report-recovery">
          <thead>
            <tr>
              <th scope="col">{t('neighbourhood')}</th>
              <th scope="col">{t('returns')}</th>
              <th scope="col">{t('access')}</th>
              <th scope="col">{t('services')}</th>
              <th scope="col">{t('aidDeliveries')}</th>
            </tr>
          </thead>
          <tbody>
            {report.recovery.map((r) => {
              const area = areas.get(r.areaId);
              return (
                <tr key={r.areaId}>
                  <th scope="row" dir="auto">
                    {lang === 'ar' && area?.nameAr ? area.nameAr : r.name}
                  </th>
                  <td>{r.returns ? number(r.returns.total) : '—'}</td>
                  <td>{r.access ? tx('access', r.access.status) : '—'}</td>
                  <td className="small">
                    {Object.entries(r.services)
                      .map(([service, s]) => `${tx('service', service)}: ${tx('serviceStatus', s.status)}`)
                      .join(' · ')}
                  </td>
                  <td>{r.aid ? number(r.aid.deliveries) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h3>{t('response')}</h3>
      <ul className="small">
        {report.response.map((r) => (
          <li key={r.sector}>
            {tx('sector', r.sector)}:{' '}
            {t('deliveriesBy', {
              count: number(r.deliveries),
              who: list(r.organisations),
            })}
          </li>
        ))}
      </ul>
    </>
  );
}
