import { useState, type FormEvent } from 'react';
import type { Hazard } from '../client/records.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { formatTime } from '../shared/format.js';
import { CodeChoice } from './fields.js';
import { HAZARD_NEXT } from './moves.js';
import { StatusForm } from './StatusForm.js';
import { useSend } from './use-create.js';
import type { OperationView } from './use-operation.js';

export interface ClearanceTask {
  id: string;
  hazardId: string;
  team: string;
  organisationId: string;
  status: string;
  clearedAreaM2: number | null;
  clearedLengthM: number | null;
  progressAt: string | null;
  qaSignedOffBy: string | null;
  completedAt: string | null;
}

/** One hazard area: its clearance tasks with their progress, and (for those who may) what to do next. */
export function HazardCard({
  hazard,
  tasks,
  view,
  session,
  mayAct,
}: {
  hazard: Hazard;
  tasks: ClearanceTask[];
  view: OperationView;
  session: Session;
  mayAct: boolean;
}) {
  const { t, tx } = useI18n();
  const open = hazard.status === 'suspected' || hazard.status === 'confirmed';
  return (
    <li className={`card hazard status-${hazard.status}`} data-code={hazard.code}>
      <div className="row">
        <strong>{hazard.code}</strong>
        <span>{tx('hazardType', hazard.type)}</span>
        <span className="muted">{tx('status', hazard.status)}</span>
      </div>
      {tasks.length > 0 && (
        <ul className="tasks" data-testid={`tasks-${hazard.code}`}>
          {tasks.map((task) => (
            <TaskLine key={task.id} task={task} view={view} session={session} mayAct={mayAct && open} />
          ))}
        </ul>
      )}
      {mayAct && open && (
        <>
          <StartTask hazard={hazard} view={view} session={session} />
          {/* Anew with each status: what it may become next changes with it. */}
          <ChangeStatus key={hazard.status} hazard={hazard} session={session} />
        </>
      )}
      {!open && tasks.length === 0 && <p className="muted small">{t('noClearance')}</p>}
    </li>
  );
}

function TaskLine({
  task,
  view,
  session,
  mayAct,
}: {
  task: ClearanceTask;
  view: OperationView;
  session: Session;
  mayAct: boolean;
}) {
  const { t, number, lang } = useI18n();
  const { send, error } = useSend(session);
  const [qa, setQa] = useState('');
  const org = view.organisations.find((o) => o.id === task.organisationId)?.code ?? '—';
  const done = task.status === 'completed';
  return (
    <li data-task={task.team}>
      <p>
        <strong>{task.team}</strong> ({org}) ·{' '}
        {task.clearedAreaM2 !== null
          ? t('clearedSoFar', { m2: number(task.clearedAreaM2) })
          : t('noProgressYet')}
        {task.progressAt && ` · ${formatTime(task.progressAt, lang, view.operation?.timezone)}`}
        {done && ` · ${t('qaSignedOff', { who: task.qaSignedOffBy ?? '—' })}`}
      </p>
      {mayAct && !done && (
        <div className="row">
          <ProgressForm task={task} session={session} />
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              void send(`clearance-tasks/${task.id}/complete`, { qaSignedOffBy: qa.trim() });
            }}
          >
            <label>
              {t('qaBy')}
              <input value={qa} onChange={(e) => setQa(e.target.value)} maxLength={200} />
            </label>
            <button type="submit" disabled={!qa.trim()}>
              {t('completeTask')}
            </button>
          </form>
        </div>
      )}
      {error && <p role="alert">{error}</p>}
    </li>
  );
}

function StartTask({ hazard, view, session }: { hazard: Hazard; view: OperationView; session: Session }) {
  const { t } = useI18n();
  const { send, error } = useSend(session);
  const [team, setTeam] = useState('');
  const [chosenOrg, setOrg] = useState('');
  const org = chosenOrg || (view.organisations[0]?.code ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send(`hazards/${hazard.code}/clearance-tasks`, { team: team.trim(), organisationId: org }).then(
      (ok) => ok && setTeam(''),
    );
  };
  return (
    <details>
      <summary>{t('startClearance')}</summary>
      <form className="stack-form" onSubmit={submit}>
        <label>
          {t('team')}
          <input value={team} onChange={(e) => setTeam(e.target.value)} required maxLength={200} />
        </label>
        <CodeChoice label={t('organisation')} value={org} items={view.organisations} onChange={setOrg} />
        <button type="submit" disabled={!team.trim() || !org}>
          {t('startClearance')}
        </button>
        {error && <p role="alert">{error}</p>}
      </form>
    </details>
  );
}

/** Land release: the next status, with why; the server says what stands in the way (clearance not signed off). */
function ChangeStatus({ hazard, session }: { hazard: Hazard; session: Session }) {
  const { t, tx } = useI18n();
  return (
    <StatusForm
      path={`hazards/${hazard.code}`}
      next={HAZARD_NEXT[hazard.status] ?? []}
      summary={t('changeHazardStatus')}
      words={(s) => tx('status', s)}
      button={(s) => t('makeItStatus', { status: tx('status', s) })}
      reasonLabel={t('reason')}
      session={session}
    />
  );
}

/**
 * The area cleared so far. A figure below the one recorded before is a correction: it is recorded only
 * once the person confirms it and says why (a note with the progress).
 */
function ProgressForm({ task, session }: { task: ClearanceTask; session: Session }) {
  const { t, number } = useI18n();
  const { send, error } = useSend(session);
  const [area, setArea] = useState('');
  const [why, setWhy] = useState('');
  const lower = area !== '' && task.clearedAreaM2 !== null && Number(area) < task.clearedAreaM2;
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        const body = { clearedAreaM2: Number(area), ...(lower ? { note: why.trim() } : {}) };
        void send(`clearance-tasks/${task.id}/progress`, body).then((ok) => {
          if (!ok) return;
          setArea('');
          setWhy('');
        });
      }}
    >
      <label>
        {t('clearedM2')}
        <input
          type="number"
          min={0}
          inputMode="numeric"
          value={area}
          onChange={(e) => setArea(e.target.value)}
        />
      </label>
      {lower && (
        <label className="gate-warning">
          {t('progressLower', { before: number(task.clearedAreaM2!) })}
          <input value={why} onChange={(e) => setWhy(e.target.value)} maxLength={4000} required />
        </label>
      )}
      <button type="submit" disabled={area === '' || (lower && !why.trim())}>
        {t(lower ? 'recordCorrection' : 'recordProgress')}
      </button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
