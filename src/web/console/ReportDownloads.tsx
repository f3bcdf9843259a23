import { useState } from 'react';
import { API, pageLanguage, refusalOf } from '../client/http.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { utcOfWallTime, wallTimeIn } from '../shared/format.js';

/** The situation report's formats, and the exports (HXL-tagged CSV; GeoJSON for the map's features). */
const REPORTS = [
  { format: 'pdf', ext: 'pdf' },
  { format: 'html', ext: 'html' },
  { format: 'md', ext: 'md' },
  { format: 'json', ext: 'json' },
] as const;
const EXPORTS = [
  { dataset: 'movements', ext: 'csv' },
  { dataset: 'items', ext: 'csv' },
  { dataset: 'returns', ext: 'csv' },
  { dataset: 'services', ext: 'csv' },
  { dataset: 'aid', ext: 'csv' },
  { dataset: 'figures', ext: 'csv' },
  { dataset: 'geojson', ext: 'geojson' },
] as const;

/**
 * The report and the exports to download, now or as of a time the reader chooses (in the operation's
 * time zone). A download is fetched with the session's token, then saved: a link alone could not carry it.
 */
export function ReportDownloads({
  session,
  asOf,
  onAsOf,
  timezone,
}: {
  session: Session;
  asOf: string | null;
  onAsOf: (asOf: string | null) => void;
  timezone: string | undefined;
}) {
  const { t, lang } = useI18n();
  const { busy, error, download } = useDownload(session);
  const base = `/operations/${session.operationId}`;
  const query = (format?: string) => {
    const q = new URLSearchParams();
    if (format) q.set('format', format);
    // The report's documents in the reader's language (its JSON is the same in both).
    if (format && format !== 'json' && lang !== 'en') q.set('lang', lang);
    if (asOf) q.set('asOf', asOf);
    const s = q.toString();
    return s ? `?${s}` : '';
  };
  const day = (asOf ?? new Date().toISOString()).slice(0, 10);
  const name = (what: string, ext: string) =>
    `${what}-${session.operationId}-${day}${what === 'sitrep' && ext !== 'json' && lang !== 'en' ? `-${lang}` : ''}.${ext}`;
  return (
    <div className="downloads" data-testid="downloads">
      <AsOfField asOf={asOf} onAsOf={onAsOf} timezone={timezone} />
      <p className="row">
        <span>{t('sitrep')}:</span>
        {REPORTS.map(({ format, ext }) => (
          <button
            key={format}
            type="button"
            disabled={busy !== null}
            aria-busy={busy === format}
            onClick={() =>
              void download(format, `${base}/reports/sitrep${query(format)}`, name('sitrep', ext))
            }
          >
            {t(`format.${format}`)}
          </button>
        ))}
      </p>
      <p className="row">
        <span>{t('exports')}:</span>
        {EXPORTS.map(({ dataset, ext }) => (
          <button
            key={dataset}
            type="button"
            disabled={busy !== null}
            aria-busy={busy === dataset}
            onClick={() => void download(dataset, `${base}/exports/${dataset}${query()}`, name(dataset, ext))}
          >
            {t(`dataset.${dataset}`)}
          </button>
        ))}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The time the report and the exports are as of, in the operation's zone; empty: now. */
function AsOfField({
  asOf,
  onAsOf,
  timezone,
}: {
  asOf: string | null;
  onAsOf: (asOf: string | null) => void;
  timezone: string | undefined;
}) {
  const { t } = useI18n();
  return (
    <label className="as-of">
      {t('reportAsOf')}
      <input
        type="datetime-local"
        value={asOf ? wallTimeIn(asOf, timezone) : ''}
        onChange={(e) => {
          if (e.target.value === '') return onAsOf(null);
          // A field half typed (a year of two digits) is not a time yet: the report stays as it is.
          const at = utcOfWallTime(e.target.value, timezone);
          if (at) onAsOf(at);
        }}
      />
      {asOf && (
        <button type="button" className="link" onClick={() => onAsOf(null)}>
          {t('reportNow')}
        </button>
      )}
    </label>
  );
}

/** Fetch a file with the session's token and save it under a name. */
export function useDownload(session: Session) {
  const { t, problem } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const download = async (key: string, path: string, filename: string) => {
    setBusy(key);
    setError(null);
    try {
      const res = await fetch(API + path, {
        headers: { authorization: `Bearer ${session.token}`, 'accept-language': pageLanguage() },
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as {
          error?: { code?: string; message?: string };
        } | null;
        throw refusalOf(res, body?.error);
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(t('downloadFailed', { reason: problem(e) }));
    } finally {
      setBusy(null);
    }
  };
  return { busy, error, download };
}
