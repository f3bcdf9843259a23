import { useState } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { ApiError, apiFetch } from '../client/http.js';
import type { Alert } from '../client/records.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { formatTime } from '../shared/format.js';
import type { OperationView } from './use-operation.js';

const MAY_ACT = new Set(['coordinator', 'post-officer', 'system']);
/** The newest this many; a long simulation raises thousands. */
const SHOWN = 200;

/** Newest first, with severity, the reason in words with its numbers, and acknowledge / resolve. */
export function AlertsFeed({
  view,
  session,
  alerts,
  compact = false,
}: {
  view: OperationView;
  session: Session;
  alerts?: Alert[];
  compact?: boolean;
}) {
  const { t } = useI18n();
  const [filter, setFilter] = useState<'open' | 'all'>('open');
  const list = (alerts ?? view.alerts)
    .filter((a) => alerts !== undefined || filter === 'all' || a.status !== 'resolved')
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
      {list.length === 0 && <p className="muted">{t('noAlerts')}</p>}
      <ol className="alerts" data-testid="alerts-feed">
        {list.slice(0, SHOWN).map((alert) => (
          <AlertItem key={alert.id} alert={alert} view={view} session={session} />
        ))}
      </ol>
      {list.length > SHOWN && (
        <p className="muted small">{t('olderAlerts', { count: list.length - SHOWN })}</p>
      )}
    </section>
  );
}

function AlertItem({ alert, view, session }: { alert: Alert; view: OperationView; session: Session }) {
  const { t, tx, lang } = useI18n();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mayAct = view.role !== null && MAY_ACT.has(view.role);
  const tz = view.operation?.timezone;
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
      setError(
        t('actionFailed', { reason: e instanceof ApiError || e instanceof Error ? e.message : String(e) }),
      );
    } finally {
      setBusy(false);
    }
  };
  const noteId = `note-${alert.id}`;
  return (
    <li className={`alert severity-${alert.severity} status-${alert.status}`} data-code={alert.code}>
      <div className="row">
        <span className={`chip sev-${alert.severity}`}>{tx('severity', alert.severity)}</span>
        <strong>{alert.code}</strong>
        <span className="muted">{alert.kind}</span>
        <span className="muted">{tx('status', alert.status)}</span>
      </div>
      <p className="reason" dir="ltr">
        {alert.reason}
      </p>
      <p className="muted small">{t('since', { time: formatTime(alert.since, lang, tz) })}</p>
      {alert.acknowledgeNote && (
        <p className="small">
          {t('acknowledgedBy')}: {alert.acknowledgeNote}
        </p>
      )}
      {alert.resolveNote && <p className="small">{t('resolvedNote', { note: alert.resolveNote })}</p>}
      {alert.status !== 'resolved' &&
        (mayAct ? (
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
        ) : (
          view.role && <p className="muted small">{t('notAllowed', { role: view.role })}</p>
        ))}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </li>
  );
}
