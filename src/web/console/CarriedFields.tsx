import { CARRIED_KINDS, type CarriedKind } from '../../contracts/kinds.js';
import { useI18n } from '../i18n/i18n.js';
import { NumberField } from './fields.js';

/** What people carry, as typed: a box left empty was not counted, which is not 0. */
export type CarriedDraft = Partial<Record<CarriedKind, string>>;

/** The kinds typed in, as the API takes them; undefined when none was. */
export function carriedOf(draft: CarriedDraft): Partial<Record<CarriedKind, number>> | undefined {
  const counted = CARRIED_KINDS.filter((k) => (draft[k] ?? '').trim() !== '');
  return counted.length === 0 ? undefined : Object.fromEntries(counted.map((k) => [k, Number(draft[k])]));
}

/** A draft of what was recorded, for a correction that starts from it. */
export function draftOf(carried: Partial<Record<string, number>> | null | undefined): CarriedDraft {
  return Object.fromEntries(
    CARRIED_KINDS.filter((k) => carried?.[k] !== undefined).map((k) => [k, String(carried![k])]),
  );
}

/** A box per kind of item (luggage, pets, wheelchairs ...), each optional. */
export function CarriedFields({
  legend,
  value,
  onChange,
}: {
  legend: string;
  value: CarriedDraft;
  onChange: (value: CarriedDraft) => void;
}) {
  const { t, tx } = useI18n();
  return (
    <fieldset className="people-grid" data-testid="carried-fields">
      <legend>{legend}</legend>
      <p className="muted small">{t('carried.emptyNotCounted')}</p>
      {CARRIED_KINDS.map((k) => (
        <NumberField
          key={k}
          label={tx('carried', k)}
          value={value[k] ?? ''}
          onChange={(v) => onChange({ ...value, [k]: v })}
          max={1_000_000}
          required={false}
        />
      ))}
    </fieldset>
  );
}

/** A paper sheet's second table: what each row's people carry, a box per kind. */
export function CarriedRows({
  first,
  rows,
  onChange,
}: {
  /** The first column's header: what a row is of (a vehicle, a convoy). */
  first: string;
  rows: { of: string; carried: CarriedDraft }[];
  onChange: (row: number, carried: CarriedDraft) => void;
}) {
  const { tx } = useI18n();
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="figures sheet-rows" data-testid="sheet-carried">
        <thead>
          <tr>
            <th scope="col">{first}</th>
            {CARRIED_KINDS.map((k) => (
              <th key={k} scope="col">
                {tx('carried', k)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} data-row={r.of}>
              <th scope="row">{r.of}</th>
              {CARRIED_KINDS.map((k) => (
                <td key={k}>
                  <input
                    inputMode="numeric"
                    aria-label={`${r.of} ${tx('carried', k)}`}
                    value={r.carried[k] ?? ''}
                    onChange={(e) => onChange(i, { ...r.carried, [k]: e.target.value.replace(/\D/g, '') })}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
