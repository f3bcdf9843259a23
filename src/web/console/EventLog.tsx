import { useEffect, useState } from 'react';
import type { StoredEvent } from '../../contracts/events.js';
import { apiFetch } from '../client/http.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { formatTime } from '../shared/format.js';
import type { OperationView } from './use-operation.js';
import { useThrottled } from './use-throttled.js';

/** An event as `GET .../events` gives it (a personal-data event to others: redacted, without payload). */
type LoggedEvent = StoredEvent & { redacted?: boolean };

const PAGE = 50;
/** Which page: the newest, or the one before or after a position in the log. */
type Where = { newest: true } | { before: number } | { after: number };

/**
 * The operation's event log, newest page first: each event's number, when it happened, what it
 * records in the reader's words, who recorded it and at which site, and its payload as recorded (a
 * personal-data event shows that it happened, its payload to the protection team only).
 */
export function EventLog({ view, session }: { view: OperationView; session: Session }) {
  const { t } = useI18n();
  const [where, setWhere] = useState<Where>({ newest: true });
  const { events, error } = useLogPage(session, where, useThrottled(view.revision, 2000));
  const first = events?.[0]?.seq;
  const last = events?.at(-1)?.seq;
  return (
    <section aria-labelledby="log-heading" data-testid="event-log">
      <h2 id="log-heading">{t('log.heading')}</h2>
      <p className="muted small">{t('log.explained')}</p>
      <div className="row" role="group" aria-label={t('log.heading')}>
        <button
          type="button"
          disabled={!events || (events.length < PAGE && !('after' in where))}
          onClick={() => first !== undefined && setWhere({ before: first })}
        >
          {t('log.older')}
        </button>
        <button
          type="button"
          disabled={'newest' in where}
          onClick={() => setWhere(last !== undefined ? { after: last } : { newest: true })}
        >
          {t('log.newer')}
        </button>
        <button type="button" disabled={'newest' in where} onClick={() => setWhere({ newest: true })}>
          {t('log.newest')}
        </button>
      </div>
      {error && <p role="alert">{error}</p>}
      {events?.length === 0 && <p className="muted">{t('newest' in where ? 'log.empty' : 'log.noMore')}</p>}
      {events && events.length > 0 && <LogTable events={events} view={view} />}
    </section>
  );
}

function LogTable({ events, view }: { events: LoggedEvent[]; view: OperationView }) {
  const { t, tx, lang } = useI18n();
  const org = new Map(view.organisations.map((o) => [o.id, o.code]));
  const tz = view.operation?.timezone;
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="figures log" data-testid="log-table">
        <thead>
          <tr>
            <th scope="col">{t('log.seq')}</th>
            <th scope="col">{t('log.occurred')}</th>
            <th scope="col">{t('log.what')}</th>
            <th scope="col">{t('log.by')}</th>
            <th scope="col">{t('log.site')}</th>
          </tr>
        </thead>
        <tbody>
          {[...events].reverse().map((e) => (
            <tr key={e.id} data-type={e.type}>
              <th scope="row">{e.seq}</th>
              <td>{formatTime(e.occurredAt, lang, tz)}</td>
              <td>
                <details>
                  <summary>{tx('eventType', e.type)}</summary>
                  {e.redacted ? (
                    <p className="muted small">{t('log.personal')}</p>
                  ) : (
                    <pre className="payload" dir="ltr" lang="en" tabIndex={0}>
                      {JSON.stringify(e.payload, null, 1)}
                    </pre>
                  )}
                  <p className="muted small" dir="ltr">
                    <code>{e.id}</code> · <code>{e.hash.slice(0, 16)}</code>
                  </p>
                </details>
              </td>
              <td title={e.actor}>
                <bdi>
                  {[e.organisation ? org.get(e.organisation) : null, shortActor(e.actor)]
                    .filter(Boolean)
                    .join(' · ')}
                </bdi>
              </td>
              <td>
                <bdi>
                  {e.originSite}:{e.originSeq}
                </bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An actor as a person reads it: a token or an account by the start of its id (the whole on hover). */
function shortActor(actor: string): string {
  const m = /^(token|user):([0-9a-f]{8})[0-9a-f-]{20,}$/.exec(actor);
  return m ? `${m[1]}:${m[2]}…` : actor;
}

/**
 * One page of the log. The newest page is read again as events come (the view's revision); a page
 * further back stays as it is.
 */
function useLogPage(session: Session, where: Where, revision: number) {
  const { problem } = useI18n();
  const [events, setEvents] = useState<LoggedEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const follow = 'newest' in where ? revision : 0;
  useEffect(() => {
    let live = true;
    const query =
      'before' in where
        ? `before=${where.before}&limit=${PAGE}`
        : 'after' in where
          ? `after=${where.after}&limit=${PAGE}`
          : `before=${Number.MAX_SAFE_INTEGER}&limit=${PAGE}`;
    apiFetch<{ items: LoggedEvent[] }>(session, `/operations/${session.operationId}/events?${query}`).then(
      (page) => {
        if (!live) return;
        setError(null);
        setEvents(page.items);
      },
      (e: unknown) => live && setError(problem(e)),
    );
    return () => {
      live = false;
    };
  }, [session, where, follow, problem]);
  return { events, error };
}
