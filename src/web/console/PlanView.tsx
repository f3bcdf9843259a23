import { useRef, useState } from 'react';
import { apiFetch } from '../client/http.js';
import type { Plan } from '../client/records.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { formatTime } from '../shared/format.js';
import { minutes } from './alert-words.js';
import {
  better,
  COMPARED,
  planFigures,
  timelineRows,
  type Compared,
  type PlanFigures,
} from './plan-figures.js';
import type { OperationView } from './use-operation.js';

/**
 * One plan: when everyone is out and how close that is to the best possible (the proven bound), the
 * corridors it drives, trips per vehicle, every vehicle's day on a timeline, and, for a coordinator,
 * its adoption into convoys once they confirm.
 */
export function PlanView({
  plan,
  plans,
  view,
  session,
  mayAdopt,
  navigate,
}: {
  plan: Plan;
  plans: Plan[];
  view: OperationView;
  session: Session;
  mayAdopt: boolean;
  navigate: (href: string) => void;
}) {
  const { t, tx, lang, number } = useI18n();
  const tz = view.operation?.timezone;
  const corridor = new Map((view.corridors ?? []).map((c) => [c.id, c.code]));
  const convoys = view.convoys.filter((c) => c.planId === plan.id);
  return (
    <article
      className="plan-view"
      data-testid="plan-view"
      data-code={plan.code}
      aria-labelledby="plan-view-heading"
    >
      <h3 id="plan-view-heading">
        {plan.code} · {tx('status', plan.status)}
      </h3>
      <Figures plan={plan} view={view} />
      {(plan.corridorsUsed ?? []).length > 0 && (
        <ul className="inline-list small" data-testid="plan-corridors-used" aria-label={t('corridorsUsed')}>
          {(plan.corridorsUsed ?? []).map((c) => (
            <li key={c.corridorId}>
              {t('corridorUse', {
                corridor: corridor.get(c.corridorId) ?? '—',
                trips: number(c.legs),
                people: number(c.people),
              })}
            </li>
          ))}
        </ul>
      )}
      <PlanTimeline plan={plan} view={view} />
      {plan.status === 'adopted' && (
        <p className="small" data-testid="plan-convoys">
          {t('adoptedAt', { time: formatTime(plan.adoptedAt, lang, tz) })}
          {plan.adoptNote && <span dir="auto"> · {plan.adoptNote}</span>}
          {convoys.length > 0 && ': '}
          {convoys.map((c, i) => (
            <span key={c.id}>
              {i > 0 && ', '}
              <a
                href={`/convoys/${c.code}`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/convoys/${c.code}`);
                }}
              >
                {c.code}
              </a>
            </span>
          ))}
        </p>
      )}
      {plan.status === 'superseded' && (
        <p className="muted small">
          {t('supersededBy', {
            plan: plans.find((p) => p.id === plan.supersededBy)?.code ?? '—',
            time: formatTime(plan.supersededAt, lang, tz),
          })}
        </p>
      )}
      {mayAdopt && plan.status === 'proposed' && <Adopt plan={plan} plans={plans} session={session} />}
    </article>
  );
}

/** The plan's figures: when everyone is out, the bound and the gap, people, trips and vehicle time. */
function Figures({ plan, view }: { plan: Plan; view: OperationView }) {
  const { list, t, lang, number } = useI18n();
  const f = planFigures(plan);
  const tz = view.operation?.timezone;
  const mins = (m: number) => minutes(m, { t, number });
  const end = new Date(Date.parse(plan.start) + plan.makespanMin * 60_000).toISOString();
  return (
    <dl className="facts">
      <dt>{t('everyoneOutIn')}</dt>
      <dd data-testid="plan-makespan">
        {mins(f.makespanMin)} (<bdi>{formatTime(plan.start, lang, tz)}</bdi> {lang === 'ar' ? '←' : '→'}{' '}
        <bdi>{formatTime(end, lang, tz)}</bdi>)
      </dd>
      <dt>{t('planBound')}</dt>
      <dd>{mins(f.lowerBoundMin)}</dd>
      <dt>{t('planGap')}</dt>
      <dd data-testid="plan-gap">
        {f.gapPercent === null
          ? t('planNoBound')
          : t('planGapWords', { gap: number(Math.round(f.gapPercent * 10) / 10) })}
      </dd>
      <dt>{t('planPeopleHeading')}</dt>
      <dd>{t('planPeople', { n: number(f.people), stretcher: number(f.stretcher) })}</dd>
      <dt>{t('planTrips')}</dt>
      <dd>
        {t('planTripsWords', { trips: number(f.trips), vehicles: number(f.vehiclesUsed) })}{' '}
        <span className="muted">
          (
          {f.tripsPerVehicle
            .map((h) => t('tripsEach', { vehicles: number(h.vehicles), trips: number(h.trips) }))
            .join(t('listSeparator'))}
          )
        </span>
      </dd>
      <dt>{t('vehicleTime')}</dt>
      <dd>{t('vehicleTimeWords', { all: mins(f.vehicleMinutes), empty: mins(f.emptyMinutes) })}</dd>
      <dt>{t('planMadeWith')}</dt>
      <dd className="small">
        {t('planMadeWithWords', {
          limit: number(plan.timeLimitSec),
          network: t(plan.network === 'inline' ? 'planNetworkInline' : 'planNetworkCorridors'),
        })}
        {plan.hazards.length > 0 && ` · ${t('planAvoids', { hazards: list(plan.hazards.map((h) => h.id)) })}`}
      </dd>
    </dl>
  );
}

/** Each vehicle that carries anyone, one row: loaded trips dark, empty drives light; right to left in Arabic. */
function PlanTimeline({ plan, view }: { plan: Plan; view: OperationView }) {
  const { t, lang, number } = useI18n();
  const rows = timelineRows(plan);
  if (rows.length === 0) return null;
  const code = new Map(view.vehicles.map((v) => [v.id, v.code]));
  const width = 600;
  const row = rows.length > 60 ? 5 : 12;
  const top = 18;
  const span = Math.max(plan.makespanMin, 1);
  const rtl = lang === 'ar';
  const x = (m: number) => 4 + ((rtl ? span - m : m) / span) * (width - 8);
  const hours = Array.from({ length: Math.floor(span / 60) + 1 }, (_, h) => h * 60);
  return (
    <figure className="plan-timeline">
      <figcaption className="small">{t('planTimeline', { n: number(rows.length) })}</figcaption>
      <div className="timeline-scroll" tabIndex={0}>
        <svg
          viewBox={`0 0 ${width} ${top + rows.length * row + 4}`}
          role="img"
          aria-label={t('planTimeline', { n: number(rows.length) })}
          data-testid="plan-timeline"
        >
          {hours.map((m) => (
            <g key={m}>
              <line x1={x(m)} x2={x(m)} y1={top - 4} y2={top + rows.length * row} stroke="#d0d7de" />
              <text x={x(m)} y={11} fontSize={10} textAnchor="middle" fill="#57606a">
                {t('unit.hours', { n: number(m / 60) })}
              </text>
            </g>
          ))}
          {rows.map((r, i) => (
            <g key={r.vehicleId} data-vehicle={code.get(r.vehicleId) ?? r.vehicleId}>
              <title>{`${code.get(r.vehicleId) ?? r.vehicleId}: ${r.bars.filter((b) => b.loaded).length}`}</title>
              {r.bars.map((b, j) => (
                <rect
                  key={j}
                  x={Math.min(x(b.fromMin), x(b.toMin))}
                  y={top + i * row}
                  width={Math.max(1, Math.abs(x(b.toMin) - x(b.fromMin)))}
                  height={row - 1}
                  fill={b.loaded ? '#8250df' : '#d8b9ff'}
                />
              ))}
            </g>
          ))}
        </svg>
      </div>
      <p className="map-key small">
        <span className="swatch" style={{ background: '#8250df' }} aria-hidden="true" /> {t('loadedTrip')}{' '}
        <span className="swatch" style={{ background: '#d8b9ff' }} aria-hidden="true" /> {t('emptyDrive')}
      </p>
    </figure>
  );
}

/**
 * Adopting a plan, once the coordinator confirms: its loaded trips become planned convoys and the other
 * proposed plans are superseded; the server's refusal (vehicles now on other convoys, trips off every
 * corridor) is shown as it says it.
 */
function Adopt({ plan, plans, session }: { plan: Plan; plans: Plan[]; session: Session }) {
  const { list, t, number, problem } = useI18n();
  const [asking, setAsking] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<string[] | null>(null);
  const busy = useRef(false);
  const others = plans.filter((p) => p.status === 'proposed' && p.id !== plan.id).map((p) => p.code);
  const adopt = async () => {
    if (busy.current) return;
    busy.current = true;
    setError(null);
    try {
      const result = await apiFetch<{ convoys: { code: string }[] }>(
        session,
        `/operations/${session.operationId}/plans/${plan.code}/adopt`,
        { method: 'POST', body: note.trim() ? { note: note.trim() } : {} },
      );
      setMade(result.convoys.map((c) => c.code));
      setAsking(false);
    } catch (e) {
      setError(problem(e));
    } finally {
      busy.current = false;
    }
  };
  if (made) return <p role="status">{t('planAdopted', { code: plan.code, convoys: list(made) })}</p>;
  if (!asking)
    return (
      <p>
        <button type="button" onClick={() => setAsking(true)}>
          {t('adoptPlan', { code: plan.code })}
        </button>
      </p>
    );
  return (
    <div className="gate-confirm" role="dialog" aria-labelledby="adopt-question" data-testid="adopt-confirm">
      <p id="adopt-question">
        {t('adoptQuestion', { code: plan.code, trips: number(planFigures(plan).trips) })}
        {others.length > 0 && ` ${t('adoptSupersedes', { plans: list(others) })}`}
      </p>
      <label>
        {t('noteOptional')}
        <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={4000} />
      </label>
      <p className="gate-actions">
        <button type="button" onClick={() => void adopt()}>
          {t('confirmAdopt', { code: plan.code })}
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          {t('cancel')}
        </button>
      </p>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}

/** Two plans side by side, figure by figure, the better of each marked. */
export function PlanCompare({ a, b, view }: { a: Plan; b: Plan; view: OperationView }) {
  const { list, t, number } = useI18n();
  const [fa, fb] = [planFigures(a), planFigures(b)];
  const corridor = new Map((view.corridors ?? []).map((c) => [c.id, c.code]));
  const words = (figure: Compared, f: PlanFigures): string => {
    const v = f[figure];
    if (v === null) return '—';
    if (figure === 'gapPercent') return `${number(Math.round(v * 10) / 10)} %`;
    if (figure.endsWith('Min') || figure.endsWith('Minutes')) return minutes(v, { t, number });
    return number(v);
  };
  const used = (p: Plan) =>
    list((p.corridorsUsed ?? []).map((c) => `${corridor.get(c.corridorId) ?? '—'} ${number(c.people)}`)) ||
    '—';
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="figures plan-compare" data-testid="plan-compare">
        <caption className="small">{t('comparePlans', { a: a.code, b: b.code })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('figure')}</th>
            <th scope="col" className="num">
              {a.code}
            </th>
            <th scope="col" className="num">
              {b.code}
            </th>
          </tr>
        </thead>
        <tbody>
          {COMPARED.map((figure) => {
            const best = better(figure, fa[figure], fb[figure]);
            return (
              <tr key={figure} data-figure={figure}>
                <th scope="row">{t(`compare.${figure}`)}</th>
                <td className={`num${best === 'a' ? ' better' : ''}`}>{words(figure, fa)}</td>
                <td className={`num${best === 'b' ? ' better' : ''}`}>{words(figure, fb)}</td>
              </tr>
            );
          })}
          <tr>
            <th scope="row">{t('corridorsUsed')}</th>
            <td>{used(a)}</td>
            <td>{used(b)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
