import type { Map as MapLibreMap } from 'maplibre-gl';

// What the console exposes to the tests and bench:web (src/web/console/OperationMap.tsx).
declare global {
  interface Window {
    corridorMap?: MapLibreMap;
  }
}
