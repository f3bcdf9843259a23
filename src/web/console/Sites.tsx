import { useEffect, useState } from 'react';
import type { Heads, SyncStatus } from '../../contracts/sync/sync.js';
import { apiFetch } from '../client/http.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { formatTime } from '../shared/format.js';
import { alertHeadline, wordingFor } from './alert-words.js';
import type { OperationView } from './use-operation.js';

/** A link this long without contact is shown as down. */
const QUIET_MS = 30_000;

/** This node's replication status (GET /sync/status), read every 10 s; null where there is none. */
export function useSyncStatus(session: Session): SyncStatus | null {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let alive = true;
    const read = () =>
      apiFetch<SyncStatus>(session, '/sync/status').then(
        (s) => alive && setStatus(s),
        () => alive && setStatus(null),
      );
    void read();
    const timer = setInterval(() => void read(), 10_000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [session]);
  return status;
}

/** Whether this node works without its upstream (as of its answer), and since when. */
function alone(status: SyncStatus): { since: string | null } | null {
  const up = status.upstream;
  if (!up) return null;
  const last = up.lastContactAt ? Date.parse(up.lastContactAt) : null;
  if (last !== null && Date.parse(status.now) - last <= QUIET_MS && !up.lastError) return null;
  return { since: up.lastContactAt };
}

/** At a post: a banner while it works without its upstream, saying since when and what waits. */
export function SyncBanner({
  status,
  timezone,
}: {
  status: SyncStatus | null;
  timezone?: string | undefined;
}) {
  const { t, number, lang } = useI18n();
  if (!status?.upstream) return null;
  const up = status.upstream;
  const off = alone(status);
  const messages: string[] = [];
  if (off)
    messages.push(
      off.since
        ? t('workingAlone', {
            since: formatTime(off.since, lang, timezone),
            waiting: number(up.pendingOut ?? 0),
          })
        : t('notYetInContact', { url: up.url }),
    );
  if (!up.confirmed) messages.push(t('waitingForSequence'));
  if (up.clockOffsetMs !== null && Math.abs(up.clockOffsetMs) > status.clockLimitMs)
    messages.push(t('clockOff', { minutes: number(Math.round(up.clockOffsetMs / 60_000)) }));
  if (messages.length === 0) return null;
  return (
    <p className="banner warning" role="status" data-testid="sync-banner">
      {messages.join(' ')}
      {up.lastError && (
        <span className="small muted">
          {' '}
          (<bdi>{up.lastError}</bdi>)
        </span>
      )}
    </p>
  );
}

/** How this node's copy of a site's chain stands against the upstream's. */
function agreement(ours: Heads[string] | undefined, theirs: Heads[string] | undefined): string {
  const a = ours?.seq ?? 0;
  const b = theirs?.seq ?? 0;
  if (a === b) return ours?.hash === theirs?.hash ? 'same' : 'differs';
  return a > b ? 'ahead' : 'behind';
}

type Props = { status: SyncStatus; timezone?: string | undefined };

/**
 * The Sites board: this node's site and its link to its upstream (last contact, events waiting each
 * way, clock offset), every site's chain head here and whether the upstream holds the same, the sites
 * below this node, and the open conflicts.
 */
export function Sites({
  status,
  timezone,
  view,
}: {
  status: SyncStatus | null;
  timezone?: string | undefined;
  view?: OperationView;
}) {
  const { t } = useI18n();
  if (!status) return <p className="muted">{t('loading')}</p>;
  return (
    <section aria-labelledby="sites-heading" data-testid="sites" className="sites">
      <h2 id="sites-heading">{t('navSites')}</h2>
      <LinkFacts status={status} timezone={timezone} />
      <HeadsTable status={status} />
      <SitesBelow status={status} timezone={timezone} />
      <Conflicts status={status} timezone={timezone} {...(view ? { view } : {})} />
    </section>
  );
}

/** A clock offset in seconds, signed. */
function useOffset(): (ms: number | null) => string {
  const { t, number } = useI18n();
  return (ms) =>
    ms === null ? '—' : `${ms > 0 ? '+' : ''}${number(Math.round(ms / 1000))} ${t('secondsShort')}`;
}

