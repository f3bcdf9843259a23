import { useRef, useState, type FormEvent } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { LEGAL_BASES } from '../../contracts/kinds.js';
import { useI18n } from '../i18n/i18n.js';
import { CodeChoice, NameFields } from './fields.js';
import { Choice } from './Incidents.js';
import type { OperationView } from './use-operation.js';
import { personName, type Protection } from './use-protection.js';

const SEXES = ['', 'female', 'male'] as const;

/**
 * A person registered at boarding: name in either script or both, sex, age, the legal basis, their
 * convoy and family group, and whether a child travels alone. The id is chosen here and kept until
 * the server has answered, so a form sent again after a lost answer registers the person once.
 */
const EMPTY = {
  latin: '',
  arabic: '',
  sex: '' as (typeof SEXES)[number],
  age: '',
  relationship: '',
  basis: 'consent' as (typeof LEGAL_BASES)[number],
  convoy: '',
  family: '',
  child: false,
  unaccompanied: false,
  separated: false,
};
type Entry = typeof EMPTY;
type EntryProps = { entry: Entry; set: (change: Partial<Entry>) => void };

export function RegisterPerson({
  view,
  work,
  sheet,
}: {
  view: OperationView;
  work: Protection;
  /** A filled registration form being entered: the registration is the sheet's, entered once. */
  sheet?: { id: string; code: string };
}) {
  const { t } = useI18n();
  const [entry, setEntry] = useState(EMPTY);
  const set = (change: Partial<Entry>) => setEntry((e) => ({ ...e, ...change }));
  const [done, setDone] = useState<string | null>(null);
  const id = useRef(uuidv7());
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    if (sheet) {
      const entered = await work.send<{ recorded: number }>(`sheets/${sheet.id}/entry`, bodyOf(entry), true);
      if (entered) setDone(sheet.code);
      return;
    }
    const made = await work.send<{ code: string }>(
      'registrations',
      { id: id.current, ...bodyOf(entry) },
      true,
    );
    if (!made) return;
    id.current = uuidv7();
    setDone(made.code);
    // The next person is often of the same family, on the same convoy.
    setEntry({ ...EMPTY, convoy: entry.convoy, family: entry.family, basis: entry.basis });
  };
  return (
    <details data-testid="register-person" open={sheet !== undefined}>
      <summary>{sheet ? t('paper.registrationOf', { code: sheet.code }) : t('registerPerson')}</summary>
      <form className="stack-form" onSubmit={(e) => void submit(e)}>
        <PersonFields entry={entry} set={set} />
        <PlacementFields entry={entry} set={set} view={view} work={work} />
        <button type="submit" disabled={!entry.latin.trim() && !entry.arabic.trim()}>
          {t('registerButton')}
        </button>
        {done && (
          <p role="status" data-testid={sheet ? 'sheet-entered' : undefined}>
            {sheet ? t('paper.registrationEntered', { code: done }) : t('registered', { code: done })}
          </p>
        )}
        {sheet && work.error && <p role="alert">{work.error}</p>}
      </form>
    </details>
  );
}

function bodyOf(e: Entry) {
  const some = (k: string, v: string) => (v.trim() ? { [k]: v.trim() } : {});
  return {
    ...some('convoyId', e.convoy),
    ...some('familyGroupId', e.family),
    child: e.child,
    unaccompanied: e.unaccompanied,
    separated: e.separated,
    person: {
      name: { ...some('latin', e.latin), ...some('arabic', e.arabic) },
      ...some('sex', e.sex),
      ...(e.age !== '' ? { age: Number(e.age) } : {}),
      ...some('relationship', e.relationship),
      legalBasis: e.basis,
    },
  };
}

function PersonFields({ entry, set }: EntryProps) {
  const { t, tx } = useI18n();
  return (
    <>
      <NameFields latin={entry.latin} arabic={entry.arabic} onChange={set} />
      <Choice
        label={t('sex')}
        value={entry.sex}
        values={SEXES}
        words={(s) => (s ? tx('sex', s) : t('notGiven'))}
        onChange={(sex) => set({ sex })}
      />
      <label>
        {t('age')}
        <input
          type="number"
          inputMode="numeric"
          min={0}
          max={130}
          value={entry.age}
          onChange={(e) => set({ age: e.target.value })}
        />
      </label>
      <label>
        {t('relationship')}
        <input
          value={entry.relationship}
          onChange={(e) => set({ relationship: e.target.value })}
          maxLength={200}
        />
      </label>
      <Choice
        label={t('legalBasis')}
        value={entry.basis}
        values={LEGAL_BASES}
        words={(b) => tx('legalBasis', b)}
        onChange={(basis) => set({ basis })}
      />
    </>
  );
}

