import { gunzipSync } from 'fflate';
import type { InlineNetwork } from '../contracts/planning/plan.js';
import { looksLikePbf, readPbf } from './osm-pbf.js';
import { readOsmXml } from './osm-xml.js';

/**
 * OpenStreetMap import (docs/osm-import.md): `parseOsm` reads an OSM PBF, OSM XML or gzip of either from
 * bytes; `osmToNetwork` turns its drivable ways into the planner's road network (graph nodes at way ends
 * and intersections, one edge per stretch between them, the largest strongly connected component).
 * Pure: callers read the file and pass the bytes. OSM data is (c) OpenStreetMap contributors, ODbL 1.0.
 */

/** Receives what a format reader decodes; node coordinates in degrees. */
export interface OsmSink {
  node(id: number, lon: number, lat: number): void;
  way(id: number, refs: number[], tags: Record<string, string>): void;
}

/**
 * The nodes of an OSM file: ids and coordinates in typed arrays, indexed by slot (0..count-1). Lookup by
 * id is a binary search while ids arrive sorted (as PBF and XML files write them), else a Map. A node id
 * seen again replaces the earlier coordinates.
 */
export class OsmNodes {
  private idArr = new Float64Array(1024);
  private lonArr = new Float64Array(1024);
  private latArr = new Float64Array(1024);
  private n = 0;
  private index: Map<number, number> | null = null;

  get count(): number {
    return this.n;
  }
  /** Node ids by slot (a view; do not keep it across `add`). */
  get ids(): Float64Array {
    return this.idArr.subarray(0, this.n);
  }
  get lons(): Float64Array {
    return this.lonArr.subarray(0, this.n);
  }
  get lats(): Float64Array {
    return this.latArr.subarray(0, this.n);
  }

  add(id: number, lon: number, lat: number): void {
    let slot = -1;
    if (this.index !== null) slot = this.index.get(id) ?? -1;
    else if (this.n > 0 && id <= this.idArr[this.n - 1]!) {
      slot = this.slotOf(id);
      if (slot < 0) this.buildIndex();
    }
    if (slot >= 0) {
      this.lonArr[slot] = lon;
      this.latArr[slot] = lat;
      return;
    }
    if (this.n === this.idArr.length) this.grow();
    this.idArr[this.n] = id;
    this.lonArr[this.n] = lon;
    this.latArr[this.n] = lat;
    this.index?.set(id, this.n);
    this.n++;
  }

  /** The slot of a node id, or -1 when the file does not have the node. */
  slotOf(id: number): number {
    if (this.index !== null) return this.index.get(id) ?? -1;
    const ids = this.idArr;
    let lo = 0;
    let hi = this.n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = ids[mid]!;
      if (v < id) lo = mid + 1;
      else if (v > id) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  get(id: number): { lon: number; lat: number } | undefined {
    const slot = this.slotOf(id);
    return slot < 0 ? undefined : { lon: this.lonArr[slot]!, lat: this.latArr[slot]! };
  }

  /** Releases the spare capacity once reading is done. */
  trim(): void {
    this.idArr = this.idArr.slice(0, this.n);
    this.lonArr = this.lonArr.slice(0, this.n);
    this.latArr = this.latArr.slice(0, this.n);
  }

  private grow(): void {
    const size = Math.max(1024, this.idArr.length * 2);
    const resize = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.idArr = resize(this.idArr);
    this.lonArr = resize(this.lonArr);
    this.latArr = resize(this.latArr);
  }

  private buildIndex(): void {
    const index = new Map<number, number>();
    for (let i = 0; i < this.n; i++) index.set(this.idArr[i]!, i);
    this.index = index;
  }
}

export interface OsmWay {
  id: number;
  /** Node ids in way order. */
  refs: number[];
  tags: Record<string, string>;
}

export interface OsmData {
  nodes: OsmNodes;
  /** All ways of the file, in file order (relations are not read). */
  ways: OsmWay[];
}

export type OsmFormat = 'pbf' | 'xml';

const td = new TextDecoder();

function detect(bytes: Uint8Array): OsmFormat {
  if (looksLikePbf(bytes)) return 'pbf';
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)
  ) {
    i++;
  }
  if (bytes[i] === 0x3c /* < */) return 'xml';
  if (bytes[0] === 0x42 && bytes[1] === 0x5a && bytes[2] === 0x68) {
    throw new Error('OSM import: bzip2-compressed input (.osm.bz2) is not supported; decompress it first');
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b)
    throw new Error('OSM import: gzip inside gzip is not supported');
  if (bytes.length === 0) throw new Error('OSM import: the input is empty');
  const head = td.decode(bytes.subarray(0, 16)).replace(/[^\x20-\x7e]/g, '.');
  throw new Error(
    `OSM import: unrecognised format (starts with "${head}"): expected an OSM PBF (.osm.pbf), ` +
      'OSM XML (.osm) or a gzip of either',
  );
}

