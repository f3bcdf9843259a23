import { useMemo } from 'react';
import type { Plan } from '../../client/records.js';
import { useI18n } from '../../i18n/i18n.js';
import { tripRoutes } from '../plan-figures.js';
import { collection, GeoJsonLayer, pointFeature, Z, type Feature } from './GeoJsonLayer.js';

export const PLACE_COLOURS = {
  'pickup-point': '#bc4c00',
  'reception-point': '#1a7f37',
  depot: '#57606a',
} as const;

/**
 * One plan on the map: the roads of its loaded trips, wider the more trips drive them, and its places
 * (pickup points, reception points, depots). The planning page draws the plan it shows, under its own
 * source names, while the other pages draw the adopted one.
 */
export function PlanLayer({ plan }: { plan: Plan }) {
  const { t, tx, number } = useI18n();
  const routes = useMemo(
    () =>
      collection(
        tripRoutes(plan).map((r): Feature => ({
          type: 'Feature',
          geometry: { type: 'LineString', coordinates: r.path },
          properties: {
            tooltip: true,
            trips: r.trips,
            title: plan.code,
            detail: t('planRouteDetail', { trips: number(r.trips), people: number(r.people) }),
          },
        })),
      ),
    [plan, t, number],
  );
  const places = useMemo(
    () =>
      collection(
        plan.places.map((p) =>
          pointFeature(p.location, {
            tooltip: true,
            colour: PLACE_COLOURS[p.kind],
            title: p.key,
            detail: tx('placeKind', p.kind),
          }),
        ),
      ),
    [plan, tx],
  );
  return (
    <>
      <GeoJsonLayer
        id="planning-routes"
        z={Z.plan}
        data={routes}
        layers={[
          {
            id: 'planning-routes-line',
            type: 'line',
            layout: { 'line-cap': 'round', 'line-join': 'round' },
            paint: {
              'line-color': '#8250df',
              'line-opacity': 0.85,
              'line-width': ['interpolate', ['linear'], ['get', 'trips'], 1, 2.5, 50, 6, 400, 11],
            },
          },
        ]}
      />
      <GeoJsonLayer
        id="planning-places"
        z={Z.points}
        data={places}
        layers={[
          {
            id: 'planning-places-circle',
            type: 'circle',
            paint: {
              'circle-radius': 6,
              'circle-color': ['get', 'colour'],
              'circle-stroke-color': '#ffffff',
              'circle-stroke-width': 2,
            },
          },
        ]}
      />
    </>
  );
}

/** What the plan's marks on the map mean. */
export function PlanKey() {
  const { t, tx } = useI18n();
  return (
    <ul className="map-key small" aria-label={t('mapKey')}>
      <li>
        <span className="swatch" style={{ background: '#8250df' }} aria-hidden="true" />
        {t('planKeyRoutes')}
      </li>
      {(Object.keys(PLACE_COLOURS) as (keyof typeof PLACE_COLOURS)[]).map((kind) => (
        <li key={kind}>
          <span className="swatch round" style={{ background: PLACE_COLOURS[kind] }} aria-hidden="true" />
          {tx('placeKind', kind)}
        </li>
      ))}
    </ul>
  );
}
