import { useState, type FormEvent } from 'react';
import type { Area, Geometry, PickupPoint } from '../client/records.js';
import type { Page } from '../client/http.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { areaName, AreaChoice, NumberField } from './fields.js';
import { vehiclesHeld } from './moves.js';
import { PlacePicker, usePlace, type Pick } from './Incidents.js';
import { useCreate, useSend } from './use-create.js';
import type { OperationView } from './use-operation.js';
import { useLiveRead } from './use-sitrep.js';

/** An item of a list that starts with a code: kept whole, left to right, inside an Arabic sentence. */
const isolate = (item: string) => `\u2068${item}\u2069`;

/** Incidents that change the roads of a plan (docs/safe-passage.md): critical close, serious slow. */
const INCIDENT_EFFECT: Record<string, 'closed' | 'slow'> = { critical: 'closed', serious: 'slow' };

/**
 * What a plan is made from, as the server will take it from the operation: people waiting at the
 * pickup points (which those who may, change or add to here), the reception points, the free fleet,
 * the corridors a plan may drive, and the hazards and incidents that close or slow roads.
 */
export function PlanProblem({
  view,
  session,
  mayEditPickups,
  onPick,
}: {
  view: OperationView;
  session: Session;
  mayEditPickups: boolean;
  onPick: (pick: Pick) => void;
}) {
  const { t, tx, number } = useI18n();
  const pickups = useLiveRead<Page<PickupPoint>>(session, '/pickup-points?limit=5000', view.revision);
  const waiting = (pickups.data?.items ?? []).filter((p) => p.seated + p.stretcher > 0);
  const usable = (view.corridors ?? []).filter((c) => c.status !== 'suspended' && c.status !== 'closed');
  const hazards = view.hazards.filter((h) => h.status === 'suspected' || h.status === 'confirmed');
  const incidents = (view.incidents ?? []).filter(
    (i) => (i.status === 'reported' || i.status === 'verified') && INCIDENT_EFFECT[i.severity],
  );
  return (
    <section aria-labelledby="problem-heading" className="plan-problem" data-testid="plan-problem">
      <h3 id="problem-heading">{t('planStartsFrom')}</h3>
      {/* The people waiting in one line; the table of pickup points opens from it. */}
      <details className="pickups" data-testid="pickups">
        <summary data-testid="plan-waiting">
          {t('peopleWaiting', {
            n: number(waiting.reduce((s, p) => s + p.seated + p.stretcher, 0)),
            stretcher: number(waiting.reduce((s, p) => s + p.stretcher, 0)),
            points: number(waiting.length),
          })}
        </summary>
        <PickupTable
          points={pickups.data?.items ?? []}
          view={view}
          session={session}
          mayEdit={mayEditPickups}
        />
        {mayEditPickups && <AddPickup view={view} session={session} onPick={onPick} />}
      </details>
      {pickups.error && <p role="alert">{pickups.error}</p>}
      <FreeFleet view={view} />
      <ul className="small plan-roads">
        <li>
          {t('receptionPoints')}:{' '}
          {view.receptionPoints
            .map((r) => isolate(`${r.code} (${r.capacity === null ? '—' : number(r.capacity)})`))
            .join(t('listSeparator')) || t('none')}
        </li>
        <li data-testid="plan-corridors">
          {t('corridorsPlanMayUse')}:{' '}
          {usable.map((c) => isolate(`${c.code} (${tx('status', c.status)})`)).join(t('listSeparator')) ||
            t('none')}
        </li>
        <li>
          {t('roadsClosedBy')}:{' '}
          {[
            ...hazards.map((h) => `${h.code} (${tx('status', h.status)})`),
            ...incidents.map(
              (i) =>
                `${i.code} (${tx('incidentSeverity', i.severity)}: ${t(INCIDENT_EFFECT[i.severity] === 'closed' ? 'roadClosed' : 'roadSlowed')})`,
            ),
          ]
            .map(isolate)
            .join(t('listSeparator')) || t('none')}
        </li>
      </ul>
    </section>
  );
}

function PickupTable({
  points,
  view,
  session,
  mayEdit,
}: {
  points: PickupPoint[];
  view: OperationView;
  session: Session;
  mayEdit: boolean;
}) {
  const { t, lang } = useI18n();
  if (points.length === 0) return <p className="muted">{t('noPickupPoints')}</p>;
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="figures" data-testid="pickup-points">
        <caption className="sr-only">{t('pickupPoints')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('pickupPoint')}</th>
            <th scope="col">{t('neighbourhood')}</th>
            <th scope="col" className="num">
              {t('seatedPeople')}
            </th>
            <th scope="col" className="num">
              {t('stretchers')}
            </th>
            {mayEdit && <th scope="col">{t('change')}</th>}
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <PickupRow
              key={p.id}
              point={p}
              area={p.areaId ? areaName(view.areas, p.areaId, lang, '—') : '—'}
              session={session}
              mayEdit={mayEdit}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A pickup point's row; those who may say how many still wait there, with a note. */
function PickupRow({
  point: p,
  area,
  session,
  mayEdit,
}: {
  point: PickupPoint;
  area: string;
  session: Session;
  mayEdit: boolean;
}) {
  const { t, number } = useI18n();
  const [editing, setEditing] = useState(false);
  const [seated, setSeated] = useState(String(p.seated));
  const [stretcher, setStretcher] = useState(String(p.stretcher));
  const { send, error } = useSend(session);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await send(
      `pickup-points/${p.code}`,
      { seated: Number(seated), stretcher: Number(stretcher) },
      'PATCH',
    );
    if (ok) setEditing(false);
  };
  return (
    <tr data-code={p.code}>
      <th scope="row">
        {p.code} <span dir="auto">{p.name}</span>
      </th>
      <td dir="auto">{area}</td>
      {editing ? (
        <td colSpan={3}>
          <form className="inline-form" onSubmit={(e) => void save(e)}>
            <WaitingFields
              seated={seated}
              stretcher={stretcher}
              onSeated={setSeated}
              onStretcher={setStretcher}
            />
            <button type="submit">{t('save')}</button>
            <button type="button" onClick={() => setEditing(false)}>
              {t('cancel')}
            </button>
            {error && <p role="alert">{error}</p>}
          </form>
        </td>
      ) : (
        <>
          <td className="num">{number(p.seated)}</td>
          <td className="num">{number(p.stretcher)}</td>
          {mayEdit && (
            <td>
              <button
                type="button"
                onClick={() => {
                  // From the counts shown now, not those of when the row first showed.
                  setSeated(String(p.seated));
                  setStretcher(String(p.stretcher));
                  setEditing(true);
                }}
                aria-label={t('changeWaitingAt', { code: p.code })}
              >
                {t('change')}
              </button>
            </td>
          )}
        </>
      )}
    </tr>
  );
}

