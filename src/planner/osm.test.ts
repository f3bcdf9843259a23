import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync, inflateSync } from 'node:zlib';
import { gzipSync, zlibSync } from 'fflate';
import { PbfWriter } from 'pbf';
import { describe, expect, it } from 'vitest';
import { InlineNetwork } from '../contracts/planning/plan.js';
import {
  onewayDirection,
  osmToNetwork,
  parseMaxspeed,
  parseOsm,
  stronglyConnectedComponents,
} from './osm.js';

// ---------------------------------------------------------------------------------------------------
// A hand-written network: a crossing, a oneway, a reversed oneway, a footway, a private road, a oneway
// dead end and a detached piece.
//
//        5 ---<--- 7          (102: oneway 3 -> 7 -> 5)
//        |          \
//        6           \
//        |            |
// 11 -<- 1 ---- 2 ---- 3 ---- 12 (106: private)
//  (105) |\     |
//        8 \    |             (103: footway 1-8)
//           `-> 4             (107: oneway=-1, listed 4,1: traffic 1 -> 4)
//  9 ---- 10                  (104: detached)

const COORDS: Record<number, [number, number]> = {
  1: [7.42, 43.73],
  2: [7.421, 43.73],
  3: [7.422, 43.73],
  4: [7.421, 43.729],
  5: [7.421, 43.731],
  6: [7.4212, 43.7305],
  7: [7.4222, 43.7308],
  8: [7.4195, 43.7295],
  9: [7.43, 43.74],
  10: [7.431, 43.74],
  11: [7.419, 43.73],
  12: [7.423, 43.73],
};

interface TestWay {
  id: number;
  refs: number[];
  tags: Record<string, string>;
}
const WAYS: TestWay[] = [
  { id: 100, refs: [1, 2, 3], tags: { highway: 'primary', name: 'Main Street', maxspeed: '70' } },
  { id: 101, refs: [4, 2, 6, 5], tags: { highway: 'residential', maxspeed: '20 mph' } },
  { id: 102, refs: [3, 7, 5], tags: { highway: 'tertiary', oneway: 'yes' } },
  { id: 103, refs: [1, 8], tags: { highway: 'footway' } },
  { id: 104, refs: [9, 10], tags: { highway: 'residential' } },
  { id: 105, refs: [1, 11], tags: { highway: 'service', oneway: 'yes' } },
  { id: 106, refs: [3, 12], tags: { highway: 'residential', access: 'private' } },
  { id: 107, refs: [4, 1], tags: { highway: 'secondary', oneway: '-1' } },
];

/** The same network as OSM XML, written out by hand (`COORDS` and `WAYS` above describe it for the PBF test). */
const XML = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="hand" copyright="OpenStreetMap and contributors">
  <bounds minlat="43.7" minlon="7.4" maxlat="43.8" maxlon="7.5"/>
  <node id="1" lat="43.73" lon="7.42"/>
  <node id="2" lat="43.73" lon="7.421"/>
  <node id="3" lat="43.73" lon="7.422"/>
  <node id="4" lat="43.729" lon="7.421"/>
  <node id="5" lat="43.731" lon="7.421"/>
  <node id="6" lat="43.7305" lon="7.4212"/>
  <node id="7" lat="43.7308" lon="7.4222"/>
  <node id="8" lat="43.7295" lon="7.4195"/>
  <node id="9" lat="43.74" lon="7.43"/>
  <node id="10" lat="43.74" lon="7.431"/>
  <node id="11" lat="43.73" lon="7.419"/>
  <node id="12" lat="43.73" lon="7.423"/>
  <node id="99" lat="43.7" lon="7.4"><tag k="amenity" v="bench"/></node>
  <way id="100" version="1">
    <nd ref="1"/><nd ref="2"/><nd ref="3"/>
    <tag k="highway" v="primary"/><tag k="name" v="Main Street"/><tag k="maxspeed" v="70"/>
  </way>
  <way id="101" version="1">
    <nd ref="4"/><nd ref="2"/><nd ref="6"/><nd ref="5"/>
    <tag k="highway" v="residential"/><tag k="maxspeed" v="20 mph"/>
  </way>
  <way id="102" version="1">
    <nd ref="3"/><nd ref="7"/><nd ref="5"/>
    <tag k="highway" v="tertiary"/><tag k="oneway" v="yes"/>
  </way>
  <way id="103" version="1"><nd ref="1"/><nd ref="8"/><tag k="highway" v="footway"/></way>
  <way id="104" version="1"><nd ref="9"/><nd ref="10"/><tag k="highway" v="residential"/></way>
  <way id="105" version="1"><nd ref="1"/><nd ref="11"/><tag k="highway" v="service"/><tag k="oneway" v="yes"/></way>
  <way id="106" version="1">
    <nd ref="3"/><nd ref="12"/><tag k="highway" v="residential"/><tag k="access" v="private"/>
  </way>
  <way id="107" version="1"><nd ref="4"/><nd ref="1"/><tag k="highway" v="secondary"/><tag k="oneway" v="-1"/></way>
  <relation id="1"><member type="way" ref="100" role=""/><tag k="type" v="route"/></relation>
