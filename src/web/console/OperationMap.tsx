import { useEffect, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import type { LngLatBoundsLike, Map as MapLibreMap, MapGeoJSONFeature, PointLike } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Corridor } from '../client/records.js';
import { useI18n } from '../i18n/i18n.js';
import { isRemoved, MapContext, markStyled, removeMap } from './map-context.js';
import { MapLegend } from './MapLegend.js';
import { loadMapLibre, mapLibre } from './maplibre.js';
import type { MapFocus } from './AreaList.js';

declare global {
  interface Window {
    /** The one map instance, for the browser tests and bench:web. */
    corridorMap?: MapLibreMap;
  }
}

/** Dispatched on window once the corridors are on the canvas. */
export const CORRIDORS_DRAWN = 'corridor:corridors-drawn';

interface Hover {
  x: number;
  y: number;
  /** When it was chosen (Date.now()), to show the latest of two. */
  at: number;
  title: string;
  nameAr: string | null;
  detail: string;
}

/**
 * The one MapLibre map of the console. Its style has no tiles, fonts, sprites or glyphs: everything
 * drawn comes from the layers given as children, which add their own sources once the map is ready.
 * Names show in a tooltip (English and Arabic), not as map labels, so no glyph server is needed.
 */
export function OperationMap({
  corridors,
  focus,
  navigate,
  onPick,
  onMap,
  children,
}: {
  corridors: Corridor[] | null;
  /** A place chosen outside the map (the area list): shown and described. */
  focus: MapFocus | null;
  navigate: (href: string) => void;
  /** While set, a click on the map picks a place (longitude, latitude) instead of selecting. */
  onPick?: ((at: [number, number]) => void) | null;
  /** Told of the map once it is ready: pages outside the map draw on it through MapContext. */
  onMap?: (map: MapLibreMap) => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  // Corridors known as the map is made: it starts on them, and its first frame is where it stays.
  const [startOn] = useState(() => (corridors && corridors.length > 0 ? corridors : null));
  const { map, styled, hover, selected, setSelected } = useMapInstance(
    container,
    navigate,
    onPick ?? null,
    startOn,
  );
  useFitToCorridors(map, corridors, startOn !== null);
  useControlsInLanguage(map);
  useEffect(() => {
    if (map && styled) onMap?.(map);
  }, [map, styled, onMap]);
  useEffect(() => {
    if (map && focus) map.fitBounds(focus.bounds, { padding: 80, maxZoom: 15, duration: 0 });
  }, [map, focus]);
  // What the panel describes: the later of a click on the map and a place chosen in the area list.
  const [dismissed, setDismissed] = useState<MapFocus | null>(null);
  const fromFocus: Hover | null =
    focus && focus !== dismissed
      ? { x: 0, y: 0, at: focus.at, title: focus.title, nameAr: focus.nameAr, detail: focus.detail }
      : null;
  const shown = [selected, fromFocus].filter((h) => h !== null).sort((a, b) => b.at - a.at)[0] ?? null;
  const close = () => {
    setSelected(null);
    setDismissed(focus);
  };

  return (
    <div className="map-wrap">
      <div ref={container} className="map" role="region" aria-label={t('map')} />
      {map && <MapContext.Provider value={map}>{children}</MapContext.Provider>}
      <MapLegend />
      {shown && <MapSelection shown={shown} onClose={close} />}
      {hover && <MapTooltip hover={hover} />}
    </div>
  );
}

/**
 * The map in the container, once loaded (null before), with the feature under the pointer and the one
 * clicked last; a click on a feature with an `href` navigates there instead.
 */
function useMapInstance(
  container: RefObject<HTMLDivElement | null>,
  navigate: (href: string) => void,
  onPick: ((at: [number, number]) => void) | null,
  startOn: Corridor[] | null,
) {
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [styled, setStyled] = useState(false);
  const [hover, setHover] = useState<Hover | null>(null);
  const [selected, setSelected] = useState<Hover | null>(null);
  const navigateRef = useRef(navigate);
  const pickRef = useRef(onPick);
  useEffect(() => {
    navigateRef.current = navigate;
    pickRef.current = onPick;
    if (map) map.getCanvas().style.cursor = onPick ? 'crosshair' : '';
  });

  useEffect(() => {
    let instance: MapLibreMap | null = null;
    let gone = false;
    void loadMapLibre().then(
      (maplibregl) => {
        if (gone) return;
        instance = new maplibregl.Map({
          container: container.current!,
          style: {
            version: 8,
            sources: {},
            layers: [{ id: 'sea', type: 'background', paint: { 'background-color': '#b9d3e6' } }],
          },
          ...(startOn
            ? { bounds: boundsOf(startOn), fitBoundsOptions: FIT }
            : { center: [37.16, 36.2] as [number, number], zoom: 11 }),
          attributionControl: false,
          // The style is this code's own (its layers are added unchecked too, GeoJsonLayer.tsx).
          validateStyle: false,
          canvasContextAttributes: { preserveDrawingBuffer: true },
        });
        const map = instance;
        hideUntilDrawn(map);
        const tooltipFeature = (point: PointLike) => tooltipAt(map, point);
        map.on('mousemove', (e) => {
          const f = tooltipFeature(e.point);
          map.getCanvas().style.cursor = f?.properties.href ? 'pointer' : '';
          setHover(f ? describe(f, e.point.x, e.point.y) : null);
        });
        map.on('mouseout', () => setHover(null));
        map.on('click', (e) => {
          if (pickRef.current) return pickRef.current([e.lngLat.lng, e.lngLat.lat]);
          const f = tooltipFeature(e.point);
          const href: unknown = f?.properties.href;
          if (typeof href === 'string') navigateRef.current(href);
          else setSelected(f ? describe(f, e.point.x, e.point.y) : null);
        });
        // Its layers are made at once (before the frame that reads its style), and add their sources in
        // that very frame (whenStyled): the data is on its way to the worker a render sooner.
        map.once('style.load', () => {
          markStyled(map);
          setStyled(true);
        });
        flushSync(() => setMap(map));
        window.corridorMap = map;
      },
      (error: unknown) => console.error('corridor: the map could not be read', error),
    );
    return () => {
      gone = true;
      if (!instance) return;
      delete window.corridorMap;
      removeMap(instance);
    };
    // Where it starts is read once, as it is made.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [container]);
  return { map, styled, hover, selected, setSelected };
}

/** The feature under a point that has a tooltip: not a stack's hub (stacks.ts), whose places answer. */
function tooltipAt(map: MapLibreMap, point: PointLike): MapGeoJSONFeature | undefined {
  return map
    .queryRenderedFeatures(point)
    .find((f) => f.properties?.tooltip === true && !f.layer.id.endsWith('-hub'));
}

/** Longest the canvas stays hidden (hideUntilDrawn), should neither the corridors nor an idle map come. */
const HIDDEN_AT_MOST_MS = 3000;

/**
 * The canvas is shown once it has something to show: the corridors drawn, or the map idle (an
 * operation without corridors). Until then the container's own colour is the sea. Software-rendered
 * (as in a browser without a GPU), every frame of a shown canvas is read back from the GL buffer for
 * the page: the frames that draw only the sea while the data is on its way cost about 0.1 s.
 */
function hideUntilDrawn(map: MapLibreMap) {
  const canvas = map.getCanvas();
  canvas.style.visibility = 'hidden';
  const show = () => {
    canvas.style.visibility = '';
    clearTimeout(timer);
    window.removeEventListener(CORRIDORS_DRAWN, show);
    map.off('idle', show);
  };
  const timer = setTimeout(show, HIDDEN_AT_MOST_MS);
  window.addEventListener(CORRIDORS_DRAWN, show);
  map.on('idle', show);
}

/** The zoom buttons and the scale bar, in the reader's language (made again when it changes). */
function useControlsInLanguage(map: MapLibreMap | null) {
  const { t } = useI18n();
  useEffect(() => {
    if (!map) return;
    setUiStrings(map, {
      'NavigationControl.ZoomIn': t('zoomIn'),
      'NavigationControl.ZoomOut': t('zoomOut'),
      'ScaleControl.Meters': t('unitMetres'),
      'ScaleControl.Kilometers': t('unitKilometres'),
    });
    const maplibregl = mapLibre();
    const controls = [
      new maplibregl.NavigationControl({ showCompass: false }),
      new maplibregl.ScaleControl({}),
    ];
    map.addControl(controls[0]!, 'top-left');
    map.addControl(controls[1]!, 'bottom-left');
    return () => {
      // Gone with the map when the console unmounts (its cleanup runs first).
      if (!isRemoved(map)) for (const c of controls) map.removeControl(c);
    };
  }, [map, t]);
}

/** MapLibre's own words (its controls'): read when a control is made or updated. */
function setUiStrings(map: MapLibreMap, strings: Record<string, string>) {
  map._locale = { ...map._locale, ...strings };
}

function describe(f: MapGeoJSONFeature, x: number, y: number): Hover {
  return {
    x,
    y,
    at: Date.now(),
    title: String(f.properties.title ?? ''),
    nameAr: f.properties.nameAr ? String(f.properties.nameAr) : null,
    detail: String(f.properties.detail ?? ''),
  };
}

/** Room on the right for the legend. */
const FIT = { padding: { top: 40, bottom: 40, left: 40, right: 200 }, duration: 0 };
function boundsOf(corridors: Corridor[]): LngLatBoundsLike {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const c of corridors)
    for (const [lng, lat] of c.route.coordinates) {
      [west, south] = [Math.min(west, lng), Math.min(south, lat)];
      [east, north] = [Math.max(east, lng), Math.max(north, lat)];
    }
  return [west, south, east, north];
}

/**
 * Fits the map to the corridors once, when they first come (unless it started on them), and tells when
 * they are first drawn.
 */
function useFitToCorridors(map: MapLibreMap | null, corridors: Corridor[] | null, startedOnThem: boolean) {
  const fitted = useRef(false);
  // Before the browser paints (a layout effect): the frame it paints is already the fitted one.
  useLayoutEffect(() => {
    if (!map || !corridors || corridors.length === 0 || fitted.current) return;
    fitted.current = true;
    if (!startedOnThem) map.fitBounds(boundsOf(corridors), FIT);
    // The first frame drawn with the corridors' features on it (for the tests and bench:web); the
    // land outline waits for it, so that its parsing does not hold the operation's own layers back.
    const drawn = () => {
      // At a frame's end: the tiles it found loaded were drawn in it (tiles load between frames).
      if (!map.getSource('corridors') || map.querySourceFeatures('corridors').length === 0) return;
      map.off('render', drawn);
      performance.mark('corridors-drawn');
      document.documentElement.dataset.corridorsDrawn = 'true';
      window.dispatchEvent(new Event(CORRIDORS_DRAWN));
    };
    map.on('render', drawn);
    map.triggerRepaint();
  }, [map, corridors, startedOnThem]);
}

function MapSelection({ shown, onClose }: { shown: Hover; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <aside
      className="map-selection"
      aria-label={shown.title}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <div className="row">
        <strong>{shown.title}</strong>
        <button type="button" className="close" aria-label={t('close')} onClick={onClose}>
          ×
        </button>
      </div>
      {shown.nameAr && (
        <div lang="ar" dir="rtl" className="name-ar">
          {shown.nameAr}
        </div>
      )}
      <div className="muted">{shown.detail}</div>
    </aside>
  );
}

function MapTooltip({ hover }: { hover: Hover }) {
  return (
    <div className="map-tooltip" role="tooltip" style={{ left: hover.x + 12, top: hover.y + 12 }}>
      <strong>{hover.title}</strong>
      {hover.nameAr && (
        <div lang="ar" dir="rtl">
          {hover.nameAr}
        </div>
      )}
      <div className="muted">{hover.detail}</div>
    </div>
  );
}
