import { useState, type FormEvent, type ReactNode } from 'react';
import {
  ACCESS_STATUSES,
  AID_SECTORS,
  PEOPLE_CATEGORIES,
  SERVICE_KINDS,
  SERVICE_STATUSES,
} from '../../contracts/kinds.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { CodeChoice } from './fields.js';
import { Choice } from './Incidents.js';
import { useCreate } from './use-create.js';
import type { OperationView } from './use-operation.js';

type What = 'returns' | 'service-statuses' | 'access-statuses' | 'aid-deliveries';
/** Who may record what (the API says the same): aid is the coordination cell's and the reporting partners'. */
const MAY: Record<What, ReadonlySet<string>> = {
  returns: new Set(['coordinator', 'post-officer', 'reporting']),
  'service-statuses': new Set(['coordinator', 'post-officer', 'reporting']),
  'access-statuses': new Set(['coordinator', 'post-officer', 'reporting']),
  'aid-deliveries': new Set(['coordinator', 'reporting']),
};
const WHATS = Object.keys(MAY) as What[];
/** What each form starts with: the first word of each choice, as the form shows it. */
const DEFAULTS: Record<What, Record<string, unknown>> = {
  returns: { method: 'counted' },
  'service-statuses': { service: SERVICE_KINDS[0], status: SERVICE_STATUSES[0] },
  'access-statuses': { status: ACCESS_STATUSES[0] },
  'aid-deliveries': { sector: AID_SECTORS[0] },
};

/** Recording recovery: returns by sex and age, a service's or access's status, an aid delivery. */
export function RecordRecovery({ view, session }: { view: OperationView; session: Session }) {
  const { t, tx } = useI18n();
  const allowed = WHATS.filter((w) => view.role && MAY[w].has(view.role));
  const [what, setWhat] = useState<What>('returns');
  if (allowed.length === 0) {
    return view.role ? (
      <p className="muted small">{t('mayNotRecordRecovery', { role: tx('role', view.role) })}</p>
    ) : null;
  }
  const chosen = allowed.includes(what) ? what : allowed[0]!;
  return (
    <details data-testid="record-recovery">
      <summary>{t('recordRecovery')}</summary>
      <Choice
        label={t('whatToRecord')}
        value={chosen}
        values={allowed}
        words={(w) => tx('recoveryWhat', w)}
        onChange={setWhat}
      />
      <RecoveryForm key={chosen} what={chosen} view={view} session={session} />
    </details>
  );
}

function RecoveryForm({ what, view, session }: { what: What; view: OperationView; session: Session }) {
  const { t } = useI18n();
  const { created, error, create } = useCreate(session, what);
  const [area, setArea] = useState('');
  // The first organisation until one is chosen (they may load after the form is shown).
  const [chosenSource, setSource] = useState('');
  const source = chosenSource || (view.organisations[0]?.code ?? '');
  const [document, setDocument] = useState('');
  const [fields, setFields] = useState<Record<string, unknown>>(DEFAULTS[what]);
  const set = (k: string, v: unknown) => setFields((f) => ({ ...f, [k]: v }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const said = document.trim() ? { sourceDocument: document.trim() } : {};
    const body =
      what === 'aid-deliveries'
        ? { areaId: area, organisationId: source, ...said, ...fields }
        : { areaId: area, sourceOrganisationId: source, ...said, ...fields };
    if (await create(clean(body))) setFields(DEFAULTS[what]);
  };
  return (
    <form className="stack-form" onSubmit={(e) => void submit(e)} data-testid={`record-${what}`}>
      <AreaChoice label={t('neighbourhood')} value={area} view={view} onChange={setArea} required />
      {what === 'returns' && <ReturnsFields fields={fields} set={set} view={view} />}
      {what === 'service-statuses' && <ServiceFields fields={fields} set={set} />}
      {what === 'access-statuses' && <AccessFields fields={fields} set={set} />}
      {what === 'aid-deliveries' && <AidFields fields={fields} set={set} />}
      <CodeChoice
        label={what === 'aid-deliveries' ? t('deliveredBy') : t('reportedByOrganisation')}
        value={source}
        items={view.organisations}
        onChange={setSource}
      />
      <label>
        {t('sourceDocument')}
        <input value={document} onChange={(e) => setDocument(e.target.value)} maxLength={200} />
      </label>
      <button type="submit" disabled={!area || !source}>
        {t('recordIt')}
      </button>
      {created && <p role="status">{t('recoveryRecorded')}</p>}
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

/** Words trimmed, and empty fields left out (the server then says what is missing, or takes its default). */
function clean(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body)
      .map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v] as const)
      .filter(([, v]) => v !== '' && v !== undefined && v !== null),
  );
}

const text = (fields: Record<string, unknown>, k: string) => {
  const v = fields[k];
  return typeof v === 'string' ? v : '';
};

type FieldsProps = { fields: Record<string, unknown>; set: (k: string, v: unknown) => void };

