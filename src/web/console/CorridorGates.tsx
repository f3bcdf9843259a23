import { useCallback, useEffect, useState } from 'react';
import { apiFetch } from '../client/http.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { formatTime } from '../shared/format.js';
import { ConfirmActions } from './fields.js';
import { conditionWords, type GateCondition } from '../../contracts/words/gate-words.js';
import { GateNotification, NotifyMovement, type StandingNotification } from './Notifications.js';

/** `GET .../corridors/{ref}/gates`, as the console uses it. */
interface Gates {
  status: string;
  next: { to: string; unmet: string[]; conditions?: GateCondition[] }[];
  notification: StandingNotification | null;
  windows: { code?: string; kind: string; start: string; end: string }[];
  overrides: { to: string; unmet: string[]; reason: string; overriddenAt: string }[];
}

/**
 * A corridor's gates: for each status it may move to, what is still unmet (in the words the server
 * gives, which name hazards, parties and windows), the standing notification with its parties'
 * acknowledgements, and the overrides on record. A coordinator moves the corridor from here, after
 * confirming; suspending and closing need a reason, and an override a written one, recorded as its
 * own event.
 */
export function CorridorGates({
  session,
  code,
  status,
  mayChange,
  timezone,
  onChanged,
}: {
  session: Session;
  code: string;
  status: string;
  mayChange: boolean;
  timezone?: string | undefined;
  onChanged?: () => void;
}) {
  const { t } = useI18n();
  const [asked, setAsked] = useState<Ask | null>(null);
  const i18n = useI18n();
  const base = `/operations/${session.operationId}/corridors/${code}`;
  const { gates, error, setError, load } = useGates(session, base, status);

  const move = async (ask: Ask, reason: string) => {
    try {
      await apiFetch(session, `${base}/transitions`, {
        method: 'POST',
        body: {
          to: ask.to,
          ...(reason.trim() ? { reason: reason.trim() } : {}),
          ...(ask.override ? { override: true } : {}),
        },
      });
      setAsked(null);
      onChanged?.();
      load();
    } catch (e) {
      setError(i18n.problem(e));
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
            timezone={timezone}
            mayChange={mayChange && asked === null}
            onAsk={(override) => {
              setError(null);
              setAsked({ to: gate.to, override, unmet: gateWords(gate, i18n, timezone) });
            }}
          />
        ))}
      </ul>
      {asked && (
        <ConfirmMove
          code={code}
          ask={asked}
          onConfirm={(r) => move(asked, r)}
          onCancel={() => setAsked(null)}
        />
      )}
      {gates.notification && (
        <GateNotification
          session={session}
          notification={gates.notification}
          mayChange={mayChange}
          onChanged={load}
        />
      )}
      {mayChange && <NotifyMovement session={session} corridor={code} timezone={timezone} onSent={load} />}
      {gates.overrides.length > 0 && <GateOverrides overrides={gates.overrides} timezone={timezone} />}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}

/** The corridor's gates, read again when its status changes or after a change made here. */
function useGates(session: Session, base: string, status: string) {
  const { problem } = useI18n();
  const [gates, setGates] = useState<Gates | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    apiFetch<Gates>(session, `${base}/gates`)
      .then((g) => {
        setGates(g);
        setError(null);
      })
      .catch((e: unknown) => setError(e));
  }, [session, base]);
  useEffect(load, [load, status]);
  return { gates, error: error === null ? null : problem(error), setError, load };
}

/** A move the coordinator asked for, waiting for their confirmation. */
interface Ask {
  to: string;
  override: boolean;
  unmet: string[];
}

/** Suspending or closing stops people moving on the corridor: the server asks why. */
const STOPPING = new Set(['suspended', 'closed']);

/**
 * The confirmation of a move: what it does, and the reason, which suspending, closing and any
 * override need (an override ten characters or more, as the server asks). Nothing is sent before the
 * coordinator confirms.
 */
