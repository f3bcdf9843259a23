import type { Places, Held, HeldTally } from './use-tally.js';
import { useI18n } from '../i18n/i18n.js';
import { formatTime } from '../shared/format.js';

/**
 * What the server holds for the convoy at this checkpoint: the count it uses (and whether it is
 * disputed), and every tally recorded there, this phone's and other enumerators', with what became of
 * each. An enumerator's tally that still counts can be corrected or voided from here; the server says
 * no to a tally of another organisation.
 */
export function ServerTallies({
  held,
  places,
  convoy,
  checkpoint,
  online,
  timezone,
  reason,
  onReason,
  onCorrect,
  onVoid,
}: {
  held: Held | null | undefined;
  places: Places;
  convoy: string;
  checkpoint: string;
  online: boolean;
  timezone: string | undefined;
  reason: string;
  onReason: (reason: string) => void;
  onCorrect: (tally: HeldTally) => void;
  onVoid: (tally: HeldTally) => void;
}) {
  const { t, tx, number, lang } = useI18n();
  const org = new Map((places.organisations ?? []).map((o) => [o.id, o.code]));
  return (
    <section aria-labelledby="held-heading" data-testid="held">
      <h2 id="held-heading">{t('serverHolds', { convoy, checkpoint })}</h2>
      {!online && <p className="muted">{t('serverOffline')}</p>}
      {online && held === null && <p className="muted">{t('serverNothing')}</p>}
      {held && (
        <>
          <p data-testid="held-count" className={held.disputed ? 'disputed' : undefined} title={held.why}>
            {t('countUsed', { count: held.best ? number(held.best.total) : '—' })}
            {held.disputed && <strong> · {t('disputed')}</strong>}
          </p>
          <ul className="held">
            {held.tallies.map((h) => (
              <li key={h.id} data-status={h.status} className={h.status}>
                <span>
                  {formatTime(h.at, lang, timezone)} · {tx('source', h.source)}
                  {h.by ? ` · ${org.get(h.by) ?? ''}` : ''} · {h.total === null ? '—' : number(h.total)}{' '}
                  <em>{tx('tally', h.status)}</em>
                  {h.note ? ` (${h.note})` : ''}
                </span>
                {h.source === 'enumerator' && !['void', 'corrected'].includes(h.status) && (
                  <span className="row">
                    <button type="button" onClick={() => onCorrect(h)}>
                      {t('correct')}
                    </button>
                    <button type="button" onClick={() => onVoid(h)}>
                      {t('voidTally')}
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ul>
          <label htmlFor="reason">{t('reason')}</label>
          <input id="reason" value={reason} onChange={(e) => onReason(e.target.value)} />
        </>
      )}
    </section>
  );
}
