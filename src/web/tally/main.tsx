import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { loadSession, saveSession, type Session } from '../client/session.js';
import { I18nProvider, useI18n } from '../i18n/i18n.js';
import { SignIn } from '../shared/SignIn.js';
import '../shared/base.css';
import './tally.css';
import { Tally } from './Tally.js';

// The app shell is cached by the service worker, so the page opens without a network.
if ('serviceWorker' in navigator) void navigator.serviceWorker.register('/sw.js').catch(() => {});

function TallyApp() {
  const { t } = useI18n();
  const [session, setSession] = useState<Session | null>(loadSession);
  const signIn = (s: Session | null) => {
    saveSession(s);
    setSession(s);
  };
  return session ? (
    <Tally session={session} onSignOut={() => signIn(null)} />
  ) : (
    <SignIn title={t('tallyTitle')} onSignIn={signIn} />
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <TallyApp />
    </I18nProvider>
  </StrictMode>,
);
