import { useState, type FormEvent } from 'react';
import { HAZARD_TYPES } from '../../contracts/kinds.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { GeoJsonFileField } from './fields.js';
import { Choice, PlacePicker, usePlace, type Pick } from './Incidents.js';
import type { Page } from '../client/http.js';
import { HazardCard, type ClearanceTask } from './HazardWork.js';
import { areaOf, circle, cornersOf, readGeoFile, type SurveyArea } from './geo-files.js';
import { useCreate } from './use-create.js';
import { useLiveRead } from './use-sitrep.js';
import type { OperationView } from './use-operation.js';

/** The roles that may report a hazard, clear it and release the land (the API says the same). */
const MAY_REPORT = new Set(['coordinator', 'post-officer']);

/**
 * Hazard areas (suspected, confirmed, cleared, released) and the report of a new one: its kind and
 * an area around a place picked on the map, as a survey would first mark it. Suspected and confirmed
 * areas block the corridors that cross them until they are cleared (the gates say so).
 */
export function Hazards({
  view,
  session,
  onPick,
}: {
  view: OperationView;
  session: Session;
  onPick: (pick: Pick) => void;
}) {
  const { t } = useI18n();
  const tasks = useLiveRead<Page<ClearanceTask>>(session, '/clearance-tasks?limit=5000', view.revision);
  const mayAct = view.role !== null && MAY_REPORT.has(view.role);
  return (
    <section aria-labelledby="hazards-heading">
      <h2 id="hazards-heading">{t('hazardAreas')}</h2>
      {mayAct && <ReportHazard session={session} onPick={onPick} />}
      {view.hazards.length === 0 && <p className="muted">{t('noHazards')}</p>}
      <ol className="cards" data-testid="hazards">
        {view.hazards.map((h) => (
          <HazardCard
            key={h.id}
            hazard={h}
            tasks={(tasks.data?.items ?? []).filter((task) => task.hazardId === h.id)}
            view={view}
            session={session}
            mayAct={mayAct}
          />
        ))}
      </ol>
    </section>
  );
}

function ReportHazard({ session, onPick }: { session: Session; onPick: (pick: Pick) => void }) {
  const { t, tx } = useI18n();
  const [type, setType] = useState<(typeof HAZARD_TYPES)[number]>('explosive-ordnance');
  const [radius, setRadius] = useState(100);
  const [note, setNote] = useState('');
  const { at, setAt, picking, pick } = usePlace(onPick);
  // An area from a file (a survey's or a damage assessment's polygon) instead of a circle.
  const [fromFile, setFromFile] = useState<{ name: string; area: SurveyArea } | null>(null);
  const { created: reported, error, setError, create } = useCreate(session, 'hazards');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!at && !fromFile) return setError(t('incidentNeedsPlace'));
    const done = await create({
      type,
      area: fromFile ? fromFile.area : circle(at!, radius),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
    if (!done) return;
    setAt(null);
    setFromFile(null);
    setNote('');
  };

  return (
    <details data-testid="report-hazard">
      <summary>{t('reportHazard')}</summary>
      <form className="stack-form" onSubmit={(e) => void submit(e)}>
        <Choice
          label={t('hazardTypeLabel')}
          value={type}
          values={HAZARD_TYPES}
          words={(k) => tx('hazardType', k)}
          onChange={setType}
        />
        <label>
          {t('hazardRadius')}
          <input
            type="number"
            min={10}
            max={5000}
            value={radius}
            onChange={(e) => setRadius(Number(e.target.value))}
          />
        </label>
        <label>
          {t('note')}
          <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={4000} />
        </label>
        <PlacePicker at={at} picking={picking} onPick={pick} />
        <AreaFile value={fromFile} onChange={setFromFile} onError={setError} />
        <button type="submit" disabled={!fromFile && (!at || !(radius >= 10 && radius <= 5000))}>
          {t('sendHazard')}
        </button>
        {reported && <p role="status">{t('hazardReported', { code: reported })}</p>}
        {error && <p role="alert">{error}</p>}
      </form>
    </details>
  );
}

/** A hazard area read from a GeoJSON file, or why it could not be. */
function AreaFile({
  value,
  onChange,
  onError,
}: {
  value: { name: string; area: SurveyArea } | null;
  onChange: (v: { name: string; area: SurveyArea } | null) => void;
  onError: (message: string | null) => void;
}) {
  const { t } = useI18n();
  const read = async (file: File | undefined) => {
    if (!file) return onChange(null);
    const { value: area, badPosition } = await readGeoFile(file, areaOf);
    if (!area) {
      // A file refused leaves no earlier one chosen: what is sent is what the page says.
      onChange(null);
      return onError(
        badPosition
          ? t('geoFileBadPosition', { name: file.name, position: badPosition })
          : t('hazardFileNoArea', { name: file.name }),
      );
    }
    onError(null);
    onChange({ name: file.name, area });
  };
  return (
    <>
      <GeoJsonFileField label={t('hazardFromFile')} onFile={(f) => void read(f)} />
      {value && (
        <p role="status" data-testid="hazard-file">
          {t('hazardFileArea', { name: value.name, points: cornersOf(value.area) })}
        </p>
      )}
    </>
  );
}
