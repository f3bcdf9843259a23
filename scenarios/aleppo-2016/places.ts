import { readFileSync } from 'node:fs';
import {
  adjacency,
  centroid,
  distanceMetres,
  shortestHops,
  type AreaGeometry,
  type Position,
} from '../../src/domain/geo.js';

interface Feature {
  properties: Record<string, unknown>;
  geometry: AreaGeometry;
}

export interface Neighbourhood {
  code: string;
  csrId: number;
  nameEn: string;
  nameAr?: string;
  geometry: AreaGeometry;
  centre: Position;
}

function read(file: string): Feature[] {
  const url = new URL(file, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { features: Feature[] }).features;
}

/**
 * The 133 features of the CSR file describe fewer neighbourhoods: some come in several parts (the same
 * `Id` and name), which we join into one MultiPolygon. A few `Id`s carry two different names; those
 * stay apart, the second with a letter after its code.
 */
export function loadNeighbourhoods(): Neighbourhood[] {
  const groups = new Map<string, Feature[]>();
  for (const f of read('./neighbourhoods.geojson')) {
    const key = `${Number(f.properties.Id)}|${String(f.properties.NAME)}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const usedCodes = new Set<string>();
  const out: Neighbourhood[] = [];
  for (const features of groups.values()) {
    const first = features[0]!;
    const csrId = Number(first.properties.Id);
    let code = `NBH-${String(csrId).padStart(3, '0')}`;
    for (const suffix of ['B', 'C', 'D']) {
      if (!usedCodes.has(code)) break;
      code = `NBH-${String(csrId).padStart(3, '0')}${suffix}`;
    }
    usedCodes.add(code);
    const geometry: AreaGeometry = {
      type: 'MultiPolygon',
      coordinates: features.flatMap((f) =>
        f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : [f.geometry.coordinates],
      ),
    };
    const nameAr = first.properties.NAME_A;
    out.push({
      code,
      csrId,
      nameEn: String(first.properties.NAME),
      ...(typeof nameAr === 'string' && nameAr.trim() ? { nameAr } : {}),
      geometry,
      centre: centroid(geometry),
    });
  }
  return out.sort((a, b) => (a.code < b.code ? -1 : 1));
}

/**
 * Neighbourhoods whose boundaries come within 150 m of each other are linked (the polygons leave
 * streets between them). An outlying neighbourhood that still touches none (Sheikh Najjar, out on the
 * industrial edge) is linked to the nearest centre of the rest, so every route can be drawn.
 */
export function neighbourGraph(all: readonly Neighbourhood[]): number[][] {
  const graph = adjacency(
    all.map((n) => n.geometry),
    150,
  );
  const component = components(graph);
  const main = mostCommon(component);
  all.forEach((n, i) => {
    if (component[i] === main || graph[i]!.length > 0) return;
    let best = -1;
    all.forEach((m, j) => {
      if (component[j] !== main) return;
      if (best < 0 || distanceMetres(n.centre, m.centre) < distanceMetres(n.centre, all[best]!.centre))
        best = j;
    });
    graph[i]!.push(best);
    graph[best]!.push(i);
  });
  return graph;
}

function components(graph: readonly number[][]): number[] {
  const label = graph.map(() => -1);
  let next = 0;
  graph.forEach((_, start) => {
    if (label[start]! >= 0) return;
    const stack = [start];
    label[start] = next;
    while (stack.length > 0) {
      for (const j of graph[stack.pop()!]!) {
        if (label[j]! < 0) {
          label[j] = next;
          stack.push(j);
        }
      }
    }
    next++;
  });
  return label;
}

function mostCommon(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

export function loadGovernorate(): { pcode: string; nameEn: string; nameAr: string; geometry: AreaGeometry } {
  const f = read('./aleppo-governorate-ocha.geojson')[0]!;
  return {
    pcode: String(f.properties.ADM1_PCODE),
    nameEn: String(f.properties.ADM1_EN),
    nameAr: String(f.properties.ADM1_AR),
    geometry: f.geometry,
  };
}

/** A route through neighbourhood centres, from one neighbourhood to another, by fewest hops. */
export function routeThrough(
  all: readonly Neighbourhood[],
  graph: readonly number[][],
  from: string,
  to: string,
): Neighbourhood[] {
  const index = (name: string) => {
    const i = all.findIndex((n) => n.nameEn === name);
    if (i < 0) throw new Error(`no neighbourhood named ${name}`);
    return i;
  };
  const path = shortestHops(graph, index(from), index(to));
  if (!path) throw new Error(`neighbourhoods ${from} and ${to} are not connected`);
  return path.map((i) => all[i]!);
}
