import { useCallback, useEffect, useState } from 'react';
import { apiFetch } from '../client/http.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { formatTime } from '../shared/format.js';
import type { OperationView } from './use-operation.js';

/** A token or a session of the operation as GET .../tokens gives it (never its secret). */
interface AccessToken {
  id: string;
  role: string;
  label: string | null;
  organisationId: string | null;
  userId: string | null;
  device: { kind: string; id: string } | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  active: boolean;
}

/**
 * Who may use the operation, for its administrators: every token and sign-in session, its role and
 * organisation, when it ends, and a revocation (confirmed first) that stops it at once. New tokens are
 * made with `corridor token create`, which shows the secret once, on the machine of the server.
 */
export function Access({ view, session }: { view: OperationView; session: Session }) {
  const { t, tx } = useI18n();
  if (view.role !== 'admin')
    return (
      <section aria-labelledby="access-heading">
        <h2 id="access-heading">{t('accessHeading')}</h2>
        {view.role && <p className="muted">{t('mayNotAdminister', { role: tx('role', view.role) })}</p>}
      </section>
    );
  return <TokenList view={view} session={session} />;
}

function TokenList({ view, session }: { view: OperationView; session: Session }) {
  const { t, problem } = useI18n();
  const [tokens, setTokens] = useState<AccessToken[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<string | null>(null);
  const [showEnded, setShowEnded] = useState(false);
  const path = `/operations/${session.operationId}/tokens`;
  const load = useCallback(
    () =>
      apiFetch<{ items: AccessToken[] }>(session, path).then(
        (r) => setTokens(r.items),
        (e: unknown) => setError(problem(e)),
      ),
    [session, path, problem],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const revoke = async (id: string) => {
    setError(null);
    try {
      await apiFetch(session, `${path}/${id}/revoke`, { method: 'POST', body: {} });
      setAsking(null);
      await load();
    } catch (e) {
      setError(problem(e));
    }
  };
  const organisation = (id: string | null) => view.organisations.find((o) => o.id === id)?.code ?? '—';
  const shown = (tokens ?? []).filter((x) => showEnded || x.active);
  return (
    <section aria-labelledby="access-heading" data-testid="access">
      <h2 id="access-heading">{t('accessHeading')}</h2>
      <p className="muted small">{t('accessExplained')}</p>
      <label className="row">
        <input type="checkbox" checked={showEnded} onChange={(e) => setShowEnded(e.target.checked)} />
        {t('accessShowEnded')}
      </label>
      {error && <p role="alert">{error}</p>}
      {tokens === null && !error && <p className="muted">{t('loading')}</p>}
      <ol className="cards" data-testid="tokens">
        {shown.map((x) => (
          <TokenCard
            key={x.id}
            token={x}
            organisation={organisation(x.organisationId)}
            timezone={view.operation?.timezone}
            asking={asking === x.id}
            onAsk={() => setAsking(asking === x.id ? null : x.id)}
            onRevoke={() => void revoke(x.id)}
          />
        ))}
      </ol>
    </section>
  );
}

function TokenCard({
  token,
  organisation,
  timezone,
  asking,
  onAsk,
  onRevoke,
}: {
  token: AccessToken;
  organisation: string;
  timezone: string | undefined;
  asking: boolean;
  onAsk: () => void;
  onRevoke: () => void;
}) {
  const { t, tx, lang, list } = useI18n();
  const when = (at: string) => formatTime(at, lang, timezone);
  const who = token.device
    ? t('accessDevice', { id: token.device.id })
    : token.userId
      ? t('accessSession')
      : (token.label ?? t('accessToken'));
  const state = token.revokedAt
    ? t('accessRevoked', { at: when(token.revokedAt) })
    : token.active
      ? token.expiresAt
        ? t('accessUntil', { at: when(token.expiresAt) })
        : t('accessNoEnd')
      : t('accessExpired', { at: when(token.expiresAt ?? token.createdAt) });
  return (
    <li className={`card${token.active ? '' : ' muted'}`} data-token={token.id}>
      <div className="row">
        <strong dir="auto">{who}</strong>
        <span>{tx('role', token.role)}</span>
        <bdi>{organisation}</bdi>
      </div>
      <p className="small">
        {t('accessMade', { at: when(token.createdAt) })} · {state}
      </p>
      {token.active && (
        <button type="button" aria-expanded={asking} onClick={onAsk}>
          {t('accessRevoke')}
        </button>
      )}
      {asking && (
        <div className="gate-confirm" role="dialog" aria-labelledby={`revoke-${token.id}`}>
          <p id={`revoke-${token.id}`}>{t('accessRevokeConfirm', { who: list([who]) })}</p>
          <p className="gate-actions">
            <button type="button" onClick={onRevoke}>
              {t('accessRevokeYes')}
            </button>
            <button type="button" onClick={onAsk}>
              {t('cancel')}
            </button>
          </p>
        </div>
      )}
    </li>
  );
}
