import { useI18n } from '../i18n/i18n.js';
import { formatTime } from '../shared/format.js';
import type { OperationView } from './use-operation.js';

const QUALIFIER: Record<string, string> = { exact: '', about: '≈ ', 'more-than': '> ', 'less-than': '< ' };

/** Reported figures, each with who said it, in which document, and when: the sources disagree. */
export function Figures({ view }: { view: OperationView }) {
  const { t, number, lang } = useI18n();
  const organisations = new Map(view.organisations.map((o) => [o.id, o]));
  const tz = view.operation?.timezone;
  return (
    <section aria-labelledby="figures-heading">
      <h2 id="figures-heading">{t('figures')}</h2>
      <ol className="cards" data-testid="figures">
        {view.figures.map((f) => {
          const org = f.sourceOrganisationId ? organisations.get(f.sourceOrganisationId) : undefined;
          return (
            <li key={f.id} className="card">
              <div className="row">
                <strong className="big">
                  {QUALIFIER[f.qualifier] ?? ''}
                  {number(f.value)}
                  {f.valueMax !== null && `–${number(f.valueMax)}`}
                </strong>
                <span className="muted">{f.unit}</span>
              </div>
              <p>
                {f.code}: {f.label}
              </p>
              <p className="small">
                {t('asOf')} {formatTime(f.asOf, lang, tz)} · {t('method')}: {f.method ?? '—'}
              </p>
              <p className="small">
                {t('source')}: {org ? `${org.name} (${org.code})` : '—'}
                {f.sourceDocument && ` — ${f.sourceDocument}`}
                {f.sourceDate && `, ${formatTime(f.sourceDate, lang, tz)}`}
              </p>
              {f.note && <p className="small muted">{f.note}</p>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
