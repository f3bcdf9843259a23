import { useState, type FormEvent } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { apiFetch } from '../client/http.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { utcOfWallTime, wallTimeIn } from '../shared/format.js';
import { useDownload } from './ReportDownloads.js';
import { useCreate } from './use-create.js';

/** The notification a corridor's gates go by, as `GET .../corridors/{ref}/gates` gives it. */
export interface StandingNotification {
  code: string;
  noticeHours: number;
  requiredNoticeHours: number;
  parties: { organisationId: string; name: string; acknowledged: boolean }[];
}

/**
 * The notification the gates go by: each party's acknowledgement, a coordinator's record of one that
 * came (by radio, by letter: who acknowledged), and its one-page document to print and send.
 */
export function GateNotification({
  session,
  notification,
  mayChange,
  onChanged,
}: {
  session: Session;
  notification: StandingNotification;
  mayChange: boolean;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { busy, error, download } = useDownload(session);
  const path = `/operations/${session.operationId}/notifications/${notification.code}`;
  return (
    <div data-testid="gate-notification">
      <p>
        {t('gateNotification', {
          code: notification.code,
          hours: notification.noticeHours,
          required: notification.requiredNoticeHours,
        })}{' '}
        {t('notificationDocument')}:{' '}
        {(['en', 'ar'] as const).map((lang, i) => (
          <span key={lang}>
            {i > 0 && ' · '}
            <button
              type="button"
              className="link"
              disabled={busy !== null}
              onClick={() =>
                void download(
                  `pdf-${lang}`,
                  `${path}/document.pdf?lang=${lang}`,
                  `${notification.code}${lang === 'en' ? '' : `-${lang}`}.pdf`,
                )
              }
            >
              {t(lang === 'en' ? 'paper.english' : 'paper.arabic')}
            </button>
          </span>
        ))}
      </p>
      <ul className="parties">
        {notification.parties.map((p) => (
          <li key={p.organisationId} className={p.acknowledged ? 'ack' : 'no-ack'} data-party={p.name}>
            <span dir="auto">{p.name}</span>{' '}
            {p.acknowledged ? `✓ ${t('acknowledged')}` : `✗ ${t('notAcknowledged')}`}
            {!p.acknowledged && mayChange && (
              <RecordAcknowledgement session={session} path={path} party={p} onRecorded={onChanged} />
            )}
          </li>
        ))}
      </ul>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}

function RecordAcknowledgement({
  session,
  path,
  party,
  onRecorded,
}: {
  session: Session;
  path: string;
  party: StandingNotification['parties'][number];
  onRecorded: () => void;
}) {
  const { t, problem } = useI18n();
  const [by, setBy] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await apiFetch(session, `${path}/acknowledgements`, {
        method: 'POST',
        body: { organisationId: party.organisationId, acknowledgedBy: by.trim(), eventId: uuidv7() },
      });
      setBy('');
      onRecorded();
    } catch (err) {
      setError(problem(err));
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)}>
      <label>
        {t('acknowledgedByWhom', { party: party.name })}
        <input value={by} onChange={(e) => setBy(e.target.value)} required />
      </label>
      <button type="submit" disabled={by.trim() === ''}>
        {t('recordAcknowledgement')}
      </button>
      {error && <span role="alert">{error}</span>}
    </form>
  );
}

/**
 * Notify the parties of a movement on this corridor: its window (in the operation's time zone) and
 * vehicles; the route and the parties are the corridor's and the operation's (the server fills them).
 */
export function NotifyMovement({
  session,
  corridor,
  timezone,
  onSent,
}: {
  session: Session;
  corridor: string;
  timezone: string | undefined;
  onSent: () => void;
}) {
  const { t } = useI18n();
  const inHours = (h: number) => wallTimeIn(new Date(Date.now() + h * 3_600_000).toISOString(), timezone);
  const [start, setStart] = useState(() => inHours(26));
  const [end, setEnd] = useState(() => inHours(38));
  const [vehicles, setVehicles] = useState({ buses: 0, ambulances: 0 });
  const [emergency, setEmergency] = useState(false);
  const { created: sent, error, setError, create } = useCreate(session, 'notifications');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const window = { start: utcOfWallTime(start, timezone), end: utcOfWallTime(end, timezone) };
    if (!window.start || !window.end) return setError(t('notATime'));
    if (await create({ corridorId: corridor, window, vehicles, emergency })) onSent();
  };
  return (
    <details className="notify" data-testid="notify-movement">
      <summary>{t('notifyMovement')}</summary>
      <form className="stack-form" onSubmit={(e) => void submit(e)}>
        <label>
          {t('windowStart')}
          <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required />
        </label>
        <label>
          {t('windowEnd')}
          <input type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} required />
        </label>
        {(['buses', 'ambulances'] as const).map((k) => (
          <label key={k}>
            {t(k === 'buses' ? 'kind.bus' : 'kind.ambulance')}
            <input
              type="number"
              min={0}
              value={vehicles[k]}
              onChange={(e) => setVehicles({ ...vehicles, [k]: Number(e.target.value) })}
            />
          </label>
        ))}
        <label className="check">
          <input type="checkbox" checked={emergency} onChange={(e) => setEmergency(e.target.checked)} />
          {t('emergencyMovement')}
        </label>
        <button type="submit">{t('sendNotification')}</button>
        {sent && <p role="status">{t('notificationSent', { code: sent })}</p>}
        {error && <p role="alert">{error}</p>}
      </form>
    </details>
  );
}
