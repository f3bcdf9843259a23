import { useCallback, useEffect, useState } from 'react';
import { ApiError, apiFetch } from '../client/http.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';

/** `GET .../corridors/{ref}/gates`, as the console uses it. */
interface Gates {
  status: string;
  next: { to: string; unmet: string[] }[];
  notification: {
    code: string;
    noticeHours: number;
    requiredNoticeHours: number;
    parties: { name: string; acknowledged: boolean }[];
  } | null;
  windows: { code?: string; kind: string; start: string; end: string }[];
  overrides: { to: string; unmet: string[]; reason: string; overriddenAt: string }[];
}

/**
 * A corridor's gates: for each status it may move to, what is still unmet (in the words the server
 * gives, which name hazards, parties and windows), the standing notification with its parties'
 * acknowledgements, and the overrides on record. A coordinator moves the corridor from here; an
 * override needs a written reason and is recorded as its own event.
 */
export function CorridorGates({
  session,
  code,
  status,
  mayChange,
  onChanged,
}: {
  session: Session;
  code: string;
  status: string;
  mayChange: boolean;
  onChanged?: () => void;
}) {
  const { t } = useI18n();
  const [gates, setGates] = useState<Gates | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const base = `/operations/${session.operationId}/corridors/${code}`;

  const load = useCallback(() => {
    apiFetch<Gates>(session, `${base}/gates`)
      .then((g) => {
        setGates(g);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [session, base]);
  useEffect(load, [load, status]);

  const move = async (to: string, override: boolean) => {
    try {
      await apiFetch(session, `${base}/transitions`, {
        method: 'POST',
        body: {
          to,
          ...(reason.trim() ? { reason: reason.trim() } : {}),
          ...(override ? { override: true } : {}),
        },
      });
      setReason('');
      onChanged?.();
      load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  if (error && !gates) return <p role="alert">{error}</p>;
  if (!gates) return <p>{t('loading')}</p>;
  return (
    <div className="gates" data-testid="corridor-gates" data-code={code}>
      <ul>
        {gates.next.map((gate) => (
          <Gate
            key={gate.to}
            gate={gate}
            mayChange={mayChange}
            mayOverride={reason.trim().length >= 10}
            onMove={(override) => void move(gate.to, override)}
          />
        ))}
      </ul>
      {mayChange && gates.next.some((n) => n.unmet.length > 0) && (
        <label className="gate-reason">
          {t('gateReason')}
          <input value={reason} onChange={(e) => setReason(e.target.value)} minLength={10} />
        </label>
      )}
      {gates.notification && <GateNotification notification={gates.notification} />}
      {gates.overrides.length > 0 && <GateOverrides overrides={gates.overrides} />}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}

/** One status the corridor may move to: what is unmet, and the coordinator's move or override. */
function Gate({
  gate,
  mayChange,
  mayOverride,
  onMove,
}: {
  gate: Gates['next'][number];
  mayChange: boolean;
  /** An override needs a reason of ten characters or more. */
  mayOverride: boolean;
  onMove: (override: boolean) => void;
}) {
  const { t } = useI18n();
  const unmet = gate.unmet.length;
  return (
    <li data-testid="gate" data-to={gate.to} data-unmet={unmet}>
      <strong>{t('gateTo', { status: t(`status.${gate.to}` as never) })}</strong>{' '}
      {unmet === 0 ? (
        <span className="gate-ok">{t('gateClear')}</span>
      ) : (
        <ul className="gate-unmet">
          {gate.unmet.map((u) => (
            <li key={u} lang="en" dir="ltr">
              {u}
            </li>
          ))}
        </ul>
      )}
      {mayChange && (
        <span className="gate-actions">
          <button type="button" onClick={() => onMove(false)} disabled={unmet > 0}>
            {t('gateMove', { status: t(`status.${gate.to}` as never) })}
          </button>
          {unmet > 0 && (
            <button type="button" onClick={() => onMove(true)} disabled={!mayOverride}>
              {t('gateOverride')}
            </button>
          )}
        </span>
      )}
    </li>
  );
}

function GateNotification({ notification }: { notification: NonNullable<Gates['notification']> }) {
  const { t } = useI18n();
  return (
    <p data-testid="gate-notification">
      {t('gateNotification', {
        code: notification.code,
        hours: notification.noticeHours,
        required: notification.requiredNoticeHours,
      })}{' '}
      {notification.parties.map((p) => (
        <span key={p.name} className={p.acknowledged ? 'ack' : 'no-ack'} dir="auto">
          {p.name} {p.acknowledged ? '✓' : '✗'}{' '}
        </span>
      ))}
    </p>
  );
}

function GateOverrides({ overrides }: { overrides: Gates['overrides'] }) {
  const { t } = useI18n();
  return (
    <ul className="gate-overrides" aria-label={t('gateOverrides')}>
      {overrides.map((o) => (
        <li key={o.overriddenAt + o.to}>
          {t('gateOverridden', { status: t(`status.${o.to}` as never), at: o.overriddenAt.slice(0, 16) })}:{' '}
          <q dir="auto">{o.reason}</q> ({o.unmet.join('; ')})
        </li>
      ))}
    </ul>
  );
}
