import { useState } from 'react';
import { ERASURE_REASONS, READ_PURPOSES } from '../../contracts/kinds.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { Choice } from './Incidents.js';
import { ConfirmActions } from './fields.js';
import { Children, RegisterPerson } from './ProtectionForms.js';
import { Tracing } from './Tracing.js';
import type { OperationView } from './use-operation.js';
import { personName, useProtection, type Protection as Work, type Purpose } from './use-protection.js';

const PARTS = ['people', 'children', 'tracing'] as const;
type Part = (typeof PARTS)[number];

/**
 * Personal data, for protection officers only: registrations and family groups, unaccompanied and
 * separated children to their hand-over, tracing requests and their matches, erasure. Names are read
 * only once the officer says why, and every such read is recorded, as the API does.
 */
export function Protection({
  view,
  session,
  hash,
  navigate,
}: {
  view: OperationView;
  session: Session;
  hash: string;
  navigate: (href: string) => void;
}) {
  const { t, tx } = useI18n();
  if (view.role !== 'protection') {
    return (
      <section aria-labelledby="protection-heading">
        <h2 id="protection-heading">{t('protectionHeading')}</h2>
        {view.role && <p className="muted">{t('protectionOnly', { role: tx('role', view.role) })}</p>}
      </section>
    );
  }
  const part: Part = (PARTS as readonly string[]).includes(hash) ? (hash as Part) : 'people';
  return <ProtectionWork view={view} session={session} part={part} navigate={navigate} />;
}

function ProtectionWork({
  view,
  session,
  part,
  navigate,
}: {
  view: OperationView;
  session: Session;
  part: Part;
  navigate: (href: string) => void;
}) {
  const { t } = useI18n();
  const work = useProtection(session, view.revision);
  const words: Record<Part, string> = {
    people: t('registrations'),
    children: t('children'),
    tracing: t('tracing'),
  };
  return (
    <section aria-labelledby="protection-heading" className="protection">
      <h2 id="protection-heading">{t('protectionHeading')}</h2>
      <PurposeGate work={work} />
      <nav className="sub-nav" aria-label={t('protectionHeading')}>
        {PARTS.map((p) => (
          <a
            key={p}
            href={`/protection#${p}`}
            aria-current={p === part ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate(`/protection#${p}`);
            }}
          >
            {words[p]}
          </a>
        ))}
      </nav>
      {work.error && <p role="alert">{work.error}</p>}
      {part === 'people' && (
        <>
          <RegisterPerson view={view} work={work} />
          <Registrations view={view} work={work} />
        </>
      )}
      {part === 'children' && <Children view={view} work={work} />}
      {part === 'tracing' && <Tracing work={work} timezone={view.operation?.timezone} />}
    </section>
  );
}

/** Nothing personal is shown before the officer says why; the read is recorded with that purpose. */
function PurposeGate({ work }: { work: Work }) {
  const { t, tx, number } = useI18n();
  const [why, setWhy] = useState<Purpose>(work.purpose ?? 'case-management');
  return (
    <form
      className="purpose-gate"
      data-testid="purpose-gate"
      onSubmit={(e) => {
        e.preventDefault();
        void work.read(why);
      }}
    >
      <p>{t('purposeAsk')}</p>
      <Choice
        label={t('purpose')}
        value={why}
        values={READ_PURPOSES}
        words={(p) => tx('purpose', p)}
        onChange={setWhy}
      />
      <button type="submit">{t('readPersonal')}</button>
      {work.purpose && work.registrations && (
        <p role="status" className="muted small">
          {t('readRecorded', { purpose: tx('purpose', work.purpose), n: number(work.registrations.length) })}
        </p>
      )}
    </form>
  );
}

