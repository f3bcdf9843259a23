import type * as MapLibre from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

type MapLibreModule = typeof MapLibre;

let loading: Promise<MapLibreModule> | null = null;
let loaded: MapLibreModule | null = null;

/**
 * MapLibre, read apart from the console's own code: the page links it for preloading (vite.config.ts),
 * main.tsx asks for it first, and the browser reads it while React draws the console, instead of
 * before any of the console runs. Its tiling runs in a module worker, shipped as its own file of the
 * build, started as soon as the library is read so that it is ready when the first map's data comes.
 */
export function loadMapLibre(): Promise<MapLibreModule> {
  loading ??= import('maplibre-gl').then(
    (maplibre) => {
      maplibre.setWorkerUrl(workerUrl);
      maplibre.prewarm();
      loaded = maplibre;
      return maplibre;
    },
    (error: unknown) => {
      // Asked again by the next map made (the link may be back).
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** MapLibre, once read: for the map's parts made after the map itself (controls, markers). */
export function mapLibre(): MapLibreModule {
  if (!loaded) throw new Error('MapLibre is used before it was read (loadMapLibre)');
  return loaded;
}

/** What the browser needs of the page's thread to start the map's worker, once MapLibre asked for it. */
const WORKER_START_MS = 30;

/**
 * Resolves a moment after MapLibre is read and has asked for its worker (refused if it cannot be read).
 * The console's first render waits for it: the worker starts only when the page's thread is free,
 * and behind the first render and the map's making it started about 0.2 s later.
 */
export function mapLibreStarted(): Promise<void> {
  return loadMapLibre().then(() => new Promise((done) => setTimeout(done, WORKER_START_MS)));
}
