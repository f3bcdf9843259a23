import { useMemo, useState, type ReactNode } from 'react';
import { SERVICE_KINDS } from '../../contracts/kinds.js';
import type { AidDelivery, Area, AreaRecovery } from '../client/records.js';
import type { Page } from '../client/http.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { areaName } from './fields.js';
import { formatDay } from '../shared/format.js';
import { collection, GeoJsonLayer, Z } from './layers/GeoJsonLayer.js';
import { OnMap } from './map-context.js';
import { RecordRecovery } from './RecoveryForms.js';
import type { OperationView } from './use-operation.js';
import { useLiveRead } from './use-sitrep.js';

/** What the map colours the neighbourhoods by. */
type Measure = 'returns' | 'access' | (typeof SERVICE_KINDS)[number];
const MEASURES: Measure[] = ['returns', 'access', ...SERVICE_KINDS];
/** Good, part, bad, as the alerts and corridors colour them. */
const STATUS_COLOURS: Record<string, string> = {
  functional: '#1a7f37',
  accessible: '#1a7f37',
  partly: '#bf8700',
  restricted: '#bf8700',
  'not-functional': '#d1242f',
  inaccessible: '#d1242f',
};
/** People returned: at least this many, this colour (light to dark). */
const RETURN_STEPS: [number, string][] = [
  [5000, '#08306b'],
  [1000, '#2171b5'],
  [100, '#6baed6'],
  [1, '#c6dbef'],
];

/**
 * Recovery per neighbourhood: people returned, the latest status of each service and of access with
 * who reported it and when, and aid delivered over time (who does what where). The map colours the
 * neighbourhoods by the measure chosen; those who record recovery record it here.
 */
export function Recovery({ view, session }: { view: OperationView; session: Session }) {
  const { t, tx } = useI18n();
  const [measure, setMeasure] = useState<Measure>('returns');
  const recovery = useLiveRead<{ areas: AreaRecovery[] }>(session, '/recovery', view.revision);
  const aid = useLiveRead<Page<AidDelivery>>(session, '/aid-deliveries?limit=5000', view.revision);
  const rows = recovery.data?.areas ?? [];
  return (
    <section aria-labelledby="recovery-heading" className="recovery">
      <h2 id="recovery-heading">{t('recovery')}</h2>
      <RecordRecovery view={view} session={session} />
      <fieldset className="measures" data-testid="recovery-measure">
        <legend>{t('recoveryMapShows')}</legend>
        {MEASURES.map((m) => (
          <label key={m}>
            <input type="radio" name="measure" checked={measure === m} onChange={() => setMeasure(m)} />
            {m === 'returns' ? t('returns') : m === 'access' ? t('access') : tx('service', m)}
          </label>
        ))}
      </fieldset>
      <MeasureKey measure={measure} />
      <OnMap>
        <RecoveryLayer rows={rows} areas={view.areas} measure={measure} />
      </OnMap>
      {recovery.error && <p role="alert">{recovery.error}</p>}
      {recovery.data && rows.length === 0 && <p className="muted">{t('noRecovery')}</p>}
      {rows.length > 0 && <RecoveryTable rows={rows} view={view} />}
      <AidOverTime page={aid.data} view={view} />
    </section>
  );
}

function MeasureKey({ measure }: { measure: Measure }) {
  const { t, tx, number } = useI18n();
  const keys: [string, string][] =
    measure === 'returns'
      ? RETURN_STEPS.map(([n, colour]) => [colour, t('atLeastPeople', { n: number(n) })])
      : measure === 'access'
        ? (['accessible', 'restricted', 'inaccessible'] as const).map((s) => [
            STATUS_COLOURS[s]!,
            tx('access', s),
          ])
        : (['functional', 'partly', 'not-functional'] as const).map((s) => [
            STATUS_COLOURS[s]!,
            tx('serviceStatus', s),
          ]);
  return (
    <ul className="map-key small" aria-label={t('mapKey')}>
      {keys.map(([colour, words]) => (
        <li key={words}>
          <span className="swatch" style={{ background: colour }} aria-hidden="true" />
          {words}
        </li>
      ))}
      <li>
        <span className="swatch none" aria-hidden="true" />
        {t('notRecorded')}
      </li>
    </ul>
  );
}

/** The colour of an area for the measure, and the words for it; null when nothing is recorded. */
function shade(row: AreaRecovery, measure: Measure): { colour: string; status: string } | null {
  if (measure === 'returns') {
    const step = RETURN_STEPS.find(([n]) => row.returns.total >= n);
    return step ? { colour: step[1], status: String(row.returns.total) } : null;
  }
  const status = measure === 'access' ? row.access?.status : row.services[measure]?.status;
  return status ? { colour: STATUS_COLOURS[status] ?? '#8c959f', status } : null;
}

