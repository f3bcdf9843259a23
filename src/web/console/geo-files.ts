import { normalPCode, PCODE_PATTERN } from '../../contracts/kinds.js';

// What the console reads from a GeoJSON file a user chooses: a hazard area (a survey's polygons), a
// corridor's route, or areas (neighbourhoods, districts) with their names and p-codes. The server checks
// every geometry again.

const EARTH_RADIUS_M = 6_371_008.8;

export type Route = { type: 'LineString'; coordinates: [number, number][] };

/** A position of a file that is not a longitude and a latitude in degrees: the file is refused. */
export class BadPositionError extends Error {}

/**
 * A GeoJSON file read by `reader`: what it gives, or null (not JSON, nothing of the kind in it), and the
 * position that is not a longitude and a latitude when that is why.
 */
export async function readGeoFile<T>(
  file: { text: () => Promise<string> },
  reader: (json: unknown) => T,
): Promise<{ value: T | null; badPosition: string | null }> {
  try {
    return { value: reader(JSON.parse(await file.text())), badPosition: null };
  } catch (error) {
    return { value: null, badPosition: error instanceof BadPositionError ? error.message : null };
  }
}

/** A position as the API takes it: longitude and latitude in degrees (an altitude dropped). */
function position(p: unknown): [number, number] {
  const [lon, lat] = Array.isArray(p) ? (p as unknown[]) : [];
  if (
    typeof lon !== 'number' ||
    typeof lat !== 'number' ||
    !Number.isFinite(lon) ||
    !Number.isFinite(lat) ||
    Math.abs(lon) > 180 ||
    Math.abs(lat) > 90
  )
    throw new BadPositionError(`${JSON.stringify(p)} is not a longitude and a latitude in degrees`);
  return [lon, lat];
}

/**
 * The route in a GeoJSON file: a LineString (or a MultiLineString of one line) given as it is, as a
 * Feature, or the first line of a FeatureCollection (altitudes dropped); null when the file has no line
 * of two points or more. A position that is not a longitude and a latitude throws BadPositionError.
 */
export function routeOf(json: unknown): Route | null {
  const o = json as { type?: string; coordinates?: unknown; geometry?: unknown; features?: unknown[] } | null;
  if (!o || typeof o !== 'object') return null;
  // A MultiLineString of one line is that line (several lines make no one route).
  const line =
    o.type === 'LineString'
      ? o.coordinates
      : o.type === 'MultiLineString' && Array.isArray(o.coordinates) && o.coordinates.length === 1
        ? (o.coordinates as unknown[])[0]
        : undefined;
  if (Array.isArray(line)) {
    const coordinates = line.map(position);
    return coordinates.length >= 2 ? { type: 'LineString', coordinates } : null;
  }
  if (o.type === 'Feature') return routeOf(o.geometry);
  if (o.type === 'FeatureCollection' && Array.isArray(o.features))
    for (const f of o.features) {
      const route = routeOf(f);
      if (route) return route;
    }
  return null;
}

export interface AreaFromFile {
  nameEn: string;
  nameAr: string | null;
  pcode: string | null;
  geometry: SurveyArea;
}

// Property names of the common sources: OCHA's COD-AB (ADMn_EN, ADMn_AR, ADMn_PCODE, deepest level
// first), HDX and OSM exports, and files written by hand.
const LEVELS = ['ADM4', 'ADM3', 'ADM2', 'ADM1'];
const EN = [
  ...LEVELS.map((l) => `${l}_EN`),
  'name_en',
  'nameEn',
  'NAME_EN',
  'name:en',
  'NAME',
  'Name',
  'name',
];
const AR = [...LEVELS.map((l) => `${l}_AR`), 'name_ar', 'nameAr', 'NAME_AR', 'name:ar', 'NAME_A'];
const PCODE = [...LEVELS.map((l) => `${l}_PCODE`), 'pcode', 'PCODE', 'p_code', 'admin_pcode'];

