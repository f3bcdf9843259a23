import { useEffect, useMemo, useState } from 'react';
import { PEOPLE_CATEGORIES } from '../../contracts/kinds.js';
import { apiFetch } from '../client/http.js';
import type { Alert, People, TallyEntry } from '../client/records.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { countFlags, countWhy, tallyNote } from './count-words.js';
import { formatTime } from '../shared/format.js';
import { AlertsFeed } from './AlertsFeed.js';
import { ConvoyWork } from './ConvoyWork.js';
import type { OperationView } from './use-operation.js';
import { useSend } from './use-create.js';
import { ConfirmActions } from './fields.js';

interface StationCounts {
  people: People | null;
  total: number;
  errorPct: number;
}
interface Station {
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
 * Every tally at every station: who counted (the organisation), when, how many, and what became of it
 * (counted, the same again, differs, corrected, void), with the reason; and which count is used and why.
 */
function TallyHistory({
  stations,
  view,
  session,
}: {
  stations: Station[];
  view: OperationView;
  session: Session;
}) {
  const words = useI18n();
  const { t, tx, number, lang } = words;
  // A count from any source (an enumerator's, a camera's, a drone's) is voided here, with a reason.
  const mayVoid = MAY_VOID.has(view.role ?? '');
  const [voiding, setVoiding] = useState<string | null>(null);
  const org = new Map(view.organisations.map((o) => [o.id, o.code]));
  const tz = view.operation?.timezone;
  const counted = stations.filter((s) => s.tallies.length > 0);
  const note = (h: TallyEntry) => tallyNote(h, words, (iso) => formatTime(iso, lang, tz));
  if (counted.length === 0) return <p className="muted">{t('noTallies')}</p>;
  const flags = counted.flatMap((s) => countFlags(s, words).map((f) => `${s.label}: ${f}`));
  return (
    <div className="table-scroll" tabIndex={0}>
      <TallyFlags flags={flags} />
      <table className="figures" data-testid="tally-history">
        <thead>
          <tr>
            <th scope="col">{t('station')}</th>
            <th scope="col">{t('time')}</th>
            <th scope="col">{t('sources')}</th>
            <th scope="col">{t('recordedBy')}</th>
            <th scope="col">{t('total')}</th>
            <th scope="col">{t('status')}</th>
            {mayVoid && <th scope="col">{t('voidTally')}</th>}
          </tr>
        </thead>
        <tbody>
          {counted.flatMap((s) =>
            s.tallies.map((h, i) => (
              <tr
                key={h.id}
                data-status={h.status}
                className={`tally-${h.status}`}
                title={i === 0 ? countWhy(s, words) : undefined}
              >
                <th scope="row">{i === 0 ? s.label : ''}</th>
                <td>{formatTime(h.at, lang, tz)}</td>
                <td>
                  {tx('source', h.source)}
                  {h.scope === 'vehicles' ? ` (${t('scopeVehicles')})` : ''}
                </td>
                <td data-testid="tally-recorder">
                  {[h.by ? org.get(h.by) : undefined, h.recorder].filter(Boolean).join(' · ')}
                </td>
                <td>{h.total === null ? '—' : number(h.total)}</td>
                <td>
                  {tx('tally', h.status)}
                  {h.voidedBy ? ` (${h.voidedBy})` : ''}
                  {note(h) ? ` · ${note(h)}` : ''}
                </td>
                {mayVoid && (
                  <td>
                    <VoidCell
                      session={session}
                      tally={h}
                      station={s.label}
                      open={voiding === h.id}
                      onOpen={(open) => setVoiding(open ? h.id : null)}
                    />
                  </td>
                )}
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
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

const MAY_VOID = new Set(['coordinator', 'post-officer']);

/** What the counts of a station say of each other (differs, overlaps ...), as the server words them. */
function TallyFlags({ flags }: { flags: string[] }) {
  if (flags.length === 0) return null;
  return (
    <ul className="flags" data-testid="tally-flags">
      {flags.map((f) => (
        <li key={f}>{f}</li>
      ))}
    </ul>
  );
}

/** A count's Void button, and its confirmation once asked for (none for a count void or corrected). */
function VoidCell({
  session,
  tally,
  station,
  open,
  onOpen,
}: {
  session: Session;
  tally: TallyEntry;
  station: string;
  open: boolean;
  onOpen: (open: boolean) => void;
}) {
  const { t } = useI18n();
  if (tally.status === 'void' || tally.status === 'corrected') return null;
  return (
    <>
      <button type="button" onClick={() => onOpen(true)} aria-expanded={open}>
        {t('voidTally')}
      </button>
      {open && (
        <VoidTally session={session} tally={tally.id} station={station} onDone={() => onOpen(false)} />
      )}
    </>
  );
}

/**
 * The confirmation of a count voided: it stays in the record, marked void, and no longer counts.
 * Nothing is sent before a reason is given and the voiding confirmed.
 */
function VoidTally({
  session,
  tally,
  station,
  onDone,
}: {
  session: Session;
  tally: string;
  station: string;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { error, send } = useSend(session);
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  return (
    <form
      className="gate-confirm"
      role="dialog"
      aria-label={t('voidTallyConfirm', { station })}
      data-testid="void-confirm"
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim() === '' || sending) return;
        setSending(true);
        void send(`passages/${tally}/void`, { reason: reason.trim() })
          .then((done) => done && onDone())
          .finally(() => setSending(false));
      }}
    >
      <p>
        <strong>{t('voidTallyConfirm', { station })}</strong>
      </p>
      <label className="gate-reason">
        {t('gateReasonRequired')}
        <textarea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          rows={2}
          maxLength={500}
          autoFocus
        />
      </label>
      {error && <p role="alert">{error}</p>}
      <ConfirmActions confirm={t('voidTally')} disabled={reason.trim() === '' || sending} onCancel={onDone} />
    </form>
  );
}
