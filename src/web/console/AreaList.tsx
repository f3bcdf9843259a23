import { useState } from 'react';
import type { Area } from '../client/records.js';
import { useI18n } from '../i18n/i18n.js';

export interface MapFocus {
  title: string;
  nameAr: string | null;
  detail: string;
  bounds: [[number, number], [number, number]];
  at: number;
}

function boundsOf(area: Area): MapFocus['bounds'] {
  const points =
    area.geometry.type === 'Polygon'
      ? area.geometry.coordinates.flat()
      : area.geometry.type === 'MultiPolygon'
        ? area.geometry.coordinates.flat(2)
        : area.geometry.type === 'LineString'
          ? area.geometry.coordinates
          : [area.geometry.coordinates];
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  return [
    [Math.min(...lons), Math.min(...lats)],
    [Math.max(...lons), Math.max(...lats)],
  ];
}

/**
 * The operation's areas by name in English and Arabic, searchable in either; choosing one shows it on
 * the map. The keyboard's way to what the map shows on hover.
 */
export function AreaList({ areas, onFocus }: { areas: Area[]; onFocus: (focus: MapFocus) => void }) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const shown = areas
    .filter((a) => a.kind !== 'governorate')
    .filter(
      (a) =>
        !q ||
        a.nameEn.toLowerCase().includes(q) ||
        (a.nameAr ?? '').includes(query.trim()) ||
        a.code.toLowerCase().includes(q),
    )
    .sort((a, b) => a.nameEn.localeCompare(b.nameEn));
  return (
    <section aria-labelledby="areas-heading">
      <h2 id="areas-heading">{t('areas')}</h2>
      <label htmlFor="area-search">{t('searchAreas')}</label>{' '}
      <input id="area-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      <ul className="area-list" data-testid="area-list">
        {shown.map((a) => (
          <li key={a.id}>
            <button
              type="button"
              className="link"
              onClick={() =>
                onFocus({
                  title: a.nameEn,
                  nameAr: a.nameAr,
                  detail: `${t('neighbourhood')} · ${a.code}`,
                  bounds: boundsOf(a),
                  at: Date.now(),
                })
              }
            >
              {a.nameEn}
            </button>{' '}
            {a.nameAr && (
              <span lang="ar" dir="rtl">
                {a.nameAr}
              </span>
            )}{' '}
            <span className="muted small">{a.code}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