function first(properties: Record<string, unknown>, keys: string[]): string | null {
  for (const key of keys) {
    const value = properties[key];
    if (typeof value === 'string' && value.trim()) return value.trim().slice(0, 200);
    if (typeof value === 'number') return String(value);
  }
  return null;
}

/**
 * The areas of a GeoJSON file: each feature with a polygon and a name becomes one area. `skipped`
 * counts the features left out (no polygon, or no name to show).
 */
export function areasOf(json: unknown): { areas: AreaFromFile[]; skipped: number } {
  const o = json as { type?: string; features?: unknown[] } | null;
  const features =
    o?.type === 'FeatureCollection' && Array.isArray(o.features)
      ? o.features
      : o?.type === 'Feature'
        ? [o]
        : [];
  const areas: AreaFromFile[] = [];
  let skipped = 0;
  for (const feature of features) {
    const f = feature as { geometry?: unknown; properties?: Record<string, unknown> | null } | null;
    const geometry = f ? areaOf(f.geometry) : null;
    const properties = f?.properties ?? {};
    const nameEn = first(properties, EN);
    if (!geometry || !nameEn) {
      skipped++;
      continue;
    }
    const nameAr = first(properties, AR);
    // Written as the server keeps it, so that one already registered is known by it.
    const raw = first(properties, PCODE);
    const written = raw === null || raw.length > 64 ? null : normalPCode(raw);
    const pcode = written !== null && PCODE_PATTERN.test(written) ? written : raw;
    areas.push({ nameEn, nameAr: nameAr === nameEn ? null : nameAr, pcode, geometry });
  }
  return { areas, skipped };
}

type Ring = [number, number][];
export type SurveyArea =
  { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

/** How many corners an area has (a ring's closing corner counted). */
export function cornersOf(area: SurveyArea): number {
  const rings = area.type === 'Polygon' ? area.coordinates : area.coordinates.flat();
  return rings.reduce((n, ring) => n + ring.length, 0);
}

/** A ring as the API takes it: longitude and latitude of each corner (an altitude dropped). */
function ringOf(ring: unknown): Ring {
  if (!Array.isArray(ring)) return [];
  return ring.map(position);
}

/**
 * The area of a GeoJSON file: a Polygon or MultiPolygon given as it is, as a Feature, or the polygons
 * of a FeatureCollection's features together (a survey's areas as one hazard area); null when it has
 * none. The server checks the geometry itself.
 */
export function areaOf(json: unknown): SurveyArea | null {
  const polygons: Ring[][] = [];
  const rings = (polygon: unknown): Ring[] => (Array.isArray(polygon) ? polygon.map(ringOf) : []);
  const visit = (g: unknown) => {
    const o = g as { type?: string; coordinates?: unknown; geometry?: unknown; features?: unknown[] } | null;
    if (!o || typeof o !== 'object') return;
    if (o.type === 'Polygon' && Array.isArray(o.coordinates)) polygons.push(rings(o.coordinates));
    else if (o.type === 'MultiPolygon' && Array.isArray(o.coordinates))
      polygons.push(...(o.coordinates as unknown[]).map(rings));
    else if (o.type === 'Feature') visit(o.geometry);
    else if (o.type === 'FeatureCollection' && Array.isArray(o.features)) o.features.forEach(visit);
  };
  visit(json);
  if (polygons.length === 0) return null;
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0]! }
    : { type: 'MultiPolygon', coordinates: polygons };
}

/** A polygon of 24 sides, counter-clockwise, `radius` metres around a place: the area first marked. */
export function circle(at: [number, number], radius: number) {
  const [lon, lat] = at;
  const dLat = (radius / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLon = dLat / Math.cos((lat * Math.PI) / 180);
  const ring: [number, number][] = [];
  for (let k = 0; k < 24; k++) {
    const a = (2 * Math.PI * k) / 24;
    ring.push([round(lon + dLon * Math.cos(a)), round(lat + dLat * Math.sin(a))]);
  }
  ring.push(ring[0]!);
  return { type: 'Polygon' as const, coordinates: [ring] };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
