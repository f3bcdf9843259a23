import { useState, type FormEvent } from 'react';
import { PEOPLE_CATEGORIES } from '../../contracts/kinds.js';
import type { Convoy, People } from '../client/records.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { utcOfWallTime } from '../shared/format.js';
import { CarriedFields, carriedOf, draftOf, type CarriedDraft } from './CarriedFields.js';
import { NumberField } from './fields.js';
import { CONVOY_NEXT } from './moves.js';
import { useSend } from './use-create.js';

/** Who moves convoys on and records their manifests (the API says the same). */
const MAY_WORK = new Set(['coordinator', 'post-officer']);
/** The counts of a manifest besides the people by sex and age: how many of them are which. */
const OF_THEM = [
  'stretcherCases',
  'wounded',
  'disabled',
  'unaccompaniedChildren',
  'separatedChildren',
] as const;

/**
 * What those at the convoy do from its page: move it on (boarding, departed, arrived) once they
 * confirm, and record its manifest by sex and age (a correction is a new manifest, started from the
 * one recorded).
 */
export function ConvoyWork({
  convoy,
  role,
  session,
  timeZone,
}: {
  convoy: Convoy;
  role: string | null;
  session: Session;
  timeZone: string | undefined;
}) {
  const { t, tx } = useI18n();
  if (!role || !MAY_WORK.has(role))
    return role ? <p className="muted small">{t('mayNotMoveConvoy', { role: tx('role', role) })}</p> : null;
  return (
    <div className="convoy-work" data-testid="convoy-work">
      {CONVOY_NEXT[convoy.status] && (
        <MoveOn convoy={convoy} to={CONVOY_NEXT[convoy.status]!} session={session} timeZone={timeZone} />
      )}
      <RecordManifest convoy={convoy} session={session} />
    </div>
  );
}

function MoveOn({
  convoy,
  to,
  session,
  timeZone,
}: {
  convoy: Convoy;
  to: string;
  session: Session;
  timeZone: string | undefined;
}) {
  const { t, tx } = useI18n();
  const { send, error, setError } = useSend(session);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  // When it happened, if not now: a move written down at the post and entered later.
  const [when, setWhen] = useState('');
  const move = async () => {
    const at = when ? utcOfWallTime(when, timeZone) : null;
    if (when && !at) return setError(t('windowTimesInvalid'));
    const ok = await send(
      `convoys/${convoy.code}`,
      { status: to, ...(reason.trim() ? { reason: reason.trim() } : {}), ...(at ? { occurredAt: at } : {}) },
      'PATCH',
    );
    if (ok) setAsking(false);
  };
  if (!asking)
    return (
      <p>
        <button type="button" onClick={() => setAsking(true)}>
          {t('moveConvoy', { status: tx('status', to) })}
        </button>
      </p>
    );
  return (
    <div
      className="gate-confirm"
      role="dialog"
      aria-labelledby="move-convoy"
      data-testid="convoy-move-confirm"
    >
      <p id="move-convoy">
        {t(`convoyMoveQuestion.${to as 'boarding' | 'departed' | 'arrived'}`, { code: convoy.code })}
      </p>
      <label>
        {t('whenIfNotNow')}
        <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
      </label>
      <label>
        {t('noteOptional')}
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={4000} />
      </label>
      <p className="gate-actions">
        <button type="button" onClick={() => void move()}>
          {t('yesMoveConvoy', { status: tx('status', to) })}
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          {t('cancel')}
        </button>
      </p>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}

type Counts = Record<(typeof PEOPLE_CATEGORIES)[number] | (typeof OF_THEM)[number], string>;

function RecordManifest({ convoy, session }: { convoy: Convoy; session: Session }) {
  const { t, tx, number } = useI18n();
  const { send, error, created } = useSend(session);
  const recorded = convoy.manifest;
  const [counts, setCounts] = useState<Counts>(() => {
    const from = (k: string) =>
      String(recorded?.people?.[k as keyof People] ?? recorded?.[k as (typeof OF_THEM)[number]] ?? 0);
    return Object.fromEntries([...PEOPLE_CATEGORIES, ...OF_THEM].map((k) => [k, from(k)])) as Counts;
  });
  const [carried, setCarried] = useState<CarriedDraft>(() => draftOf(recorded?.carried));
  const [note, setNote] = useState('');
  const total = PEOPLE_CATEGORIES.reduce((s, k) => s + (Number(counts[k]) || 0), 0);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await send(`convoys/${convoy.code}/manifest`, {
      people: Object.fromEntries(PEOPLE_CATEGORIES.map((k) => [k, Number(counts[k])])),
      ...Object.fromEntries(OF_THEM.map((k) => [k, Number(counts[k])])),
      ...(carriedOf(carried) ? { carried: carriedOf(carried) } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
  };
  const field = (k: keyof Counts, label: string) => (
    <NumberField
      key={k}
      label={label}
      value={counts[k]}
      onChange={(v) => setCounts((c) => ({ ...c, [k]: v }))}
      max={1_000_000}
    />
  );

  return (
    <details data-testid="record-manifest">
      <summary>{t(recorded ? 'correctManifest' : 'recordManifest')}</summary>
      <form className="stack-form" onSubmit={(e) => void submit(e)}>
        <fieldset className="people-grid">
          <legend>{t('peopleOnBoard', { n: number(total) })}</legend>
          {PEOPLE_CATEGORIES.map((k) => field(k, tx('cat', k)))}
        </fieldset>
        <fieldset className="people-grid">
          <legend>{t('ofThem')}</legend>
          {OF_THEM.map((k) => field(k, t(`manifestOf.${k}`)))}
        </fieldset>
        <CarriedFields legend={t('carried.legend')} value={carried} onChange={setCarried} />
        <label>
          {t('noteOptional')}
          <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} />
        </label>
        <button type="submit">{t(recorded ? 'correctManifest' : 'recordManifest')}</button>
        {created && <p role="status">{t('manifestRecorded')}</p>}
        {error && <p role="alert">{error}</p>}
      </form>
    </details>
  );
}