function ConfirmMove({
  code,
  ask,
  onConfirm,
  onCancel,
}: {
  code: string;
  ask: Ask;
  onConfirm: (reason: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const status = t(`status.${ask.to}` as never);
  const needed = ask.override ? 10 : STOPPING.has(ask.to) ? 1 : 0;
  const ready = reason.trim().length >= needed && !sending;
  return (
    <form
      className="gate-confirm"
      role="dialog"
      aria-labelledby={`confirm-${code}`}
      data-testid="gate-confirm"
      onSubmit={(e) => {
        e.preventDefault();
        if (!ready) return;
        setSending(true);
        void onConfirm(reason).finally(() => setSending(false));
      }}
    >
      <p id={`confirm-${code}`}>
        <strong>{t(ask.override ? 'gateConfirmOverride' : 'gateConfirm', { code, status })}</strong>
      </p>
      {STOPPING.has(ask.to) && <p className="gate-warning">{t('gateStopWarning')}</p>}
      {ask.override && <p>{t('gateOverrideUnmet', { unmet: ask.unmet.join('; ') })}</p>}
      <label className="gate-reason">
        {t(needed === 0 ? 'gateReasonOptional' : ask.override ? 'gateReason' : 'gateReasonRequired')}
        <textarea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required={needed > 0}
          minLength={needed || undefined}
          rows={2}
          maxLength={4000}
          autoFocus
        />
      </label>
      <ConfirmActions confirm={t('gateConfirmButton', { status })} disabled={!ready} onCancel={onCancel} />
    </form>
  );
}

/** One status the corridor may move to: what is unmet, and the coordinator's move or override. */
function Gate({
  gate,
  mayChange,
  onAsk,
  timezone,
}: {
  gate: Gates['next'][number];
  mayChange: boolean;
  onAsk: (override: boolean) => void;
  timezone: string | undefined;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const unmet = gate.unmet.length;
  return (
    <li data-testid="gate" data-to={gate.to} data-unmet={unmet}>
      <strong>{t('gateTo', { status: t(`status.${gate.to}` as never) })}</strong>{' '}
      {unmet === 0 ? (
        <span className="gate-ok">{t('gateClear')}</span>
      ) : (
        <ul className="gate-unmet">
          {gate.conditions
            ? gate.conditions.map((c) => (
                <li key={c.text}>{conditionWords(c, i18n, (iso) => formatTime(iso, i18n.lang, timezone))}</li>
              ))
            : gate.unmet.map((u) => (
                <li key={u} lang="en" dir="ltr">
                  {u}
                </li>
              ))}
        </ul>
      )}
      {mayChange && (
        <span className="gate-actions">
          {unmet === 0 ? (
            <button type="button" onClick={() => onAsk(false)}>
              {t('gateMove', { status: t(`status.${gate.to}` as never) })}
            </button>
          ) : (
            <>
              <button type="button" disabled>
                {t('gateMove', { status: t(`status.${gate.to}` as never) })}
              </button>
              <button type="button" onClick={() => onAsk(true)}>
                {t('gateOverride')}
              </button>
            </>
          )}
        </span>
      )}
    </li>
  );
}

function GateOverrides({
  overrides,
  timezone,
}: {
  overrides: Gates['overrides'];
  timezone: string | undefined;
}) {
  const { t, lang } = useI18n();
  return (
    <ul className="gate-overrides" aria-label={t('gateOverrides')}>
      {overrides.map((o) => (
        <li key={o.overriddenAt + o.to}>
          {t('gateOverridden', {
            status: t(`status.${o.to}` as never),
            at: formatTime(o.overriddenAt, lang, timezone),
          })}
          : <q dir="auto">{o.reason}</q> ({o.unmet.join('; ')})
        </li>
      ))}
    </ul>
  );
}

/** A gate's unmet conditions in the reader's words and time zone (the server's sentences from an older server). */
function gateWords(
  gate: { unmet: string[]; conditions?: GateCondition[] },
  i18n: ReturnType<typeof useI18n>,
  timezone: string | undefined,
): string[] {
  return (
    gate.conditions?.map((c) => conditionWords(c, i18n, (iso) => formatTime(iso, i18n.lang, timezone))) ??
    gate.unmet
  );
}
