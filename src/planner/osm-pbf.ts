import { PbfReader } from 'pbf';
import { unzlibSync } from 'fflate';
import type { OsmSink } from './osm.js';

/**
 * OSM PBF reader (https://wiki.openstreetmap.org/wiki/PBF_Format): a sequence of
 * [int32 big-endian length][BlobHeader][Blob]; each Blob holds an OSMHeader (HeaderBlock) or an OSMData
 * (PrimitiveBlock), raw or zlib-compressed. Nodes (dense and plain) and ways go to the sink; relations,
 * changesets and metadata are skipped. Pure: no I/O.
 */

/** Required features this reader understands; any other required feature is refused. */
const SUPPORTED_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes']);
const MAX_HEADER_BYTES = 64 * 1024;
const MAX_BLOB_BYTES = 32 * 1024 * 1024;

const COMPRESSION_BY_FIELD: Record<number, string> = {
  4: 'lzma',
  5: 'bzip2',
  6: 'lz4',
  7: 'zstd',
};

/** True when the bytes start like an OSM PBF file: a BlobHeader whose type is OSMHeader or OSMData. */
export function looksLikePbf(bytes: Uint8Array): boolean {
  if (bytes.length < 6) return false;
  const len = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  if (len === 0 || len > MAX_HEADER_BYTES || bytes[4] !== 0x0a) return false;
  const typeLen = bytes[5]!;
  const type = new TextDecoder().decode(bytes.subarray(6, 6 + typeLen));
  return type === 'OSMHeader' || type === 'OSMData';
}

interface BlobHeader {
  type: string;
  datasize: number;
}

interface Blob {
  raw?: Uint8Array;
  rawSize?: number;
  zlib?: Uint8Array;
  unsupported?: string;
}

function corrupt(what: string): Error {
  return new Error(`OSM PBF: corrupt or truncated file (${what})`);
}

export function readPbf(bytes: Uint8Array, sink: OsmSink): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  let blobIndex = 0;
  let sawHeader = false;
  while (pos < bytes.length) {
    if (pos + 4 > bytes.length) throw corrupt(`blob ${blobIndex}: length prefix cut off`);
    const headerLen = view.getUint32(pos);
    pos += 4;
    if (headerLen > MAX_HEADER_BYTES || pos + headerLen > bytes.length) {
      throw corrupt(`blob ${blobIndex}: BlobHeader of ${headerLen} bytes`);
    }
    const header = new PbfReader(bytes.subarray(pos, pos + headerLen)).readFields<BlobHeader>(
      (tag, h, pbf) => {
        if (tag === 1) h.type = pbf.readString();
        else if (tag === 3) h.datasize = pbf.readVarint();
      },
      { type: '', datasize: -1 },
    );
    pos += headerLen;
    if (header.datasize < 0 || header.datasize > MAX_BLOB_BYTES || pos + header.datasize > bytes.length) {
      throw corrupt(`blob ${blobIndex} (${header.type}): data size ${header.datasize}`);
    }
    const blobBytes = bytes.subarray(pos, pos + header.datasize);
    pos += header.datasize;

    if (header.type === 'OSMHeader') {
      readHeaderBlock(decodeBlob(blobBytes, blobIndex));
      sawHeader = true;
    } else if (header.type === 'OSMData') {
      if (!sawHeader) throw new Error('OSM PBF: an OSMData block comes before the OSMHeader block');
      readPrimitiveBlock(decodeBlob(blobBytes, blobIndex), sink, blobIndex);
    }
    // Other blob types are skipped, as the format asks of readers.
    blobIndex++;
  }
  if (!sawHeader) throw new Error('OSM PBF: no OSMHeader block');
}

