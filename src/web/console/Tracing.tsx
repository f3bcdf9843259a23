import { useRef, useState, type FormEvent } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { TRACING_CLOSE_REASONS } from '../../contracts/kinds.js';
import { useI18n } from '../i18n/i18n.js';
import { formatTime } from '../shared/format.js';
import { NameFields } from './fields.js';
import { Choice } from './Incidents.js';
import { personName, type Protection, type Registration, type TracingRequest } from './use-protection.js';

/**
 * Tracing requests: who is looking for whom. Their codes and status show without a purpose; finding
 * the registered people who match (across spellings and scripts, as the API matches them) reads names,
 * so it is done for tracing and recorded. A match is confirmed or rejected; a request closed with why.
 */
export function Tracing({ work, timezone }: { work: Protection; timezone: string | undefined }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="tracing-heading">
      <h3 id="tracing-heading">{t('tracing')}</h3>
      <OpenTracing work={work} />
      {work.tracing.length === 0 && <p className="muted">{t('noTracing')}</p>}
      <ol className="cards" data-testid="tracing">
        {work.tracing.map((r) => (
          <TracingCard key={r.id} request={r} work={work} timezone={timezone} />
        ))}
      </ol>
    </section>
  );
}

function OpenTracing({ work }: { work: Protection }) {
  const { t } = useI18n();
  const [sought, setSought] = useState(NOBODY);
  const { latin, arabic, birthYear } = sought;
  const [requester, setRequester] = useState('');
  const [contact, setContact] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const id = useRef(uuidv7());
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const made = await work.send<{ code: string }>('tracing-requests', {
      id: id.current,
      sought: [
        {
          ...(latin.trim() ? { latin: latin.trim() } : {}),
          ...(arabic.trim() ? { arabic: arabic.trim() } : {}),
          ...(birthYear ? { birthYear: Number(birthYear) } : {}),
        },
      ],
      requester: { name: requester.trim(), ...(contact.trim() ? { contact: contact.trim() } : {}) },
    });
    if (!made) return;
    id.current = uuidv7();
    setDone(made.code);
    setSought(NOBODY);
  };
  return (
    <details data-testid="open-tracing">
      <summary>{t('openTracing')}</summary>
      <form className="stack-form" onSubmit={(e) => void submit(e)}>
        <SoughtFields sought={sought} set={(change) => setSought((v) => ({ ...v, ...change }))} />
        <label>
          {t('requesterName')}
          <input value={requester} onChange={(e) => setRequester(e.target.value)} required maxLength={200} />
        </label>
        <label>
          {t('requesterContact')}
          <input value={contact} onChange={(e) => setContact(e.target.value)} maxLength={4000} />
        </label>
        <button type="submit" disabled={(!latin.trim() && !arabic.trim()) || !requester.trim()}>
          {t('openTracingButton')}
        </button>
        {done && <p role="status">{t('tracingOpened', { code: done })}</p>}
      </form>
    </details>
  );
}

const NOBODY = { latin: '', arabic: '', birthYear: '' };

/** The person sought: a name in either script or both, and the year of birth when known. */
function SoughtFields({
  sought,
  set,
}: {
  sought: typeof NOBODY;
  set: (change: Partial<typeof NOBODY>) => void;
}) {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{t('soughtPerson')}</legend>
      <NameFields latin={sought.latin} arabic={sought.arabic} onChange={set} />
      <label>
        {t('birthYear')}
        <input
          type="number"
          inputMode="numeric"
          min={1880}
          max={2100}
          value={sought.birthYear}
          onChange={(e) => set({ birthYear: e.target.value })}
        />
      </label>
    </fieldset>
  );
}

type Candidate = { score: number; registration: Registration };

