import { useRef, useState } from 'react';
import type { TallyEntry } from '../client/records.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { formatTime } from '../shared/format.js';
import { countFlags, countWhy, tallyNote } from './count-words.js';
import type { Station } from './ConvoyPage.js';
import type { OperationView } from './use-operation.js';
import { useSend } from './use-create.js';
import { ConfirmActions } from './fields.js';

/**
 * Every tally at every station: who counted (the organisation), when, how many, and what became of it
 * (counted, the same again, differs, corrected, void), with the reason; and which count is used and why.
 */
export function TallyHistory({
  stations,
  view,
  session,
}: {
  stations: Station[];
  view: OperationView;
  session: Session;
}) {
  const words = useI18n();
  const { t, tx, number, lang } = words;
  // A count from any source (an enumerator's, a camera's, a drone's) is voided here, with a reason.
  const mayVoid = MAY_VOID.has(view.role ?? '');
  const mayVoidThis = mayVoidOf(view);
  const [voiding, setVoiding] = useState<string | null>(null);
  const tz = view.operation?.timezone;
  const counted = stations.filter((s) => s.tallies.length > 0);
  const note = (h: TallyEntry) => tallyNote(h, words, (iso) => formatTime(iso, lang, tz));
  if (counted.length === 0) return <p className="muted">{t('noTallies')}</p>;
  const flags = counted.flatMap((s) => countFlags(s, words).map((f) => `${s.label}: ${f}`));
  return (
    <div className="table-scroll" tabIndex={0}>
      <TallyFlags flags={flags} />
      <table className="figures" data-testid="tally-history">
        <TallyHead mayVoid={mayVoid} />
        <tbody>
          {counted.flatMap((s) =>
            s.tallies.map((h, i) => (
              <tr
                key={h.id}
                data-status={h.status}
                className={`tally-${h.status}`}
                title={i === 0 ? countWhy(s, words) : undefined}
              >
                <th scope="row">{i === 0 ? s.label : ''}</th>
                <td>{formatTime(h.at, lang, tz)}</td>
                <td>
                  {tx('source', h.source)}
                  {h.scope === 'vehicles' ? ` (${t('scopeVehicles')})` : ''}
                </td>
                <td data-testid="tally-recorder">
                  {[view.organisations.find((o) => o.id === h.by)?.code, h.recorder]
                    .filter(Boolean)
                    .join(' · ')}
                </td>
                <td>{h.total === null ? '—' : number(h.total)}</td>
                <td>
                  {tx('tally', h.status)}
                  {h.voidedBy ? ` (${h.voidedBy})` : ''}
                  {note(h) ? ` · ${note(h)}` : ''}
                </td>
                {mayVoid && (
                  <td>
                    {mayVoidThis(h) && (
                      <VoidCell
                        session={session}
                        tally={h}
                        station={s.label}
                        open={voiding === h.id}
                        onOpen={(open) => setVoiding(open ? h.id : null)}
                      />
                    )}
                  </td>
                )}
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

function TallyHead({ mayVoid }: { mayVoid: boolean }) {
  const { t } = useI18n();
  return (
    <thead>
      <tr>
        <th scope="col">{t('station')}</th>
        <th scope="col">{t('time')}</th>
        <th scope="col">{t('sources')}</th>
        <th scope="col">{t('recordedBy')}</th>
        <th scope="col">{t('total')}</th>
        <th scope="col">{t('status')}</th>
        {mayVoid && <th scope="col">{t('voidTally')}</th>}
      </tr>
    </thead>
  );
}

const MAY_VOID = new Set(['coordinator', 'post-officer', 'enumerator']);

/**
 * Whether this reader may void a tally: the organisation that counted it, or a coordinator (as the
 * server rules); a tally with no organisation recorded is the coordinating body's.
 */
export function mayVoidOf(
  view: Pick<OperationView, 'organisations' | 'role' | 'organisationId'>,
): (h: TallyEntry) => boolean {
  const coordinatingBody = view.organisations.find((o) => o.role === 'coordinating-body')?.id ?? null;
  return (h) =>
    view.role === 'coordinator' ||
    (view.organisationId !== null && (h.by ?? coordinatingBody) === view.organisationId);
}

/** What the counts of a station say of each other (differs, overlaps ...), as the server words them. */
function TallyFlags({ flags }: { flags: string[] }) {
  if (flags.length === 0) return null;
  return (
    <ul className="flags" data-testid="tally-flags">
      {flags.map((f) => (
        <li key={f}>{f}</li>
      ))}
    </ul>
  );
}

/** A count's Void button, and its confirmation once asked for (none for a count void or corrected). */
function VoidCell({
  session,
  tally,
  station,
  open,
  onOpen,
}: {
  session: Session;
  tally: TallyEntry;
  station: string;
  open: boolean;
  onOpen: (open: boolean) => void;
}) {
  const { t } = useI18n();
  const button = useRef<HTMLButtonElement>(null);
  if (tally.status === 'void' || tally.status === 'corrected') return null;
  // Closed (cancelled, Escape, or voided), the focus goes back to the row's button.
  const close = () => {
    onOpen(false);
    requestAnimationFrame(() => button.current?.focus());
  };
  return (
    <>
      <button type="button" ref={button} onClick={() => onOpen(true)} aria-expanded={open}>
        {t('voidTally')}
      </button>
      {open && <VoidTally session={session} tally={tally.id} station={station} onDone={close} />}
    </>
  );
}

/**
 * The confirmation of a count voided: it stays in the record, marked void, and no longer counts.
 * Nothing is sent before a reason is given and the voiding confirmed.
 */
function VoidTally({
  session,
  tally,
  station,
  onDone,
}: {
  session: Session;
  tally: string;
  station: string;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { error, send } = useSend(session);
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  return (
    <form
      className="gate-confirm"
      role="dialog"
      aria-label={t('voidTallyConfirm', { station })}
      data-testid="void-confirm"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !sending) onDone();
      }}
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim() === '' || sending) return;
        setSending(true);
        void send(`passages/${tally}/void`, { reason: reason.trim() })
          .then((done) => done && onDone())
          .finally(() => setSending(false));
      }}
    >
      <p>
        <strong>{t('voidTallyConfirm', { station })}</strong>
      </p>
      <label className="gate-reason">
        {t('gateReasonRequired')}
        <textarea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          rows={2}
          maxLength={500}
          autoFocus
        />
      </label>
      {error && <p role="alert">{error}</p>}
      <ConfirmActions confirm={t('voidTally')} disabled={reason.trim() === '' || sending} onCancel={onDone} />
    </form>
  );
}
