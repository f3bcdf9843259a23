import { useState } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { apiFetch } from '../client/http.js';
import type { Alert } from '../client/records.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { MatchPassage } from './MatchPassage.js';
import { alertHeadline, wordingFor } from './alert-words.js';
import { alertPlace } from './alert-place.js';
import type { MapFocus } from './AreaList.js';
import type { OperationView } from './use-operation.js';
import { nameIn } from '../shared/format.js';

const MAY_ACT = new Set(['coordinator', 'post-officer', 'system']);
/** The newest this many; a long simulation raises thousands. */
const SHOWN = 200;

/** Newest first, with severity, the reason in words with its numbers, and acknowledge / resolve. */
export function AlertsFeed({
  view,
  session,
  alerts,
  compact = false,
  navigate,
  onFocus,
}: {
  view: OperationView;
  session: Session;
  alerts?: Alert[];
  compact?: boolean;
  navigate?: (href: string) => void;
  onFocus?: (focus: MapFocus) => void;
}) {
  const { t } = useI18n();
  const [filter, setFilter] = useState<'open' | 'all'>('open');
  const [kind, setKind] = useState<string | null>(null);
  const shown = (alerts ?? view.alerts).filter(
    (a) => alerts !== undefined || filter === 'all' || a.status !== 'resolved',
  );
  const list = shown
    .filter((a) => kind === null || a.kind === kind)
    .sort((a, b) => (a.since < b.since ? 1 : a.since > b.since ? -1 : b.code.localeCompare(a.code)));
  return (
    <section
      aria-labelledby={compact ? undefined : 'alerts-heading'}
      aria-label={compact ? t('alerts') : undefined}
    >
      {!compact && (
        <div className="row">
          <h2 id="alerts-heading">{t('alerts')}</h2>
          <div role="group" aria-label={t('status')} className="segmented">
            {(['open', 'all'] as const).map((f) => (
              <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)}>
                {t(f === 'open' ? 'openAlerts' : 'allAlerts')}
              </button>
            ))}
          </div>
        </div>
      )}
      {!compact && <KindFilter alerts={shown} kind={kind} onKind={setKind} />}
      {list.length === 0 && <p className="muted">{t('noAlerts')}</p>}
      <ol className="alerts" data-testid="alerts-feed">
        {list.slice(0, SHOWN).map((alert) => (
          <AlertItem
            key={alert.id}
            alert={alert}
            view={view}
            session={session}
            {...(navigate ? { navigate } : {})}
            {...(onFocus ? { onFocus } : {})}
          />
        ))}
      </ol>
      {list.length > SHOWN && (
        <p className="muted small">{t('olderAlerts', { count: list.length - SHOWN })}</p>
      )}
    </section>
  );
}

/** The alerts grouped by kind, most first, each a filter: several of one kind read as one problem. */
function KindFilter({
  alerts,
  kind,
  onKind,
}: {
  alerts: Alert[];
  kind: string | null;
  onKind: (kind: string | null) => void;
}) {
  const { t, tx, number } = useI18n();
  const counts = new Map<string, number>();
  for (const a of alerts) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
  if (counts.size < 2 && kind === null) return null;
  const kinds = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return (
    <div role="group" aria-label={t('alertKinds')} className="kind-filter" data-testid="alert-kinds">
      <button type="button" aria-pressed={kind === null} onClick={() => onKind(null)}>
        {t('allKinds')} ({number(alerts.length)})
      </button>
      {kinds.map(([k, n]) => (
        <button key={k} type="button" aria-pressed={kind === k} onClick={() => onKind(kind === k ? null : k)}>
          {tx('alertKind', k)} ({number(n)})
        </button>
      ))}
    </div>
  );
}

function AlertItem({
  alert,
  view,
  session,
  navigate,
  onFocus,
}: {
  alert: Alert;
  view: OperationView;
  session: Session;
  navigate?: (href: string) => void;
  onFocus?: (focus: MapFocus) => void;
}) {
  const { t, tx, lang, number } = useI18n();
  const wording = wordingFor(view, { t, tx, number, lang }, view.operation?.timezone);
  const headline = alertHeadline(alert, wording);
  return (
    <li
      className={`alert severity-${alert.severity} status-${alert.status}`}
      data-code={alert.code}
      data-kind={alert.kind}
    >
      <div className="row">
        <span className={`chip sev-${alert.severity}`}>{tx('severity', alert.severity)}</span>
        <strong>{tx('alertKind', alert.kind)}</strong>
        <span className="muted">{tx('status', alert.status)}</span>
        <span className="muted small">{alert.code}</span>
      </div>
      <p className="headline" data-testid="alert-headline">
        {headline}
      </p>
      <AlertLinks
        alert={alert}
        view={view}
        headline={headline}
        {...(navigate ? { navigate } : {})}
        {...(onFocus ? { onFocus } : {})}
      />
      <details className="small">
        <summary>{t('alertRecorded')}</summary>
        <p className="reason" lang="en" dir="ltr">
          {alert.reason}
        </p>
      </details>
      <AlertHistory alert={alert} view={view} time={wording.time} />
      <AlertActions alert={alert} view={view} session={session} />
      {alert.status !== 'resolved' && view.role !== null && MAY_ACT.has(view.role) && (
        <MatchPassage alert={alert} view={view} session={session} />
      )}
    </li>
  );
}