function LinkFacts({ status, timezone }: Props) {
  const { t, number, lang } = useI18n();
  const offset = useOffset();
  const up = status.upstream;
  return (
    <dl className="facts">
      <dt>{t('thisSite')}</dt>
      <dd>{status.site}</dd>
      <dt>{t('upstreamNode')}</dt>
      <dd>{up ? up.url : t('rootOfTree')}</dd>
      {up && (
        <>
          <dt>{t('lastContact')}</dt>
          <dd>{formatTime(up.lastContactAt, lang, timezone)}</dd>
          <dt>{t('waitingOut')}</dt>
          <dd>{up.pendingOut === null ? '—' : number(up.pendingOut)}</dd>
          <dt>{t('waitingIn')}</dt>
          <dd>{up.pendingIn === null ? '—' : number(up.pendingIn)}</dd>
          <dt>{t('clockOffset')}</dt>
          <dd
            className={
              up.clockOffsetMs !== null && Math.abs(up.clockOffsetMs) > status.clockLimitMs ? 'error' : ''
            }
          >
            {offset(up.clockOffsetMs)}
          </dd>
          <dt>{t('personKeysSent')}</dt>
          <dd>{number(up.personKeysOut)}</dd>
          {up.personKeysHeldBack > 0 && (
            <>
              <dt>{t('personKeysKept')}</dt>
              <dd className="error">{t('personKeysKeptWhy', { n: number(up.personKeysHeldBack) })}</dd>
            </>
          )}
          <dt>{t('granted')}</dt>
          <dd>
            <Grants grants={up.grants} />
          </dd>
          {up.sitesHeldHere.length > 0 && (
            <>
              <dt>{t('sitesHeldHere')}</dt>
              <dd>{t('sitesHeldHereWhy', { sites: up.sitesHeldHere.join(', ') })}</dd>
            </>
          )}
          {up.lastError && (
            <>
              <dt>{t('lastProblem')}</dt>
              <dd className="error">
                <bdi>{up.lastError}</bdi> ({formatTime(up.lastErrorAt, lang, timezone)})
              </dd>
            </>
          )}
        </>
      )}
    </dl>
  );
}

function HeadsTable({ status }: { status: SyncStatus }) {
  const { t, number } = useI18n();
  const up = status.upstream;
  const sites = [...new Set([...Object.keys(status.heads), ...Object.keys(up?.heads ?? {})])].sort();
  return (
    <>
      <h3>{t('chainHeads')}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('site')}</th>
            <th scope="col">{t('eventsHere')}</th>
            <th scope="col">{t('headHash')}</th>
            {up && <th scope="col">{t('atUpstream')}</th>}
          </tr>
        </thead>
        <tbody>
          {sites.map((s) => {
            const here = status.heads[s];
            const agree = up ? agreement(here, up.heads?.[s]) : null;
            return (
              <tr key={s}>
                <th scope="row">{s}</th>
                <td>{number(here?.seq ?? 0)}</td>
                <td>
                  <code dir="ltr">{here ? `${here.hash.slice(0, 12)}…` : '—'}</code>
                </td>
                {up && (
                  <td className={agree === 'differs' ? 'error' : ''}>
                    {up.heads ? t(`chain_${agree}` as 'chain_same') : '—'}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function SitesBelow({ status, timezone }: Props) {
  const { t, lang } = useI18n();
  const offset = useOffset();
  return (
    <>
      <h3>{t('sitesBelow')}</h3>
      {status.sites.length === 0 ? (
        <p className="muted">{t('noSitesBelow')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('site')}</th>
              <th scope="col">{t('lastContact')}</th>
              <th scope="col">{t('clockOffset')}</th>
              <th scope="col">{t('granted')}</th>
              <th scope="col">{t('lastProblem')}</th>
            </tr>
          </thead>
          <tbody>
            {status.sites.map((s) => (
              <tr key={s.site}>
                <th scope="row">
                  <bdi>{s.site}</bdi>
                  {s.parent && s.parent !== s.site && (
                    <span className="muted small">
                      {' '}
                      {lang === 'ar' ? '→' : '←'} <bdi>{s.parent}</bdi>
                    </span>
                  )}
                </th>
                <td>{formatTime(s.lastContactAt, lang, timezone)}</td>
                <td
                  className={
                    s.clockOffsetMs !== null && Math.abs(s.clockOffsetMs) > status.clockLimitMs ? 'error' : ''
                  }
                >
                  {offset(s.clockOffsetMs)}
                </td>
                <td>{s.grants === undefined ? '—' : <Grants grants={s.grants} />}</td>
                <td className={s.lastError ? 'error' : ''}>
                  <bdi>{s.lastError ?? '—'}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** Each open conflict in the reader's words when this page holds its alert, else as the server wrote it. */
function Conflicts({ status, timezone, view }: Props & { view?: OperationView }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const wording = view ? wordingFor(view, i18n, timezone) : undefined;
  const words = (code: string) => {
    const alert = view?.alerts.find((a) => a.code === code);
    return alert && wording ? alertHeadline(alert, wording) : undefined;
  };
  return (
    <>
      <h3>{t('conflicts')}</h3>
      {status.conflicts.length === 0 ? (
        <p className="muted">{t('noConflicts')}</p>
      ) : (
        <ul>
          {status.conflicts.map((c) => (
            <li key={c.code} title={c.reason}>
              <strong>{c.code}</strong> ({formatTime(c.raisedAt, lang, timezone)}):{' '}
              {words(c.code) ?? (
                <span lang="en" dir="ltr">
                  {c.reason}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The roles a site token grants, in the reader's words (null: every role's, a token made before grants). */
function Grants({ grants }: { grants: readonly string[] | null }) {
  const { t, tx, list } = useI18n();
  if (grants === null) return <>{t('grantedEvery')}</>;
  return <>{grants.length === 0 ? '—' : list(grants.map((g) => tx('role', g)))}</>;
}
