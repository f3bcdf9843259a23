import { CARRIED_KINDS, type CarriedKind } from '../../contracts/kinds.js';
import { useI18n } from '../i18n/i18n.js';
import type { QueuedTally } from './queue.js';

export function Counter({
  category,
  label,
  value,
  onChange,
}: {
  category: string;
  /** Its name, when it is not a category of people. */
  label?: string;
  value: number;
  onChange: (n: number) => void;
}) {
  const { t, tx } = useI18n();
  const name = label ?? tx('cat', category);
  return (
    <div className="counter">
      <label htmlFor={`count-${category}`}>{name}</label>
      <div className="counter-controls">
        <button
          type="button"
          aria-label={t('decrease', { category: name })}
          onClick={() => onChange(value - 1)}
        >
          −
        </button>
        <input
          id={`count-${category}`}
          inputMode="numeric"
          pattern="[0-9]*"
          value={String(value)}
          onChange={(e) => onChange(Number(e.target.value.replace(/\D/g, '')) || 0)}
        />
        <button
          type="button"
          aria-label={t('increase', { category: name })}
          onClick={() => onChange(value + 1)}
        >
          +
        </button>
      </div>
    </div>
  );
}

/** Counters for what people carry, folded away: a kind never touched is not sent (not counted, not 0). */
export function CarriedCounters({
  carried,
  onItem,
}: {
  carried: Partial<Record<CarriedKind, number>>;
  onItem: (kind: CarriedKind, n: number) => void;
}) {
  const { t, tx } = useI18n();
  return (
    <details className="carried" data-testid="tally-carried">
      <summary>{t('carried.legend')}</summary>
      <p className="muted small">{t('carried.untouchedNotCounted')}</p>
      <div className="counters">
        {CARRIED_KINDS.map((k) => (
          <Counter
            key={k}
            category={`item-${k}`}
            label={tx('carried', k)}
            value={carried[k] ?? 0}
            onChange={(n) => onItem(k, n)}
          />
        ))}
      </div>
    </details>
  );
}

/** Tallies waiting for the network, and the last few the server took or refused. */
export function TallyQueue({
  pending,
  sent,
  onSync,
}: {
  pending: QueuedTally[];
  sent: QueuedTally[];
  onSync: () => void;
}) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="queue-heading">
      <div className="row">
        <h2 id="queue-heading">{t('queue', { count: pending.length })}</h2>
        <button type="button" onClick={onSync} disabled={pending.length === 0}>
          {t('syncNow')}
        </button>
      </div>
      {pending.length === 0 ? (
        <p className="muted">{t('queueEmpty')}</p>
      ) : (
        <ul data-testid="queue">
          {pending.map((q) => (
            <li key={q.eventId} data-event-id={q.eventId}>
              {q.label}
            </li>
          ))}
        </ul>
      )}
      {sent.length > 0 && (
        <>
          <h2>{t('recentlySent')}</h2>
          <ul data-testid="sent">
            {sent.map((q) => (
              <li key={q.eventId} data-event-id={q.eventId} className={q.state}>
                {q.label} {q.state === 'rejected' ? `— ${q.error}` : '✓'}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
