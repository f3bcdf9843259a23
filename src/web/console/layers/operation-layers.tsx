import { CORRIDOR_STATUS_COLOURS } from '../../../contracts/kinds.js';
import { useMemo } from 'react';
import type { Area, Checkpoint, CommandPost, Corridor, ReceptionPoint } from '../../client/records.js';
import { useI18n } from '../../i18n/i18n.js';
import { useAfterCorridors } from './after-corridors.js';
import { collection, GeoJsonLayer, pointFeature, Z } from './GeoJsonLayer.js';
import { slotLayers, stackHub, stackSlots } from './stacks.js';
import { nameIn } from '../../shared/format.js';

/** Each place's slot in its stack (stacks.ts), for as long as the places are the same. */
export function useSlots(places: readonly { location: { coordinates: [number, number] } }[]): number[] {
  return useMemo(() => stackSlots(places.map((p) => p.location.coordinates)), [places]);
}

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
  const { t, tx, lang } = useI18n();
  const data = useMemo(
    () =>
      collection(
        corridors.map((c) => ({
          type: 'Feature',
          geometry: c.route,
          properties: {
            tooltip: true,
            status: c.status,
            title: `${c.code} ${nameIn(c, lang)}`,
            detail: `${t('corridor')} · ${tx('status', c.status)}`,
            href: `/corridors#${c.code}`,
          },
        })),
      ),
    [corridors, t, tx, lang],
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
  const { t, tx, lang } = useI18n();
  const slots = useSlots(checkpoints);
  const data = useMemo(
    () =>
      collection(
        checkpoints.map((c, i) =>
          pointFeature(c.location, {
            slot: slots[i]!,
            tooltip: true,
            title: `${c.code} ${nameIn(c, lang)}`,
            detail: `${t('checkpoint')} · ${tx('checkpointKind', c.kind)}`,
          }),
        ),
      ),
    [checkpoints, slots, t, tx, lang],
  );
  return (
    <GeoJsonLayer
      id="checkpoints"
      z={Z.points}
      data={data}
      layers={[
        stackHub('checkpoints'),
        ...slotLayers('checkpoints-circle', {
          'circle-radius': 6,
          'circle-color': '#ffffff',
          'circle-stroke-color': '#24292f',
          'circle-stroke-width': 2.5,
        }),
      ]}
    />
  );
}

export function CommandPostsLayer({ commandPosts }: { commandPosts: CommandPost[] }) {
  const { t, lang } = useI18n();
  const slots = useSlots(commandPosts);
  const data = useMemo(
    () =>
      collection(
        commandPosts.map((p, i) =>
          pointFeature(p.location, {
            slot: slots[i]!,
            tooltip: true,
            title: `${p.code} ${nameIn(p, lang)}`,
            detail: t('commandPost'),
          }),
        ),
      ),
    [commandPosts, slots, t, lang],
  );
  return (
    <GeoJsonLayer
      id="command-posts"
      z={Z.points}
      data={data}
      layers={[
        stackHub('command-posts'),
        ...slotLayers('command-posts-square', {
          'circle-radius': 8,
          'circle-color': '#0550ae',
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        }),
      ]}
    />
  );
}

export function ReceptionPointsLayer({ receptionPoints }: { receptionPoints: ReceptionPoint[] }) {
  const { t, tx, number, lang } = useI18n();
  const slots = useSlots(receptionPoints);
  const data = useMemo(
    () =>
      collection(
        receptionPoints.map((r, i) =>
          pointFeature(r.location, {
            slot: slots[i]!,
            tooltip: true,
            title: `${r.code} ${nameIn(r, lang)}`,
            detail: [
              `${t('receptionPoint')}${r.capacity ? ` · ${number(r.capacity)}` : ''}`,
              ...Object.entries(r.room ?? {}).map(([k, n]) => `${tx('carried', k)} ${number(n ?? 0)}`),
            ].join(' · '),
          }),
        ),
      ),
    [receptionPoints, slots, t, tx, number, lang],
  );
  return (
    <GeoJsonLayer
      id="reception-points"
      z={Z.points}
      data={data}
      layers={[
        stackHub('reception-points'),
        ...slotLayers('reception-points-circle', {
          'circle-radius': 9,
          'circle-color': '#1a7f37',
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2.5,
        }),
      ]}
    />
  );
}