/**
 * Reads an OSM file from its bytes: OSM PBF, OSM XML, or either gzipped (detected from the content, not
 * a name). Throws an Error naming the problem for other formats, unsupported PBF compressions or required
 * features, and corrupt input.
 */
export function parseOsm(bytes: Uint8Array): OsmData {
  let data = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      data = gunzipSync(bytes);
    } catch (err) {
      throw new Error(`OSM import: the gzip data does not inflate: ${(err as Error).message}`);
    }
  }
  const format = detect(data);
  const nodes = new OsmNodes();
  const ways: OsmWay[] = [];
  const sink: OsmSink = {
    node: (id, lon, lat) => nodes.add(id, lon, lat),
    way: (id, refs, tags) => ways.push({ id, refs, tags }),
  };
  if (format === 'pbf') readPbf(data, sink);
  else readOsmXml(data, sink);
  nodes.trim();
  return { nodes, ways };
}

// ---------------------------------------------------------------------------------------------------
// Network

export interface RoadClass {
  /** Free-flow speed, km/h, used when the way has no usable `maxspeed`. */
  speedKph: number;
  /** Vehicles per hour per direction; absent: no limit. */
  capacityVph?: number;
}

/** Drivable `highway` values and their defaults (docs/osm-import.md). Any other value is not imported. */
export const DEFAULT_ROAD_CLASSES: Readonly<Record<string, Readonly<RoadClass>>> = Object.freeze({
  motorway: { speedKph: 100, capacityVph: 2000 },
  trunk: { speedKph: 80, capacityVph: 1800 },
  primary: { speedKph: 60, capacityVph: 1500 },
  secondary: { speedKph: 50, capacityVph: 1200 },
  tertiary: { speedKph: 40, capacityVph: 900 },
  unclassified: { speedKph: 30, capacityVph: 600 },
  residential: { speedKph: 30, capacityVph: 600 },
  living_street: { speedKph: 10, capacityVph: 300 },
  service: { speedKph: 20, capacityVph: 300 },
  road: { speedKph: 30, capacityVph: 600 },
  motorway_link: { speedKph: 60, capacityVph: 1500 },
  trunk_link: { speedKph: 50, capacityVph: 1300 },
  primary_link: { speedKph: 40, capacityVph: 1100 },
  secondary_link: { speedKph: 35, capacityVph: 900 },
  tertiary_link: { speedKph: 30, capacityVph: 700 },
});

export interface OsmNetworkOptions {
  /** Overrides defaults or adds classes (e.g. `track: { speedKph: 15 }`); an undefined entry changes nothing. */
  roadClasses?: Partial<Record<string, RoadClass>>;
  /** Keep every component instead of only the largest strongly connected one. */
  allComponents?: boolean;
}

