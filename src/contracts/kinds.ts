/**
 * The word lists the contracts share, with no schema: what the console and the tally take, so that
 * their first load carries no schema library (vocabulary.ts and common.ts build the schemas on them
 * and export them again).
 */

/** HXL-style disaggregation of people by sex and age group. */
export const PEOPLE_CATEGORIES = ['men', 'women', 'boys', 'girls', 'elderlyMen', 'elderlyWomen'] as const;
export type PeopleCategory = (typeof PEOPLE_CATEGORIES)[number];

/** Kinds of vehicle in a fleet registry. */
export const VEHICLE_KINDS = ['bus', 'ambulance', 'truck'] as const;

export const ORGANISATION_ROLES = [
  'coordinating-body',
  'un-agency',
  'red-cross-red-crescent',
  'ngo',
  'authority',
  'party-to-conflict',
  'guarantor',
  'media',
  'other',
] as const;
/** The corridor lifecycle: notified to the parties, ready (every gate holds), open, suspended, closed. */
export const CORRIDOR_STATUSES = ['planned', 'notified', 'ready', 'open', 'suspended', 'closed'] as const;
/** A corridor's colour by its status, the same on the console's map and in the reports' maps. */
export const CORRIDOR_STATUS_COLOURS: Record<(typeof CORRIDOR_STATUSES)[number], string> = {
  planned: '#6e40c9',
  notified: '#9a6700',
  ready: '#0e7c86',
  open: '#1a7f37',
  suspended: '#d1242f',
  closed: '#8c959f',
};
export const CONVOY_STATUSES = ['planned', 'boarding', 'departed', 'arrived'] as const;
export const CHECKPOINT_KINDS = ['entry', 'exit', 'intermediate'] as const;
export const AREA_KINDS = ['governorate', 'district', 'subdistrict', 'neighbourhood', 'other'] as const;
export const PASSAGE_SOURCES = ['enumerator', 'camera', 'drone', 'position'] as const;
/** Whether a passage reports the whole convoy as seen, or a tally of some of its vehicles. */
export const PASSAGE_SCOPES = ['convoy', 'vehicles'] as const;
export const MATCH_METHODS = ['plates', 'vehicles', 'manual'] as const;
export const ALERT_KINDS = [
  'people-missing',
  'people-surplus',
  'convoy-overdue',
  'convoy-stopped',
  'vehicle-detached',
  'unknown-convoy',
  'out-of-order',
  'window-ending',
  'window-ended',
  'incident-near-corridor',
  'hazard-on-route',
  'family-split',
  // Something carried (a wheelchair, oxygen) counted at one station and fewer of it at the next.
  'items-missing',
  // The convoys bound for a reception point bring more pets or equipment than it has room for.
  'room-short',
  // Decisions of two sites that cannot both stand (app/sync/conflicts.ts).
  'conflict',
] as const;
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
/**
 * What people carry with them, counted like people: luggage, pets, mobility aids (wheelchairs,
 * crutches) and medical equipment (oxygen, dialysis, medicines that need cold).
 */
export const CARRIED_KINDS = [
  'luggage',
  'pets',
  'wheelchairs',
  'crutches',
  'oxygen',
  'dialysis',
  'cold-medicines',
] as const;
export type CarriedKind = (typeof CARRIED_KINDS)[number];
/** The kinds of item some of these counts counted, in the vocabulary's order (a kind none counted is not 0). */
export function countedKinds(counts: readonly { carried?: Partial<Record<string, number>> | undefined }[]) {
  return CARRIED_KINDS.filter((k) => counts.some((c) => c.carried?.[k] !== undefined));
}
export const ALERT_RESOLUTIONS = ['explained', 'manual'] as const;
export const FIGURE_METHODS = ['counted', 'estimated', 'computed'] as const;
export const FIGURE_QUALIFIERS = ['exact', 'about', 'more-than', 'less-than'] as const;
export const HAZARD_TYPES = [
  'explosive-ordnance',
  'debris',
  'damaged-road',
  'damaged-bridge',
  'flooding',
  'other',
] as const;
/** Land release (IMAS 07.11): suspected -> confirmed -> cleared, or released or cancelled on the way. */
export const HAZARD_STATUSES = ['suspected', 'confirmed', 'cleared', 'released', 'cancelled'] as const;
export const HAZARD_EVIDENCE_KINDS = ['report', 'survey', 'imagery'] as const;
export const CLEARANCE_TASK_STATUSES = ['started', 'completed'] as const;
export const INCIDENT_TYPES = [
  'ceasefire-violation',
  'shelling',
  'shooting',
  'convoy-blocked',
  'security-search',
  'medical-emergency',
  'road-accident',
  'other',
] as const;
export const INCIDENT_SEVERITIES = ['minor', 'moderate', 'serious', 'critical'] as const;
/** Reported, then verified or not (an unverified report may be verified later), then closed. */
export const INCIDENT_STATUSES = ['reported', 'verified', 'unverified', 'closed'] as const;
export const PAUSE_WINDOW_KINDS = ['ceasefire', 'humanitarian-pause'] as const;
/** Recovery per area (see src/app/recovery/recovery.ts): the services whose status is followed over time. */
export const SERVICE_KINDS = ['power', 'water', 'health', 'bakery', 'school'] as const;
export const SERVICE_STATUSES = ['functional', 'partly', 'not-functional'] as const;
export const ACCESS_STATUSES = ['accessible', 'restricted', 'inaccessible'] as const;
/** Sectors of the "who does what where" (3W) view, as the humanitarian clusters name them. */
export const AID_SECTORS = [
  'food',
  'wash',
  'health',
  'shelter',
  'nfi',
  'protection',
  'education',
  'nutrition',
  'logistics',
  'other',
] as const;

/** Personal data: the legal basis of a registration. */
export const LEGAL_BASES = ['consent', 'vital-interest', 'public-interest', 'legitimate-interest'] as const;
/*
 * The words recorded in the clear beside personal data are codes, so that they cannot carry any:
 * why data was read, why a person's data was erased, and why a tracing request was closed. A free
 * note (a tracing review's) is sealed with the tracing request's key instead.
 */
export const READ_PURPOSES = [
  'tracing',
  'family-reunification',
  'case-management',
  'assistance',
  'hand-over',
  'correction',
  'erasure',
  'audit',
] as const;
export const ERASURE_REASONS = [
  'person-asked',
  'retention-ended',
  'recorded-in-error',
  'duplicate',
  'no-longer-needed',
  'legal-order',
] as const;
export const TRACING_CLOSE_REASONS = [
  'found',
  'reunited',
  'withdrawn',
  'duplicate',
  'no-trace',
  'transferred',
] as const;

/**
 * A p-code (OCHA's place code, SY02) as the COD-AB writes it, whatever the source did to it (case,
 * spaces, full-width or invisible characters), so that two spellings never name two areas.
 */
export function normalPCode(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s\u200b-\u200d\u2060\ufeff]/g, '')
    .toUpperCase();
}

/** What a p-code is, once written as the COD-AB writes it. */
export const PCODE_PATTERN = /^[A-Z0-9][A-Z0-9._-]{0,31}$/;