function AreaChoice(props: {
  label: string;
  value: string;
  view: OperationView;
  onChange: (code: string) => void;
  required?: boolean;
  none?: string;
}) {
  const { t, lang } = useI18n();
  const areas = props.view.areas
    .filter((a) => a.kind !== 'governorate')
    .map((a) => ({ code: a.code, name: lang === 'ar' && a.nameAr ? a.nameAr : a.nameEn }))
    .sort((a, b) => a.name.localeCompare(b.name, lang));
  return (
    <label>
      {props.label}
      <select
        aria-label={props.label}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        required={props.required}
      >
        <option value="">{props.none ?? t('chooseArea')}</option>
        {areas.map((a) => (
          <option key={a.code} value={a.code}>
            {a.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function NumberField({
  label,
  name,
  fields,
  set,
  min = 0,
  children,
}: FieldsProps & { label: string; name: string; min?: number; children?: ReactNode }) {
  const value = fields[name];
  return (
    <label>
      {label}
      <input
        type="number"
        inputMode="numeric"
        min={min}
        step="any"
        value={typeof value === 'number' ? value : ''}
        onChange={(e) => set(name, e.target.value === '' ? undefined : Number(e.target.value))}
      />
      {children}
    </label>
  );
}

function ReturnsFields({ fields, set, view }: FieldsProps & { view: OperationView }) {
  const { t, tx } = useI18n();
  const people = (fields.people ?? {}) as Record<string, number>;
  return (
    <>
      <AreaChoice
        label={t('returnedFrom')}
        value={text(fields, 'fromAreaId')}
        view={view}
        onChange={(c) => set('fromAreaId', c)}
        none={t('notAnArea')}
      />
      {!fields.fromAreaId && (
        <label>
          {t('returnedFromPlace')}
          <input
            value={text(fields, 'fromPlace')}
            onChange={(e) => set('fromPlace', e.target.value)}
            maxLength={200}
          />
        </label>
      )}
      <fieldset className="people-grid">
        <legend>{t('peopleReturning')}</legend>
        {PEOPLE_CATEGORIES.map((c) => (
          <label key={c}>
            {tx('cat', c)}
            <input
              type="number"
              inputMode="numeric"
              min={0}
              value={people[c] ?? ''}
              onChange={(e) =>
                set('people', { ...people, [c]: e.target.value === '' ? 0 : Number(e.target.value) })
              }
            />
          </label>
        ))}
      </fieldset>
      <Choice
        label={t('method')}
        value={fields.method as 'counted' | 'estimated'}
        values={['counted', 'estimated'] as const}
        words={(m) => tx('method', m)}
        onChange={(m) => set('method', m)}
      />
    </>
  );
}

function ServiceFields({ fields, set }: FieldsProps) {
  const { t, tx } = useI18n();
  return (
    <>
      <Choice
        label={t('service')}
        value={fields.service as (typeof SERVICE_KINDS)[number]}
        values={SERVICE_KINDS}
        words={(k) => tx('service', k)}
        onChange={(k) => set('service', k)}
      />
      <Choice
        label={t('statusLabel')}
        value={fields.status as (typeof SERVICE_STATUSES)[number]}
        values={SERVICE_STATUSES}
        words={(k) => tx('serviceStatus', k)}
        onChange={(k) => set('status', k)}
      />
      <NumberField label={t('facilities')} name="facilities" fields={fields} set={set} />
    </>
  );
}

function AccessFields({ fields, set }: FieldsProps) {
  const { t, tx } = useI18n();
  return (
    <>
      <Choice
        label={t('statusLabel')}
        value={fields.status as (typeof ACCESS_STATUSES)[number]}
        values={ACCESS_STATUSES}
        words={(k) => tx('access', k)}
        onChange={(k) => set('status', k)}
      />
      <label>
        {t('reason')}
        <input
          value={text(fields, 'reason')}
          onChange={(e) => set('reason', e.target.value)}
          maxLength={4000}
        />
      </label>
    </>
  );
}

function AidFields({ fields, set }: FieldsProps) {
  const { t, tx } = useI18n();
  return (
    <>
      <Choice
        label={t('sector')}
        value={fields.sector as (typeof AID_SECTORS)[number]}
        values={AID_SECTORS}
        words={(k) => tx('sector', k)}
        onChange={(k) => set('sector', k)}
      />
      <label>
        {t('item')}
        <input
          value={text(fields, 'item')}
          onChange={(e) => set('item', e.target.value)}
          required
          maxLength={200}
        />
      </label>
      <NumberField label={t('quantity')} name="quantity" fields={fields} set={set} />
      <label>
        {t('unit')}
        <input
          value={text(fields, 'unit')}
          onChange={(e) => set('unit', e.target.value)}
          required
          maxLength={32}
        />
      </label>
      <NumberField label={t('peopleReached')} name="beneficiaries" fields={fields} set={set} />
    </>
  );
}