function Registrations({ view, work }: { view: OperationView; work: Work }) {
  const { t, tx } = useI18n();
  const [erasing, setErasing] = useState<string | null>(null);
  const convoy = new Map(view.convoys.map((c) => [c.id, c.code]));
  const family = new Map(work.families.map((f) => [f.id, f.code]));
  if (!work.registrations) return <p className="muted">{t('notReadYet')}</p>;
  if (work.registrations.length === 0) return <p className="muted">{t('noRegistrations')}</p>;
  return (
    <div className="table-scroll" tabIndex={0}>
      <table data-testid="registrations">
        <thead>
          <tr>
            <th scope="col">{t('code')}</th>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('sex')}</th>
            <th scope="col">{t('age')}</th>
            <th scope="col">{t('convoy')}</th>
            <th scope="col">{t('familyGroup')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">
              <span className="sr-only">{t('erase')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {work.registrations.map((r) => (
            <tr key={r.id} data-code={r.code}>
              <th scope="row">{r.code}</th>
              <td dir="auto">{personName(r, t('erasedPerson'))}</td>
              <td>{r.person?.sex ? tx('sex', r.person.sex) : '—'}</td>
              <td>
                {r.person?.age ?? (r.person?.birthYear ? t('bornIn', { year: r.person.birthYear }) : '—')}
              </td>
              <td>
                {r.person ? (
                  <AssignConvoy code={r.code} convoyId={r.convoyId} convoys={view.convoys} work={work} />
                ) : (
                  ((r.convoyId && convoy.get(r.convoyId)) ?? '—')
                )}
              </td>
              <td>{(r.familyGroupId && family.get(r.familyGroupId)) ?? '—'}</td>
              <td>
                {[
                  r.child && t('isChild'),
                  r.unaccompanied && t('unaccompanied'),
                  r.separated && t('separated'),
                  r.caseStatus && tx('case', r.caseStatus),
                ]
                  .filter(Boolean)
                  .join(' · ') || '—'}
              </td>
              <td>
                {r.person && erasing !== r.code && (
                  <button type="button" onClick={() => setErasing(r.code)}>
                    {t('erase')}
                  </button>
                )}
                {erasing === r.code && (
                  <ConfirmErase code={r.code} work={work} onDone={() => setErasing(null)} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Erasure is for good: it asks why (a code, never free text) and the person's code typed again. */
/** The convoy a person is on, and a change of it: a convoy yet to leave (planned or boarding). */
function AssignConvoy({
  code,
  convoyId,
  convoys,
  work,
}: {
  code: string;
  convoyId: string | null;
  convoys: OperationView['convoys'];
  work: Work;
}) {
  const { t, tx } = useI18n();
  const open = convoys.filter((c) => c.id === convoyId || c.status === 'planned' || c.status === 'boarding');
  return (
    <select
      aria-label={t('putOnConvoy', { code })}
      value={convoyId ?? ''}
      onChange={(e) => void work.send(`registrations/${code}/assign`, { convoyId: e.target.value }, true)}
    >
      {convoyId === null && <option value="">—</option>}
      {open.map((c) => (
        <option key={c.id} value={c.id}>
          {c.code} ({tx('status', c.status)})
        </option>
      ))}
    </select>
  );
}

function ConfirmErase({ code, work, onDone }: { code: string; work: Work; onDone: () => void }) {
  const { t, tx } = useI18n();
  const [reason, setReason] = useState<(typeof ERASURE_REASONS)[number]>('person-asked');
  const [typed, setTyped] = useState('');
  return (
    <form
      className="gate-confirm"
      role="dialog"
      aria-labelledby={`erase-${code}`}
      data-testid="erase-confirm"
      onSubmit={(e) => {
        e.preventDefault();
        if (typed.trim() !== code) return;
        void work.send(`registrations/${code}/erase`, { reason }, true).then((done) => done && onDone());
      }}
    >
      <p id={`erase-${code}`} className="gate-warning">
        {t('eraseConfirm', { code })}
      </p>
      <Choice
        label={t('eraseReason')}
        value={reason}
        values={ERASURE_REASONS}
        words={(r) => tx('erasure', r)}
        onChange={setReason}
      />
      <label>
        {t('typeToConfirm', { code })}
        <input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
      </label>
      <ConfirmActions
        confirm={t('eraseButton', { code })}
        disabled={typed.trim() !== code}
        onCancel={onDone}
      />
    </form>
  );
}
