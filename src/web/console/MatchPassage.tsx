import { useState } from 'react';
import type { Alert } from '../client/records.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { useSend } from './use-create.js';
import type { OperationView } from './use-operation.js';

/**
 * A count of no known convoy, matched to its convoy by someone who knows which it was: the count then
 * joins that convoy's and the alert is resolved by the server. Convoys of the checkpoint's corridor
 * come first.
 */
export function MatchPassage({
  alert,
  view,
  session,
}: {
  alert: Alert;
  view: OperationView;
  session: Session;
}) {
  const { t, tx } = useI18n();
  const { send, error } = useSend(session);
  const [convoy, setConvoy] = useState('');
  const [note, setNote] = useState('');
  if (alert.kind !== 'unknown-convoy' || !alert.passageId) return null;
  const corridor = view.checkpoints.find((c) => c.id === alert.checkpointId)?.corridorId;
  const convoys = [...view.convoys].sort(
    (a, b) =>
      Number(b.corridorId === corridor) - Number(a.corridorId === corridor) || a.code.localeCompare(b.code),
  );
  return (
    <form
      className="inline-form"
      data-testid="match-passage"
      onSubmit={(e) => {
        e.preventDefault();
        void send(`passages/${alert.passageId}/match`, {
          convoyId: convoy,
          ...(note.trim() ? { note: note.trim() } : {}),
        });
      }}
    >
      <label>
        {t('matchToConvoy')}
        <select value={convoy} onChange={(e) => setConvoy(e.target.value)} required>
          <option value="">—</option>
          {convoys.map((c) => (
            <option key={c.id} value={c.code}>
              {c.code} ({tx('status', c.status)})
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('noteOptional')}
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} />
      </label>
      <button type="submit" disabled={!convoy}>
        {t('matchIt')}
      </button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
