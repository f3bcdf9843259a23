import { useEffect, useState, type FormEvent } from 'react';
import { apiFetch, pageLanguage, refusalOf } from '../client/http.js';
import type { Session } from '../client/session.js';
import { LanguageToggle, useI18n } from '../i18n/i18n.js';

interface DemoToken {
  operationId: string;
  role: string;
  token: string;
}

type OnSignIn = (session: Session) => void;
/** One error line for both forms (shown under the token form); null clears it. */
type OnError = (error: string | null) => void;

/** Sign in with a token; the server offers the demo operations' tokens when it runs the demo. */
export function SignIn({ title, onSignIn }: { title: string; onSignIn: OnSignIn }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  return (
    <main className="sign-in">
      <div className="row">
        <h1>
          {t('appName')} · {title}
        </h1>
        <LanguageToggle />
      </div>
      <AccountForm onSignIn={onSignIn} onError={setError} />
      <TokenForm onSignIn={onSignIn} error={error} onError={setError} />
      <DemoTokens onSignIn={onSignIn} />
    </main>
  );
}

/** An operation a user is a member of, offered when they belong to several. */
interface Membership {
  id: string;
  name: string;
  role: string;
}

/**
 * An account: the server answers with a session token for the user's operation. A member of several
 * operations is asked which one (the server lists them once the password is right) and chooses.
 */
function AccountForm({ onSignIn, onError }: { onSignIn: OnSignIn; onError: OnError }) {
  const { t, tx, problem } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [choices, setChoices] = useState<Membership[] | null>(null);
  const login = async (operationId?: string) => {
    onError(null);
    try {
      const res = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': pageLanguage() },
        body: JSON.stringify({ email: email.trim(), password, ...(operationId ? { operationId } : {}) }),
      });
      const body = (await res.json()) as {
        token?: string;
        operationId?: string;
        error?: { code?: string; message: string; details?: { operations?: Membership[] } };
      };
      const several = body.error?.details?.operations;
      if (res.status === 400 && several && several.length > 1) return setChoices(several);
      if (!res.ok || !body.token || !body.operationId) throw refusalOf(res, body.error);
      setPassword('');
      setChoices(null);
      onSignIn({ token: body.token, operationId: body.operationId });
    } catch (err) {
      onError(t('signInFailed', { reason: problem(err) }));
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void login();
  };
  return (
    <form onSubmit={submit} aria-labelledby="account-heading">
      <h2 id="account-heading">{t('accountSignIn')}</h2>
      <label htmlFor="email">{t('email')}</label>
      <input
        id="email"
        name="email"
        type="email"
        autoComplete="username"
        value={email}
        onChange={(e) => {
          setEmail(e.target.value);
          setChoices(null);
        }}
      />
      <label htmlFor="password">{t('password')}</label>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => {
          setPassword(e.target.value);
          setChoices(null);
        }}
      />
      {choices ? (
        <fieldset className="choose-operation">
          <legend>{t('chooseOperation')}</legend>
          {choices.map((o) => (
            <button key={o.id} type="button" data-operation={o.id} onClick={() => void login(o.id)}>
              {o.name} <span className="muted">({tx('role', o.role)})</span>
            </button>
          ))}
        </fieldset>
      ) : (
        <button type="submit" disabled={email.trim() === '' || password === ''}>
          {t('signIn')}
        </button>
      )}
    </form>
  );
}

/** A token: signed in at once when it opens one operation, otherwise its operations to choose from. */
function TokenForm({
  onSignIn,
  error,
  onError,
}: {
  onSignIn: OnSignIn;
  error: string | null;
  onError: OnError;
}) {
  const { t, problem } = useI18n();
  const [token, setToken] = useState('');
  const [operations, setOperations] = useState<{ id: string; name: string }[] | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    onError(null);
    try {
      const { items } = await apiFetch<{ items: { id: string; name: string }[] }>(
        { token: token.trim() },
        '/operations',
      );
      if (items.length === 1) onSignIn({ token: token.trim(), operationId: items[0]!.id });
      else setOperations(items);
    } catch (err) {
      onError(
        t('signInFailed', {
          reason: problem(err),
        }),
      );
    }
  };
  return (
    <>
      <form onSubmit={(e) => void submit(e)} aria-labelledby="token-heading">
        <h2 id="token-heading">{t('orToken')}</h2>
        <label htmlFor="token">{t('token')}</label>
        <input
          id="token"
          name="token"
          autoComplete="off"
          spellCheck={false}
          value={token}
          aria-describedby="token-help"
          onChange={(e) => setToken(e.target.value)}
        />
        <p id="token-help" className="muted small">
          {t('tokenHelp')}
        </p>
        <button type="submit" disabled={token.trim() === ''}>
          {t('signIn')}
        </button>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
      {operations && (
        <fieldset>
          <legend>{t('operation')}</legend>
          {operations.map((o) => (
            <button
              key={o.id}
              type="button"
              onClick={() => onSignIn({ token: token.trim(), operationId: o.id })}
            >
              {o.name} ({o.id})
            </button>
          ))}
        </fieldset>
      )}
    </>
  );
}

function DemoTokens({ onSignIn }: { onSignIn: OnSignIn }) {
  const { t } = useI18n();
  const [demo, setDemo] = useState<DemoToken[]>([]);
  useEffect(() => {
    fetch('/console-config.json')
      .then((r) => (r.ok ? (r.json() as Promise<{ demoTokens: DemoToken[] }>) : { demoTokens: [] }))
      .then((c) => setDemo(c.demoTokens))
      .catch(() => {});
  }, []);
  if (demo.length === 0) return null;
  return (
    <section aria-labelledby="demo-heading" className="demo">
      <p id="demo-heading">{t('demoOffered')}</p>
      {demo.map((d) => (
        <button
          key={d.operationId}
          type="button"
          data-operation={d.operationId}
          onClick={() => onSignIn({ token: d.token, operationId: d.operationId })}
        >
          {t('useDemoToken', { operation: d.operationId })}
        </button>
      ))}
    </section>
  );
}