function decodeBlob(bytes: Uint8Array, blobIndex: number): Uint8Array {
  const blob = new PbfReader(bytes).readFields<Blob>((tag, b, pbf) => {
    if (tag === 1) b.raw = pbf.readBytes();
    else if (tag === 2) b.rawSize = pbf.readVarint();
    else if (tag === 3) b.zlib = pbf.readBytes();
    else if (COMPRESSION_BY_FIELD[tag] !== undefined) b.unsupported = COMPRESSION_BY_FIELD[tag];
  }, {});
  if (blob.raw !== undefined) return blob.raw;
  if (blob.zlib !== undefined) {
    const size = blob.rawSize;
    if (size !== undefined && (size < 0 || size > MAX_BLOB_BYTES)) {
      throw corrupt(`blob ${blobIndex}: raw size ${size}`);
    }
    let out: Uint8Array;
    try {
      out = size !== undefined ? unzlibSync(blob.zlib, { out: new Uint8Array(size) }) : unzlibSync(blob.zlib);
    } catch (err) {
      throw corrupt(`blob ${blobIndex}: zlib data does not inflate: ${(err as Error).message}`);
    }
    if (size !== undefined && out.length !== size) throw corrupt(`blob ${blobIndex}: inflated size`);
    return out;
  }
  if (blob.unsupported !== undefined) {
    throw new Error(
      `OSM PBF: blob ${blobIndex} uses ${blob.unsupported} compression, which is not supported ` +
        '(only zlib and uncompressed blobs are); convert the file, e.g. `osmium cat in.osm.pbf -o out.osm.pbf`',
    );
  }
  throw corrupt(`blob ${blobIndex}: no data`);
}

function readHeaderBlock(bytes: Uint8Array): void {
  const required: string[] = [];
  new PbfReader(bytes).readFields((tag, req: string[], pbf) => {
    if (tag === 4) req.push(pbf.readString());
  }, required);
  const unsupported = required.filter((f) => !SUPPORTED_FEATURES.has(f));
  if (unsupported.length > 0) {
    throw new Error(
      `OSM PBF: the file requires features this reader does not support: ${unsupported.join(', ')} ` +
        `(supported: ${[...SUPPORTED_FEATURES].join(', ')})`,
    );
  }
}

interface PrimitiveBlock {
  strings: Uint8Array[];
  groups: Uint8Array[];
  granularity: number;
  latOffset: number;
  lonOffset: number;
}

/** The block's string table, decoded on first use of each entry (node tags are never decoded). */
class StringTable {
  private readonly decoded: (string | undefined)[];
  private static readonly decoder = new TextDecoder();
  constructor(private readonly raw: Uint8Array[]) {
    this.decoded = new Array<string | undefined>(raw.length);
  }
  get(i: number): string {
    let s = this.decoded[i];
    if (s === undefined) {
      const bytes = this.raw[i];
      if (bytes === undefined) throw corrupt(`string index ${i} outside the table of ${this.raw.length}`);
      s = StringTable.decoder.decode(bytes);
      this.decoded[i] = s;
    }
    return s;
  }
}

interface Dense {
  ids: number[];
  lats: number[];
  lons: number[];
}

interface Way {
  id: number;
  keys: number[];
  vals: number[];
  refs: number[];
}

interface PlainNode {
  id: number;
  lat: number;
  lon: number;
}

