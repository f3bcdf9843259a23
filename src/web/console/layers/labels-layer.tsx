import { useEffect, useMemo } from 'react';
import type { CommandPost, Corridor, Checkpoint, ReceptionPoint } from '../../client/records.js';
import { isRemoved, useMap } from '../map-context.js';
import { mapLibre } from '../maplibre.js';
import { SLOT_OFFSETS, stackSlots } from './stacks.js';

/** A label on the map: its text beside a place; the lower the rank, the sooner it is placed. */
export interface MapLabel {
  key: string;
  at: [number, number];
  text: string;
  kind: 'corridor' | 'reception-point' | 'command-post' | 'checkpoint' | 'convoy';
  rank: number;
  /** Where its place is drawn from `at`, in pixels: its slot in a stack of places at one spot. */
  offset?: readonly [number, number];
}

/** Pixels between a place and its label. */
const GAP = 9;

/**
 * Labels drawn as HTML beside the map's places rather than as map text: the map has no glyph server,
 * and the browser shapes any script (Arabic names too) with the page's own fonts. Where two would
 * overlap, the one of lower rank shows and the other hides until there is room (zoomed in).
 */
export function LabelsLayer({ labels }: { labels: MapLabel[] }) {
  const map = useMap();
  useEffect(() => {
    const maplibregl = mapLibre();
    const placed = [...labels]
      .sort((a, b) => a.rank - b.rank)
      .map((label) => {
        const element = document.createElement('span');
        element.className = `map-label map-label-${label.kind}`;
        element.textContent = label.text;
        element.dir = 'auto';
        element.setAttribute('aria-hidden', 'true');
        element.dataset.label = label.key;
        // A place drawn left of its spot (a stack's slot) has its label on its left, away from the rest.
        const [dx, dy] = label.offset ?? [0, 0];
        const left = dx < 0;
        const marker = new maplibregl.Marker({
          element,
          anchor: left ? 'right' : 'left',
          offset: [left ? dx - GAP : dx + GAP, dy],
        })
          .setLngLat(label.at)
          .addTo(map);
        return { label, element, marker };
      });
    // Every size read before any label is shown or hidden: a read after a write would lay the page
    // out again, once per label.
    const place = () => {
      const sizes = placed.map(({ element }) => [element.offsetWidth, element.offsetHeight] as const);
      const taken: [number, number, number, number][] = [];
      const shown = placed.map(({ label }, i) => {
        const [dx, dy] = label.offset ?? [0, 0];
        const p = map.project(label.at);
        const [w, h] = sizes[i]!;
        const [x, y] = [dx < 0 ? p.x + dx - GAP - w : p.x + dx + GAP, p.y + dy];
        const box: [number, number, number, number] = [x, y - h / 2, x + w, y + h / 2];
        const clash = taken.some((o) => box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3]);
        if (!clash) taken.push(box);
        return !clash;
      });
      placed.forEach(({ element }, i) => (element.style.visibility = shown[i] ? 'visible' : 'hidden'));
    };
    place();
    map.on('moveend', place);
    return () => {
      if (isRemoved(map)) return;
      map.off('moveend', place);
      for (const { marker } of placed) marker.remove();
    };
  }, [map, labels]);
  return null;
}

/**
 * The operation's places by code: corridors at the middle of their route first, then reception points,
 * command posts and checkpoints. Codes read the same in both languages; names are in the tooltips.
 */
export function OperationLabels({
  corridors,
  receptionPoints,
  commandPosts,
  checkpoints,
}: {
  corridors: Corridor[];
  receptionPoints: ReceptionPoint[];
  commandPosts: CommandPost[];
  checkpoints: Checkpoint[];
}) {
  const labels = useMemo((): MapLabel[] => {
    // Beside each place where it is drawn: a place of a stack is drawn at its slot (stacks.ts).
    const offsetsOf = (places: readonly { location: { coordinates: [number, number] } }[]) =>
      stackSlots(places.map((p) => p.location.coordinates)).map((slot) => SLOT_OFFSETS[slot]);
    const [receptionAt, postsAt, checkpointsAt] = [receptionPoints, commandPosts, checkpoints].map(offsetsOf);
    return [
      ...corridors.flatMap((c): MapLabel[] => {
        const middle = c.route.coordinates[Math.floor(c.route.coordinates.length / 2)];
        return middle ? [{ key: c.code, at: middle, text: c.code, kind: 'corridor', rank: 0 }] : [];
      }),
      ...receptionPoints.map((r, i): MapLabel => ({
        key: r.code,
        at: r.location.coordinates,
        offset: receptionAt![i],
        text: r.code,
        kind: 'reception-point',
        rank: 1,
      })),
      ...commandPosts.map((p, i): MapLabel => ({
        key: p.code,
        at: p.location.coordinates,
        offset: postsAt![i],
        text: p.code,
        kind: 'command-post',
        rank: 2,
      })),
      ...checkpoints.map((c, i): MapLabel => ({
        key: c.code,
        at: c.location.coordinates,
        offset: checkpointsAt![i],
        text: c.code,
        kind: 'checkpoint',
        rank: 3,
      })),
    ];
  }, [corridors, receptionPoints, commandPosts, checkpoints]);
  return <LabelsLayer labels={labels} />;
}