function TracingCard({
  request,
  work,
  timezone,
}: {
  request: TracingRequest;
  work: Protection;
  timezone: string | undefined;
}) {
  const { t, tx, number } = useI18n();
  const [candidates, setCandidates] = useState<Candidate[] | null>(null);
  const [decided, setDecided] = useState<Record<string, string>>({});
  const find = async () => {
    const found = await work.get<{ items: Candidate[] }>(
      `tracing-requests/${request.code}/candidates?purpose=tracing`,
    );
    if (found) setCandidates(found.items);
  };
  const review = async (registration: string, decision: 'confirmed' | 'rejected') => {
    const done = await work.send(`tracing-requests/${request.code}/reviews`, {
      registrationId: registration,
      decision,
    });
    if (done) setDecided((d) => ({ ...d, [registration]: decision }));
  };
  const open = request.status === 'open';
  return (
    <li className="card" data-code={request.code}>
      <div className="row">
        <strong>{request.code}</strong>
        <span>{tx('tracingStatus', request.status)}</span>
      </div>
      <TracingDetails code={request.code} work={work} timezone={timezone} />
      {open && (
        <button type="button" onClick={() => void find()}>
          {t('findMatches')}
        </button>
      )}
      {candidates?.length === 0 && <p className="muted">{t('noMatches')}</p>}
      {candidates && candidates.length > 0 && (
        <ul className="candidates" data-testid={`candidates-${request.code}`}>
          {candidates.map((c) => (
            <li key={c.registration.id} className="row" data-code={c.registration.code}>
              <strong>{c.registration.code}</strong>
              <span dir="auto">{personName(c.registration, t('erasedPerson'))}</span>
              <span className="muted">{t('matchScore', { score: number(c.score) })}</span>
              {decided[c.registration.code] ? (
                <span>{tx('decision', decided[c.registration.code]!)}</span>
              ) : (
                <>
                  <button type="button" onClick={() => void review(c.registration.code, 'confirmed')}>
                    {t('confirmMatch')}
                  </button>
                  <button type="button" onClick={() => void review(c.registration.code, 'rejected')}>
                    {t('rejectMatch')}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {open && <CloseTracing code={request.code} work={work} />}
    </li>
  );
}

/** Closing a tracing request: the reason, then a confirmation, for a closed request is traced no more. */
function CloseTracing({ code, work }: { code: string; work: Protection }) {
  const { t, tx } = useI18n();
  const [reason, setReason] = useState<(typeof TRACING_CLOSE_REASONS)[number]>('found');
  const [asking, setAsking] = useState(false);
  if (asking)
    return (
      <div
        className="gate-confirm"
        role="dialog"
        aria-labelledby={`close-${code}`}
        data-testid="close-confirm"
      >
        <p id={`close-${code}`}>{t('closeTracingQuestion', { code, reason: tx('closeReason', reason) })}</p>
        <p className="gate-actions">
          <button
            type="button"
            onClick={() =>
              void work.send(`tracing-requests/${code}/close`, { reason }).then(() => setAsking(false))
            }
          >
            {t('closeTracingYes', { code })}
          </button>
          <button type="button" onClick={() => setAsking(false)}>
            {t('cancel')}
          </button>
        </p>
      </div>
    );
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        setAsking(true);
      }}
    >
      <Choice
        label={t('eraseReason')}
        value={reason}
        values={TRACING_CLOSE_REASONS}
        words={(r) => tx('closeReason', r)}
        onChange={setReason}
      />
      <button type="submit">{t('closeTracing')}</button>
    </form>
  );
}

interface TracingRead {
  details: {
    sought: { latin?: string; arabic?: string; birthYear?: number }[];
    requester: { name: string; contact?: string };
    note?: string;
  } | null;
  reviews: { registrationId: string; decision: string; note: string | null; reviewedAt: string }[];
}

/**
 * Who is sought and by whom, and the reviews so far: read only when the officer asks (the read is
 * recorded with the page's purpose, as every read of personal data is).
 */
function TracingDetails({
  code,
  work,
  timezone,
}: {
  code: string;
  work: Protection;
  timezone: string | undefined;
}) {
  const { t, tx, lang } = useI18n();
  const [read, setRead] = useState<TracingRead | null>(null);
  if (!read)
    return (
      <button
        type="button"
        onClick={() =>
          void work.get<TracingRead>(`tracing-requests/${code}?purpose=tracing`).then((r) => r && setRead(r))
        }
      >
        {t('tracingDetails')}
      </button>
    );
  const d = read.details;
  return (
    <dl className="facts" data-testid={`tracing-details-${code}`}>
      <dt>{t('soughtPerson')}</dt>
      <dd>
        {d === null
          ? t('erasedPerson')
          : d.sought.map((s, i) => (
              <div key={i} dir="auto">
                {[s.latin, s.arabic].filter(Boolean).join(' · ')}
                {s.birthYear ? ` (${s.birthYear})` : ''}
              </div>
            ))}
      </dd>
      {d && (
        <>
          <dt>{t('requesterName')}</dt>
          <dd dir="auto">
            {d.requester.name}
            {d.requester.contact ? ` · ${d.requester.contact}` : ''}
          </dd>
          {d.note && (
            <>
              <dt>{t('note')}</dt>
              <dd dir="auto">{d.note}</dd>
            </>
          )}
        </>
      )}
      <dt>{t('tracingReviews')}</dt>
      <dd>
        {read.reviews.length === 0
          ? t('none')
          : read.reviews.map((r) => (
              <div key={r.registrationId + r.reviewedAt}>
                {work.registrations?.find((p) => p.id === r.registrationId)?.code ?? t('registeredPerson')}:{' '}
                {tx('decision', r.decision)} · {formatTime(r.reviewedAt, lang, timezone)}
                {r.note ? ` · ${r.note}` : ''}
              </div>
            ))}
      </dd>
    </dl>
  );
}
