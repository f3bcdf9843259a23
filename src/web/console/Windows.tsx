import { useState, type CSSProperties, type FormEvent } from 'react';
import { PAUSE_WINDOW_KINDS } from '../../contracts/kinds.js';
import type { Page } from '../client/http.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { formatTime, utcOfWallTime, wallTimeIn } from '../shared/format.js';
import { Choice } from './Incidents.js';
import { recordEnded } from './data-gap.js';
import { nameIn } from '../shared/format.js';
import { useCreate, useSend } from './use-create.js';
import type { OperationView } from './use-operation.js';
import { useLiveRead } from './use-sitrep.js';

export interface PauseWindow {
  id: string;
  code: string;
  kind: string;
  start: string;
  end: string;
  corridorIds: string[];
  agreedBy: string[];
  note: string | null;
  status: string;
  cancelReason: string | null;
}

/** Who agrees windows and calls them off (the API says the same). */
const MAY_AGREE = new Set(['coordinator']);
const KIND_COLOURS: Record<string, string> = { ceasefire: '#0550ae', 'humanitarian-pause': '#1a7f37' };

/**
 * Ceasefires and humanitarian pauses on a timeline, with the corridors they cover and the parties who
 * agreed them, and now (or the end of the record) marked; a coordinator records a new one or calls one
 * off, saying why. Movements outside a window are what the gates and the alerts watch for.
 */
export function Windows({ view, session }: { view: OperationView; session: Session }) {
  const { t } = useI18n();
  const windows = useLiveRead<Page<PauseWindow>>(session, '/windows?limit=5000', view.revision);
  const items = windows.data?.items ?? [];
  const mayAgree = view.role !== null && MAY_AGREE.has(view.role);
  return (
    <section aria-labelledby="windows-heading">
      <h2 id="windows-heading">{t('windowsHeading')}</h2>
      {mayAgree && <AgreeWindow view={view} session={session} />}
      {windows.error && <p role="alert">{windows.error}</p>}
      {windows.data && items.length === 0 && <p className="muted">{t('noWindows')}</p>}
      {items.length > 0 && <Timeline windows={items} view={view} />}
      <ol className="cards" data-testid="windows">
        {items.map((w) => (
          <WindowCard key={w.id} window={w} view={view} session={session} mayCancel={mayAgree} />
        ))}
      </ol>
    </section>
  );
}

/**
 * One bar per window across the time it spans, named on the bar; now (or the end of the record)
 * marked. Drawn in HTML with logical positions, so the words stay readable on a phone and the time
 * runs right to left in Arabic, as the page reads.
 */
function Timeline({ windows, view }: { windows: PauseWindow[]; view: OperationView }) {
  const { t, tx, lang } = useI18n();
  const [now] = useState(() => Date.now());
  const ended = recordEnded(view, now);
  const marker = Date.parse(ended ?? new Date(now).toISOString());
  const times = windows.flatMap((w) => [Date.parse(w.start), Date.parse(w.end)]);
  // Now is on the axis when it is near the windows; years away, it is named at the edge instead.
  const span = Math.max(...times) - Math.min(...times);
  const near = marker >= Math.min(...times) - span && marker <= Math.max(...times) + span;
  const from = Math.min(...times, near ? marker : Infinity);
  const to = Math.max(...times, near ? marker : -Infinity);
  const at = (ms: number) =>
    to === from ? 0 : ((Math.min(Math.max(ms, from), to) - from) / (to - from)) * 100;
  const tz = view.operation?.timezone;
  const markerAt = at(marker);
  return (
    <figure className="timeline">
      <div
        className="timeline-rows"
        role="img"
        aria-label={t('windowsTimeline')}
        data-testid="windows-timeline"
      >
        {windows.map((w) => {
          const [a, b] = [at(Date.parse(w.start)), at(Date.parse(w.end))];
          const words = `${w.code} · ${tx('windowKind', w.kind)} · ${formatTime(w.start, lang, tz)} – ${formatTime(w.end, lang, tz)}`;
          return (
            <div key={w.id} className="timeline-row" data-code={w.code} title={words}>
              <span
                className={`timeline-bar${w.status === 'cancelled' ? ' cancelled' : ''}`}
                style={{
                  insetInlineStart: `${a}%`,
                  inlineSize: `max(2px, ${b - a}%)`,
                  background: w.status === 'cancelled' ? undefined : (KIND_COLOURS[w.kind] ?? '#57606a'),
                }}
              />
              <span className="timeline-label" style={labelAt(a, b)}>
                {w.code} · {tx('windowKind', w.kind)}
              </span>
            </div>
          );
        })}
        <span
          className={`timeline-now${near ? '' : ' far'}`}
          style={{ insetInlineStart: `${markerAt}%` }}
          aria-hidden="true"
        />
      </div>
      <p className="small timeline-now-label" style={labelAt(markerAt, markerAt)}>
        {ended ? t('endOfRecord') : t('nowMarker')}
        {!near && `: ${formatTime(new Date(marker).toISOString(), lang, tz)}`}
      </p>
      <figcaption className="muted small">
        {formatTime(new Date(from).toISOString(), lang, tz)} –{' '}
        {formatTime(new Date(to).toISOString(), lang, tz)}
      </figcaption>
    </figure>
  );
}

