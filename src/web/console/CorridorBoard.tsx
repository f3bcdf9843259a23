import { PEOPLE_CATEGORIES } from '../../contracts/kinds.js';
import type { Checkpoint, Convoy, Corridor, CorridorReconciliation, DayFigures } from '../client/records.js';
import { accountedWords } from '../../contracts/words/accounted.js';
import { useI18n } from '../i18n/i18n.js';
import { useState } from 'react';
import { dayIn, distanceMetres, formatDay, formatTime, nameIn } from '../shared/format.js';
import { recordEnded } from './data-gap.js';
import { STATUS_COLOURS } from './layers/operation-layers.js';
import type { Session } from '../client/session.js';
import { CorridorGates } from './CorridorGates.js';
import type { OperationView } from './use-operation.js';

const MEASURES = ['entered', 'exited', 'inTransit', 'arrived'] as const;
/** Corridors in use first, closed ones last. */
const STATUS_ORDER = ['open', 'suspended', 'ready', 'notified', 'planned', 'closed'];
const rank = (status: string) =>
  (STATUS_ORDER.indexOf(status) + STATUS_ORDER.length + 1) % (STATUS_ORDER.length + 1);
const boardOrder = (a: Corridor, b: Corridor) =>
  rank(a.status) - rank(b.status) || a.code.localeCompare(b.code, 'en', { numeric: true });

function zeroDay(day: string): DayFigures {
  const zero = () => ({
    people: { men: 0, women: 0, boys: 0, girls: 0, elderlyMen: 0, elderlyWomen: 0 },
    total: 0,
  });
  return {
    day,
    convoys: 0,
    convoysArrived: 0,
    entered: zero(),
    exited: zero(),
    inTransit: zero(),
    arrived: zero(),
  };
}

/** Per corridor: people today and since opening, the accounted-for check, and its convoys. */
/** The status colours of the map, where white words on them are readable (closed is darker). */
const CHIP_COLOURS: Record<string, string> = { ...STATUS_COLOURS, closed: '#57606a' };

export function CorridorBoard({
  view,
  session,
  focus,
  navigate,
}: {
  view: OperationView;
  session: Session;
  focus: string;
  navigate: (href: string) => void;
}) {
  const { t, lang } = useI18n();
  const [now] = useState(() => Date.now());
  // An operation of long ago shows its last day, named, rather than a today with nothing in it.
  const ended = recordEnded(view, now);
  const tz = view.operation?.timezone;
  const today = {
    day: dayIn(new Date(ended ?? now), tz),
    label: ended ? formatDay(ended, lang, tz) : t('today'),
  };
  if (!view.corridors) return <p>{t('loading')}</p>;
  return (
    <section aria-labelledby="corridors-heading">
      <h2 id="corridors-heading">{t('corridors')}</h2>
      <ul className="cards" data-testid="corridor-list">
        {[...view.corridors].sort(boardOrder).map((corridor) => (
          <CorridorCard
            key={corridor.id}
            corridor={corridor}
            view={view}
            session={session}
            today={today}
            focused={focus === corridor.code}
            navigate={navigate}
          />
        ))}
      </ul>
    </section>
  );
}

function CorridorCard({
  corridor,
  view,
  session,
  today,
  focused,
  navigate,
}: {
  corridor: Corridor;
  view: OperationView;
  session: Session;
  today: { day: string; label: string };
  focused: boolean;
  navigate: (href: string) => void;
}) {
  const { t, tx, lang } = useI18n();
  const rec = view.reconciliation.find((r) => r.corridor === corridor.code);
  const total = rec?.total ?? zeroDay('all');
  const day = rec?.days.find((d) => d.day === today.day) ?? zeroDay(today.day);
  const convoys = view.convoys.filter((c) => c.corridorId === corridor.id);
  return (
    <li
      id={corridor.code}
      className={`card${focused ? ' focused' : ''}`}
      data-testid="corridor-row"
      data-code={corridor.code}
    >
      <header className="card-head">
        <h3>
          {corridor.code} <span className="muted">{nameIn(corridor, lang)}</span>
        </h3>
        <span className="chip" style={{ background: CHIP_COLOURS[corridor.status] ?? '#1f6feb' }}>
          {tx('status', corridor.status)}
        </span>
      </header>
      <CorridorFigures
        day={day}
        dayLabel={today.label}
        total={total}
        recorded={(rec?.total.convoys ?? 0) > 0}
      />
      {corridor.status !== 'closed' && (
        <details data-testid="gates-details">
          <summary>{t('gates')}</summary>
          <CorridorGates
            session={session}
            code={corridor.code}
            status={corridor.status}
            mayChange={view.role === 'coordinator'}
            timezone={view.operation?.timezone}
          />
        </details>
      )}
      <AccountedFor rec={rec} total={total} />
      <ConvoyTable convoys={convoys} view={view} navigate={navigate} />
    </li>
  );
}