</osm>
`;

/** Haversine written out independently of the module. */
function hav(a: number, b: number): number {
  const [lon1, lat1] = COORDS[a]!;
  const [lon2, lat2] = COORDS[b]!;
  const r = Math.PI / 180;
  const x =
    Math.sin(((lat2 - lat1) * r) / 2) ** 2 +
    Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(x));
}
const metres = (...path: number[]) => {
  let sum = 0;
  for (let i = 1; i < path.length; i++) sum += hav(path[i - 1]!, path[i]!);
  return Math.round(sum * 10) / 10;
};

const enc = (s: string) => new TextEncoder().encode(s);

describe('osmToNetwork on a hand-written XML document', () => {
  const data = parseOsm(enc(XML));

  it('reads nodes, ways and tags', () => {
    expect(data.nodes.count).toBe(13);
    expect(data.nodes.get(6)).toEqual({ lon: 7.4212, lat: 43.7305 });
    expect(data.nodes.get(1234)).toBeUndefined();
    expect(data.ways.map((w) => w.id)).toEqual(WAYS.map((w) => w.id));
    expect({ ...data.ways[0]!.tags }).toEqual(WAYS[0]!.tags);
    expect(data.ways[1]!.refs).toEqual([4, 2, 6, 5]);
  });

  it('builds the simplified, strongly connected network', () => {
    const { network, report } = osmToNetwork(data);
    expect(network.nodes).toEqual(
      [1, 2, 3, 4, 5].map((id) => ({ id: `n${id}`, lon: COORDS[id]![0], lat: COORDS[id]![1] })),
    );
    expect(network.edges).toEqual([
      {
        id: 'w100-0',
        from: 'n1',
        to: 'n2',
        lengthM: metres(1, 2),
        speedKph: 70,
        capacityVph: 1500,
        oneway: false,
        class: 'primary',
        name: 'Main Street',
      },
      {
        id: 'w100-1',
        from: 'n2',
        to: 'n3',
        lengthM: metres(2, 3),
        speedKph: 70,
        capacityVph: 1500,
        oneway: false,
        class: 'primary',
        name: 'Main Street',
      },
      {
        id: 'w101-0',
        from: 'n4',
        to: 'n2',
        lengthM: metres(4, 2),
        speedKph: 32.2,
        capacityVph: 600,
        oneway: false,
        class: 'residential',
      },
      {
        id: 'w101-1',
        from: 'n2',
        to: 'n5',
        lengthM: metres(2, 6, 5),
        speedKph: 32.2,
        capacityVph: 600,
        oneway: false,
        class: 'residential',
      },
      {
        id: 'w102-0',
        from: 'n3',
        to: 'n5',
        lengthM: metres(3, 7, 5),
        speedKph: 40,
        capacityVph: 900,
        oneway: true,
        class: 'tertiary',
      },
      {
        id: 'w107-0',
        from: 'n1',
        to: 'n4',
        lengthM: metres(1, 4),
        speedKph: 50,
        capacityVph: 1200,
        oneway: true,
        class: 'secondary',
      },
    ]);
    // The merged edge really is longer than the straight line between its ends.
    expect(metres(2, 6, 5)).toBeGreaterThan(metres(2, 5));
    expect(metres(1, 2)).toBeCloseTo(80.4, 0);
    expect(report).toEqual({
      ways: 6,
      nodes: 5,
      edges: 6,
      droppedComponents: 2, // {9, 10} and the oneway dead end {11}
      droppedNodes: 3,
      classes: { primary: 1, residential: 2, tertiary: 1, service: 1, secondary: 1 },
      missingNodeRefs: 0,
    });
    expect(() => InlineNetwork.parse(network)).not.toThrow();
  });

  it('keeps every component on request, and roadClasses add or override classes', () => {
    const all = osmToNetwork(data, { allComponents: true });
    expect(all.network.nodes.map((n) => n.id)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5', 'n9', 'n10', 'n11']);
    expect(all.network.edges.map((e) => e.id)).toEqual([
      'w100-0',
      'w100-1',
      'w101-0',
      'w101-1',
      'w102-0',
      'w104-0',
      'w105-0',
      'w107-0',
    ]);
    expect(all.report).toMatchObject({ nodes: 8, edges: 8, droppedComponents: 0, droppedNodes: 0 });

    const custom = osmToNetwork(data, {
      roadClasses: {
        footway: { speedKph: 5 },
        primary: { speedKph: 45, capacityVph: 1000 },
        service: undefined,
      },
    });
    const foot = custom.network.edges.find((e) => e.id === 'w103-0');
    expect(foot).toEqual({
      id: 'w103-0',
      from: 'n1',
      to: 'n8',
      lengthM: metres(1, 8),
      speedKph: 5,
      oneway: false,
      class: 'footway',
    });
    // maxspeed still wins over the class speed; the class capacity is the override's.
    expect(custom.network.edges.find((e) => e.id === 'w100-0')).toMatchObject({
      speedKph: 70,
      capacityVph: 1000,
    });
    expect(custom.report.nodes).toBe(6);
    expect(() => osmToNetwork(data, { roadClasses: { track: { speedKph: 0 } } })).toThrow(/track/);
  });

  it('splits a way at an interior node used by another way, drops zero-length loops, keeps parallels', () => {
    const doc = `<osm version="0.6">
      <node id="1" lat="0" lon="0"/><node id="2" lat="0" lon="0.001"/><node id="3" lat="0" lon="0.002"/>
      <node id="4" lat="0.001" lon="0.001"/><node id="5" lat="0" lon="0.001"/>
      <way id="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="road"/></way>
      <way id="2"><nd ref="3"/><nd ref="4"/><nd ref="1"/><tag k="highway" v="road"/></way>
      <way id="3"><nd ref="1"/><nd ref="3"/><tag k="highway" v="road"/></way>
      <way id="4"><nd ref="2"/><nd ref="5"/><nd ref="2"/><tag k="highway" v="road"/></way>
      <way id="5"><nd ref="3"/><nd ref="3"/><tag k="highway" v="road"/></way>
      <way id="6"><nd ref="1"/><nd ref="777"/><nd ref="4"/><tag k="highway" v="road"/><tag k="area" v="yes"/></way>
    </osm>`;
    const { network, report } = osmToNetwork(parseOsm(enc(doc)));
    // Node 2 is shared by ways 1 and 4, so way 1 splits there; way 4 is a loop 2 -> 5 -> 2 of zero
    // length (5 sits on 2): dropped, but its index still counts. Way 3 runs parallel to way 1.
    expect(network.edges.map((e) => [e.id, e.from, e.to])).toEqual([
      ['w1-0', 'n1', 'n2'],
      ['w1-1', 'n2', 'n3'],
      ['w2-0', 'n3', 'n1'],
      ['w3-0', 'n1', 'n3'],
    ]);
    expect(network.edges.find((e) => e.id === 'w3-0')!.lengthM).toBeCloseTo(222.4, 1);
    expect(report.ways).toBe(4);
    expect(report.missingNodeRefs).toBe(0);
  });

  it('splits a way where its nodes are missing from the extract', () => {
    const doc = `<osm version="0.6">
      <node id="1" lat="0" lon="0"/><node id="2" lat="0" lon="0.001"/><node id="4" lat="0" lon="0.003"/>
      <node id="5" lat="0" lon="0.004"/>
      <way id="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="5"/><tag k="highway" v="road"/></way>
    </osm>`;
    const { network, report } = osmToNetwork(parseOsm(enc(doc)), { allComponents: true });
    expect(network.edges.map((e) => [e.id, e.from, e.to])).toEqual([
      ['w1-0', 'n1', 'n2'],
      ['w1-1', 'n4', 'n5'],
    ]);
    expect(report.missingNodeRefs).toBe(1);
  });

  it('reads the same document gzipped, and refuses what it cannot read', () => {
    const gz = parseOsm(gzipSync(enc(XML)));
    expect(osmToNetwork(gz)).toEqual(osmToNetwork(data));
    expect(() => parseOsm(enc('{"type":"FeatureCollection"}'))).toThrow(/unrecognised format/);
    expect(() => parseOsm(new Uint8Array(0))).toThrow(/empty/);
    expect(() => parseOsm(enc('BZh91AY&SY'))).toThrow(/bzip2/);
    expect(() => parseOsm(enc('<osmChange version="0.6"></osmChange>'))).toThrow(/osmChange/);
    expect(() => parseOsm(enc('<gpx></gpx>'))).toThrow(/<gpx>/);
    expect(() => parseOsm(enc('<osm><node id="1" lat="x" lon="0"/></osm>'))).toThrow(/lat/);
    expect(() => parseOsm(enc('<osm><node id="1" lat="0" lon="0">'))).toThrow(/OSM XML/);
  });
});

describe('tag rules', () => {
  it('parses maxspeed', () => {
    expect(parseMaxspeed('50')).toBe(50);
    expect(parseMaxspeed('50 km/h')).toBe(50);
    expect(parseMaxspeed('30 mph')).toBe(48.3);
    expect(parseMaxspeed('30mph')).toBe(48.3);
    expect(parseMaxspeed('70;50')).toBe(70);
    for (const v of [undefined, 'none', 'signals', 'walk', 'RU:urban', '0', '', '12 knots']) {
      expect(parseMaxspeed(v)).toBeUndefined();
    }
  });

  it('derives oneway', () => {
    expect(onewayDirection({ highway: 'residential' })).toBe(0);
    expect(onewayDirection({ highway: 'residential', oneway: 'yes' })).toBe(1);
    expect(onewayDirection({ highway: 'residential', oneway: 'true' })).toBe(1);
    expect(onewayDirection({ highway: 'residential', oneway: '1' })).toBe(1);
    expect(onewayDirection({ highway: 'residential', oneway: '-1' })).toBe(-1);
    expect(onewayDirection({ highway: 'residential', oneway: 'reverse' })).toBe(-1);
    expect(onewayDirection({ highway: 'primary', junction: 'roundabout' })).toBe(1);
    expect(onewayDirection({ highway: 'primary', junction: 'circular' })).toBe(1);
    expect(onewayDirection({ highway: 'primary', junction: 'roundabout', oneway: 'no' })).toBe(0);
    expect(onewayDirection({ highway: 'motorway' })).toBe(1);
    expect(onewayDirection({ highway: 'motorway', oneway: 'no' })).toBe(0);
    expect(onewayDirection({ highway: 'motorway_link' })).toBe(0);
  });

  it('applies access, area and class filters', () => {
    const way = (id: number, tags: string) =>
      `<way id="${id}"><nd ref="1"/><nd ref="2"/>${tags
        .split(' ')
        .map((kv) => `<tag k="${kv.split('=')[0]}" v="${kv.split('=')[1]}"/>`)
        .join('')}</way>`;
    const doc = `<osm><node id="1" lat="0" lon="0"/><node id="2" lat="0" lon="0.001"/>
      ${way(1, 'highway=residential access=no')}
      ${way(2, 'highway=residential access=private')}
      ${way(3, 'highway=residential access=no motor_vehicle=yes')}
      ${way(4, 'highway=residential access=private motorcar=yes')}
      ${way(5, 'highway=residential motor_vehicle=no')}
      ${way(6, 'highway=service area=yes')}
      ${way(7, 'highway=construction')}
      ${way(8, 'highway=path')}
      ${way(9, 'highway=living_street access=destination')}
      ${way(10, 'building=yes')}
      ${way(11, 'highway=motorway_link')}</osm>`;
    const { network } = osmToNetwork(parseOsm(enc(doc)));
    expect(network.edges.map((e) => [e.id, e.speedKph, e.capacityVph])).toEqual([
      ['w3-0', 30, 600],
      ['w4-0', 30, 600],
      ['w9-0', 10, 300],
      ['w11-0', 60, 1500],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------
// PBF written by hand with pbf's writer.

type Compression = 'raw' | 'zlib' | 'lzma';

function pbfBlob(type: string, payload: Uint8Array, compression: Compression): Uint8Array {
  const blob = new PbfWriter();
  if (compression === 'raw') blob.writeBytesField(1, payload);
  else {
    blob.writeVarintField(2, payload.length);
    blob.writeBytesField(
      compression === 'zlib' ? 3 : 4,
      compression === 'zlib' ? zlibSync(payload) : payload,
    );
  }
  const blobBytes = blob.finish();
  const header = new PbfWriter();
  header.writeStringField(1, type);
  header.writeVarintField(3, blobBytes.length);
  const headerBytes = header.finish();
  const out = new Uint8Array(4 + headerBytes.length + blobBytes.length);
  new DataView(out.buffer).setUint32(0, headerBytes.length);
  out.set(headerBytes, 4);
  out.set(blobBytes, 4 + headerBytes.length);
  return out;
}

function headerBlock(features: string[]): Uint8Array {
  const w = new PbfWriter();
  for (const f of features) w.writeStringField(4, f);
  w.writeStringField(16, 'osm.test.ts');
  return w.finish();
}

const delta = (xs: number[]) => xs.map((x, i) => x - (i === 0 ? 0 : xs[i - 1]!));

/** The hand-written network as PBF: dense nodes and ways in one block, node 11 as a plain Node in another. */
function handPbf(compression: Compression, features = ['OsmSchema-V0.6', 'DenseNodes']): Uint8Array {
  const strings = [''];
  const str = (s: string) => {
    let i = strings.indexOf(s);
    if (i < 0) i = strings.push(s) - 1;
    return i;
  };
  const denseIds = Object.keys(COORDS)
    .map(Number)
    .filter((id) => id !== 11);
  const group1 = new PbfWriter();
  group1.writeMessage(
    2,
    (_: null, w: PbfWriter) => {
      w.writePackedSVarint(1, delta(denseIds));
      w.writePackedSVarint(8, delta(denseIds.map((id) => Math.round(COORDS[id]![1] * 1e7))));
      w.writePackedSVarint(9, delta(denseIds.map((id) => Math.round(COORDS[id]![0] * 1e7))));
    },
    null,
  );
  for (const way of WAYS) {
    group1.writeMessage(
      3,
      (_: null, w: PbfWriter) => {
        w.writeVarintField(1, way.id);
        w.writePackedVarint(2, Object.keys(way.tags).map(str));
        w.writePackedVarint(3, Object.values(way.tags).map(str));
        w.writePackedSVarint(8, delta(way.refs));
      },
      null,
    );
  }
  const block1 = new PbfWriter();
  block1.writeMessage(
    1,
    (_: null, w: PbfWriter) => {
      for (const s of strings) w.writeBytesField(1, enc(s));
    },
    null,
  );
  block1.writeBytesField(2, group1.finish());

  // Granularity 1000 and offsets: lat = (43e9 + 1000 * 730000) / 1e9 = 43.73.
  const group2 = new PbfWriter();
  group2.writeMessage(
    1,
    (_: null, w: PbfWriter) => {
      w.writeSVarintField(1, 11);
      w.writeSVarintField(8, 730_000);
      w.writeSVarintField(9, 419_000);
    },
    null,
  );
  const block2 = new PbfWriter();
  block2.writeMessage(1, (_: null, w: PbfWriter) => w.writeBytesField(1, enc('')), null);
  block2.writeBytesField(2, group2.finish());
  block2.writeVarintField(17, 1000);
  block2.writeVarintField(19, 43e9);
  block2.writeVarintField(20, 7e9);

  const parts = [
    pbfBlob('OSMHeader', headerBlock(features), 'raw'),
    pbfBlob('OSMData', block1.finish(), compression),
    pbfBlob('OSMData', block2.finish(), compression === 'lzma' ? 'lzma' : 'raw'),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

describe('OSM PBF', () => {
  it('decodes dense and plain nodes, ways, granularity and offsets, zlib and raw blobs', () => {
    const fromXml = parseOsm(enc(XML));
    for (const compression of ['zlib', 'raw'] as const) {
      const data = parseOsm(handPbf(compression));
      expect(data.nodes.count).toBe(12);
      expect(data.nodes.get(11)).toEqual({ lon: 7.419, lat: 43.73 });
      for (const [id, [lon, lat]] of Object.entries(COORDS))
        expect(data.nodes.get(Number(id))).toEqual({ lon, lat });
      expect(data.ways.map((w) => ({ id: w.id, refs: w.refs, tags: { ...w.tags } }))).toEqual(WAYS);
      expect(osmToNetwork(data)).toEqual(osmToNetwork(fromXml));
    }
  });

  it('refuses unsupported compressions and required features, and truncated files', () => {
    expect(() => parseOsm(handPbf('lzma'))).toThrow(/lzma compression, which is not supported/);
    expect(() =>
      parseOsm(handPbf('zlib', ['OsmSchema-V0.6', 'DenseNodes', 'HistoricalInformation'])),
    ).toThrow(/requires features this reader does not support: HistoricalInformation/);
    const whole = handPbf('zlib');
    expect(() => parseOsm(whole.subarray(0, whole.length - 10))).toThrow(/corrupt or truncated/);
  });
});

describe('purity', () => {
  it('the import modules use no node:* module', () => {
    for (const f of ['osm.ts', 'osm-pbf.ts', 'osm-xml.ts']) {
      const src = readFileSync(resolve(import.meta.dirname, f), 'utf8');
      const imports = [...src.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
      expect(
        imports.every(
          (m) =>
            ['pbf', 'fflate', 'saxes'].includes(m!) ||
            m!.startsWith('./') ||
            m === '../contracts/planning/plan.js',
        ),
        f,
      ).toBe(true);
      expect(src).not.toMatch(/from 'node:/);
    }
  });
});

describe('strongly connected components', () => {
  it('does not recurse: a 200,000-node oneway ring and a 200,000-node oneway chain', () => {
    const n = 200_000;
    const from = Array.from({ length: n }, (_, i) => i);
    const ring = stronglyConnectedComponents(
      n,
      from,
      from.map((i) => (i + 1) % n),
      () => true,
    );
    expect(ring.count).toBe(1);
    const chain = stronglyConnectedComponents(n, from.slice(0, n - 1), from.slice(1), () => true);
    expect(chain.count).toBe(n);
  });
});

// ---------------------------------------------------------------------------------------------------
// Real files.

// Copies of ../shared/geodata kept in the repository (test/fixtures/osm/ATTRIBUTION.md: ODbL).
const GEODATA = resolve(import.meta.dirname, '../../test/fixtures/osm');

/** Protobuf fields of a message, decoded by hand (independent of the module and of pbf). */
function* fields(buf: Uint8Array): Generator<{ tag: number; value: number; bytes: Uint8Array }> {
  let pos = 0;
  const varint = () => {
    let v = 0;
    let mul = 1;
    for (;;) {
      const b = buf[pos++]!;
      v += (b & 0x7f) * mul;
      mul *= 128;
      if (b < 0x80) return v;
    }
  };
  while (pos < buf.length) {
    const key = varint();
    const type = key % 8;
    const tag = Math.floor(key / 8);
    if (type === 0) yield { tag, value: varint(), bytes: new Uint8Array(0) };
    else if (type === 2) {
      const len = varint();
      yield { tag, value: len, bytes: buf.subarray(pos, pos + len) };
      pos += len;
    } else if (type === 1) pos += 8;
    else if (type === 5) pos += 4;
    else throw new Error(`wire type ${type}`);
  }
}

/** Counts nodes and ways by walking the blocks with node:zlib and the hand decoder above. */
function naiveCounts(bytes: Uint8Array): { nodes: number; ways: number } {
  let nodes = 0;
  let ways = 0;
  let pos = 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  while (pos < bytes.length) {
    const hlen = view.getUint32(pos);
    pos += 4;
    let type = '';
    let size = 0;
    for (const f of fields(bytes.subarray(pos, pos + hlen))) {
      if (f.tag === 1) type = new TextDecoder().decode(f.bytes);
      if (f.tag === 3) size = f.value;
    }
    pos += hlen;
    let data: Uint8Array = new Uint8Array(0);
    for (const f of fields(bytes.subarray(pos, pos + size))) {
      if (f.tag === 1) data = f.bytes;
      if (f.tag === 3) data = inflateSync(f.bytes);
    }
    pos += size;
    if (type !== 'OSMData') continue;
    for (const f of fields(data)) {
      if (f.tag !== 2) continue;
      for (const g of fields(f.bytes)) {
        if (g.tag === 1) nodes++;
        if (g.tag === 3) ways++;
        if (g.tag === 2) {
          for (const d of fields(g.bytes)) {
            // Packed ids: count the varints (bytes without the continuation bit).
            if (d.tag === 1) nodes += d.bytes.filter((b) => b < 0x80).length;
          }
        }
      }
    }
  }
  return { nodes, ways };
}

/** Forward and backward reachability from one node, respecting oneway. */
function reachesAll(network: InlineNetwork): boolean {
  const out = new Map<string, string[]>();
  const inn = new Map<string, string[]>();
  const link = (m: Map<string, string[]>, a: string, b: string) => {
    const list = m.get(a);
    if (list) list.push(b);
    else m.set(a, [b]);
  };
  for (const e of network.edges) {
    link(out, e.from, e.to);
    link(inn, e.to, e.from);
    if (!e.oneway) {
      link(out, e.to, e.from);
      link(inn, e.from, e.to);
    }
  }
  const bfs = (adj: Map<string, string[]>) => {
    const seen = new Set([network.nodes[0]!.id]);
    const queue = [network.nodes[0]!.id];
    for (let i = 0; i < queue.length; i++) {
      for (const next of adj.get(queue[i]!) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return seen.size;
  };
  return bfs(out) === network.nodes.length && bfs(inn) === network.nodes.length;
}

function checkNetwork(network: InlineNetwork): void {
  const ids = new Set(network.nodes.map((n) => n.id));
  expect(ids.size).toBe(network.nodes.length);
  expect(new Set(network.edges.map((e) => e.id)).size).toBe(network.edges.length);
  const used = new Set<string>();
  for (const e of network.edges) {
    expect(ids.has(e.from) && ids.has(e.to), e.id).toBe(true);
    expect(e.lengthM).toBeGreaterThan(0);
    expect(e.speedKph).toBeGreaterThan(0);
    used.add(e.from).add(e.to);
  }
  expect(used.size).toBe(ids.size);
  expect(() => InlineNetwork.parse(network)).not.toThrow();
  expect(reachesAll(network)).toBe(true);
}

interface RoadFeature {
  geometry: { coordinates: [number, number][] };
  properties: Record<string, string | number>;
}

/** Compares every road of the osmium-exported GeoJSON (an independent reader) with the parsed ways. */
function compareWithGeojson(data: ReturnType<typeof parseOsm>, file: string): number {
  const fc = JSON.parse(gunzipSync(readFileSync(resolve(GEODATA, file))).toString('utf8')) as {
    features: RoadFeature[];
  };
  const ways = new Map(data.ways.map((w) => [w.id, w]));
  for (const f of fc.features) {
    const { '@id': id, ...tags } = f.properties;
    const way = ways.get(Number(id))!;
    expect(way, `way ${id}`).toBeDefined();
    expect({ ...way.tags }).toEqual(tags);
    // osmium writes a location repeated by consecutive nodes once.
    const coords = way.refs
      .map((r) => data.nodes.get(r)!)
      .filter((c, i, all) => i === 0 || c.lon !== all[i - 1]!.lon || c.lat !== all[i - 1]!.lat);
    expect(coords.length).toBe(f.geometry.coordinates.length);
    coords.forEach((c, i) => {
      const [lon, lat] = f.geometry.coordinates[i]!;
      expect(Math.abs(c.lon - lon) + Math.abs(c.lat - lat)).toBeLessThan(2e-7);
    });
  }
  return fc.features.length;
}

function load(file: string) {
  const bytes = readFileSync(resolve(GEODATA, file));
  const t0 = performance.now();
  const data = parseOsm(bytes);
  const t1 = performance.now();
  const result = osmToNetwork(data);
  const t2 = performance.now();
  console.log(
    `${file}: ${data.nodes.count} OSM nodes, ${data.ways.length} ways; parse ${(t1 - t0).toFixed(0)} ms, ` +
      `network ${(t2 - t1).toFixed(0)} ms; ${JSON.stringify(result.report)}`,
  );
  return { bytes, data, ...result };
}

describe('real OSM files', () => {
  it('Monaco (PBF, 2016)', () => {
    const { bytes, data, network, report } = load('monaco-2016.osm.pbf');
    expect(naiveCounts(bytes)).toEqual({ nodes: data.nodes.count, ways: data.ways.length });
    expect({ nodes: data.nodes.count, ways: data.ways.length }).toEqual({ nodes: 180_118, ways: 27_377 });
    expect(compareWithGeojson(data, 'monaco_roads.geojson.gz')).toBe(2903);
    expect(data.ways.filter((w) => w.tags.highway === 'residential').length).toBeGreaterThan(100);
    expect(report.nodes).toBe(network.nodes.length);
    expect(report.nodes).toBeGreaterThan(1000);
    expect(report.edges).toBeGreaterThan(report.nodes);
    expect(report.droppedNodes).toBeLessThan(report.nodes / 5);
    expect(report.missingNodeRefs).toBe(0);
    checkNetwork(network);
  });

  it('Andorra (PBF, 2013)', () => {
    const { bytes, data, network, report } = load('andorra-2013.osm.pbf');
    expect(naiveCounts(bytes)).toEqual({ nodes: data.nodes.count, ways: data.ways.length });
    expect({ nodes: data.nodes.count, ways: data.ways.length }).toEqual({ nodes: 69_644, ways: 2_725 });
    expect(compareWithGeojson(data, 'andorra_roads.geojson.gz')).toBe(1614);
    expect(report.classes.residential).toBeGreaterThan(100);
    expect(report.nodes).toBeGreaterThan(1000);
    expect(report.droppedNodes).toBeLessThan(report.nodes / 5);
    checkNetwork(network);
  });

  it('Berlin, Siegessaeule (gzipped XML)', () => {
    const { data, network, report } = load('berlin-siegessaeule.osm.gz');
    expect(data.nodes.count).toBe(5117);
    expect(data.ways.filter((w) => w.tags.highway !== undefined).length).toBe(146);
    expect(report.ways).toBeGreaterThan(20);
    expect(report.nodes).toBeGreaterThanOrEqual(5);
    // The Grosser Stern (junction=circular) is in the kept component.
    const roundabout = new Set(data.ways.filter((w) => w.tags.junction === 'circular').map((w) => w.id));
    expect(roundabout.size).toBe(8);
    expect(network.edges.some((e) => e.oneway && roundabout.has(Number(e.id.slice(1).split('-')[0])))).toBe(
      true,
    );
    checkNetwork(network);
  });
});