/** A new pickup point: in a neighbourhood (placed at its middle) or where a tap on the map says. */
function AddPickup({
  view,
  session,
  onPick,
}: {
  view: OperationView;
  session: Session;
  onPick: (pick: Pick) => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [area, setArea] = useState('');
  const [seated, setSeated] = useState('0');
  const [stretcher, setStretcher] = useState('0');
  const { at, picking, pick } = usePlace(onPick);
  const { created, error, setError, create } = useCreate(session, 'pickup-points');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const chosen = view.areas.find((a) => a.code === area);
    const place = at ?? (chosen ? middleOf(chosen) : null);
    if (!place) return setError(t('pickupNeedsPlace'));
    const done = await create({
      name: name.trim(),
      location: { type: 'Point', coordinates: place.map((c) => Math.round(c * 1e6) / 1e6) },
      ...(chosen ? { areaId: chosen.code } : {}),
      seated: Number(seated),
      stretcher: Number(stretcher),
    });
    if (done) setName('');
  };
  return (
    <details data-testid="add-pickup">
      <summary>{t('addPickupPoint')}</summary>
      <form className="stack-form" onSubmit={(e) => void submit(e)}>
        <label>
          {t('name')}
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
        </label>
        <AreaChoice
          label={t('neighbourhood')}
          value={area}
          areas={view.areas.filter((a) => a.kind === 'neighbourhood')}
          none={t('none')}
          onChange={setArea}
        />
        <PlacePicker at={at} picking={picking} onPick={pick} />
        <p className="muted small">{t('pickupPlaceHint')}</p>
        <WaitingFields
          seated={seated}
          stretcher={stretcher}
          onSeated={setSeated}
          onStretcher={setStretcher}
        />
        <button type="submit" disabled={name.trim() === '' || (!at && !area)}>
          {t('addPickupPoint')}
        </button>
        {created && <p role="status">{t('pickupAdded', { code: created })}</p>}
        {error && <p role="alert">{error}</p>}
      </form>
    </details>
  );
}

/** The middle of an area: the mean of its outer ring (of its first polygon), enough to place a point in a neighbourhood. */
function middleOf(area: Area): [number, number] | null {
  const ring = outerRing(area.geometry);
  if (!ring || ring.length === 0) return null;
  const sum = ring.reduce((s, p) => [s[0] + p[0], s[1] + p[1]], [0, 0]);
  return [sum[0] / ring.length, sum[1] / ring.length];
}

function outerRing(g: Geometry): [number, number][] | null {
  if (g.type === 'Polygon') return g.coordinates[0] ?? null;
  if (g.type === 'MultiPolygon') return g.coordinates[0]?.[0] ?? null;
  return null;
}

/** The free fleet by kind: vehicles on no convoy that has yet to arrive. */
function FreeFleet({ view }: { view: OperationView }) {
  const { t, tx, number } = useI18n();
  const held = vehiclesHeld(view.convoys);
  const free = view.vehicles.filter((v) => !held.has(v.id));
  const kinds = [...new Set(view.vehicles.map((v) => v.kind))].sort();
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="figures" data-testid="plan-fleet">
        <caption className="small">{t('freeFleet')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('vehicleType')}</th>
            <th scope="col" className="num">
              {t('available')}
            </th>
            <th scope="col" className="num">
              {t('onConvoy')}
            </th>
            <th scope="col" className="num">
              {t('seats')}
            </th>
            <th scope="col" className="num">
              {t('stretchers')}
            </th>
          </tr>
        </thead>
        <tbody>
          {kinds.map((kind) => {
            const of = free.filter((v) => v.kind === kind);
            return (
              <tr key={kind}>
                <th scope="row">{tx('kind', kind)}</th>
                <td className="num">{number(of.length)}</td>
                <td className="num">
                  {number(view.vehicles.filter((v) => v.kind === kind).length - of.length)}
                </td>
                <td className="num">{number(of.reduce((s, v) => s + v.seats, 0))}</td>
                <td className="num">{number(of.reduce((s, v) => s + v.stretchers, 0))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** How many wait: seated and on stretchers. */
function WaitingFields(props: {
  seated: string;
  stretcher: string;
  onSeated: (v: string) => void;
  onStretcher: (v: string) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <NumberField label={t('seatedPeople')} value={props.seated} onChange={props.onSeated} max={1_000_000} />
      <NumberField
        label={t('stretchers')}
        value={props.stretcher}
        onChange={props.onStretcher}
        max={1_000_000}
      />
    </>
  );
}
