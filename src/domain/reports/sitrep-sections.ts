import { peopleTotal } from '../accountability/manifest-counts.js';
import type { AreaGeometry } from '../geo.js';
import type { Stage } from './computed-figures.js';
import { areaCodeOf, byCode, parse, type SitrepContext } from './sitrep-context.js';
import type { Sitrep } from './sitrep.js';

// The sections of a situation report that list its records: overview, safety, response and map.

export function overviewOf({ state }: SitrepContext, stages: readonly Stage[]): Sitrep['overview'] {
  return {
    stages: stages.map((s) => ({ key: s.key, name: s.name, start: s.start, end: s.end ?? null })),
    corridors: count(state.corridors.map((c) => c.status)),
    convoys: count(state.convoys.map((c) => c.status)),
    commandPosts: state.command_posts.length,
    receptionPoints: state.reception_points.length,
    paper: paperOf(state),
  };
}

function paperOf(state: SitrepContext['state']): Sitrep['overview']['paper'] {
  const tallies = state.passages.filter((p) => p.sheet_id !== null && p.voided_at === null);
  const people = tallies.reduce(
    (sum, p) => sum + (p.people !== null ? peopleTotal(p.people) : (p.people_total ?? 0)),
    0,
  );
  const manifests = state.convoys.filter(
    (c) => c.manifest !== null && parse<{ sheetId?: string }>(c.manifest).sheetId !== undefined,
  ).length;
  return { tallies: tallies.length, people, manifests };
}

