import { CORRIDOR_STATUS_COLOURS } from '../../../contracts/kinds.js';
import { useMemo } from 'react';
import type { Area, Checkpoint, CommandPost, Corridor, ReceptionPoint } from '../../client/records.js';
import { useI18n } from '../../i18n/i18n.js';
import { useAfterCorridors } from './after-corridors.js';
import { collection, GeoJsonLayer, pointFeature, Z } from './GeoJsonLayer.js';

// The operation's ground: its areas, corridors and fixed places. situation-layers.tsx has what comes
// and goes as the operation runs.

export const STATUS_COLOURS: Record<string, string> = CORRIDOR_STATUS_COLOURS;
const statusColour = ['match', ['get', 'status'], ...Object.entries(STATUS_COLOURS).flat(), '#1f6feb'];

/** Neighbourhoods and districts: names in English and Arabic in the tooltip (no map glyphs). */
export function AreasLayer({ areas }: { areas: Area[] }) {
  const { t } = useI18n();
  // Many polygons: drawn once the corridors are, so that they do not hold the first map back.
  const ready = useAfterCorridors();
  const data = useMemo(
    () =>
      collection(
        (ready ? areas : [])
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
    [areas, ready, t],
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

export function CorridorsLayer({
  corridors,
  id = 'corridors',
}: {
  corridors: Pick<Corridor, 'code' | 'name' | 'status' | 'route'>[];
  /** Its source's name: the replay draws the corridors as they stood under another. */
  id?: string;
}) {
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
      id={id}
      z={Z.corridors}
      data={data}
      layers={[
        {
          id: `${id}-casing`,
          type: 'line',
          layout: { 'line-cap': 'round', 'line-join': 'round' },
          paint: { 'line-color': '#ffffff', 'line-width': 7 },
        },
        {
          id: `${id}-line`,
          type: 'line',
          layout: { 'line-cap': 'round', 'line-join': 'round' },
          paint: { 'line-color': statusColour as never, 'line-width': 4 },
        },
      ]}
    />
  );
}

export function CheckpointsLayer({ checkpoints }: { checkpoints: Checkpoint[] }) {
  const { t, tx } = useI18n();
  const data = useMemo(
    () =>
      collection(
        checkpoints.map((c) =>
          pointFeature(c.location, {
            tooltip: true,
            title: `${c.code} ${c.name}`,
            detail: `${t('checkpoint')} · ${tx('checkpointKind', c.kind)}`,
          }),
        ),
      ),
    [checkpoints, t, tx],
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
  const { t, tx, number } = useI18n();
  const data = useMemo(
    () =>
      collection(
        receptionPoints.map((r) =>
          pointFeature(r.location, {
            tooltip: true,
            title: `${r.code} ${r.name}`,
            detail: [
              `${t('receptionPoint')}${r.capacity ? ` · ${number(r.capacity)}` : ''}`,
              ...Object.entries(r.room ?? {}).map(([k, n]) => `${tx('carried', k)} ${number(n ?? 0)}`),
            ].join(' · '),
          }),
        ),
      ),
    [receptionPoints, t, tx, number],
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
