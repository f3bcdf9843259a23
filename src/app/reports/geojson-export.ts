import { enReport } from '../../contracts/words/messages-en-report.js';
import { signedArea } from '../../domain/geo.js';
import type { liveState } from './report-state.js';

// The operation's places as one RFC 7946 GeoJSON FeatureCollection: areas, corridors, checkpoints,
// command posts, reception points and hazard areas (`layer` says which), referred to by their codes.

type State = Awaited<ReturnType<typeof liveState>>;
type Position = number[];

/** Six decimals of a degree: about 0.1 m, more than any position recorded here can claim. */
const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** A ring rounded, and running the way RFC 7946 asks: an exterior counter-clockwise, a hole clockwise. */
function ringOf(ring: Position[], exterior: boolean): Position[] {
  const flat = ring.map((p) => p.slice(0, 2));
  // A ring smaller than the rounding (a few centimetres across) keeps its digits rather than collapse.
  const rounded = flat.map((p) => p.map(round));
  const kept = signedArea(rounded) === 0 && signedArea(flat) !== 0 ? flat : rounded;
  const ccw = signedArea(kept) > 0;
  return ccw === exterior ? kept : kept.reverse();
}

/** A geometry as RFC 7946 has it: six decimals, no altitude, rings wound by the right-hand rule. */
export function rfc7946(geometry: { type: string; coordinates: unknown }): {
  type: string;
  coordinates: unknown;
} {
  const c = geometry.coordinates;
  const polygon = (rings: Position[][]) => rings.map((r, i) => ringOf(r, i === 0));
  switch (geometry.type) {
    case 'Point':
      return { type: 'Point', coordinates: (c as Position).slice(0, 2).map(round) };
    case 'LineString':
      return { type: 'LineString', coordinates: (c as Position[]).map((p) => p.slice(0, 2).map(round)) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: polygon(c as Position[][]) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: (c as Position[][][]).map(polygon) };
    default:
      return geometry;
  }
}

/** The map disclaimer of the United Nations' practice, said with every export of places. */
/** The map disclaimer of OCHA's maps, in English (the catalogue has it in each language). */
export const MAP_DISCLAIMER = enReport['rep.map.disclaimer'];

export function geojsonOf(state: State) {
  const json = (v: unknown) => rfc7946(JSON.parse(String(v)) as { type: string; coordinates: unknown });
  const feature = (layer: string, geometry: unknown, properties: Record<string, unknown>) => ({
    type: 'Feature',
    geometry,
    properties: { layer, ...properties },
  });
  const operation = state.operations[0];
  const corridor = new Map(state.corridors.map((c) => [c.id, c.code]));
  const org = new Map(state.organisations.map((o) => [o.id, o.code]));
  const area = new Map(state.areas.map((a) => [a.id, a.code]));
  return {
    type: 'FeatureCollection',
    // Foreign members (RFC 7946, 6.1): whose data it is, where it comes from (the operation says, in its
    // description: the demo names its neighbourhoods' and boundary's sources and licences), and the disclaimer.
    name: operation?.name ?? null,
    attribution: operation ? `${operation.name}, recorded in Corridor. ${operation.description}` : 'Corridor',
    disclaimer: MAP_DISCLAIMER,
    features: [
      ...state.areas.map((a) =>
        feature('area', json(a.geometry), {
          code: a.code,
          pcode: a.pcode,
          kind: a.kind,
          name: a.name_en,
          nameAr: a.name_ar,
          parent: a.parent_area_id === null ? null : (area.get(a.parent_area_id) ?? null),
        }),
      ),
      ...state.corridors.map((c) =>
        feature('corridor', json(c.route), {
          code: c.code,
          name: c.name,
          status: c.status,
          stage: c.stage_key,
        }),
      ),
      ...state.checkpoints.map((c) =>
        feature('checkpoint', json(c.location), {
          code: c.code,
          name: c.name,
          kind: c.kind,
          corridor: corridor.get(c.corridor_id) ?? null,
        }),
      ),
      ...state.command_posts.map((p) =>
        feature('command-post', json(p.location), {
          code: p.code,
          name: p.name,
          organisation: p.organisation_id === null ? null : (org.get(p.organisation_id) ?? null),
        }),
      ),
      ...state.reception_points.map((r) =>
        feature('reception-point', json(r.location), { code: r.code, name: r.name, capacity: r.capacity }),
      ),
      ...state.hazards.map((h) =>
        feature('hazard', json(h.area), { code: h.code, type: h.type, status: h.status }),
      ),
    ],
  };
}
