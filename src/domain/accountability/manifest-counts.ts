import type { ConvoyRow } from './rows.js';

/** The people of a convoy's manifest by category, and its stretcher cases. */
export interface ManifestCounts {
  men: number;
  women: number;
  boys: number;
  girls: number;
  elderlyMen: number;
  elderlyWomen: number;
  stretcherCases: number;
  total: number;
}

// A report reads each manifest several times (movements, computed figures), and a report kept in
// memory reads the same rows again: parsed once per row and manifest (a correction replaces it).
type WithManifest = Pick<ConvoyRow, 'manifest'>;
const parsed = new WeakMap<WithManifest, { manifest: string | null; counts: ManifestCounts | null }>();

export function manifestCounts(convoy: WithManifest): ManifestCounts | null {
  const known = parsed.get(convoy);
  if (known !== undefined && known.manifest === convoy.manifest) return known.counts;
  let out: ManifestCounts | null = null;
  if (convoy.manifest !== null) {
    const m = convoy.manifest;
    // Canonical JSON sorts keys, so the manifest's own people and stretcherCases come after those of
    // byVehicle: the last occurrence of each is the manifest's (a quote inside a string is escaped).
    const at = m.lastIndexOf('"people":{') + 9;
    const p = JSON.parse(m.slice(at, m.indexOf('}', at) + 1)) as Record<string, number>;
    const sc = m.lastIndexOf('"stretcherCases":');
    const stretcherCases = sc < 0 ? 0 : parseInt(m.slice(sc + 17, sc + 30), 10);
    const [men, women, boys, girls, elderlyMen, elderlyWomen] = [
      p.men ?? 0,
      p.women ?? 0,
      p.boys ?? 0,
      p.girls ?? 0,
      p.elderlyMen ?? 0,
      p.elderlyWomen ?? 0,
    ];
    out = {
      men,
      women,
      boys,
      girls,
      elderlyMen,
      elderlyWomen,
      stretcherCases,
      total: men + women + boys + girls + elderlyMen + elderlyWomen,
    };
  }
  parsed.set(convoy, { manifest: convoy.manifest, counts: out });
  return out;
}

/**
 * The sum of the counts of a PeopleCounts object as stored (canonical JSON of whole numbers): read
 * without building the object, since a report adds up hundreds of thousands of them.
 */
export function peopleTotal(json: string): number {
  let total = 0;
  let n = 0;
  let inNumber = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c >= 48 && c <= 57 && (inNumber || json.charCodeAt(i - 1) === 58)) {
      n = n * 10 + (c - 48);
      inNumber = true;
    } else if (inNumber) {
      total += n;
      n = 0;
      inNumber = false;
    }
  }
  return total + n;
}