function readPrimitiveBlock(bytes: Uint8Array, sink: OsmSink, blobIndex: number): void {
  // Granularity and offsets follow the groups in field order, so the groups are read once all is known.
  const block = new PbfReader(bytes).readFields<PrimitiveBlock>(
    (tag, b, pbf) => {
      if (tag === 1) {
        pbf.readMessage((t, strings: Uint8Array[], p) => {
          if (t === 1) strings.push(p.readBytes());
        }, b.strings);
      } else if (tag === 2) b.groups.push(pbf.readBytes());
      else if (tag === 17) b.granularity = pbf.readVarint();
      else if (tag === 19) b.latOffset = pbf.readVarint(true);
      else if (tag === 20) b.lonOffset = pbf.readVarint(true);
    },
    { strings: [], groups: [], granularity: 100, latOffset: 0, lonOffset: 0 },
  );
  const strings = new StringTable(block.strings);
  const { granularity, latOffset, lonOffset } = block;
  const emitNode: EmitNode = (id, lat, lon) => {
    const latDeg = (latOffset + granularity * lat) / 1e9;
    const lonDeg = (lonOffset + granularity * lon) / 1e9;
    if (!Number.isFinite(id) || !(Math.abs(latDeg) <= 90) || !(Math.abs(lonDeg) <= 180)) {
      throw corrupt(`blob ${blobIndex}: node ${id} at ${latDeg}, ${lonDeg}`);
    }
    sink.node(id, lonDeg, latDeg);
  };

  for (const group of block.groups) {
    new PbfReader(group).readFields((tag, _r: null, pbf) => {
      if (tag === 1) readPlainNode(pbf, emitNode);
      else if (tag === 2) readDenseNodes(pbf, emitNode, blobIndex);
      else if (tag === 3) readWay(pbf, strings, sink, blobIndex);
      // 4 relations, 5 changesets: skipped.
    }, null);
  }
}

/** Hands a node to the sink, its coordinates in the block's units (checked and converted to degrees). */
type EmitNode = (id: number, lat: number, lon: number) => void;

function readPlainNode(pbf: PbfReader, emitNode: EmitNode): void {
  const n = pbf.readMessage<PlainNode>(
    (t, node, p) => {
      if (t === 1) node.id = p.readSVarint();
      else if (t === 8) node.lat = p.readSVarint();
      else if (t === 9) node.lon = p.readSVarint();
    },
    { id: NaN, lat: NaN, lon: NaN },
  );
  emitNode(n.id, n.lat, n.lon);
}

/** DenseNodes: ids and coordinates delta-coded in parallel arrays. */
function readDenseNodes(pbf: PbfReader, emitNode: EmitNode, blobIndex: number): void {
  const d = pbf.readMessage<Dense>(
    (t, dense, p) => {
      if (t === 1) p.readPackedSVarint(dense.ids);
      else if (t === 8) p.readPackedSVarint(dense.lats);
      else if (t === 9) p.readPackedSVarint(dense.lons);
    },
    { ids: [], lats: [], lons: [] },
  );
  if (d.lats.length !== d.ids.length || d.lons.length !== d.ids.length) {
    throw corrupt(`blob ${blobIndex}: DenseNodes with ${d.ids.length} ids but ${d.lats.length} lats`);
  }
  let id = 0;
  let lat = 0;
  let lon = 0;
  for (let i = 0; i < d.ids.length; i++) {
    id += d.ids[i]!;
    lat += d.lats[i]!;
    lon += d.lons[i]!;
    emitNode(id, lat, lon);
  }
}

/** A way: its tags from the block's string table, its node refs delta-coded. */
function readWay(pbf: PbfReader, strings: StringTable, sink: OsmSink, blobIndex: number): void {
  const w = pbf.readMessage<Way>(
    (t, way, p) => {
      if (t === 1) way.id = p.readVarint(true);
      else if (t === 2) p.readPackedVarint(way.keys);
      else if (t === 3) p.readPackedVarint(way.vals);
      else if (t === 8) p.readPackedSVarint(way.refs);
    },
    { id: NaN, keys: [], vals: [], refs: [] },
  );
  if (!Number.isFinite(w.id) || w.keys.length !== w.vals.length) {
    throw corrupt(`blob ${blobIndex}: way ${w.id}`);
  }
  const tags: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i < w.keys.length; i++) tags[strings.get(w.keys[i]!)] = strings.get(w.vals[i]!);
  let ref = 0;
  const refs = w.refs;
  for (let i = 0; i < refs.length; i++) {
    ref += refs[i]!;
    refs[i] = ref;
  }
  if (!refs.every(Number.isFinite)) throw corrupt(`blob ${blobIndex}: node refs of way ${w.id}`);
  sink.way(w.id, refs, tags);
}