export interface OsmImportReport {
  /** Drivable ways imported (before component filtering). */
  ways: number;
  /** Nodes and edges of the resulting network. */
  nodes: number;
  edges: number;
  /** Strongly connected components, and their graph nodes, left out (0 with `allComponents`). */
  droppedComponents: number;
  droppedNodes: number;
  /** Imported drivable ways per highway class. */
  classes: Record<string, number>;
  /** References from drivable ways to nodes the file does not contain (the way is split there). */
  missingNodeRefs: number;
}

export interface OsmNetworkResult {
  network: InlineNetwork;
  report: OsmImportReport;
}

type PlanEdge = InlineNetwork['edges'][number];

/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6371008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres. */
export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** `maxspeed` in km/h: `50`, `50 km/h`, `30 mph` (first of `a;b`); undefined for `none`, `signals`, `RU:urban`... */
export function parseMaxspeed(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const first = (value.split(';')[0] ?? '').trim().toLowerCase();
  const m = /^(\d+(?:\.\d+)?)\s*(mph|km\/h|kmh|kph)?$/.exec(first);
  if (m === null) return undefined;
  let kph = Number(m[1]);
  if (m[2] === 'mph') kph *= 1.609344;
  kph = Math.round(kph * 10) / 10;
  return kph > 0 && kph <= 500 ? kph : undefined;
}

/** 1 along the way, -1 against it, 0 both ways. */
export function onewayDirection(tags: Record<string, string>): 1 | -1 | 0 {
  const o = tags.oneway;
  if (o === 'yes' || o === 'true' || o === '1') return 1;
  if (o === '-1' || o === 'reverse') return -1;
  if (o === 'no' || o === 'false' || o === '0') return 0;
  const j = tags.junction;
  if (j === 'roundabout' || j === 'circular' || tags.highway === 'motorway') return 1;
  return 0;
}

/** The most specific of motorcar, motor_vehicle, vehicle and access decides; `no`/`private` exclude. */
function accessDenied(tags: Record<string, string>): boolean {
  const v = tags.motorcar ?? tags.motor_vehicle ?? tags.vehicle ?? tags.access;
  return v === 'no' || v === 'private';
}

function resolveClasses(overrides: Partial<Record<string, RoadClass>> | undefined): Map<string, RoadClass> {
  const classes = new Map<string, RoadClass>(Object.entries(DEFAULT_ROAD_CLASSES));
  for (const [name, rc] of Object.entries(overrides ?? {})) {
    if (rc === undefined) continue;
    if (!(rc.speedKph > 0 && rc.speedKph <= 500)) {
      throw new Error(`OSM import: road class "${name}" needs a speed in (0, 500] km/h, not ${rc.speedKph}`);
    }
    if (rc.capacityVph !== undefined && !(rc.capacityVph > 0 && rc.capacityVph <= 1_000_000)) {
      throw new Error(`OSM import: road class "${name}" has an invalid capacity ${rc.capacityVph}`);
    }
    classes.set(name, rc.capacityVph === undefined ? { speedKph: rc.speedKph } : { ...rc });
  }
  return classes;
}

/** Cuts a string to at most `max` UTF-16 units without splitting a surrogate pair. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

const round7 = (x: number) => Math.round(x * 1e7) / 1e7;

interface Picked {
  way: OsmWay;
  cls: string;
  rc: RoadClass;
  dir: 1 | -1 | 0;
  speedKph: number;
  /** Runs of node slots with every node present (the way split where nodes are missing). */
  runs: Int32Array[];
}

/**
 * Builds the planner's road network from the drivable ways of `data` (docs/osm-import.md): graph nodes
 * at way ends and at nodes shared by drivable ways, one edge per stretch between two graph nodes, and,
 * unless `allComponents`, only the largest strongly connected component.
 */