/** Where a label over the stretch from a% to b% goes so that it stays inside the timeline. */
function labelAt(a: number, b: number): CSSProperties {
  if (a <= 50) return { paddingInlineStart: `${Math.min(a, 60)}%` };
  return { paddingInlineEnd: `${Math.max(0, 100 - b)}%`, textAlign: 'end' };
}

function WindowCard({
  window: w,
  view,
  session,
  mayCancel,
}: {
  window: PauseWindow;
  view: OperationView;
  session: Session;
  mayCancel: boolean;
}) {
  const { list, t, tx, lang } = useI18n();
  const { send, error } = useSend(session);
  const [reason, setReason] = useState('');
  const corridor = new Map((view.corridors ?? []).map((c) => [c.id, c.code]));
  const org = new Map(view.organisations.map((o) => [o.id, o.code]));
  const tz = view.operation?.timezone;
  return (
    <li className={`card window status-${w.status}`} data-code={w.code}>
      <div className="row">
        <strong>{w.code}</strong>
        <span>{tx('windowKind', w.kind)}</span>
        <span className="muted">{tx('windowStatus', w.status)}</span>
      </div>
      <p>
        {formatTime(w.start, lang, tz)} – {formatTime(w.end, lang, tz)}
      </p>
      <p className="small">
        {t('corridorsCovered')}:{' '}
        {list(w.corridorIds.map((id) => corridor.get(id) ?? '—')) || t('allCorridors')} · {t('agreedBy')}:{' '}
        {w.agreedBy.map((id) => org.get(id) ?? '—').join(t('listSeparator')) || '—'}
      </p>
      {w.note && (
        <p className="muted small" dir="auto">
          {w.note}
        </p>
      )}
      {w.cancelReason && (
        <p className="small" dir="auto">
          {t('calledOffBecause', { reason: w.cancelReason })}
        </p>
      )}
      {mayCancel && w.status === 'agreed' && (
        <details>
          <summary>{t('callOff')}</summary>
          <form
            className="stack-form"
            onSubmit={(e) => {
              e.preventDefault();
              void send(`windows/${w.code}/cancel`, { reason: reason.trim() });
            }}
          >
            <label>
              {t('whyCalledOff')}
              <textarea
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                required
                rows={2}
                maxLength={4000}
              />
            </label>
            <button type="submit" disabled={!reason.trim()}>
              {t('callOff')}
            </button>
            {error && <p role="alert">{error}</p>}
          </form>
        </details>
      )}
    </li>
  );
}

function AgreeWindow({ view, session }: { view: OperationView; session: Session }) {
  const { t, tx, lang } = useI18n();
  const tz = view.operation?.timezone;
  const { created, error, setError, create } = useCreate(session, 'windows');
  const [kind, setKind] = useState<(typeof PAUSE_WINDOW_KINDS)[number]>('humanitarian-pause');
  const [start, setStart] = useState(() => wallTimeIn(new Date().toISOString(), tz));
  const [end, setEnd] = useState(() => wallTimeIn(new Date(Date.now() + 6 * 3_600_000).toISOString(), tz));
  const [corridors, setCorridors] = useState<string[]>([]);
  const [parties, setParties] = useState<string[]>([]);
  const toggle = (list: string[], code: string) =>
    list.includes(code) ? list.filter((c) => c !== code) : [...list, code];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const [from, until] = [utcOfWallTime(start, tz), utcOfWallTime(end, tz)];
    if (!from || !until) return setError(t('windowTimesInvalid'));
    await create({ kind, start: from, end: until, corridorIds: corridors, agreedBy: parties });
  };
  return (
    <details data-testid="agree-window">
      <summary>{t('agreeWindow')}</summary>
      <form className="stack-form" onSubmit={(e) => void submit(e)}>
        <Choice
          label={t('windowKindLabel')}
          value={kind}
          values={PAUSE_WINDOW_KINDS}
          words={(k) => tx('windowKind', k)}
          onChange={setKind}
        />
        <label>
          {t('windowStart')}
          <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required />
        </label>
        <label>
          {t('windowEnd')}
          <input type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} required />
        </label>
        <fieldset>
          <legend>{t('corridorsCovered')}</legend>
          {(view.corridors ?? []).map((c) => (
            <label key={c.id} className="check">
              <input
                type="checkbox"
                checked={corridors.includes(c.code)}
                onChange={() => setCorridors(toggle(corridors, c.code))}
              />
              {c.code} {nameIn(c, lang)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('agreedBy')}</legend>
          {view.organisations.map((o) => (
            <label key={o.id} className="check">
              <input
                type="checkbox"
                checked={parties.includes(o.code)}
                onChange={() => setParties(toggle(parties, o.code))}
              />
              {o.code} {nameIn(o, lang)}
            </label>
          ))}
        </fieldset>
        {/* The console has no area to draw yet: a window covers at least one corridor. */}
        <button type="submit" disabled={corridors.length === 0}>
          {t('recordWindow')}
        </button>
        {created && <p role="status">{t('windowRecorded', { code: created })}</p>}
        {error && <p role="alert">{error}</p>}
      </form>
    </details>
  );
}
