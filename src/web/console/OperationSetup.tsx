import { useState } from 'react';
import type { Checkpoint, CommandPost, Contact, Organisation } from '../client/records.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { formatTime, nameIn } from '../shared/format.js';
import { ConfirmActions, FoldedForm, NumberField } from './fields.js';
import { useRecordEvent } from './use-create.js';
import type { OperationView } from './use-operation.js';

type Segment = NonNullable<CommandPost['segments']>[number];
const CONTACT_FIELDS = ['name', 'title', 'email', 'phone', 'radio'] as const;

/**
 * The organisations and how to reach each one's focal point (the report and the notifications name
 * them), with a form that names or changes a focal point.
 */
export function OrganisationContacts({ view, session }: { view: OperationView; session: Session }) {
  const { t, lang } = useI18n();
  const { recorded, error, record } = useRecordEvent(session);
  const [chosen, setChosen] = useState('');
  const organisation = view.organisations.find((o) => o.id === chosen) ?? view.organisations[0];
  const [draft, setDraft] = useState<Contact | null>(null);
  const contact = draft ?? organisation?.contact ?? {};
  const set = (field: keyof Contact, value: string) => setDraft({ ...contact, [field]: value });
  const submit = () => {
    if (!organisation) return;
    const cleaned = Object.fromEntries(
      Object.entries(contact).flatMap(([k, v]) => (typeof v === 'string' && v.trim() ? [[k, v.trim()]] : [])),
    );
    void record(
      'OrganisationContactChanged',
      { organisationId: organisation.id, contact: cleaned },
      organisation.code,
    ).then((ok) => ok && setDraft(null));
  };
  return (
    <>
      <h3>{t('organisations')}</h3>
      <OrganisationsTable organisations={view.organisations} />
      <FoldedForm
        title={t('changeContact')}
        testId="change-contact"
        onSubmit={submit}
        disabled={!organisation || !(contact.email?.trim() || contact.phone?.trim() || contact.radio?.trim())}
        created={recorded}
        error={error}
      >
        <label>
          {t('organisation')}
          <select
            value={organisation?.id ?? ''}
            onChange={(e) => {
              setChosen(e.target.value);
              setDraft(null);
            }}
          >
            {view.organisations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.code} {nameIn(o, lang)}
              </option>
            ))}
          </select>
        </label>
        {CONTACT_FIELDS.map((field) => (
          <label key={field}>
            {t(`contact.${field}`)}
            <input
              value={contact[field] ?? ''}
              onChange={(e) => set(field, e.target.value)}
              maxLength={field === 'email' ? 254 : field === 'phone' ? 40 : field === 'radio' ? 80 : 200}
              dir={field === 'name' || field === 'title' ? 'auto' : 'ltr'}
              {...(field === 'email' ? { type: 'email' } : field === 'phone' ? { type: 'tel' } : {})}
            />
          </label>
        ))}
        <p className="muted small">{t('contactNeeds')}</p>
      </FoldedForm>
    </>
  );
}