/** Which convoy and family group, and whether a child travels alone. */
function PlacementFields({ entry, set, view, work }: EntryProps & { view: OperationView; work: Protection }) {
  const { t } = useI18n();
  const newFamily = async () => {
    const made = await work.send<{ code: string }>('family-groups', {});
    if (made) set({ family: made.code });
  };
  const flag = (k: 'child' | 'unaccompanied' | 'separated') => (
    <label className="check">
      <input type="checkbox" checked={entry[k]} onChange={(e) => set({ [k]: e.target.checked })} />
      {t(k === 'child' ? 'isChild' : k)}
    </label>
  );
  // A family group just started may not be listed yet: it is offered at once all the same.
  const families =
    work.families.some((f) => f.code === entry.family) || !entry.family
      ? work.families
      : [...work.families, { id: entry.family, code: entry.family, members: [] }];
  return (
    <>
      <label>
        {t('convoy')}
        <select
          aria-label={t('convoy')}
          value={entry.convoy}
          onChange={(e) => set({ convoy: e.target.value })}
        >
          <option value="">{t('none')}</option>
          {view.convoys.map((c) => (
            <option key={c.id} value={c.code}>
              {c.code}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('familyGroup')}
        <select
          aria-label={t('familyGroup')}
          value={entry.family}
          onChange={(e) => set({ family: e.target.value })}
        >
          <option value="">{t('none')}</option>
          {families.map((f) => (
            <option key={f.id} value={f.code}>
              {f.code} ({t('membersCount', { n: f.members.length })})
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => void newFamily()}>
        {t('newFamilyGroup')}
      </button>
      {flag('child')}
      {flag('unaccompanied')}
      {flag('separated')}
    </>
  );
}

/** Unaccompanied and separated children whose case is open, each to a recorded hand-over. */
export function Children({ view, work }: { view: OperationView; work: Protection }) {
  const { t } = useI18n();
  if (!work.registrations) return <p className="muted">{t('notReadYet')}</p>;
  const open = work.registrations.filter((r) => (r.unaccompanied || r.separated) && r.caseStatus === 'open');
  if (open.length === 0) return <p className="muted">{t('noChildren')}</p>;
  return (
    <ol className="cards" data-testid="children">
      {open.map((r) => (
        <li key={r.id} className="card" data-code={r.code}>
          <div className="row">
            <strong>{r.code}</strong>
            <span dir="auto">{personName(r, t('erasedPerson'))}</span>
            <span className="muted">{t(r.unaccompanied ? 'unaccompanied' : 'separated')}</span>
          </div>
          <HandOver code={r.code} view={view} work={work} />
        </li>
      ))}
    </ol>
  );
}

function HandOver({ code, view, work }: { code: string; view: OperationView; work: Protection }) {
  const { t } = useI18n();
  // The first of each until one is chosen (they may load after the form is shown).
  const [chosenPoint, setPoint] = useState('');
  const [chosenOrg, setOrg] = useState('');
  const point = chosenPoint || (view.receptionPoints[0]?.code ?? '');
  const org = chosenOrg || (view.organisations[0]?.code ?? '');
  const [carer, setCarer] = useState('');
  const [relationship, setRelationship] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void work.send(
      `registrations/${code}/hand-over`,
      {
        receptionPointId: point,
        organisationId: org,
        carer: { name: carer.trim(), ...(relationship.trim() ? { relationship: relationship.trim() } : {}) },
      },
      true,
    );
  };
  return (
    <details>
      <summary>{t('handOver')}</summary>
      <form className="stack-form" onSubmit={submit} data-testid={`hand-over-${code}`}>
        <CodeChoice
          label={t('receptionPoint')}
          value={point}
          items={view.receptionPoints}
          onChange={setPoint}
        />
        <CodeChoice label={t('organisation')} value={org} items={view.organisations} onChange={setOrg} />
        <label>
          {t('carerName')}
          <input
            value={carer}
            onChange={(e) => setCarer(e.target.value)}
            required
            maxLength={200}
            autoComplete="off"
          />
        </label>
        <label>
          {t('carerRelationship')}
          <input value={relationship} onChange={(e) => setRelationship(e.target.value)} maxLength={200} />
        </label>
        <button type="submit" disabled={!carer.trim() || !point || !org}>
          {t('handOver')}
        </button>
      </form>
    </details>
  );
}