export function osmToNetwork(data: OsmData, options: OsmNetworkOptions = {}): OsmNetworkResult {
  const classes = resolveClasses(options.roadClasses);
  const nodes = data.nodes;
  const nodeCount = nodes.count;
  const ids = nodes.ids;
  const lons = nodes.lons;
  const lats = nodes.lats;

  // 1. Drivable ways, their runs of known nodes, and how often each node is used.
  const picked: Picked[] = [];
  const classCount: Record<string, number> = {};
  const uses = new Uint8Array(nodeCount); // saturates at 2
  const graphNode = new Uint8Array(nodeCount);
  let missingNodeRefs = 0;
  for (const way of data.ways) {
    const tags = way.tags;
    const cls = tags.highway;
    if (cls === undefined) continue;
    const rc = classes.get(cls);
    if (rc === undefined || tags.area === 'yes' || accessDenied(tags)) continue;
    const runs: Int32Array[] = [];
    let run: number[] = [];
    const flush = () => {
      if (run.length >= 2) runs.push(Int32Array.from(run));
      run = [];
    };
    for (const ref of way.refs) {
      const slot = nodes.slotOf(ref);
      if (slot < 0) {
        missingNodeRefs++;
        flush();
      } else if (run[run.length - 1] !== slot) run.push(slot);
    }
    flush();
    if (runs.length === 0) continue;
    for (const r of runs) {
      graphNode[r[0]!] = 1;
      graphNode[r[r.length - 1]!] = 1;
      for (let i = 0; i < r.length; i++) if (uses[r[i]!]! < 2) uses[r[i]!]!++;
    }
    picked.push({
      way,
      cls,
      rc,
      dir: onewayDirection(tags),
      speedKph: parseMaxspeed(tags.maxspeed) ?? rc.speedKph,
      runs,
    });
    classCount[cls] = (classCount[cls] ?? 0) + 1;
  }
  for (let s = 0; s < nodeCount; s++) if (uses[s]! >= 2) graphNode[s] = 1;

  // 2. Edges between consecutive graph nodes; graph nodes numbered by first appearance.
  const gOf = new Int32Array(nodeCount).fill(-1);
  const gSlot: number[] = [];
  const gid = (slot: number) => {
    let g = gOf[slot]!;
    if (g < 0) {
      g = gSlot.length;
      gOf[slot] = g;
      gSlot.push(slot);
    }
    return g;
  };
  const eFrom: number[] = [];
  const eTo: number[] = [];
  const eLen: number[] = [];
  const ePick: number[] = [];
  const eK: number[] = [];
  for (let p = 0; p < picked.length; p++) {
    const pw = picked[p]!;
    let k = 0;
    for (const r of pw.runs) {
      let start = r[0]!;
      let acc = 0;
      for (let j = 1; j < r.length; j++) {
        const prev = r[j - 1]!;
        const cur = r[j]!;
        acc += haversineM(lons[prev]!, lats[prev]!, lons[cur]!, lats[cur]!);
        if (graphNode[cur] === 0) continue;
        let len = Math.round(acc * 10) / 10;
        if (cur !== start || len > 0) {
          if (len < 0.1) len = 0.1;
          const a = gid(start);
          const b = gid(cur);
          eFrom.push(pw.dir === -1 ? b : a);
          eTo.push(pw.dir === -1 ? a : b);
          eLen.push(len);
          ePick.push(p);
          eK.push(k);
        }
        k++;
        start = cur;
        acc = 0;
      }
    }
  }

  // 3. Strongly connected components (iterative Tarjan) and the largest one.
  const G = gSlot.length;
  const keep = new Uint8Array(G).fill(1);
  let droppedComponents = 0;
  let droppedNodes = 0;
  if (!options.allComponents && G > 0) {
    const comp = stronglyConnectedComponents(G, eFrom, eTo, (e) => picked[ePick[e]!]!.dir !== 0);
    const size = new Int32Array(comp.count);
    const firstNode = new Int32Array(comp.count).fill(G);
    for (let g = 0; g < G; g++) {
      const c = comp.of[g]!;
      size[c]!++;
      if (g < firstNode[c]!) firstNode[c] = g;
    }
    let best = 0;
    for (let c = 1; c < comp.count; c++) {
      if (size[c]! > size[best]! || (size[c] === size[best] && firstNode[c]! < firstNode[best]!)) best = c;
    }
    for (let g = 0; g < G; g++) keep[g] = comp.of[g] === best ? 1 : 0;
    droppedComponents = comp.count - 1;
    droppedNodes = G - size[best]!;
  }

  // 4. Output.
  const outNodes: InlineNetwork['nodes'] = [];
  for (let g = 0; g < G; g++) {
    if (keep[g] === 0) continue;
    const s = gSlot[g]!;
    outNodes.push({ id: `n${ids[s]}`, lon: round7(lons[s]!), lat: round7(lats[s]!) });
  }
  const outEdges: PlanEdge[] = [];
  for (let e = 0; e < eFrom.length; e++) {
    const a = eFrom[e]!;
    const b = eTo[e]!;
    if (keep[a] === 0 || keep[b] === 0) continue;
    const pw = picked[ePick[e]!]!;
    const edge: PlanEdge = {
      id: `w${pw.way.id}-${eK[e]}`,
      from: `n${ids[gSlot[a]!]}`,
      to: `n${ids[gSlot[b]!]}`,
      lengthM: eLen[e]!,
      speedKph: pw.speedKph,
      oneway: pw.dir !== 0,
      class: cut(pw.cls, 40),
    };
    if (pw.rc.capacityVph !== undefined) edge.capacityVph = pw.rc.capacityVph;
    const name = pw.way.tags.name?.trim();
    if (name) edge.name = cut(name, 200);
    outEdges.push(edge);
  }

  return {
    network: { nodes: outNodes, edges: outEdges },
    report: {
      ways: picked.length,
      nodes: outNodes.length,
      edges: outEdges.length,
      droppedComponents,
      droppedNodes,
      classes: classCount,
      missingNodeRefs,
    },
  };
}

