import type { InlineNetwork } from '../contracts/planning/plan.js';
import type { OsmData, OsmNodes, OsmWay } from './osm.js';
import { stronglyConnectedComponents } from './strong-components.js';

/**
 * The planner's road network from OpenStreetMap data (docs/osm-import.md): graph nodes at way ends and
 * intersections, one edge per stretch between them, the largest strongly connected component.
 */

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
  const drivable = drivableWays(data, resolveClasses(options.roadClasses));
  const stretches = stretchesOf(drivable.picked, data.nodes, drivable.graphNode);
  const component = options.allComponents
    ? everyComponent(stretches.gSlot.length)
    : largestComponent(stretches, drivable.picked);
  const network = output(data.nodes, drivable.picked, stretches, component.keep);
  return {
    network,
    report: {
      ways: drivable.picked.length,
      nodes: network.nodes.length,
      edges: network.edges.length,
      droppedComponents: component.droppedComponents,
      droppedNodes: component.droppedNodes,
      classes: drivable.classCount,
      missingNodeRefs: drivable.missingNodeRefs,
    },
  };
}

/**
 * 1. The drivable ways, their runs of known nodes, and the graph nodes: the ends of every run, and the
 * nodes two runs (or one run twice) pass through.
 */
function drivableWays(data: OsmData, classes: Map<string, RoadClass>) {
  const nodeCount = data.nodes.count;
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
    const { runs, missing } = runsOf(way, data.nodes);
    missingNodeRefs += missing;
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
  return { picked, classCount, graphNode, missingNodeRefs };
}

/** A way's runs of node slots (repeats dropped), split where the file lacks a node, and how many it lacks. */
function runsOf(way: OsmWay, nodes: OsmNodes): { runs: Int32Array[]; missing: number } {
  const runs: Int32Array[] = [];
  let missing = 0;
  let run: number[] = [];
  const flush = () => {
    if (run.length >= 2) runs.push(Int32Array.from(run));
    run = [];
  };
  for (const ref of way.refs) {
    const slot = nodes.slotOf(ref);
    if (slot < 0) {
      missing++;
      flush();
    } else if (run[run.length - 1] !== slot) run.push(slot);
  }
  flush();
  return { runs, missing };
}

/**
 * The stretches between consecutive graph nodes of each run: edges between graph nodes, numbered by
 * first appearance (`gSlot[g]`: the node slot of graph node g).
 */
interface Stretches {
  readonly gSlot: number[];
  readonly eFrom: number[];
  readonly eTo: number[];
  readonly eLen: number[];
  /** The picked way of each edge, and the edge's number along it. */
  readonly ePick: number[];
  readonly eK: number[];
}

/** 2. Edges between consecutive graph nodes; graph nodes numbered by first appearance. */
function stretchesOf(picked: readonly Picked[], nodes: OsmNodes, graphNode: Uint8Array): Stretches {
  const lons = nodes.lons;
  const lats = nodes.lats;
  const gOf = new Int32Array(nodes.count).fill(-1);
  const out: Stretches = { gSlot: [], eFrom: [], eTo: [], eLen: [], ePick: [], eK: [] };
  const gid = (slot: number) => {
    let g = gOf[slot]!;
    if (g < 0) {
      g = out.gSlot.length;
      gOf[slot] = g;
      out.gSlot.push(slot);
    }
    return g;
  };
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
          out.eFrom.push(pw.dir === -1 ? b : a);
          out.eTo.push(pw.dir === -1 ? a : b);
          out.eLen.push(len);
          out.ePick.push(p);
          out.eK.push(k);
        }
        k++;
        start = cur;
        acc = 0;
      }
    }
  }
  return out;
}

/** Which graph nodes the network keeps (`keep[g]`), and what it leaves out. */
interface Component {
  readonly keep: Uint8Array;
  readonly droppedComponents: number;
  readonly droppedNodes: number;
}

function everyComponent(G: number): Component {
  return { keep: new Uint8Array(G).fill(1), droppedComponents: 0, droppedNodes: 0 };
}

/** 3. The largest strongly connected component (the first to appear of equal ones). */
function largestComponent(s: Stretches, picked: readonly Picked[]): Component {
  const G = s.gSlot.length;
  if (G === 0) return everyComponent(G);
  const comp = stronglyConnectedComponents(G, s.eFrom, s.eTo, (e) => picked[s.ePick[e]!]!.dir !== 0);
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
  const keep = new Uint8Array(G);
  for (let g = 0; g < G; g++) keep[g] = comp.of[g] === best ? 1 : 0;
  return { keep, droppedComponents: comp.count - 1, droppedNodes: G - size[best]! };
}

/** 4. The network: the kept graph nodes, and the edges between them. */
function output(nodes: OsmNodes, picked: readonly Picked[], s: Stretches, keep: Uint8Array): InlineNetwork {
  const { ids, lons, lats } = nodes;
  const outNodes: InlineNetwork['nodes'] = [];
  for (let g = 0; g < s.gSlot.length; g++) {
    if (keep[g] === 0) continue;
    const slot = s.gSlot[g]!;
    outNodes.push({ id: `n${ids[slot]}`, lon: round7(lons[slot]!), lat: round7(lats[slot]!) });
  }
  const outEdges: PlanEdge[] = [];
  for (let e = 0; e < s.eFrom.length; e++) {
    const a = s.eFrom[e]!;
    const b = s.eTo[e]!;
    if (keep[a] === 0 || keep[b] === 0) continue;
    const pw = picked[s.ePick[e]!]!;
    const edge: PlanEdge = {
      id: `w${pw.way.id}-${s.eK[e]}`,
      from: `n${ids[s.gSlot[a]!]}`,
      to: `n${ids[s.gSlot[b]!]}`,
      lengthM: s.eLen[e]!,
      speedKph: pw.speedKph,
      oneway: pw.dir !== 0,
      class: cut(pw.cls, 40),
    };
    if (pw.rc.capacityVph !== undefined) edge.capacityVph = pw.rc.capacityVph;
    const name = pw.way.tags.name?.trim();
    if (name) edge.name = cut(name, 200);
    outEdges.push(edge);
  }
  return { nodes: outNodes, edges: outEdges };
}
