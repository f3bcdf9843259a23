import { useState } from 'react';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { Choice } from './Incidents.js';
import { useSend } from './use-create.js';

/**
 * A record's next status, with why: `POST {path}/status`. It offers the moves the server allows
 * (moves.ts); the server says what stands in the way of one, and the form shows it.
 */
export function StatusForm<S extends string>({
  path,
  next,
  summary,
  words,
  button,
  reasonLabel,
  session,
}: {
  path: string;
  next: readonly S[];
  summary: string;
  words: (status: S) => string;
  button: (status: S) => string;
  reasonLabel: string;
  session: Session;
}) {
  const { t } = useI18n();
  const [to, setTo] = useState<S>(next[0]!);
  const [reason, setReason] = useState('');
  const { send, error } = useSend(session);
  return (
    <details>
      <summary>{summary}</summary>
      <form
        className="stack-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send(`${path}/status`, { status: to, ...(reason.trim() ? { reason: reason.trim() } : {}) });
        }}
      >
        <Choice label={t('newStatus')} value={to} values={next} words={words} onChange={setTo} />
        <label>
          {reasonLabel}
          <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={4000} />
        </label>
        <button type="submit">{button(to)}</button>
        {error && <p role="alert">{error}</p>}
      </form>
    </details>
  );
}