/** Its convoy and corridor as links, and where it happened on the map. */
function AlertLinks({
  alert,
  view,
  headline,
  navigate,
  onFocus,
}: {
  alert: Alert;
  view: OperationView;
  headline: string;
  navigate?: (href: string) => void;
  onFocus?: (focus: MapFocus) => void;
}) {
  const { t, lang } = useI18n();
  const convoy = view.convoys.find((c) => c.id === alert.convoyId);
  const corridor = view.corridors?.find((c) => c.id === alert.corridorId);
  const checkpoint = view.checkpoints.find((c) => c.id === alert.checkpointId);
  const place = alertPlace(alert, view);
  const go = (href: string) => (e: React.MouseEvent) => {
    if (!navigate) return;
    e.preventDefault();
    navigate(href);
  };
  return (
    <p className="alert-links small">
      {convoy && (
        <a href={`/convoys/${convoy.code}`} onClick={go(`/convoys/${convoy.code}`)}>
          {t('convoy')} {convoy.code}
        </a>
      )}
      {corridor && (
        <a href={`/corridors#${corridor.code}`} onClick={go(`/corridors#${corridor.code}`)}>
          {t('corridor')} {corridor.code}
        </a>
      )}
      {place && onFocus && (
        <button
          type="button"
          className="link"
          onClick={() =>
            onFocus(
              pointFocus(
                place,
                headline,
                checkpoint ? `${checkpoint.code} ${nameIn(checkpoint, lang)}` : alert.code,
              ),
            )
          }
        >
          {t('alertOnMap')}
        </button>
      )}
    </p>
  );
}

/** Since when, and who acknowledged and resolved it, when, with their notes. */
function AlertHistory({
  alert,
  view,
  time,
}: {
  alert: Alert;
  view: OperationView;
  time: (iso: string) => string;
}) {
  const { t, lang } = useI18n();
  const organisation = (id: string | null) => {
    const o = view.organisations.find((x) => x.id === id);
    return o ? (lang === 'ar' && o.nameAr ? o.nameAr : o.name) : '—';
  };
  return (
    <>
      <p className="muted small">{t('since', { time: time(alert.since) })}</p>
      {alert.acknowledgedAt && (
        <p className="small">
          {t('alertAcknowledgedByAt', {
            who: organisation(alert.acknowledgedBy),
            time: time(alert.acknowledgedAt),
          })}
          {alert.acknowledgeNote && <q dir="auto"> {alert.acknowledgeNote}</q>}
        </p>
      )}
      {alert.resolvedAt && (
        <p className="small">
          {t('alertResolvedByAt', { who: organisation(alert.resolvedBy), time: time(alert.resolvedAt) })}
          {alert.resolveNote && <q dir="auto"> {alert.resolveNote}</q>}
        </p>
      )}
    </>
  );
}

/** Acknowledge and resolve (with a note), for the roles that may. */
function AlertActions({ alert, view, session }: { alert: Alert; view: OperationView; session: Session }) {
  const { t, tx, problem } = useI18n();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (alert.status === 'resolved') return null;
  if (view.role === null || !MAY_ACT.has(view.role))
    return view.role ? (
      <p className="muted small">{t('notAllowed', { role: tx('role', view.role) })}</p>
    ) : null;
  const act = async (action: 'acknowledge' | 'resolve') => {
    if (action === 'resolve' && note.trim() === '') return setError(t('resolveNoteRequired'));
    setBusy(true);
    setError(null);
    try {
      await apiFetch(session, `/operations/${session.operationId}/alerts/${alert.code}/${action}`, {
        method: 'POST',
        body: { ...(note.trim() ? { note: note.trim() } : {}), eventId: uuidv7() },
      });
      setNote('');
    } catch (e) {
      setError(t('actionFailed', { reason: problem(e) }));
    } finally {
      setBusy(false);
    }
  };
  const noteId = `note-${alert.id}`;
  return (
    <>
      <div className="alert-actions">
        <label htmlFor={noteId}>{t('note')}</label>
        <input id={noteId} value={note} onChange={(e) => setNote(e.target.value)} />
        {alert.status === 'open' && (
          <button type="button" disabled={busy} onClick={() => void act('acknowledge')}>
            {t('acknowledge')}
          </button>
        )}
        <button type="button" disabled={busy} onClick={() => void act('resolve')}>
          {t('resolve')}
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </>
  );
}

/** The map's view around one place (about 600 m each way), with the alert as its label. */
function pointFocus(at: [number, number], title: string, detail: string): MapFocus {
  const d = 0.006;
  return {
    title,
    nameAr: null,
    detail,
    bounds: [
      [at[0] - d, at[1] - d],
      [at[0] + d, at[1] + d],
    ],
    at: Date.now(),
  };
}
