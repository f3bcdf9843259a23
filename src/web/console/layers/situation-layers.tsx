import { useMemo } from 'react';
import type {
  Checkpoint,
  Convoy,
  ConvoyPosition,
  Hazard,
  Incident,
  Plan,
  Point,
  ReceptionPoint,
} from '../../client/records.js';
import { useI18n } from '../../i18n/i18n.js';
import { collection, GeoJsonLayer, pointFeature, Z, type Feature } from './GeoJsonLayer.js';

// What comes and goes as the operation runs: hazards, incidents, the plan's routes and the convoys.

/** Suspected and confirmed hazard areas, with a marker at their middle so that a small one shows too. */
export function HazardsLayer({
  hazards,
  id = 'hazards',
}: {
  hazards: Pick<Hazard, 'code' | 'type' | 'status' | 'area'>[];
  /** Its source's name: the replay draws the hazards as they stood under another. */
  id?: string;
}) {
  const { t, tx } = useI18n();
  const data = useMemo(
    () =>
      collection(
        hazards
          .filter((h) => h.status === 'suspected' || h.status === 'confirmed')
          .flatMap((h): Feature[] => {
            const properties = {
              tooltip: true,
              title: `${h.code} ${tx('hazardType', h.type)}`,
              detail: `${t('hazardArea')} · ${tx('status', h.status)}`,
              status: h.status,
            };
            const ring =
              h.area.type === 'Polygon'
                ? h.area.coordinates[0]
                : h.area.type === 'MultiPolygon'
                  ? h.area.coordinates[0]?.[0]
                  : undefined;
            const middle: [number, number] | undefined = ring?.length
              ? [
                  ring.reduce((s, p) => s + p[0], 0) / ring.length,
                  ring.reduce((s, p) => s + p[1], 0) / ring.length,
                ]
              : undefined;
            return [
              { type: 'Feature', geometry: h.area, properties },
              ...(middle ? [pointFeature({ type: 'Point', coordinates: middle }, properties)] : []),
            ];
          }),
      ),
    [hazards, t, tx],
  );
  const colour = ['match', ['get', 'status'], 'confirmed', '#cf222e', '#fb8f44'];
  return (
    <GeoJsonLayer
      id={id}
      z={Z.hazards}
      data={data}
      layers={[
        {
          id: `${id}-fill`,
          type: 'fill',
          filter: ['==', ['geometry-type'], 'Polygon'],
          paint: { 'fill-color': colour as never, 'fill-opacity': 0.45 },
        },
        {
          id: `${id}-line`,
          type: 'line',
          filter: ['==', ['geometry-type'], 'Polygon'],
          paint: { 'line-color': '#a40e26', 'line-width': 1.5 },
        },
        {
          id: `${id}-marker`,
          type: 'circle',
          filter: ['==', ['geometry-type'], 'Point'],
          paint: {
            'circle-radius': 6,
            'circle-color': colour as never,
            'circle-stroke-color': '#a40e26',
            'circle-stroke-width': 2,
          },
        },
      ]}
    />
  );
}

/** Incidents not yet closed, larger and darker as they are more severe. */
export function IncidentsLayer({
  incidents,
  id = 'incidents',
}: {
  incidents: Pick<Incident, 'code' | 'type' | 'severity' | 'status' | 'location'>[];
  /** Its source's name: the replay draws the incidents as they stood under another. */
  id?: string;
}) {
  const { t, tx } = useI18n();
  const data = useMemo(
    () =>
      collection(
        incidents
          .filter((i) => i.location && i.status !== 'closed')
          .map((i) =>
            pointFeature(i.location, {
              tooltip: true,
              title: `${i.code} ${tx('incidentType', i.type)}`,
              detail: `${t('incident')} · ${tx('incidentSeverity', i.severity)}${i.status ? ` · ${tx('incidentStatus', i.status)}` : ''}`,
              severity: i.severity,
            }),
          ),
      ),
    [incidents, t, tx],
  );
  return (
    <GeoJsonLayer
      id={id}
      z={Z.incidents}
      data={data}
      layers={[
        {
          id: `${id}-circle`,
          type: 'circle',
          paint: {
            'circle-radius': ['match', ['get', 'severity'], 'critical', 10, 'serious', 9, 7] as never,
            'circle-color': [
              'match',
              ['get', 'severity'],
              'critical',
              '#82071e',
              'serious',
              '#cf222e',
              'moderate',
              '#e16f24',
              '#fb8f44',
            ] as never,
            'circle-stroke-color': '#ffffff',
            'circle-stroke-width': 2,
          },
        },
      ]}
    />
  );
}

/**
 * The legs of the adopted plan (or else the latest proposed), as dashed lines beside the roads they
 * follow; legs over the same path are drawn once.
 */
export function PlanRoutesLayer({ plans }: { plans: Plan[] }) {
  const { t } = useI18n();
  const data = useMemo(() => {
    const plan = [...plans].reverse().find((p) => p.status === 'adopted') ?? plans[plans.length - 1];
    const paths = new Map<string, Feature>();
    for (const vehicle of plan?.vehicles ?? [])
      for (const leg of vehicle.legs ?? []) {
        if (!leg.path) continue;
        const key = JSON.stringify(leg.path.coordinates);
        if (!paths.has(key))
          paths.set(key, {
            type: 'Feature',
            geometry: leg.path,
            properties: { tooltip: true, title: plan!.code, detail: `${t('planRoute')} · ${plan!.status}` },
          });
      }
    return collection([...paths.values()]);
  }, [plans, t]);
  return (
    <GeoJsonLayer
      id="plan-routes"
      z={Z.plan}
      data={data}
      layers={[
        {
          id: 'plan-routes-line',
          type: 'line',
          paint: {
            'line-color': '#8250df',
            'line-width': 2.5,
            'line-dasharray': [2, 1.5],
            'line-offset': 5,
          },
        },
      ]}
    />
  );
}

/** Convoys on the road at their last known position: a GPS fix, a checkpoint or a reception point. */
export function ConvoysLayer({
  convoys,
  positions,
  checkpoints,
  receptionPoints,
}: {
  convoys: Convoy[];
  positions: Map<string, ConvoyPosition>;
  checkpoints: Checkpoint[];
  receptionPoints: ReceptionPoint[];
}) {
  const { t, tx } = useI18n();
  const data = useMemo(() => {
    const places = new Map<string, Point>();
    for (const c of checkpoints) places.set(c.id, c.location);
    for (const r of receptionPoints) places.set(r.id, r.location);
    const features: Feature[] = [];
    for (const convoy of convoys) {
      if (convoy.status !== 'boarding' && convoy.status !== 'departed') continue;
      const last = positions.get(convoy.id)?.last;
      const where =
        last?.location ??
        (last?.checkpointId ? places.get(last.checkpointId) : undefined) ??
        (last?.receptionPointId ? places.get(last.receptionPointId) : undefined);
      if (!where) continue;
      features.push(
        pointFeature(where, {
          tooltip: true,
          title: convoy.code,
          detail: `${t('convoy')} · ${tx('status', convoy.status)}`,
          href: `/convoys/${convoy.code}`,
        }),
      );
    }
    return collection(features);
  }, [convoys, positions, checkpoints, receptionPoints, t, tx]);
  return (
    <GeoJsonLayer
      id="convoys"
      z={Z.convoys}
      data={data}
      layers={[
        {
          id: 'convoys-circle',
          type: 'circle',
          paint: {
            'circle-radius': 7,
            'circle-color': '#bf3989',
            'circle-stroke-color': '#ffffff',
            'circle-stroke-width': 2,
          },
        },
      ]}
    />
  );
}
