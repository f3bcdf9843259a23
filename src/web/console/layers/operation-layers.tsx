import { useMemo } from 'react';
import type {
  Area,
  Checkpoint,
  CommandPost,
  Convoy,
  ConvoyPosition,
  Corridor,
  Hazard,
  Incident,
  Plan,
  Point,
  ReceptionPoint,
} from '../../client/records.js';
import { useI18n } from '../../i18n/i18n.js';
import { collection, GeoJsonLayer, Z, type Feature } from './GeoJsonLayer.js';

export const STATUS_COLOURS: Record<string, string> = {
  planned: '#6e40c9',
  notified: '#9a6700',
  ready: '#0e7c86',
  open: '#1a7f37',
  suspended: '#d1242f',
  closed: '#8c959f',
};
const statusColour = ['match', ['get', 'status'], ...Object.entries(STATUS_COLOURS).flat(), '#1f6feb'];

function pointFeature(location: Point, properties: Feature['properties']): Feature {
  return { type: 'Feature', geometry: location, properties };
}

/** Neighbourhoods and districts: names in English and Arabic in the tooltip (no map glyphs). */
export function AreasLayer({ areas }: { areas: Area[] }) {
  const { t } = useI18n();
  const data = useMemo(
    () =>
      collection(
        areas
          .filter((a) => a.kind !== 'governorate')
          .map((a) => ({
            type: 'Feature',
            geometry: a.geometry,
            properties: {
              tooltip: true,
              title: a.nameEn,
              nameAr: a.nameAr,
              detail: `${t('neighbourhood')} · ${a.code}`,
            },
          })),
      ),
    [areas, t],
  );
  return (
    <GeoJsonLayer
      id="areas"
      z={Z.areas}
      data={data}
      layers={[
        { id: 'areas-fill', type: 'fill', paint: { 'fill-color': '#c9d6e8', 'fill-opacity': 0.55 } },
        { id: 'areas-line', type: 'line', paint: { 'line-color': '#5b7290', 'line-width': 0.8 } },
      ]}
    />
  );
}

export function CorridorsLayer({ corridors }: { corridors: Corridor[] }) {
  const { t, tx } = useI18n();
  const data = useMemo(
    () =>
      collection(
        corridors.map((c) => ({
          type: 'Feature',
          geometry: c.route,
          properties: {
            tooltip: true,
            status: c.status,
            title: `${c.code} ${c.name}`,
            detail: `${t('corridor')} · ${tx('status', c.status)}`,
            href: `/corridors#${c.code}`,
          },
        })),
      ),
    [corridors, t, tx],
  );
  return (
    <GeoJsonLayer
      id="corridors"
      z={Z.corridors}
      data={data}
      layers={[
        {
          id: 'corridors-casing',
          type: 'line',
          layout: { 'line-cap': 'round', 'line-join': 'round' },
          paint: { 'line-color': '#ffffff', 'line-width': 7 },
        },
        {
          id: 'corridors-line',
          type: 'line',
          layout: { 'line-cap': 'round', 'line-join': 'round' },
          paint: { 'line-color': statusColour as never, 'line-width': 4 },
        },
      ]}
    />
  );
}

export function CheckpointsLayer({ checkpoints }: { checkpoints: Checkpoint[] }) {
  const { t } = useI18n();
  const data = useMemo(
    () =>
      collection(
        checkpoints.map((c) =>
          pointFeature(c.location, {
            tooltip: true,
            title: `${c.code} ${c.name}`,
            detail: `${t('checkpoint')} · ${c.kind}`,
          }),
        ),
      ),
    [checkpoints, t],
  );
  return (
    <GeoJsonLayer
      id="checkpoints"
      z={Z.points}
      data={data}
      layers={[
        {
          id: 'checkpoints-circle',
          type: 'circle',
          paint: {
            'circle-radius': 6,
            'circle-color': '#ffffff',
            'circle-stroke-color': '#24292f',
            'circle-stroke-width': 2.5,
          },
        },
      ]}
    />
  );
}

export function CommandPostsLayer({ commandPosts }: { commandPosts: CommandPost[] }) {
  const { t } = useI18n();
  const data = useMemo(
    () =>
      collection(
        commandPosts.map((p) =>
          pointFeature(p.location, { tooltip: true, title: `${p.code} ${p.name}`, detail: t('commandPost') }),
        ),
      ),
    [commandPosts, t],
  );
  return (
    <GeoJsonLayer
      id="command-posts"
      z={Z.points}
      data={data}
      layers={[
        {
          id: 'command-posts-square',
          type: 'circle',
          paint: {
            'circle-radius': 8,
            'circle-color': '#0550ae',
            'circle-stroke-color': '#ffffff',
            'circle-stroke-width': 2,
          },
        },
      ]}
    />
  );
}

export function ReceptionPointsLayer({ receptionPoints }: { receptionPoints: ReceptionPoint[] }) {
  const { t, number } = useI18n();
  const data = useMemo(
    () =>
      collection(
        receptionPoints.map((r) =>
          pointFeature(r.location, {
            tooltip: true,
            title: `${r.code} ${r.name}`,
            detail: `${t('receptionPoint')}${r.capacity ? ` · ${number(r.capacity)}` : ''}`,
          }),
        ),
      ),
    [receptionPoints, t, number],
  );
  return (
    <GeoJsonLayer
      id="reception-points"
      z={Z.points}
      data={data}
      layers={[
        {
          id: 'reception-points-circle',
          type: 'circle',
          paint: {
            'circle-radius': 9,
            'circle-color': '#1a7f37',
            'circle-stroke-color': '#ffffff',
            'circle-stroke-width': 2.5,
          },
        },
      ]}
    />
  );
}

/** Suspected and confirmed hazard areas, with a marker at their middle so that a small one shows too. */
export function HazardsLayer({ hazards }: { hazards: Hazard[] }) {
  const { t, tx } = useI18n();
  const data = useMemo(
    () =>
      collection(
        hazards
          .filter((h) => h.status === 'suspected' || h.status === 'confirmed')
          .flatMap((h): Feature[] => {
            const properties = {
              tooltip: true,
              title: `${h.code} ${h.type}`,
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
      id="hazards"
      z={Z.hazards}
      data={data}
      layers={[
        {
          id: 'hazards-fill',
          type: 'fill',
          filter: ['==', ['geometry-type'], 'Polygon'],
          paint: { 'fill-color': colour as never, 'fill-opacity': 0.45 },
        },
        {
          id: 'hazards-line',
          type: 'line',
          filter: ['==', ['geometry-type'], 'Polygon'],
          paint: { 'line-color': '#a40e26', 'line-width': 1.5 },
        },
        {
          id: 'hazards-marker',
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
export function IncidentsLayer({ incidents }: { incidents: Incident[] }) {
  const { t } = useI18n();
  const data = useMemo(
    () =>
      collection(
        incidents
          .filter((i) => i.location && i.status !== 'closed')
          .map((i) =>
            pointFeature(i.location, {
              tooltip: true,
              title: `${i.code} ${i.type}`,
              detail: `${t('incident')} · ${i.severity}${i.status ? ` · ${i.status}` : ''}`,
              severity: i.severity,
            }),
          ),
      ),
    [incidents, t],
  );
  return (
    <GeoJsonLayer
      id="incidents"
      z={Z.incidents}
      data={data}
      layers={[
        {
          id: 'incidents-circle',
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
