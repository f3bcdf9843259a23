import type { FormEvent, ReactNode } from 'react';
import type { Area } from '../client/records.js';
import { useI18n } from '../i18n/i18n.js';
import { nameIn } from '../shared/format.js';

/** A choice among records by code (organisations, reception points), each shown with its name. */
export function CodeChoice({
  label,
  value,
  items,
  onChange,
}: {
  label: string;
  value: string;
  items: readonly { id: string; code: string; name: string; nameAr?: string | null }[];
  onChange: (code: string) => void;
}) {
  const { lang } = useI18n();
  return (
    <label>
      {label}
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} required>
        {items.map((o) => (
          <option key={o.id} value={o.code}>
            {o.code} {nameIn(o, lang)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A person's name in Latin and in Arabic letters, either or both (matching works across scripts). */
export function NameFields({
  latin,
  arabic,
  onChange,
}: {
  latin: string;
  arabic: string;
  onChange: (change: { latin?: string; arabic?: string }) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t('nameLatin')}
        <input
          value={latin}
          onChange={(e) => onChange({ latin: e.target.value })}
          maxLength={200}
          autoComplete="off"
        />
      </label>
      <label>
        {t('nameArabic')}
        <input
          value={arabic}
          onChange={(e) => onChange({ arabic: e.target.value })}
          maxLength={200}
          dir="rtl"
          lang="ar"
          autoComplete="off"
        />
      </label>
    </>
  );
}

/** A form folded under its title (also its button), with what was recorded or the server's refusal. */
export function FoldedForm({
  title,
  testId,
  onSubmit,
  disabled,
  created,
  error,
  children,
}: {
  title: string;
  testId: string;
  onSubmit: () => void;
  disabled: boolean;
  created: string | null;
  error: string | null;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <details data-testid={testId}>
      <summary>{title}</summary>
      <form
        className="stack-form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {children}
        <button type="submit" disabled={disabled}>
          {title}
        </button>
        {created && <p role="status">{t('registryRecorded', { code: created })}</p>}
        {error && <p role="alert">{error}</p>}
      </form>
    </details>
  );
}

/** A whole number typed in, with its label (what the form sends is the text; the server checks it). */
export function NumberField({
  label,
  value,
  onChange,
  min = 0,
  max,
  required = true,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  min?: number;
  max?: number;
  required?: boolean;
}) {
  return (
    <label>
      {label}
      <input
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        required={required}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

/** A GeoJSON file chosen from the device (a survey's area, a route, a boundary file), read in the browser. */
export function GeoJsonFileField({
  label,
  onFile,
}: {
  label: string;
  onFile: (file: File | undefined) => void;
}) {
  return (
    <label>
      {label}
      <input
        type="file"
        accept=".geojson,.json,application/geo+json,application/json"
        onChange={(e) => onFile(e.target.files?.[0])}
      />
    </label>
  );
}

/** An area's name in the reader's language (its Arabic name in Arabic, where the data has it). */
export function areaName(areas: Area[], id: string, lang: string, fallback: string): string {
  const a = areas.find((x) => x.id === id);
  return a ? (lang === 'ar' && a.nameAr ? a.nameAr : a.nameEn) : fallback;
}

/** A choice among areas by code, by their names in the reader's language, in its alphabetical order. */
export function AreaChoice({
  label,
  value,
  areas,
  none,
  onChange,
}: {
  label: string;
  value: string;
  areas: readonly Area[];
  /** What the empty choice says (none, the whole operation). */
  none: string;
  onChange: (code: string) => void;
}) {
  const { lang } = useI18n();
  const named = areas
    .map((a) => ({ a, name: lang === 'ar' && a.nameAr ? a.nameAr : a.nameEn }))
    .sort((x, y) => x.name.localeCompare(y.name, lang));
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{none}</option>
        {named.map(({ a, name }) => (
          <option key={a.id} value={a.code}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A confirmation's two buttons: do it (the form's submit), or cancel. */
export function ConfirmActions({
  confirm,
  disabled,
  onCancel,
}: {
  confirm: string;
  disabled: boolean;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <span className="gate-actions">
      <button type="submit" disabled={disabled}>
        {confirm}
      </button>
      <button type="button" onClick={onCancel}>
        {t('cancel')}
      </button>
    </span>
  );
}

/** A place's name as typed, and its name in Arabic (optional): the console in Arabic shows the second. */
export function PlaceNameFields({
  name,
  nameAr,
  onChange,
}: {
  name: string;
  nameAr: string;
  onChange: (names: { name: string; nameAr: string }) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t('name')}
        <input
          value={name}
          onChange={(e) => onChange({ name: e.target.value, nameAr })}
          required
          maxLength={200}
          dir="auto"
        />
      </label>
      <label>
        {t('nameArabic')}
        <input
          value={nameAr}
          onChange={(e) => onChange({ name, nameAr: e.target.value })}
          maxLength={200}
          dir="rtl"
          lang="ar"
        />
      </label>
    </>
  );
}

/** The names a form sends: the Arabic one only when given. */
export function namesOf(names: { name: string; nameAr: string }): { name: string; nameAr?: string } {
  return { name: names.name.trim(), ...(names.nameAr.trim() ? { nameAr: names.nameAr.trim() } : {}) };
}
