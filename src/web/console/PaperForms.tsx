import { useState } from 'react';
import type { MessageKey } from '../../contracts/words/messages.js';
import { apiFetch } from '../client/http.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { dayIn, formatTime } from '../shared/format.js';
import { CarriedRows, carriedOf, type CarriedDraft } from './CarriedFields.js';
import type { OperationView } from './use-operation.js';
import { RegisterPerson } from './ProtectionForms.js';
import { useProtection } from './use-protection.js';

/** A sheet as `GET .../sheets/{ref}` gives it. */
export interface SheetRecord {
  id: string;
  code: string;
  kind: 'manifest' | 'tally' | 'registration';
  convoyId: string | null;
  checkpointId: string | null;
  day: string | null;
  enteredAt: string | null;
}

const PEOPLE = ['men', 'women', 'boys', 'girls', 'elderlyMen', 'elderlyWomen'] as const;
type People = Record<(typeof PEOPLE)[number], string>;
const noPeople = (): People => ({
  men: '',
  women: '',
  boys: '',
  girls: '',
  elderlyMen: '',
  elderlyWomen: '',
});
const numbers = (p: People) => Object.fromEntries(PEOPLE.map((k) => [k, Number(p[k] || 0)]));
const written = (r: Row) =>
  PEOPLE.some((k) => r.people[k] !== '') || r.stretcher !== '' || carriedOf(r.carried) !== undefined;
/** The item boxes written in a row, when any was: the server reads them by the sheet's column rule. */
const items = (r: Row) => {
  const c = carriedOf(r.carried);
  return c ? { carried: c } : {};
};
const digits = (v: string) => v.replace(/\D/g, '');

interface Row {
  /** The convoy (tally) or vehicle (manifest) printed in the row, or chosen for an "other convoy" row. */
  of: string;
  /** Printed on the sheet: its convoy or vehicle is not chosen here. */
  printed: boolean;
  time: string;
  vehicles: string;
  stretcher: string;
  people: People;
  carried: CarriedDraft;
}
const blankRow = (): Row => ({
  of: '',
  printed: false,
  time: '',
  vehicles: '',
  stretcher: '',
  people: noPeople(),
  carried: {},
});

/** What the form sends: the sheet's rows as written (rows left empty are not sent). */
function entryOf(sheet: SheetRecord, rows: Row[], head: { day: string; time: string; enumerator: string }) {
  const filled = rows.filter(written);
  if (sheet.kind === 'tally')
    return {
      ...(head.enumerator ? { enumerator: head.enumerator } : {}),
      rows: filled.map((r) => ({
        ...(r.of ? { convoy: r.of } : {}),
        time: r.time,
        people: numbers(r.people),
        stretcherCases: Number(r.stretcher || 0),
        ...items(r),
        ...(r.vehicles ? { vehicles: Number(r.vehicles) } : {}),
      })),
    };
  return {
    day: head.day,
    time: head.time,
    vehicles: filled.map((r) => ({
      vehicle: r.of,
      people: numbers(r.people),
      stretcherCases: Number(r.stretcher || 0),
      ...items(r),
    })),
  };
}

/** The form shaped like the sheet: a registration form's for the protection team, else its rows. */
export function SheetForm(props: {
  sheet: SheetRecord;
  view: OperationView;
  session: Session;
  /** A manifest sheet's convoy's vehicles. */
  vehicleIds: readonly string[];
}) {
  const { t } = useI18n();
  const { sheet, view, session } = props;
  if (sheet.kind !== 'registration') return <CountsSheetForm {...props} />;
  return view.role === 'protection' ? (
    <RegistrationSheet sheet={sheet} view={view} session={session} />
  ) : (
    <p>{t('paper.formNotEntered')}</p>
  );
}