/** People today and since opening, with the figures since opening by category folded away. */
/** The figures of a corridor; where nobody was counted they read "not recorded", never 0. */
function CorridorFigures({
  day,
  dayLabel,
  total,
  recorded,
}: {
  day: DayFigures;
  dayLabel: string;
  total: DayFigures;
  recorded: boolean;
}) {
  const { t, tx, number: n } = useI18n();
  const number = (v: number) => (recorded ? n(v) : t('notRecorded'));
  return (
    <>
      <table className="figures">
        <MeasuresHead />
        <tbody>
          <tr>
            <th scope="row">{dayLabel}</th>
            {MEASURES.map((m) => (
              <td key={m}>{number(day[m].total)}</td>
            ))}
          </tr>
          <tr>
            <th scope="row">{t('sinceOpening')}</th>
            {MEASURES.map((m) => (
              <td key={m} data-testid={`${m}-total`}>
                {number(total[m].total)}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <details>
        <summary>{t('byCategory')}</summary>
        <table className="figures">
          <MeasuresHead />
          <tbody>
            {PEOPLE_CATEGORIES.map((cat) => (
              <tr key={cat}>
                <th scope="row">{tx('cat', cat)}</th>
                {MEASURES.map((m) => (
                  <td key={m}>{number(total[m].people[cat])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

function MeasuresHead() {
  const { t } = useI18n();
  return (
    <thead>
      <tr>
        <th scope="col"></th>
        {MEASURES.map((m) => (
          <th key={m} scope="col">
            {t(m)}
          </th>
        ))}
      </tr>
    </thead>
  );
}

function AccountedFor({ rec, total }: { rec: CorridorReconciliation | undefined; total: DayFigures }) {
  const words = useI18n();
  const { t } = words;
  const state = rec?.accounted.state ?? 'unknown';
  // The corridor's totals over the days shown, with what the reconciliation says of it.
  const text = accountedWords(words, rec ? { ...rec, total: { ...rec.total, ...total } } : undefined);
  const tone = state === 'yes' ? 'good' : state === 'no' ? 'bad' : 'unknown';
  return (
    <p
      className={`accounted ${tone}`}
      data-testid="accounted"
      data-state={state}
      title={rec?.accounted.reason}
    >
      <strong>{t('accountedFor')}: </strong>
      {text}
    </p>
  );
}

function ConvoyTable({
  convoys,
  view,
  navigate,
}: {
  convoys: Convoy[];
  view: OperationView;
  navigate: (href: string) => void;
}) {
  const { t, tx, number, lang } = useI18n();
  const tz = view.operation?.timezone;
  if (convoys.length === 0) return <p className="muted">{t('noConvoys')}</p>;
  // Convoys on the way and about to leave; of those arrived, only the last few.
  const arrived = convoys.filter((c) => c.status === 'arrived');
  const shown = [...convoys.filter((c) => c.status !== 'arrived'), ...arrived.slice(-3)];
  const byId = new Map(view.checkpoints.map((c) => [c.id, c]));
  const speedKmh = view.operation?.accountability?.speedKmh ?? 20;
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="convoys">
        <caption className="sr-only">{t('convoys')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('convoy')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('lastCheckpoint')}</th>
            <th scope="col">{t('nextCheckpoint')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((convoy) => {
            const seen = view.positions.get(convoy.id)?.lastCheckpoint;
            const last = seen?.checkpointId ? byId.get(seen.checkpointId) : undefined;
            const next = nextCheckpoint(view.checkpoints, convoy.corridorId, last);
            let expected: string | null = null;
            if (next && convoy.status === 'departed' && last && seen) {
              const hours =
                distanceMetres(last.location.coordinates, next.location.coordinates) / 1000 / speedKmh;
              expected = new Date(new Date(seen.observedAt).getTime() + hours * 3_600_000).toISOString();
            }
            return (
              <tr key={convoy.id}>
                <td>
                  <a
                    href={`/convoys/${convoy.code}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`/convoys/${convoy.code}`);
                    }}
                  >
                    {convoy.code}
                  </a>
                </td>
                <td>{tx('status', convoy.status)}</td>
                <td>{last ? `${last.code} · ${formatTime(seen?.observedAt, lang, tz)}` : t('none')}</td>
                <td>
                  {convoy.status === 'arrived' || !next
                    ? t('none')
                    : `${next.code}${expected ? ` · ${t('expectedAt', { time: formatTime(expected, lang, tz) })}` : ''}`}
                </td>
              </tr>
            );
          })}
        </tbody>
        {arrived.length > 3 && (
          <tfoot>
            <tr>
              <td colSpan={4} className="muted small">
                {t('moreArrived', { count: number(arrived.length - 3) })}
              </td>
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

function nextCheckpoint(all: Checkpoint[], corridorId: string, last: Checkpoint | undefined) {
  return all
    .filter((c) => c.corridorId === corridorId && (last === undefined || c.ordinal > last.ordinal))
    .sort((a, b) => a.ordinal - b.ordinal)[0];
}
