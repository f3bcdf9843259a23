import { SaxesParser } from 'saxes';
import type { OsmSink } from './osm.js';

/**
 * OSM XML reader (https://wiki.openstreetmap.org/wiki/OSM_XML): `<node id lat lon>` and
 * `<way id><nd ref/>...<tag k v/>...</way>` go to the sink; relations, node tags and metadata are skipped,
 * as are elements a JOSM file marks `action="delete"` and deleted (`visible="false"`) elements. Pure: the
 * bytes are decoded and fed to a streaming parser in chunks.
 */

const CHUNK_BYTES = 1 << 22;

function isDeleted(attrs: Record<string, string>): boolean {
  return attrs.action === 'delete' || attrs.visible === 'false';
}

function num(attrs: Record<string, string>, name: string, element: string): number {
  const raw = attrs[name];
  const v = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(v)) {
    throw new Error(
      `OSM XML: <${element}${attrs.id !== undefined ? ` id="${attrs.id}"` : ''}> has no valid ${name}`,
    );
  }
  return v;
}

export function readOsmXml(bytes: Uint8Array, sink: OsmSink): void {
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  let depth = 0;
  let way: { id: number; refs: number[]; tags: Record<string, string> } | null = null;
  const failures: Error[] = [];

  parser.on('opentag', (tag) => {
    depth++;
    const a = tag.attributes;
    if (depth === 1) {
      if (tag.name === 'osmChange') throw new Error('OSM XML: change files (osmChange) are not supported');
      if (tag.name !== 'osm') throw new Error(`OSM XML: the document element is <${tag.name}>, not <osm>`);
      return;
    }
    if (depth === 2) {
      if (tag.name === 'node') {
        if (isDeleted(a)) return;
        const lat = num(a, 'lat', 'node');
        const lon = num(a, 'lon', 'node');
        if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
          throw new Error(`OSM XML: node ${a.id} lies outside the globe (${lat}, ${lon})`);
        }
        sink.node(num(a, 'id', 'node'), lon, lat);
      } else if (tag.name === 'way') {
        if (isDeleted(a)) return;
        way = { id: num(a, 'id', 'way'), refs: [], tags: Object.create(null) as Record<string, string> };
      }
    } else if (depth === 3 && way !== null) {
      if (tag.name === 'nd') way.refs.push(num(a, 'ref', 'nd'));
      else if (tag.name === 'tag' && a.k !== undefined) way.tags[a.k] = a.v ?? '';
    }
  });
  parser.on('closetag', () => {
    if (depth === 2 && way !== null) {
      sink.way(way.id, way.refs, way.tags);
      way = null;
    }
    depth--;
  });
  parser.on('error', (err) => {
    failures.push(new Error(`OSM XML: not well-formed: ${err.message}`));
  });

  const decoder = new TextDecoder('utf-8');
  for (let pos = 0; pos < bytes.length && failures.length === 0; pos += CHUNK_BYTES) {
    const end = Math.min(bytes.length, pos + CHUNK_BYTES);
    parser.write(decoder.decode(bytes.subarray(pos, end), { stream: end < bytes.length }));
  }
  if (failures.length === 0) parser.close();
  if (failures[0] !== undefined) throw failures[0];
  if (depth !== 0) throw new Error('OSM XML: the document ends inside an element');
}