/** A manifest's or a tally's form: its rows as printed, each box as on paper. */
function CountsSheetForm({
  sheet,
  view,
  session,
  vehicleIds,
}: {
  sheet: SheetRecord;
  view: OperationView;
  session: Session;
  /** A manifest sheet's convoy's vehicles. */
  vehicleIds: readonly string[];
}) {
  const { t, problem, lang } = useI18n();
  const [rows, setRows] = useState<Row[]>(() => initialRows(sheet, view, vehicleIds));
  const [head, setHead] = useState(() => {
    const convoy = view.convoys.find((c) => c.id === sheet.convoyId);
    const day = convoy?.plannedDeparture
      ? dayIn(new Date(convoy.plannedDeparture), view.operation?.timezone)
      : '';
    return { day, time: '', enumerator: '' };
  });
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setError(null);
    try {
      const done = await apiFetch<{ sheet: string; events: number; recorded: number }>(
        session,
        `/operations/${session.operationId}/sheets/${sheet.id}/entry`,
        { method: 'POST', body: entryOf(sheet, rows, head) },
      );
      setOutcome(t('paper.entered', { code: done.sheet, recorded: done.recorded, events: done.events }));
    } catch (e) {
      setError(problem(e));
    }
  };
  return (
    <form
      className="stack"
      data-testid="sheet-form"
      data-kind={sheet.kind}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h4>
        {t(`sheet.title.${sheet.kind}`)} · {sheet.code}
      </h4>
      {sheet.enteredAt && (
        <p className="muted small">
          {t('paper.alreadyEntered', { at: formatTime(sheet.enteredAt, lang, view.operation?.timezone) })}
        </p>
      )}
      <SheetHead kind={sheet.kind} head={head} onHead={setHead} />
      <SheetRows kind={sheet.kind} rows={rows} onRows={setRows} view={view} />
      <h5>{t('sheet.carried')}</h5>
      <p className="muted small">{t('sheet.carriedRule')}</p>
      <CarriedRows
        first={sheet.kind === 'tally' ? t('sheet.convoy') : t('sheet.vehicle')}
        rows={rows.map((r) => ({ of: r.of || t('sheet.unexpected'), carried: r.carried }))}
        onChange={(i, carried) => setRows((all) => all.map((x, n) => (n === i ? { ...x, carried } : x)))}
      />
      {sheet.kind === 'tally' && (
        <button type="button" onClick={() => setRows((all) => [...all, blankRow()])}>
          {t('paper.addRow')}
        </button>
      )}
      <button type="submit">{t('paper.submit')}</button>
      {outcome && (
        <p role="status" data-testid="sheet-entered">
          {outcome}
        </p>
      )}
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

type Head = { day: string; time: string; enumerator: string };

function SheetHead({ kind, head, onHead }: { kind: string; head: Head; onHead: (h: Head) => void }) {
  const { t } = useI18n();
  if (kind === 'tally')
    return (
      <label>
        {t('sheet.enumerator')}
        <input
          value={head.enumerator}
          onChange={(e) => onHead({ ...head, enumerator: e.target.value })}
          name="enumerator"
        />
      </label>
    );
  return (
    <div className="row">
      <label>
        {t('paper.day')}
        <input
          type="date"
          required
          value={head.day}
          onChange={(e) => onHead({ ...head, day: e.target.value })}
          name="day"
        />
      </label>
      <label>
        {t('paper.writtenAt')}
        <input
          type="time"
          required
          value={head.time}
          onChange={(e) => onHead({ ...head, time: e.target.value })}
          name="time"
        />
      </label>
    </div>
  );
}

function SheetRows({
  kind,
  rows,
  onRows,
  view,
}: {
  kind: string;
  rows: Row[];
  onRows: (f: (rows: Row[]) => Row[]) => void;
  view: OperationView;
}) {
  const { t } = useI18n();
  const change = (i: number, part: Partial<Row>) =>
    onRows((all) => all.map((r, k) => (k === i ? { ...r, ...part } : r)));
  const tally = kind === 'tally';
  const headers: MessageKey[] = [
    tally ? 'sheet.convoy' : 'sheet.vehicle',
    ...(tally ? (['sheet.time', 'sheet.vehicles'] as const) : []),
    ...PEOPLE.map((k) => `sheet.${k}` as const),
    'sheet.stretcher',
  ];
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="figures sheet-rows">
        <thead>
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col">
                {t(h)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <SheetRow
              key={i}
              index={i}
              row={r}
              tally={tally}
              view={view}
              change={(part) => change(i, part)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The rows the sheet printed: the convoy's vehicles, or the convoys expected at the checkpoint that day. */
function initialRows(sheet: SheetRecord, view: OperationView, vehicleIds: readonly string[]): Row[] {
  if (sheet.kind === 'manifest') {
    const on = new Set(vehicleIds);
    return view.vehicles
      .filter((v) => on.has(v.id))
      .map((v) => ({ ...blankRow(), of: v.code, printed: true }));
  }
  const checkpoint = view.checkpoints.find((c) => c.id === sheet.checkpointId);
  const timezone = view.operation?.timezone;
  const expected = view.convoys.filter(
    (c) =>
      c.corridorId === checkpoint?.corridorId &&
      c.plannedDeparture !== null &&
      dayIn(new Date(c.plannedDeparture), timezone) === sheet.day,
  );
  return [...expected.map((c) => ({ ...blankRow(), of: c.code, printed: true })), blankRow()];
}

function SheetRow({
  index: i,
  row: r,
  tally,
  view,
  change,
}: {
  index: number;
  row: Row;
  tally: boolean;
  view: OperationView;
  change: (part: Partial<Row>) => void;
}) {
  const { t } = useI18n();
  return (
    <tr data-row={r.of || `other-${i}`}>
      <th scope="row">
        {r.printed ? (
          r.of
        ) : (
          <select
            aria-label={t('sheet.convoy')}
            value={r.of}
            onChange={(e) => change({ of: e.target.value })}
          >
            <option value="">{t('sheet.unexpected')}</option>
            {view.convoys.map((c) => (
              <option key={c.id} value={c.code}>
                {c.code}
              </option>
            ))}
          </select>
        )}
      </th>
      {tally && (
        <>
          <td>
            <input
              type="time"
              aria-label={`${r.of} ${t('sheet.time')}`}
              value={r.time}
              required={written(r)}
              onChange={(e) => change({ time: e.target.value })}
            />
          </td>
          <td>
            <input
              inputMode="numeric"
              aria-label={`${r.of} ${t('sheet.vehicles')}`}
              value={r.vehicles}
              onChange={(e) => change({ vehicles: digits(e.target.value) })}
            />
          </td>
        </>
      )}
      {PEOPLE.map((k) => (
        <td key={k}>
          <input
            inputMode="numeric"
            aria-label={`${r.of} ${t(`sheet.${k}`)}`}
            value={r.people[k]}
            onChange={(e) => change({ people: { ...r.people, [k]: digits(e.target.value) } })}
          />
        </td>
      ))}
      <td>
        <input
          inputMode="numeric"
          aria-label={`${r.of} ${t('sheet.stretcher')}`}
          value={r.stretcher}
          onChange={(e) => change({ stretcher: digits(e.target.value) })}
        />
      </td>
    </tr>
  );
}

/** A filled registration form, entered by the protection team as the person's registration. */
function RegistrationSheet({
  sheet,
  view,
  session,
}: {
  sheet: SheetRecord;
  view: OperationView;
  session: Session;
}) {
  const work = useProtection(session, view.revision);
  return <RegisterPerson view={view} work={work} sheet={sheet} />;
}
