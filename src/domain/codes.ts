/** Prefixes of the short codes people read out on the radio, and how wide the number is. */
export const CODE_FORMATS = {
  corridors: { prefix: 'COR', width: 1 },
  checkpoints: { prefix: 'CP', width: 1 },
  command_posts: { prefix: 'POST', width: 1 },
  convoys: { prefix: 'CVY', width: 4 },
  vehicles: { prefix: 'VEH', width: 3 },
  reception_points: { prefix: 'RP', width: 1 },
  figures: { prefix: 'FIG', width: 1 },
  alerts: { prefix: 'ALR', width: 4 },
  areas: { prefix: 'AREA', width: 1 },
  organisations: { prefix: 'ORG', width: 1 },
  pickup_points: { prefix: 'PICK', width: 1 },
  plans: { prefix: 'PLAN', width: 1 },
  hazards: { prefix: 'HAZ', width: 1 },
  incidents: { prefix: 'INC', width: 1 },
  pause_windows: { prefix: 'WIN', width: 1 },
  notifications: { prefix: 'NTF', width: 1 },
  registrations: { prefix: 'REG', width: 1 },
  family_groups: { prefix: 'FAM', width: 1 },
  tracing_requests: { prefix: 'TR', width: 1 },
  // Many are printed: four digits, so that a list in code order is in number order too.
  sheets: { prefix: 'SHT', width: 4 },
} as const;
export type CodedTable = keyof typeof CODE_FORMATS;

/**
 * Codes stay unique without coordination: headquarters (the root of the tree of sites) gives plain
 * ones (`CVY-0147`), and every other site puts its tag in the codes it gives (`CVY-POST3-0012`), so two
 * sites working apart never give the same code. A site's tag is its id in capitals without hyphens.
 */
export function siteCodeTag(siteId: string): string {
  return siteId.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function formatCode(table: CodedTable, n: number, tag: string | null = null): string {
  const { prefix, width } = CODE_FORMATS[table];
  return `${prefix}-${tag ? `${tag}-` : ''}${String(n).padStart(width, '0')}`;
}

/** A code of the tagged shape (`PREFIX-TAG-N`): given at a site other than the root. */
const TAGGED = /^[A-Z]+-([A-Z0-9]+)-\d+$/;

/**
 * Whether a code given by a sender may be recorded at a node with this tag (null: the root): a site
 * gives codes with its own tag only, and the root none of the tagged shape.
 */
export function codeFitsSite(code: string, tag: string | null): boolean {
  const m = TAGGED.exec(code);
  return tag === null ? m === null : m?.[1] === tag;
}

/** Numbers above this are someone's own scheme, not the sequence we count on. */
const MAX_SEQUENCE = 999_999;

/**
 * The next free code after the ones in use, with the site's tag (codes of other shapes or tags, or
 * huge numbers, are ignored).
 */
export function nextCode(table: CodedTable, used: Iterable<string>, tag: string | null = null): string {
  const { prefix } = CODE_FORMATS[table];
  const pattern = new RegExp(`^${prefix}-${tag ? `${tag}-` : ''}(\\d+)$`);
  let max = 0;
  for (const code of used) {
    const m = pattern.exec(code);
    if (m && Number(m[1]) <= MAX_SEQUENCE) max = Math.max(max, Number(m[1]));
  }
  return formatCode(table, max + 1, tag);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/**
 * Codes in the order people read them (CVY-2 before CVY-10). One collator for all: `localeCompare`
 * with options makes a new one for every comparison, twenty times slower when sorting many.
 */
const CODE_ORDER = new Intl.Collator('en', { numeric: true });
export const compareCodes = (a: string, b: string): number => CODE_ORDER.compare(a, b);