function count(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

export function safetyOf({ state, corridorCode }: SitrepContext): Sitrep['safety'] {
  return {
    incidents: [...state.incidents].sort(byCode).map((i) => ({
      code: i.code,
      type: i.type,
      severity: i.severity,
      status: i.status,
      occurredAt: i.occurred_at,
      description: i.description,
      corridor: i.corridor_id ? (corridorCode.get(i.corridor_id) ?? null) : null,
    })),
    hazards: [...state.hazards].sort(byCode).map((h) => ({
      code: h.code,
      type: h.type,
      status: h.status,
      statusChangedAt: h.status_changed_at,
    })),
    overrides: [...state.gate_overrides]
      .sort((a, b) => a.overridden_at.localeCompare(b.overridden_at))
      .map((o) => ({
        corridor: corridorCode.get(o.corridor_id) ?? o.corridor_id,
        to: o.to,
        unmet: parse<string[]>(o.unmet),
        reason: o.reason,
        overriddenAt: o.overridden_at,
        recordedBy: o.recorded_by ?? null,
      })),
    windows: [...state.pause_windows].sort(byCode).map((w) => ({
      code: w.code,
      kind: w.kind,
      start: w.start,
      end: w.end,
      status: w.status,
    })),
  };
}

/** Who does what where: the aid deliveries by sector, with their organisations, areas and quantities. */
export function responseOf(ctx: SitrepContext): Sitrep['response'] {
  const sectors = new Map<string, Sitrep['response'][number]>();
  for (const d of ctx.state.aid_deliveries) {
    const s = sectors.get(d.sector) ?? {
      sector: d.sector,
      deliveries: 0,
      organisations: [],
      areas: [],
      quantities: {},
    };
    sectors.set(s.sector, s);
    s.deliveries++;
    const o = ctx.organisations.get(d.organisation_id)?.code ?? d.organisation_id;
    if (!s.organisations.includes(o)) s.organisations.push(o);
    const a = areaCodeOf(ctx, d.area_id);
    if (!s.areas.includes(a)) s.areas.push(a);
    const key = `${d.item} (${d.unit})`;
    s.quantities[key] = (s.quantities[key] ?? 0) + d.quantity;
  }
  return [...sectors.values()]
    .sort((a, b) => a.sector.localeCompare(b.sector))
    .map((r) => ({ ...r, organisations: r.organisations.sort(), areas: r.areas.sort() }));
}

/** Outlines closer than this (degrees, about 30 m) to the last point kept are not drawn. */
const OUTLINE_STEP = 0.0003;

/**
 * The outlines of the operation's neighbourhoods and other small areas, for the report's map to draw
 * under its corridors: each ring thinned to points about 30 m apart, at five decimals (about 1 m).
 * Governorates and districts are left out: they would frame the whole country, not the corridors.
 */
function outlinesOf(areas: SitrepContext['state']['areas']): Sitrep['map']['areas'] {
  return [...areas]
    .filter((a) => a.kind === 'neighbourhood' || a.kind === 'subdistrict' || a.kind === 'other')
    .sort(byCode)
    .map(outlineOf)
    .filter((a) => a.rings.length > 0);
}

type Outline = Sitrep['map']['areas'][number];
/** Each area row's outline: a row is never changed in place, and a replay keeps an area's row. */
const outlines = new WeakMap<object, Outline>();

function outlineOf(a: SitrepContext['state']['areas'][number]): Outline {
  const kept = outlines.get(a);
  if (kept) return kept;
  const round = (v: number) => Math.round(v * 1e5) / 1e5;
  const thin = (ring: readonly [number, number][]): [number, number][] => {
    const points: [number, number][] = [];
    for (const p of ring) {
      const last = points.at(-1);
      if (!last || Math.abs(p[0] - last[0]) + Math.abs(p[1] - last[1]) >= OUTLINE_STEP)
        points.push([round(p[0]), round(p[1])]);
    }
    if (ring.length > 0) points.push([round(ring.at(-1)![0]), round(ring.at(-1)![1])]);
    return points;
  };
  const g = parse<AreaGeometry>(a.geometry);
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const rings = polygons.map((p) => thin((p[0] ?? []) as [number, number][])).filter((r) => r.length >= 4);
  const outline = { code: a.code, rings };
  outlines.set(a, outline);
  return outline;
}

export function mapOf({ state }: SitrepContext): Sitrep['map'] {
  return {
    areas: outlinesOf(state.areas),
    corridors: [...state.corridors].sort(byCode).map((c) => ({
      code: c.code,
      status: c.status,
      coordinates: parse<{ coordinates: [number, number][] }>(c.route).coordinates,
    })),
    checkpoints: [...state.checkpoints].sort(byCode).map((c) => ({
      code: c.code,
      kind: c.kind,
      coordinates: parse<{ coordinates: [number, number] }>(c.location).coordinates,
    })),
    hazards: [...state.hazards].sort(byCode).map((h) => ({
      code: h.code,
      status: h.status,
      area: parse<AreaGeometry>(h.area),
    })),
    incidents: [...state.incidents].sort(byCode).map((i) => ({
      code: i.code,
      severity: i.severity,
      coordinates: parse<{ coordinates: [number, number] }>(i.location).coordinates,
    })),
    receptionPoints: [...state.reception_points].sort(byCode).map((r) => ({
      code: r.code,
      coordinates: parse<{ coordinates: [number, number] }>(r.location).coordinates,
    })),
    commandPosts: [...state.command_posts].sort(byCode).map((p) => ({
      code: p.code,
      coordinates: parse<{ coordinates: [number, number] }>(p.location).coordinates,
    })),
    convoys: convoysOnTheRoad(state),
  };
}

/** Each departed convoy at the last checkpoint or reception point that counted it (voided tallies aside). */
export function convoysOnTheRoad(
  state: Pick<SitrepContext['state'], 'checkpoints' | 'reception_points' | 'passages' | 'convoys'>,
): Sitrep['map']['convoys'] {
  const stations = new Map<string, { code: string; coordinates: [number, number] }>();
  for (const place of [...state.checkpoints, ...state.reception_points])
    stations.set(place.id, {
      code: place.code,
      coordinates: parse<{ coordinates: [number, number] }>(place.location).coordinates,
    });
  const last = new Map<string, { station: string; at: string }>();
  for (const p of state.passages) {
    const station = p.checkpoint_id ?? p.reception_point_id;
    if (!p.convoy_id || !station || p.voided_at !== null) continue;
    const seen = last.get(p.convoy_id);
    if (!seen || p.observed_at > seen.at) last.set(p.convoy_id, { station, at: p.observed_at });
  }
  return [...state.convoys]
    .filter((c) => c.status === 'departed')
    .sort(byCode)
    .flatMap((c) => {
      const seen = last.get(c.id);
      const station = seen && stations.get(seen.station);
      return seen && station
        ? [{ code: c.code, station: station.code, at: seen.at, coordinates: station.coordinates }]
        : [];
    });
}
