import { useLayoutEffect, useRef, useState } from 'react';
import type { GeoJSONSource, LayerSpecification } from 'maplibre-gl';
import type { Point } from '../../client/records.js';
import { useMap, whenStyled } from '../map-context.js';
import { useAfterCorridors } from './after-corridors.js';

/** Drawing order of the operation's layers, bottom to top, whatever order they mount in. */
export const Z = {
  land: 0,
  areas: 10,
  recovery: 12,
  corridors: 40,
  plan: 42,
  hazards: 45,
  points: 50,
  incidents: 60,
  alerts: 65,
  convoys: 70,
} as const;

/** A layer of the source: its specification without `source` (distributed over the layer types). */
type Layer = LayerSpecification extends infer L
  ? L extends { source: unknown }
    ? Omit<L, 'source'>
    : never
  : never;

export interface Feature {
  type: 'Feature';
  geometry: unknown;
  properties: Record<string, string | number | boolean | null>;
}

export function collection(features: Feature[]) {
  return { type: 'FeatureCollection' as const, features };
}

export function pointFeature(location: Point, properties: Feature['properties']): Feature {
  return { type: 'Feature', geometry: location, properties };
}

/**
 * One GeoJSON source and its layers: added on mount, data replaced when it changes, removed on
 * unmount. It renders nothing; the map is the one instance of <OperationMap>. Layers with a `tooltip`
 * property on their features answer hover and click there.
 */
export function GeoJsonLayer({
  id,
  z,
  data,
  layers,
}: {
  id: string;
  z: number;
  data: ReturnType<typeof collection>;
  layers: Layer[];
}) {
  const map = useMap();
  // A source with nothing to draw yet is added once the corridors are drawn: its tiles would come
  // first through the map's one worker and hold the corridors' back.
  const drawnOrHasData = useAfterCorridors() || data.features.length > 0;
  const [due, setDue] = useState(drawnOrHasData);
  if (drawnOrHasData && !due) setDue(true);
  // The data the source was made with, or last given: set again only when it changes.
  const given = useRef<typeof data | null>(null);
  // The data to make the source with, should it be made after this render (once the style is read).
  const latest = useRef(data);
  // Layout effects: the data is with the map (and on its way to its worker) before the browser paints,
  // rather than a frame later.
  useLayoutEffect(() => {
    latest.current = data;
  });
  useLayoutEffect(() => {
    if (!due) return;
    return whenStyled(map, () => {
      given.current = latest.current;
      // Without MapLibre's check of each source and layer against the whole style (it serialises
      // every source's data each time, a fifth of the first map's work): they are this code's own,
      // and the browser tests draw them all. Setting a layer's visibility redraws the map.
      const unchecked = { validate: false };
      map.style.addSource(id, { type: 'geojson', data: latest.current as never }, unchecked);
      // The layers' order by id and each one's z: not getStyle(), which serialises every source's data.
      const zOf = (layerId: string) =>
        (map.getLayer(layerId)?.metadata as { 'corridor:z'?: number } | undefined)?.['corridor:z'] ?? -1;
      const metadata = { 'corridor:z': z };
      for (const layer of layers) {
        // Before the first layer that is drawn above this one.
        const before = map.getLayersOrder().find((l) => zOf(l) > z);
        map.style.addLayer({ ...layer, source: id, metadata }, before, unchecked);
        map.setLayoutProperty(layer.id, 'visibility', layer.layout?.visibility ?? 'visible', unchecked);
      }
      return () => {
        for (const layer of layers) if (map.getLayer(layer.id)) map.removeLayer(layer.id);
        if (map.getSource(id)) map.removeSource(id);
      };
    });
    // The layer specification is fixed per id; only the data changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, id, due]);
  useLayoutEffect(() => {
    if (given.current === null || given.current === data) return;
    given.current = data;
    void map.getSource<GeoJSONSource>(id)?.setData(data as never);
  }, [map, id, data]);
  return null;
}
