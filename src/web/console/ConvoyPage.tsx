import { useEffect, useMemo, useState } from 'react';
import { PEOPLE_CATEGORIES } from '../../contracts/kinds.js';
import { apiFetch } from '../client/http.js';
import type { Alert, People, TallyEntry } from '../client/records.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { formatTime } from '../shared/format.js';
import { AlertsFeed } from './AlertsFeed.js';
import { ConvoyWork } from './ConvoyWork.js';
import type { OperationView } from './use-operation.js';
import { TallyHistory } from './TallyHistory.js';

interface StationCounts {
  people: People | null;
  total: number;
  errorPct: number;
}
export interface Station {
  station: string;
  label: string;
  at: string | null;
  sources: {
    source: string;
    total: number | null;
    errorPct: number;
    partial: { vehicles: number; of: number; total: number } | null;
  }[];
  best: StationCounts | null;
  why: string;
  source?: string | null;
  differing?: { source: string; total: number }[];
  disputed: boolean;
  flags: string[];
  overManifest?: { source: string; total: number; manifest: number }[];
  tallies: TallyEntry[];
}
interface ConvoyReconciliation {
  convoy: string;
  stations: Station[];
  inTransit: boolean;
  alerts: Alert[];
}

/** The convoy's stations and alerts as the API reconciles them, or why they could not be read. */
function useConvoyReconciliation(session: Session, code: string, revision: number) {
  const { problem } = useI18n();
  const [rec, setRec] = useState<ConvoyReconciliation | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let alive = true;
    // Follow the live stream (every event applied bumps the revision), one read per burst of events.
    const timer = setTimeout(() => {
      apiFetch<ConvoyReconciliation>(
        session,
        `/operations/${session.operationId}/convoys/${code}/reconciliation`,
      ).then(
        (r) => alive && setRec(r),
        (e: unknown) => alive && setError(e),
      );
    }, 150);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [session, code, revision]);
  return { rec, error: error === null ? null : problem(error) };
}

/** A convoy's manifest against every checkpoint's counts, per category, in time order; and its alerts. */
export function ConvoyPage({
  code,
  view,
  session,
  navigate,
}: {
  code: string;
  view: OperationView;
  session: Session;
  navigate: (href: string) => void;
}) {
  const { t, tx, lang } = useI18n();
  const { rec: read, error } = useConvoyReconciliation(session, code, view.revision);
  const rec = useStationWords(read, view);
  const convoy = view.convoys.find((c) => c.code === code);
  const alerts = view.alerts.filter((a) => a.convoyId === convoy?.id);
  return (
    <section aria-labelledby="convoy-heading">
      <button type="button" className="link" onClick={() => navigate('/corridors')}>
        {lang === 'ar' ? '→' : '←'} {t('back')}
      </button>
      <h2 id="convoy-heading">
        {t('convoy')} {code} {convoy && <span className="muted">· {tx('status', convoy.status)}</span>}
      </h2>
      {convoy && (
        <ConvoyWork convoy={convoy} role={view.role} session={session} timeZone={view.operation?.timezone} />
      )}
      {error && <p className="error">{error}</p>}
      {!rec && !error && <p>{t('loading')}</p>}
      {rec && (
        <>
          <StationsTable stations={rec.stations} />
          <h3>{t('timeline')}</h3>
          <Timeline stations={rec.stations} tz={view.operation?.timezone} />
          <h3>{t('tallies')}</h3>
          <TallyHistory stations={rec.stations} view={view} session={session} />
          <h3>{t('convoyAlerts')}</h3>
          <AlertsFeed view={view} session={session} alerts={alerts} compact />
        </>
      )}
    </section>
  );
}

/** Each station's best count by category, a difference from the manifest marked with its sign. */
function StationsTable({ stations }: { stations: Station[] }) {
  const { t, tx, number } = useI18n();
  const manifest = stations.find((s) => s.station === 'manifest')?.best ?? null;
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="figures totals" data-testid="convoy-stations">
        <thead>
          <tr>
            <th scope="col">{t('station')}</th>
            {PEOPLE_CATEGORIES.map((c) => (
              <th key={c} scope="col">
                {tx('cat', c)}
              </th>
            ))}
            <th scope="col">{t('total')}</th>
          </tr>
        </thead>
        <tbody>
          {stations.map((s) => (
            <tr key={s.station}>
              <th scope="row">{s.label}</th>
              {PEOPLE_CATEGORIES.map((c) => (
                <CountCell key={c} value={s.best?.people?.[c]} expected={manifest?.people?.[c]} />
              ))}
              <td className={manifest && s.best && s.best.total !== manifest.total ? 'off' : undefined}>
                {s.best ? number(s.best.total) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CountCell({ value, expected }: { value: number | undefined; expected: number | undefined }) {
  const { t, number } = useI18n();
  const off = value !== undefined && expected !== undefined && value !== expected;
  return (
    <td className={off ? 'off' : undefined} title={off ? t('difference') : undefined}>
      {value === undefined ? '—' : number(value)}
      {off && (
        <span className="delta">
          {' '}
          ({value - expected > 0 ? '+' : ''}
          {value - expected})
        </span>
      )}
    </td>
  );
}

function Timeline({ stations, tz }: { stations: Station[]; tz: string | undefined }) {
  const { t, tx, number, lang } = useI18n();
  return (
    <ol className="timeline">
      {stations.map((s) => (
        <li key={s.station}>
          <time dateTime={s.at ?? undefined}>{formatTime(s.at, lang, tz)}</time> <strong>{s.label}</strong>
          <span className="muted small">
            {' '}
            · {t('sources')}:{' '}
            {s.sources
              .map((src) =>
                src.total === null
                  ? `${tx('source', src.source)} ${src.partial ? t('partialCount', { vehicles: number(src.partial.vehicles), of: number(src.partial.of), count: number(src.partial.total) }) : '—'}`
                  : `${tx('source', src.source)} ${number(src.total)}${src.errorPct ? ` ±${src.errorPct}%` : ''}`,
              )
              .join(t('listSeparator'))}
            {s.disputed && <strong className="disputed"> · {t('disputed')}</strong>}
          </span>
        </li>
      ))}
    </ol>
  );
}

/**
 * The stations named in the reader's language: the server names them in English ("CP-71 entry",
 * "RP-2 arrival"); the console has the checkpoints and the catalogue's words for their kinds.
 */
function useStationWords(rec: ConvoyReconciliation | null, view: OperationView): ConvoyReconciliation | null {
  const { t, tx } = useI18n();
  return useMemo(() => {
    if (!rec) return null;
    const name = (s: Station): string => {
      if (s.station === 'manifest') return t('manifest');
      const cp = view.checkpoints.find((c) => c.id === s.station);
      if (cp) return `${cp.code} ${tx('checkpointKind', cp.kind)}`;
      // Its reception point's code, as the server put it before the word ("RP-2 arrival").
      if (s.station === 'arrival')
        return [s.label.replace(/ ?arrival$/, '').replace(/^reception point$/, ''), t('arrivalStation')]
          .filter(Boolean)
          .join(' ');
      return s.label;
    };
    return { ...rec, stations: rec.stations.map((s) => ({ ...s, label: name(s) })) };
  }, [rec, view.checkpoints, t, tx]);
}