/**
 * Tarjan's algorithm without recursion over `n` vertices and edges from[e] -> to[e] (and back unless
 * `oneway(e)`). Returns each vertex's component number and the number of components.
 */
export function stronglyConnectedComponents(
  n: number,
  from: ArrayLike<number>,
  to: ArrayLike<number>,
  oneway: (e: number) => boolean,
): { of: Int32Array; count: number } {
  // Adjacency in compressed rows.
  const start = new Int32Array(n + 1);
  for (let e = 0; e < from.length; e++) {
    start[from[e]! + 1]!++;
    if (!oneway(e)) start[to[e]! + 1]!++;
  }
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const adj = new Int32Array(start[n]!);
  const fill = start.slice(0, n);
  for (let e = 0; e < from.length; e++) {
    adj[fill[from[e]!]!++] = to[e]!;
    if (!oneway(e)) adj[fill[to[e]!]!++] = from[e]!;
  }

  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callV = new Int32Array(n);
  const callP = new Int32Array(n);
  const of = new Int32Array(n).fill(-1);
  let sp = 0;
  let counter = 0;
  let count = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let csp = 0;
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    callV[csp] = root;
    callP[csp++] = start[root]!;
    while (csp > 0) {
      const v = callV[csp - 1]!;
      const p = callP[csp - 1]!;
      if (p < start[v + 1]!) {
        callP[csp - 1] = p + 1;
        const w = adj[p]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          callV[csp] = w;
          callP[csp++] = start[w]!;
        } else if (onStack[w] === 1 && index[w]! < low[v]!) {
          low[v] = index[w]!;
        }
        continue;
      }
      csp--;
      if (csp > 0) {
        const u = callV[csp - 1]!;
        if (low[v]! < low[u]!) low[u] = low[v]!;
      }
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--sp]!;
          onStack[w] = 0;
          of[w] = count;
        } while (w !== v);
        count++;
      }
    }
  }
  return { of, count };
}
