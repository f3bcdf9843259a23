import { useState, type FormEvent } from 'react';
import { INCIDENT_SEVERITIES, INCIDENT_TYPES } from '../../contracts/kinds.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { INCIDENT_NEXT } from './moves.js';
import { StatusForm } from './StatusForm.js';
import { useCreate } from './use-create.js';
import type { OperationView } from './use-operation.js';
import { nameIn } from '../shared/format.js';

const TYPES = INCIDENT_TYPES;
const SEVERITIES = INCIDENT_SEVERITIES;
/** The roles that may report an incident, and those who verify and close it (the API says the same). */
const MAY_REPORT = new Set(['coordinator', 'post-officer', 'enumerator']);
const MAY_CHANGE = new Set(['coordinator', 'post-officer']);

export type Pick = ((at: [number, number]) => void) | null;

/**
 * Incidents not yet closed, and the report of a new one: what, how severe, where (picked on the map)
 * and on which corridor. It reaches every screen at once, and the gates of that corridor.
 */
export function Incidents({
  view,
  session,
  onPick,
}: {
  view: OperationView;
  session: Session;
  onPick: (pick: Pick) => void;
}) {
  const { t, tx } = useI18n();
  const incidents = (view.incidents ?? []).filter((i) => i.status !== 'closed');
  return (
    <section aria-labelledby="incidents-heading">
      <h2 id="incidents-heading">{t('incidents')}</h2>
      {view.role && MAY_REPORT.has(view.role) ? (
        <ReportIncident view={view} session={session} onPick={onPick} />
      ) : (
        view.role && (
          <p className="muted small">{t('mayNotReportIncident', { role: tx('role', view.role) })}</p>
        )
      )}
      {incidents.length === 0 && <p className="muted">{t('noIncidents')}</p>}
      <ol className="cards" data-testid="incidents">
        {incidents.map((i) => (
          <li key={i.id} className={`card incident severity-${i.severity}`} data-code={i.code}>
            <div className="row">
              <strong>{i.code}</strong>
              <span>{tx('incidentType', i.type)}</span>
              <span className="muted">{tx('incidentSeverity', i.severity)}</span>
              {i.status && <span className="muted">{tx('incidentStatus', i.status)}</span>}
            </div>
            <p dir="auto">{i.description}</p>
            {view.role &&
              MAY_CHANGE.has(view.role) &&
              i.status &&
              (INCIDENT_NEXT[i.status] ?? []).length > 0 && (
                <IncidentStatusForm key={i.status} code={i.code} status={i.status} session={session} />
              )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Verify an incident, say it could not be, or close it, with the reason. */
function IncidentStatusForm({ code, status, session }: { code: string; status: string; session: Session }) {
  const { t, tx } = useI18n();
  return (
    <StatusForm
      path={`incidents/${code}`}
      next={INCIDENT_NEXT[status] ?? []}
      summary={t('changeIncidentStatus')}
      words={(k) => tx('incidentStatus', k)}
      button={(k) => t('changeIncidentTo', { status: tx('incidentStatus', k) })}
      reasonLabel={t('whyStatus')}
      session={session}
    />
  );
}

function ReportIncident({
  view,
  session,
  onPick,
}: {
  view: OperationView;
  session: Session;
  onPick: (pick: Pick) => void;
}) {
  const { t } = useI18n();
  const [type, setType] = useState<(typeof TYPES)[number]>('other');
  const [severity, setSeverity] = useState<(typeof SEVERITIES)[number]>('moderate');
  const [description, setDescription] = useState('');
  const [reporter, setReporter] = useState('');
  const [corridor, setCorridor] = useState('');
  const { at, setAt, picking, pick } = usePlace(onPick);
  const { created: reported, error, setError, create } = useCreate(session, 'incidents');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!at) return setError(t('incidentNeedsPlace'));
    const done = await create({
      type,
      severity,
      description: description.trim(),
      reporter: reporter.trim(),
      location: { type: 'Point', coordinates: at.map((c) => Math.round(c * 1e6) / 1e6) },
      ...(corridor ? { corridorId: corridor } : {}),
    });
    if (!done) return;
    setDescription('');
    setAt(null);
  };
  return (
    <details className="report-incident" data-testid="report-incident">
      <summary>{t('reportIncident')}</summary>
      <form className="stack-form" onSubmit={(e) => void submit(e)}>
        <IncidentKind
          type={type}
          severity={severity}
          corridor={corridor}
          corridors={view.corridors ?? []}
          onType={setType}
          onSeverity={setSeverity}
          onCorridor={setCorridor}
        />
        <label>
          {t('whatHappened')}
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} required rows={3} />
        </label>
        <label>
          {t('reportedBy')}
          <input value={reporter} onChange={(e) => setReporter(e.target.value)} required />
        </label>
        <PlacePicker at={at} picking={picking} onPick={pick} />
        <button type="submit" disabled={!at || description.trim() === '' || reporter.trim() === ''}>
          {t('sendIncident')}
        </button>
        {reported && <p role="status">{t('incidentReported', { code: reported })}</p>}
        {error && <p role="alert">{error}</p>}
      </form>
    </details>
  );
}

/** What kind of incident, how severe, and on which corridor (none: near no corridor). */
function IncidentKind(props: {
  type: (typeof TYPES)[number];
  severity: (typeof SEVERITIES)[number];
  corridor: string;
  corridors: { id: string; code: string; name: string }[];
  onType: (type: (typeof TYPES)[number]) => void;
  onSeverity: (severity: (typeof SEVERITIES)[number]) => void;
  onCorridor: (code: string) => void;
}) {
  const { t, tx, lang } = useI18n();
  return (
    <>
      <Choice
        label={t('incidentTypeLabel')}
        value={props.type}
        values={TYPES}
        words={(k) => tx('incidentType', k)}
        onChange={props.onType}
      />
      <Choice
        label={t('incidentSeverityLabel')}
        value={props.severity}
        values={SEVERITIES}
        words={(k) => tx('incidentSeverity', k)}
        onChange={props.onSeverity}
      />
      <label>
        {t('corridor')}
        <select value={props.corridor} onChange={(e) => props.onCorridor(e.target.value)}>
          <option value="">{t('none')}</option>
          {props.corridors.map((c) => (
            <option key={c.id} value={c.code}>
              {c.code} {nameIn(c, lang)}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/** The place of the incident: picked with a tap on the map, shown as latitude, longitude. */
export function PlacePicker({
  at,
  picking,
  onPick,
}: {
  at: [number, number] | null;
  picking: boolean;
  onPick: () => void;
}) {
  const { t } = useI18n();
  return (
    <p className="row">
      <button type="button" onClick={onPick} aria-pressed={picking}>
        {picking ? t('pickingOnMap') : t('pickOnMap')}
      </button>
      <span data-testid="incident-place">
        {at ? `${at[1].toFixed(5)}, ${at[0].toFixed(5)}` : t('noPlaceYet')}
      </span>
    </p>
  );
}

/** A place asked of the map: the next tap on it, then the map is itself again. */
export function usePlace(onPick: (pick: Pick) => void) {
  const [at, setAt] = useState<[number, number] | null>(null);
  const [picking, setPicking] = useState(false);
  const pick = () => {
    setPicking(true);
    onPick((where) => {
      setAt(where);
      setPicking(false);
      onPick(null);
    });
  };
  return { at, setAt, picking, pick };
}

/** One of a fixed list of values, each shown in the reader's words. */
export function Choice<T extends string>(props: {
  label: string;
  value: T;
  values: readonly T[];
  words: (value: T) => string;
  onChange: (value: T) => void;
}) {
  return (
    <label>
      {props.label}
      <select
        aria-label={props.label}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as T)}
      >
        {props.values.map((k) => (
          <option key={k} value={k}>
            {props.words(k)}
          </option>
        ))}
      </select>
    </label>
  );
}
