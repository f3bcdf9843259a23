import { useEffect, useState, type FormEvent } from 'react';
import type { Plan } from '../client/records.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { formatTime, utcOfWallTime } from '../shared/format.js';
import { minutes } from './alert-words.js';
import type { Pick } from './Incidents.js';
import { PlanKey, PlanLayer } from './layers/plan-layer.js';
import { OnMap } from './map-context.js';
import { gapPercent } from './plan-figures.js';
import { PlanProblem } from './PlanProblem.js';
import { followServerRun, startPlan, usePlanRun, type PlanRun } from './plan-run.js';
import { PlanCompare, PlanView } from './PlanView.js';
import type { OperationView } from './use-operation.js';

/** Who makes and adopts plans, and who says how many wait at a pickup point (the API says the same). */
const MAY_PLAN = new Set(['coordinator']);
const MAY_EDIT_PICKUPS = new Set(['coordinator', 'post-officer']);
const TIME_LIMITS = [1, 2, 5, 10, 20, 30];

/**
 * Planning: what a plan starts from, the planner run on the server with its progress, the plans made
 * (one on the map with its trips and timeline, or two side by side), and the adoption of one into
 * convoys. Everyone who reads the operation sees the plans; coordinators make and adopt them.
 */
export function Planning({
  view,
  session,
  onPick,
  navigate,
}: {
  view: OperationView;
  session: Session;
  onPick: (pick: Pick) => void;
  navigate: (href: string) => void;
}) {
  const { t } = useI18n();
  const run = usePlanRun(session.operationId);
  // A plan the server is making already (this page reloaded, another coordinator's): followed.
  useEffect(() => followServerRun(session), [session]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [compare, setCompare] = useState<string[]>([]);
  const plans = [...view.plans].reverse();
  // The plan chosen, else the one just made, else the adopted one, else the newest.
  const shown =
    plans.find((p) => p.code === chosen) ??
    plans.find((p) => run?.state === 'done' && p.code === run.code) ??
    plans.find((p) => p.status === 'adopted') ??
    plans[0];
  const mayPlan = view.role !== null && MAY_PLAN.has(view.role);
  const pair = compare.map((code) => plans.find((p) => p.code === code)).filter((p): p is Plan => !!p);
  return (
    <section aria-labelledby="planning-heading" className="planning">
      <h2 id="planning-heading">{t('planning')}</h2>
      <PlanProblem
        view={view}
        session={session}
        mayEditPickups={view.role !== null && MAY_EDIT_PICKUPS.has(view.role)}
        onPick={onPick}
      />
      {mayPlan ? (
        <RunPlan view={view} session={session} run={run} />
      ) : (
        view.role && <p className="muted small">{t('mayNotPlan')}</p>
      )}
      <PlanList
        plans={plans}
        view={view}
        shown={shown?.code ?? null}
        compare={compare}
        onShow={setChosen}
        onCompare={(code) =>
          setCompare((c) => (c.includes(code) ? c.filter((x) => x !== code) : [...c, code].slice(-2)))
        }
      />
      {pair.length === 2 && <PlanCompare a={pair[0]!} b={pair[1]!} view={view} />}
      {shown && (
        <>
          <OnMap>
            <PlanLayer plan={shown} />
          </OnMap>
          <PlanKey />
          <PlanView
            key={shown.id}
            plan={shown}
            plans={plans}
            view={view}
            session={session}
            mayAdopt={mayPlan}
            navigate={navigate}
          />
        </>
      )}
    </section>
  );
}

/** The planner's time limit and start, the button, and the run's progress against its limit. */
function RunPlan({ view, session, run }: { view: OperationView; session: Session; run: PlanRun | null }) {
  const { t } = useI18n();
  const [limit, setLimit] = useState(5);
  const [start, setStart] = useState('');
  const [error, setError] = useState<string | null>(null);
  const tz = view.operation?.timezone;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const from = start ? utcOfWallTime(start, tz) : null;
    if (start && !from) return setError(t('windowTimesInvalid'));
    startPlan(session, { timeLimitSec: limit, ...(from ? { start: from } : {}) });
  };
  const running = run?.state === 'running';
  return (
    <form className="stack-form run-plan" onSubmit={submit} data-testid="run-plan">
      <label>
        {t('planTimeLimit')}
        <select value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
          {TIME_LIMITS.map((s) => (
            <option key={s} value={s}>
              {t('unit.seconds', { n: s })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('planStart')}
        <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} />
      </label>
      <p className="muted small">{t('planStartHint')}</p>
      <button type="submit" disabled={running}>
        {t('makePlan')}
      </button>
      {run && <RunProgress run={run} />}
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

function RunProgress({ run }: { run: PlanRun }) {
  const { t, number, problem } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (run.state !== 'running') return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [run.state]);
  if (run.state === 'failed')
    return (
      <p role="alert" data-testid="plan-run">
        {t('planRefused', { reason: problem(run.error) })}
      </p>
    );
  if (run.state === 'done')
    return (
      <p role="status" data-testid="plan-run">
        {t('planMade', { code: run.code ?? '' })}
      </p>
    );
  const elapsed = Math.max(0, (now - run.startedAt) / 1000);
  return (
    <p role="status" data-testid="plan-run" className="plan-progress">
      <progress max={run.limitSec} value={Math.min(elapsed, run.limitSec)} aria-label={t('planning')} />{' '}
      {elapsed < run.limitSec
        ? t('planRunning', { s: number(Math.floor(elapsed)), limit: number(run.limitSec) })
        : t('planChecking')}
    </p>
  );
}

/** The plans made, newest first: one is shown, any two compared. */
function PlanList({
  plans,
  view,
  shown,
  compare,
  onShow,
  onCompare,
}: {
  plans: Plan[];
  view: OperationView;
  shown: string | null;
  compare: string[];
  onShow: (code: string) => void;
  onCompare: (code: string) => void;
}) {
  const { t, tx, lang, number } = useI18n();
  if (plans.length === 0) return <p className="muted">{t('noPlans')}</p>;
  const tz = view.operation?.timezone;
  const mins = (m: number) => minutes(m, { t, number });
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="figures" data-testid="plans">
        <caption className="small">{t('plansMade')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('plan')}</th>
            <th scope="col">{t('statusLabel')}</th>
            <th scope="col">{t('madeAt')}</th>
            <th scope="col" className="num">
              {t('everyoneOutIn')}
            </th>
            <th scope="col" className="num">
              {t('planGap')}
            </th>
            <th scope="col" className="num">
              {t('planPeopleHeading')}
            </th>
            <th scope="col">{t('compare')}</th>
          </tr>
        </thead>
        <tbody>
          {plans.map((p) => {
            const gap = gapPercent(p.makespanMin, p.lowerBoundMin);
            return (
              <tr key={p.id} data-code={p.code} aria-current={p.code === shown ? 'true' : undefined}>
                <th scope="row">
                  <button
                    type="button"
                    className="link"
                    onClick={() => onShow(p.code)}
                    aria-pressed={p.code === shown}
                  >
                    {p.code}
                  </button>
                </th>
                <td>{tx('status', p.status)}</td>
                <td>{formatTime(p.createdAt, lang, tz)}</td>
                <td className="num">{mins(p.makespanMin)}</td>
                <td className="num">{gap === null ? '—' : `${number(Math.round(gap * 10) / 10)} %`}</td>
                <td className="num">{number(p.summary.seated + p.summary.stretcher)}</td>
                <td>
                  <input
                    type="checkbox"
                    checked={compare.includes(p.code)}
                    onChange={() => onCompare(p.code)}
                    aria-label={t('compareThis', { code: p.code })}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
