import type { EventPayloadInput, HAZARD_TYPES } from '../../contracts/events.js';
import { EARTH_RADIUS_M, type Position } from '../geo.js';

/**
 * Hazards from a GeoJSON FeatureCollection (a damage assessment, a survey export): Polygon and
 * MultiPolygon features as they are, Point features as a 16-sided polygon of radius `bufferM` around
 * the point. Pure: ids and codes are given when the hazards are recorded (src/app/safe-passage/hazards.ts).
 */

export type HazardType = (typeof HAZARD_TYPES)[number];

/** A HazardReported payload without its id and code. */
export type HazardDraft = Omit<EventPayloadInput<'HazardReported'>, 'hazardId' | 'code'>;

export interface HazardImportOptions {
  type: HazardType;
  /** Radius of the polygon made around a Point feature, in metres. */
  bufferM: number;
  /** Only features whose property has one of the values listed (every property listed must match). */
  filter?: Record<string, readonly string[]>;
  /** The property whose value is each hazard's evidence reference. */
  referenceProperty?: string;
  /** What the reference says when there is no such property: `<referencePrefix>#<feature number>`. */
  referencePrefix?: string;
  source?: { organisationId?: string; document?: string };
  note?: string;
}

export interface HazardImport {
  hazards: HazardDraft[];
  /** Features left out, and why (features not matching the filter are only counted). */
  skipped: { feature: number; reason: string }[];
  filteredOut: number;
}

const SIDES = 16;

export class HazardImportError extends Error {}

/** The ring of a regular 16-gon of radius `metres` around `centre`, closed (local equirectangular). */
export function bufferPoint(centre: Position, metres: number): Position[] {
  const [lon, lat] = centre;
  const dLat = (metres / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLon = dLat / Math.cos((lat * Math.PI) / 180);
  const ring: Position[] = [];
  for (let k = 0; k < SIDES; k++) {
    const angle = (2 * Math.PI * k) / SIDES;
    ring.push([round(lon + dLon * Math.cos(angle)), round(lat + dLat * Math.sin(angle))]);
  }
  ring.push(ring[0]!);
  return ring;
}

// About 1 cm: enough, and keeps the numbers short in the log.
const round = (x: number) => Math.round(x * 1e7) / 1e7;

export function hazardsFromGeoJson(collection: unknown, options: HazardImportOptions): HazardImport {
  if (!(options.bufferM > 0 && options.bufferM <= 100_000))
    throw new HazardImportError('the buffer must be more than 0 and at most 100 km');
  const fc = collection as { type?: unknown; features?: unknown };
  if (typeof fc !== 'object' || fc === null || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features))
    throw new HazardImportError('not a GeoJSON FeatureCollection');
  const out: HazardImport = { hazards: [], skipped: [], filteredOut: 0 };
  fc.features.forEach((raw: unknown, i) => {
    const n = i + 1;
    const feature = raw as {
      geometry?: { type?: unknown; coordinates?: unknown } | null;
      properties?: unknown;
    };
    const properties = (
      typeof feature?.properties === 'object' && feature.properties !== null ? feature.properties : {}
    ) as Record<string, unknown>;
    const value = (key: string) => {
      const v = properties[key];
      if (typeof v === 'string') return v;
      return typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
    };
    const filter = Object.entries(options.filter ?? {});
    if (!filter.every(([key, values]) => values.includes(value(key) ?? '\u0000'))) {
      out.filteredOut++;
      return;
    }
    const geometry = feature?.geometry;
    let area: HazardDraft['area'];
    if (geometry?.type === 'Point' && isPosition(geometry.coordinates)) {
      area = { type: 'Polygon', coordinates: [bufferPoint(geometry.coordinates, options.bufferM)] };
    } else if (geometry?.type === 'Polygon' || geometry?.type === 'MultiPolygon') {
      area = { type: geometry.type, coordinates: geometry.coordinates } as HazardDraft['area'];
    } else {
      out.skipped.push({
        feature: n,
        reason: `a ${typeof geometry?.type === 'string' ? geometry.type : 'feature without geometry'} is not an area or a point`,
      });
      return;
    }
    const reference =
      (options.referenceProperty === undefined ? undefined : value(options.referenceProperty)) ??
      `${options.referencePrefix ?? 'feature'}#${n}`;
    const hazard: HazardDraft = {
      type: options.type,
      area,
      status: 'suspected',
      evidence: { kind: 'imagery', reference: reference.slice(0, 4000) },
    };
    if (options.source) hazard.source = options.source;
    if (options.note !== undefined) hazard.note = options.note;
    out.hazards.push(hazard);
  });
  return out;
}

function isPosition(v: unknown): v is Position {
  return (
    Array.isArray(v) &&
    v.length >= 2 &&
    typeof v[0] === 'number' &&
    typeof v[1] === 'number' &&
    Math.abs(v[0]) <= 180 &&
    Math.abs(v[1]) <= 90
  );
}