/** Each organisation: its code, name, role and focal point. */
function OrganisationsTable({ organisations }: { organisations: Organisation[] }) {
  const { t, tx, lang } = useI18n();
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="figures" data-testid="organisations">
        <thead>
          <tr>
            <th scope="col">{t('code')}</th>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('organisationRole')}</th>
            <th scope="col">{t('focalPoint')}</th>
          </tr>
        </thead>
        <tbody>
          {organisations.map((o) => (
            <tr key={o.id}>
              <th scope="row">{o.code}</th>
              <td>{nameIn(o, lang)}</td>
              <td>{o.role ? tx('orgRole', o.role) : '—'}</td>
              <td dir="auto">{reach(o)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A focal point in one line: who, then how to reach them. */
function reach(o: Organisation): string {
  const c = o.contact;
  if (!c) return '—';
  return [[c.name, c.title].filter(Boolean).join(', '), c.email, c.phone, c.radio]
    .filter(Boolean)
    .join(' · ');
}

/**
 * What a command post watches: checkpoints (each watched by one post; choosing one here moves it from
 * another) and stretches of corridor between two checkpoints (the list sent replaces the post's own).
 */
export function WatchAssignment({ view, session }: { view: OperationView; session: Session }) {
  const { t, lang } = useI18n();
  const { recorded, error, record } = useRecordEvent(session);
  const [chosen, setChosen] = useState('');
  const post = view.commandPosts.find((p) => p.id === chosen) ?? view.commandPosts[0];
  const [added, setAdded] = useState<string[]>([]);
  const [segments, setSegments] = useState<Segment[] | null>(null);
  const stretches = segments ?? post?.segments ?? [];
  const corridors = view.corridors ?? [];
  const choose = (id: string) => {
    setChosen(id);
    setAdded([]);
    setSegments(null);
  };
  const submit = () => {
    if (!post) return;
    void record(
      'CommandPostWatchAssigned',
      { commandPostId: post.id, checkpointIds: added, segments: stretches },
      post.code,
    ).then((ok) => ok && (setAdded([]), setSegments(null)));
  };
  return (
    <FoldedForm
      title={t('assignWatch')}
      testId="assign-watch"
      onSubmit={submit}
      disabled={!post || (added.length === 0 && segments === null)}
      created={recorded}
      error={error}
    >
      <label>
        {t('commandPost')}
        <select value={post?.id ?? ''} onChange={(e) => choose(e.target.value)}>
          {view.commandPosts.map((p) => (
            <option key={p.id} value={p.id}>
              {p.code} {nameIn(p, lang)}
            </option>
          ))}
        </select>
      </label>
      <WatchedCheckpoints view={view} post={post} added={added} onAdded={setAdded} />
      <fieldset>
        <legend>{t('watchedStretches')}</legend>
        {stretches.length === 0 && <p className="muted small">{t('noStretches')}</p>}
        <ul className="plain">
          {stretches.map((s, i) => (
            <li key={`${s.corridorId}${s.fromCheckpointId}${s.toCheckpointId}`}>
              <Stretch segment={s} view={view} />{' '}
              <button type="button" onClick={() => setSegments(stretches.filter((_, k) => k !== i))}>
                {t('removeStretch')}
              </button>
            </li>
          ))}
        </ul>
        {corridors.length > 0 && <AddStretch view={view} onAdd={(s) => setSegments([...stretches, s])} />}
      </fieldset>
    </FoldedForm>
  );
}

/** The checkpoints a post watches (ticked, fixed), and those it may be given (from another post too). */
function WatchedCheckpoints({
  view,
  post,
  added,
  onAdded,
}: {
  view: OperationView;
  post: CommandPost | undefined;
  added: string[];
  onAdded: (ids: string[]) => void;
}) {
  const { t, lang } = useI18n();
  const postOf = new Map(view.commandPosts.map((p) => [p.id, p.code]));
  return (
    <fieldset>
      <legend>{t('watchedCheckpoints')}</legend>
      {view.checkpoints.map((c) => {
        const own = post !== undefined && c.commandPostId === post.id;
        return (
          <label key={c.id} className="check">
            <input
              type="checkbox"
              checked={own || added.includes(c.id)}
              disabled={own}
              onChange={(e) => onAdded(e.target.checked ? [...added, c.id] : added.filter((x) => x !== c.id))}
            />
            {c.code} {nameIn(c, lang)}
            {!own && c.commandPostId
              ? ` (${t('watchedBy', { post: postOf.get(c.commandPostId) ?? '—' })})`
              : ''}
          </label>
        );
      })}
    </fieldset>
  );
}

function Stretch({ segment, view }: { segment: Segment; view: OperationView }) {
  const code = (id: string) => view.checkpoints.find((c) => c.id === id)?.code ?? '—';
  const corridor = view.corridors?.find((c) => c.id === segment.corridorId)?.code ?? '—';
  return (
    <span>
      <bdi>{corridor}</bdi>: <bdi>{code(segment.fromCheckpointId)}</bdi> –{' '}
      <bdi>{code(segment.toCheckpointId)}</bdi>
    </span>
  );
}

/** A stretch of one corridor, from one of its checkpoints to another. */
function AddStretch({ view, onAdd }: { view: OperationView; onAdd: (s: Segment) => void }) {
  const { t } = useI18n();
  const corridors = view.corridors ?? [];
  const [corridorId, setCorridor] = useState(corridors[0]?.id ?? '');
  const on: Checkpoint[] = view.checkpoints
    .filter((c) => c.corridorId === corridorId)
    .sort((a, b) => a.ordinal - b.ordinal);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // A checkpoint chosen on another corridor before this one was is not this corridor's.
  const pick = (value: string, fallback: Checkpoint | undefined) =>
    on.some((c) => c.id === value) ? value : (fallback?.id ?? '');
  const [a, b] = [pick(from, on[0]), pick(to, on.at(-1))];
  return (
    <div className="row">
      <select aria-label={t('corridor')} value={corridorId} onChange={(e) => setCorridor(e.target.value)}>
        {corridors.map((c) => (
          <option key={c.id} value={c.id}>
            {c.code}
          </option>
        ))}
      </select>
      {[
        [t('stretchFrom'), a, setFrom],
        [t('stretchTo'), b, setTo],
      ].map(([label, value, setter]) => (
        <select
          key={label as string}
          aria-label={label as string}
          value={value as string}
          onChange={(e) => (setter as (v: string) => void)(e.target.value)}
        >
          {on.map((c) => (
            <option key={c.id} value={c.id}>
              {c.code}
            </option>
          ))}
        </select>
      ))}
      <button
        type="button"
        disabled={!a || !b || a === b}
        onClick={() => onAdd({ corridorId, fromCheckpointId: a, toCheckpointId: b })}
      >
        {t('addStretch')}
      </button>
    </div>
  );
}

/**
 * Closing the operation: why, and after how many days the personal data of its people is erased. It is
 * asked twice, since it cannot be undone; once closed, when, and when the erasure falls due.
 */
export function CloseOperation({ view, session }: { view: OperationView; session: Session }) {
  const { t, tx, list, number, lang } = useI18n();
  const { recorded, error, record } = useRecordEvent(session);
  const [reason, setReason] = useState('');
  const [days, setDays] = useState('90');
  const [confirming, setConfirming] = useState(false);
  const op = view.operation;
  if (!op) return null;
  const tz = op.timezone;
  if (op.closedAt) {
    const retention = op.personalDataRetentionDays ?? 90;
    const erase = new Date(Date.parse(op.closedAt) + retention * 86_400_000).toISOString();
    return (
      <p data-testid="operation-closed">
        {t('operationClosedAt', {
          time: formatTime(op.closedAt, lang, tz),
          days: number(retention),
          erase: formatTime(erase, lang, tz),
        })}
      </p>
    );
  }
  const valid = reason.trim().length > 0 && /^\d+$/.test(days) && Number(days) <= 3650;
  // The server refuses to close an operation while a corridor is not closed: said before it is asked.
  const still = (view.corridors ?? []).filter((c) => c.status !== 'closed');
  if (still.length > 0)
    return (
      <p className="muted" data-testid="close-operation-first">
        {t('closeCorridorsFirst', {
          corridors: list(still.map((c) => `${c.code} (${tx('status', c.status).toLowerCase()})`)),
        })}
      </p>
    );
  return (
    <FoldedForm
      title={t('closeOperation')}
      testId="close-operation"
      onSubmit={() => {
        if (!confirming) return setConfirming(true);
        void record(
          'OperationClosed',
          { reason: reason.trim(), personalDataRetentionDays: Number(days) },
          op.name,
        ).then(() => setConfirming(false));
      }}
      disabled={!valid || confirming}
      created={recorded}
      error={error}
    >
      <label>
        {t('closeReason')}
        <textarea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          maxLength={4000}
          dir="auto"
        />
      </label>
      <NumberField label={t('retentionDays')} value={days} onChange={setDays} />
      {confirming && (
        <div role="alertdialog" aria-label={t('closeOperation')} className="confirm">
          <p>{t('closeConfirm', { days: number(Number(days)) })}</p>
          <ConfirmActions
            confirm={t('closeOperation')}
            disabled={!valid}
            onCancel={() => setConfirming(false)}
          />
        </div>
      )}
    </FoldedForm>
  );
}