function RecoveryLayer({ rows, areas, measure }: { rows: AreaRecovery[]; areas: Area[]; measure: Measure }) {
  const { t, tx, lang, number } = useI18n();
  const data = useMemo(() => {
    const geometry = new Map(areas.map((a) => [a.id, a]));
    return collection(
      rows.flatMap((row) => {
        const area = geometry.get(row.areaId);
        const s = shade(row, measure);
        if (!area || !s) return [];
        const words =
          measure === 'returns'
            ? t('peopleReturned', { n: number(row.returns.total) })
            : measure === 'access'
              ? `${t('access')}: ${tx('access', s.status)}`
              : `${tx('service', measure)}: ${tx('serviceStatus', s.status)}`;
        return [
          {
            type: 'Feature' as const,
            geometry: area.geometry,
            properties: {
              tooltip: true,
              colour: s.colour,
              title: lang === 'ar' && area.nameAr ? area.nameAr : area.nameEn,
              nameAr: lang === 'ar' ? null : area.nameAr,
              detail: words,
            },
          },
        ];
      }),
    );
  }, [rows, areas, measure, t, tx, lang, number]);
  return (
    <GeoJsonLayer
      id="recovery"
      z={Z.recovery}
      data={data}
      layers={[
        {
          id: 'recovery-fill',
          type: 'fill',
          paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': 0.7 },
        },
        { id: 'recovery-line', type: 'line', paint: { 'line-color': '#24292f', 'line-width': 1 } },
      ]}
    />
  );
}

/** One row per neighbourhood with records: returned, access, each service; who said so, and when. */
function RecoveryTable({ rows, view }: { rows: AreaRecovery[]; view: OperationView }) {
  const { t, tx, lang, number } = useI18n();
  const tz = view.operation?.timezone;
  const said = (o: { source: string; at: string }) => `${o.source} · ${formatDay(o.at, lang, tz)}`;
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="recovery-table" data-testid="recovery-table">
        <caption className="sr-only">{t('recovery')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('neighbourhood')}</th>
            <th scope="col" className="num">
              {t('returns')}
            </th>
            <th scope="col">{t('access')}</th>
            {SERVICE_KINDS.map((k) => (
              <th key={k} scope="col">
                {tx('service', k)}
              </th>
            ))}
            <th scope="col" className="num">
              {t('aidDeliveries')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.areaId} data-code={r.code}>
              <th scope="row" dir="auto">
                {areaName(view.areas, r.areaId, lang, r.name)}
              </th>
              <td className="num">{number(r.returns.total)}</td>
              <td>
                {r.access ? (
                  <Status colour={STATUS_COLOURS[r.access.status]} words={tx('access', r.access.status)}>
                    {said(r.access)}
                    {r.access.reason && <span dir="auto"> · {r.access.reason}</span>}
                  </Status>
                ) : (
                  '—'
                )}
              </td>
              {SERVICE_KINDS.map((k) => {
                const s = r.services[k];
                return (
                  <td key={k}>
                    {s ? (
                      <Status colour={STATUS_COLOURS[s.status]} words={tx('serviceStatus', s.status)}>
                        {said(s)}
                      </Status>
                    ) : (
                      '—'
                    )}
                  </td>
                );
              })}
              <td className="num">{number(r.aid.deliveries)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Status({
  colour,
  words,
  children,
}: {
  colour: string | undefined;
  words: string;
  children: ReactNode;
}) {
  return (
    <>
      <span className="status-word">
        <span className="swatch" style={{ background: colour ?? '#8c959f' }} aria-hidden="true" />
        {words}
      </span>
      <span className="muted small block">{children}</span>
    </>
  );
}

/** Aid delivered per day and sector, newest first: deliveries, people reached, who delivered. */
function AidOverTime({ page, view }: { page: Page<AidDelivery> | null; view: OperationView }) {
  const { list, t, tx, lang, number } = useI18n();
  const tz = view.operation?.timezone ?? 'UTC';
  const days = useMemo(() => {
    const org = new Map(view.organisations.map((o) => [o.id, o.code]));
    const day = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    type Sector = { deliveries: number; reached: number; by: Set<string> };
    const out = new Map<string, Map<string, Sector>>();
    for (const d of page?.items ?? []) {
      const key = day.format(new Date(d.deliveredAt));
      const sectors = out.get(key) ?? new Map<string, Sector>();
      out.set(key, sectors);
      const s = sectors.get(d.sector) ?? { deliveries: 0, reached: 0, by: new Set<string>() };
      sectors.set(d.sector, s);
      s.deliveries++;
      s.reached += d.beneficiaries ?? 0;
      s.by.add(org.get(d.organisationId) ?? '—');
    }
    return [...out.entries()].sort(([a], [b]) => b.localeCompare(a));
  }, [page, view.organisations, tz]);
  if (!page) return null;
  return (
    <section aria-labelledby="aid-heading">
      <h3 id="aid-heading">{t('response')}</h3>
      {days.length === 0 ? (
        <p className="muted">{t('noAid')}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table data-testid="aid-table">
            <thead>
              <tr>
                <th scope="col">{t('day')}</th>
                <th scope="col">{t('sector')}</th>
                <th scope="col" className="num">
                  {t('aidDeliveries')}
                </th>
                <th scope="col" className="num">
                  {t('peopleReached')}
                </th>
                <th scope="col">{t('deliveredBy')}</th>
              </tr>
            </thead>
            <tbody>
              {days.flatMap(([day, sectors]) =>
                [...sectors.entries()].map(([sector, s], i) => (
                  <tr key={`${day} ${sector}`}>
                    {i === 0 && (
                      <th scope="rowgroup" rowSpan={sectors.size}>
                        {formatDay(`${day}T12:00:00Z`, lang, 'UTC')}
                      </th>
                    )}
                    <td>{tx('sector', sector)}</td>
                    <td className="num">{number(s.deliveries)}</td>
                    <td className="num">{s.reached ? number(s.reached) : '—'}</td>
                    <td>{list([...s.by].sort())}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
      {page.total > page.items.length && (
        <p className="muted small">
          {t('aidFirstOnly', { shown: number(page.items.length), total: number(page.total) })}
        </p>
      )}
    </section>
  );
}
