import { useState, type FormEvent } from 'react';
import { FIGURE_QUALIFIERS } from '../../contracts/kinds.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { utcOfWallTime, wallTimeIn } from '../shared/format.js';
import { AreaChoice, CodeChoice } from './fields.js';
import { Choice } from './Incidents.js';
import { useCreate } from './use-create.js';
import type { OperationView } from './use-operation.js';

/** Who records a claim (the API says the same). */
const MAY_REPORT = new Set(['coordinator', 'reporting']);
/** Metrics the report compares claims with (a claim of another metric stands on its own). */
const METRICS = [
  'people_departed',
  'people_evacuated',
  'buses_used',
  'ambulances_used',
  'corridors_opened',
  'returns',
];

/**
 * A figure as a named party claims it: what (a metric and its words), how many (exact, about, more
 * or less than, or a range), of which area, as of when, and the source (organisation, document and
 * date) and how it was arrived at. It is recorded as a claim, beside what the log computes.
 */
export function FigureForm({ view, session }: { view: OperationView; session: Session }) {
  const { t } = useI18n();
  const tz = view.operation?.timezone;
  const { created, error, setError, create } = useCreate(session, 'figures');
  const [draft, setF] = useState<FigureDraft>({
    metric: 'people_evacuated',
    label: '',
    value: '',
    valueMax: '',
    qualifier: 'exact',
    unit: 'people',
    area: '',
    asOf: wallTimeIn(new Date().toISOString(), tz),
    organisation: '',
    document: '',
    method: 'estimated',
  });
  const set = (change: Partial<FigureDraft>) => setF((old) => ({ ...old, ...change }));
  // The first organisation until another is chosen (the list may come after the page).
  const f = { ...draft, organisation: draft.organisation || (view.organisations[0]?.code ?? '') };
  if (!view.role || !MAY_REPORT.has(view.role)) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const asOf = utcOfWallTime(f.asOf, tz);
    if (!asOf) return setError(t('windowTimesInvalid'));
    const done = await create({
      metric: f.metric.trim(),
      label: f.label.trim(),
      value: Number(f.value),
      ...(f.valueMax ? { valueMax: Number(f.valueMax) } : {}),
      qualifier: f.qualifier,
      unit: f.unit.trim(),
      ...(f.area ? { areaId: f.area } : {}),
      asOf,
      sourceOrganisationId: f.organisation,
      sourceDocument: f.document.trim(),
      method: f.method,
    });
    if (done) set({ label: '', value: '', valueMax: '', document: '' });
  };
  return (
    <details data-testid="report-figure">
      <summary>{t('reportFigure')}</summary>
      <form className="stack-form" onSubmit={(e) => void submit(e)}>
        <FigureFields f={f} set={set} view={view} />
        <button type="submit" disabled={!f.label.trim() || f.value === '' || !f.document.trim()}>
          {t('reportFigure')}
        </button>
        {created && <p role="status">{t('figureRecorded', { code: created })}</p>}
        {error && <p role="alert">{error}</p>}
      </form>
    </details>
  );
}

interface FigureDraft {
  metric: string;
  label: string;
  value: string;
  valueMax: string;
  qualifier: (typeof FIGURE_QUALIFIERS)[number];
  unit: string;
  area: string;
  asOf: string;
  organisation: string;
  document: string;
  method: 'counted' | 'estimated';
}

function FigureFields({
  f,
  set,
  view,
}: {
  f: FigureDraft;
  set: (change: Partial<FigureDraft>) => void;
  view: OperationView;
}) {
  const { t, tx } = useI18n();
  return (
    <>
      <label>
        {t('figureMetric')}
        <input
          list="figure-metrics"
          value={f.metric}
          onChange={(e) => set({ metric: e.target.value })}
          required
          pattern="[a-z][a-z0-9_.]{1,63}"
        />
        <datalist id="figure-metrics">
          {METRICS.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
      </label>
      <label>
        {t('figureLabel')}
        <input
          value={f.label}
          onChange={(e) => set({ label: e.target.value })}
          required
          maxLength={200}
          dir="auto"
        />
      </label>
      <Choice
        label={t('figureQualifier')}
        value={f.qualifier}
        values={FIGURE_QUALIFIERS}
        words={(q) => tx('qualifier', q)}
        onChange={(qualifier) => set({ qualifier })}
      />
      <label>
        {t('figureValue')}
        <input type="number" value={f.value} onChange={(e) => set({ value: e.target.value })} required />
      </label>
      <label>
        {t('figureValueMax')}
        <input type="number" value={f.valueMax} onChange={(e) => set({ valueMax: e.target.value })} />
      </label>
      <label>
        {t('figureUnit')}
        <input value={f.unit} onChange={(e) => set({ unit: e.target.value })} required maxLength={32} />
      </label>
      <SourceFields f={f} set={set} view={view} />
    </>
  );
}

/** Where the figure is of, as of when, and whose claim it is. */
function SourceFields({
  f,
  set,
  view,
}: {
  f: FigureDraft;
  set: (change: Partial<FigureDraft>) => void;
  view: OperationView;
}) {
  const { t, tx } = useI18n();
  return (
    <>
      <AreaChoice
        label={t('neighbourhood')}
        value={f.area}
        areas={view.areas}
        none={t('wholeOperation')}
        onChange={(area) => set({ area })}
      />
      <label>
        {t('asOf')}
        <input
          type="datetime-local"
          value={f.asOf}
          onChange={(e) => set({ asOf: e.target.value })}
          required
        />
      </label>
      <CodeChoice
        label={t('claimedBy')}
        value={f.organisation}
        items={view.organisations}
        onChange={(organisation) => set({ organisation })}
      />
      <label>
        {t('sourceDocumentRequired')}
        <input
          value={f.document}
          onChange={(e) => set({ document: e.target.value })}
          required
          maxLength={200}
          dir="auto"
        />
      </label>
      <Choice
        label={t('figureMethod')}
        value={f.method}
        values={['counted', 'estimated'] as const}
        words={(m) => tx('method', m)}
        onChange={(method) => set({ method })}
      />
    </>
  );
}
