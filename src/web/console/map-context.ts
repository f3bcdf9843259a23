import { createContext, useContext, type ReactNode } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';

export const MapContext = createContext<MapLibreMap | null>(null);

export function useMap(): MapLibreMap {
  const map = useContext(MapContext);
  if (!map) throw new Error('a map layer outside <OperationMap>');
  return map;
}

/** Layers a page draws on the console's map: drawn once the map is ready, gone with the page. */
export function OnMap({ children }: { children: ReactNode }): ReactNode {
  return useContext(MapContext) ? children : null;
}

/** Maps removed (the console unmounted, on signing out): their parts are gone with them. */
const removed = new WeakSet<MapLibreMap>();

/** Removes the map; the cleanups of its parts that run after this see it removed (isRemoved). */
export function removeMap(map: MapLibreMap): void {
  removed.add(map);
  map.remove();
}

export function isRemoved(map: MapLibreMap): boolean {
  return removed.has(map);
}

/** Maps whose style is read: sources and layers may be added to them. */
const styled = new WeakSet<MapLibreMap>();

/** Called by <OperationMap> when its map's style is read (MapLibre's `style.load`). */
export function markStyled(map: MapLibreMap): void {
  styled.add(map);
}

/**
 * Runs `add` (which answers how to undo it) now if the map's style is read, else as soon as it is:
 * a layer mounted with the map adds its source in the very frame the style is read, rather than a
 * render later. Answers the undoing, or the cancelling of an `add` not run yet.
 */
export function whenStyled(map: MapLibreMap, add: () => () => void): () => void {
  if (styled.has(map)) return add();
  let undo: (() => void) | null = null;
  const run = () => (undo = add());
  map.once('style.load', run);
  return () => {
    map.off('style.load', run);
    undo?.();
  };
}
