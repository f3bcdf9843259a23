import { useState } from 'react';
import { computedWhat, metricName } from '../../contracts/words/highlights.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { formatDateOrTime } from '../shared/format.js';
import { FigureForm } from './FigureForm.js';
import { ReportDownloads } from './ReportDownloads.js';
import type { OperationView } from './use-operation.js';
import { useSitrep } from './use-sitrep.js';

/** What the page reads of `GET .../reports/sitrep` (JSON): the same figures as every report. */
interface SitrepFigure {
  id: string;
  label: string;
  value?: number;
  min?: number;
  max?: number;
  qualifier: string;
  unit: string;
  asOf: string;
  stage: string | null;
  source: { organisation: string; document: string; date: string | null };
  method: string;
  query: string | null;
  note: string | null;
  flags: { kind: string; reason: string }[];
}
interface SitrepFigures {
  asOf: string;
  figures: SitrepFigure[];
  comparisons: {
    computed: string;
    computedValue: number;
    reported: { id: string; agrees: 'yes' | 'earlier' | 'no' }[];
  }[];
  disputes: {
    metric: string;
    area: string | null;
    unit: string;
    figures: string[];
    used: string;
    why: string;
  }[];
}

const QUALIFIER: Record<string, string> = { exact: '', about: '≈ ', 'more-than': '> ', 'less-than': '< ' };

/** FIG-2 before FIG-10: codes compared by their numbers, not as text. */
const byCode = new Intl.Collator('en', { numeric: true }).compare;

/**
 * The figures as the situation report gives them: computed from the log beside the claims of named
 * sources, each with its source, document and date; disputed figures side by side with the one the
 * report uses and why; flags; and the report and exports to download, now or as of a chosen time.
 */
export function Figures({ view, session }: { view: OperationView; session: Session }) {
  const { t } = useI18n();
  const [asOf, setAsOf] = useState<string | null>(null);
  const { report, error } = useSitrep<SitrepFigures>(session, view.revision, asOf);
  const figures = report ? [...report.figures].sort(figureOrder) : [];
  const byId = new Map(figures.map((f) => [f.id, f]));
  return (
    <section aria-labelledby="figures-heading">
      <h2 id="figures-heading">{t('figures')}</h2>
      <FigureForm view={view} session={session} />
      <ReportDownloads session={session} asOf={asOf} onAsOf={setAsOf} timezone={view.operation?.timezone} />
      {error && <p role="alert">{error}</p>}
      {!report && !error && <p>{t('loading')}</p>}
      {report && figures.length === 0 && <p className="muted">{t('noFigures')}</p>}
      {report && report.disputes.length > 0 && (
        <section aria-labelledby="disputes-heading" data-testid="disputes">
          <h3 id="disputes-heading">{t('disputes')}</h3>
          {report.disputes.map((d) => (
            <Dispute key={`${d.metric} ${d.area ?? ''}`} dispute={d} figures={byId} view={view} />
          ))}
        </section>
      )}
      <ol className="cards" data-testid="figures">
        {figures.map((f) => (
          <FigureCard key={f.id} figure={f} report={report!} view={view} />
        ))}
      </ol>
    </section>
  );
}

/** Computed figures first (by label), then the reported ones by code. */
function figureOrder(a: SitrepFigure, b: SitrepFigure): number {
  const ca = a.method === 'computed';
  const cb = b.method === 'computed';
  if (ca !== cb) return ca ? -1 : 1;
  return ca ? a.label.localeCompare(b.label) : byCode(a.id, b.id);
}

function useValue() {
  const { number } = useI18n();
  return (f: SitrepFigure) =>
    f.value !== undefined
      ? `${QUALIFIER[f.qualifier] ?? ''}${number(f.value)}`
      : `${number(f.min ?? 0)}–${number(f.max ?? 0)}`;
}

function FigureCard({
  figure: f,
  report,
  view,
}: {
  figure: SitrepFigure;
  report: SitrepFigures;
  view: OperationView;
}) {
  const i18n = useI18n();
  const { t, tx, lang, number } = i18n;
  const value = useValue();
  const tz = view.operation?.timezone;
  const computed = f.method === 'computed';
  const comparison = report.comparisons.find((c) => c.reported.some((r) => r.id === f.id));
  const agrees = comparison?.reported.find((r) => r.id === f.id)?.agrees;
  return (
    <li className={`card figure ${computed ? 'computed' : 'reported'}`} data-figure={f.id}>
      <div className="row">
        <strong className="big">{value(f)}</strong>
        <span className="muted">{tx('rep.unit', f.unit)}</span>
        <span className={`chip method-${f.method}`}>{tx('method', f.method)}</span>
      </div>
      <p>
        {!computed && <strong>{f.id}: </strong>}
        {/* A claim's label as its source gave it; what the log computes, in the reader's words. */}
        {computed ? (
          <span>{computedWhat(f.id, i18n)}</span>
        ) : (
          <span lang="en" dir="auto">
            {f.label}
          </span>
        )}
      </p>
      <p className="small">
        {t('asOf')} {formatDateOrTime(f.asOf, lang, tz)}
        {f.stage && ` · ${f.stage}`}
      </p>
      <p className="small">
        {t('source')}: <span dir="auto">{f.source.organisation}</span>
        {' — '}
        <span dir="auto">{f.source.document}</span>
        {f.source.date && `, ${formatDateOrTime(f.source.date, lang, tz)}`}
      </p>
      {f.query && (
        <p className="small muted" lang="en" dir="ltr">
          {f.query}
        </p>
      )}
      {comparison && agrees && (
        <p className={`small agrees-${agrees}`} data-testid="comparison">
          {t(`agrees.${agrees}`, { computed: number(comparison.computedValue) })}
        </p>
      )}
      {f.flags.map((flag) => (
        <p key={flag.kind} className="small flag" role="note">
          ⚑ {tx('flag', flag.kind)}: <span lang="en">{flag.reason}</span>
        </p>
      ))}
      {f.note && <p className="small muted">{f.note}</p>}
    </li>
  );
}

/** Figures of one series that disagree, side by side, and the one the report uses (nothing averaged). */
function Dispute({
  dispute,
  figures,
  view,
}: {
  dispute: SitrepFigures['disputes'][number];
  figures: Map<string, SitrepFigure>;
  view: OperationView;
}) {
  const i18n = useI18n();
  const { t, tx, lang } = i18n;
  const value = useValue();
  const tz = view.operation?.timezone;
  const rows = dispute.figures.map((id) => figures.get(id)).filter((f) => f !== undefined);
  return (
    <div className="dispute card">
      <p>
        <strong>{metricName(dispute.metric, i18n)}</strong>
        {dispute.area && <span className="muted"> · {dispute.area}</span>}
      </p>
      <div className="table-scroll" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('figure')}</th>
              <th scope="col">{t('value')}</th>
              <th scope="col">{t('source')}</th>
              <th scope="col">{t('asOf')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((f) => (
              <tr key={f.id} className={f.id === dispute.used ? 'used' : undefined}>
                <th scope="row">{f.method === 'computed' ? t('computedFigure') : f.id}</th>
                <td>
                  {value(f)} {tx('rep.unit', f.unit)}
                </td>
                <td dir="auto">{f.source.organisation}</td>
                <td>{formatDateOrTime(f.asOf, lang, tz)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small">
        {t('disputeUsed', {
          figure: figures.get(dispute.used)?.method === 'computed' ? t('computedFigure') : dispute.used,
        })}{' '}
        <span lang="en">{dispute.why}</span>
      </p>
    </div>
  );
}
