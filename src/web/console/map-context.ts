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
