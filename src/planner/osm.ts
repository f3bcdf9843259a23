import { gunzipSync } from 'fflate';
import { looksLikePbf, readPbf } from './osm-pbf.js';
import { readOsmXml } from './osm-xml.js';

export {
  DEFAULT_ROAD_CLASSES,
  EARTH_RADIUS_M,
  haversineM,
  onewayDirection,
  osmToNetwork,
  parseMaxspeed,
  type OsmImportReport,
  type OsmNetworkOptions,
  type OsmNetworkResult,
  type RoadClass,
} from './osm-network.js';
export { stronglyConnectedComponents } from './strong-components.js';

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
