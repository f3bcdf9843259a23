import type { PeopleCategory } from '../../contracts/common.js';

/** The records of the API as the console reads them (see the OpenAPI document for all their fields). */
export type People = Record<PeopleCategory, number>;
export interface Point {
  type: 'Point';
  coordinates: [number, number];
}
export type Geometry =
  | Point
  | { type: 'LineString'; coordinates: [number, number][] }
  | { type: 'Polygon'; coordinates: [number, number][][] }
  | { type: 'MultiPolygon'; coordinates: [number, number][][][] };

export interface Operation {
  id: string;
  name: string;
  /** Its name in Arabic, where the data has one. */
  nameAr?: string | null;
  description: string;
  timezone: string;
  accountability?: { speedKmh?: number; stoppedAfterMinutes?: number };
  /** When it was closed (personal data is erased a set number of days after), null while it runs. */
  closedAt?: string | null;
  personalDataRetentionDays?: number | null;
}
/** How to reach an organisation's focal point: at least an e-mail, a telephone or a radio call sign. */
export interface Contact {
  name?: string;
  title?: string;
  email?: string;
  phone?: string;
  radio?: string;
}
export interface Organisation {
  id: string;
  code: string;
  name: string;
  nameAr?: string | null;
  role?: string;
  contact?: Contact | null;
}
export interface Area {
  id: string;
  code: string;
  kind: string;
  nameEn: string;
  nameAr: string | null;
  pcode: string | null;
  geometry: Geometry;
}
export interface Corridor {
  id: string;
  code: string;
  name: string;
  /** Its name in Arabic, where the data has one. */
  nameAr?: string | null;
  status: string;
  statusReason?: string | null;
  route: { type: 'LineString'; coordinates: [number, number][] };
}
export interface Checkpoint {
  id: string;
  code: string;
  corridorId: string;
  kind: 'entry' | 'exit' | 'intermediate';
  name: string;
  /** Its name in Arabic, where the data has one. */
  nameAr?: string | null;
  location: Point;
  ordinal: number;
  commandPostId: string | null;
}
export interface CommandPost {
  id: string;
  code: string;
  name: string;
  /** Its name in Arabic, where the data has one. */
  nameAr?: string | null;
  location: Point;
  organisationId?: string | null;
  /** The stretches of corridor it watches between two checkpoints. */
  segments?: { corridorId: string; fromCheckpointId: string; toCheckpointId: string }[] | null;
}
export interface ReceptionPoint {
  id: string;
  code: string;
  name: string;
  /** Its name in Arabic, where the data has one. */
  nameAr?: string | null;
  location: Point;
  capacity: number | null;
  /** Its room for what people bring, by kind. */
  room?: Partial<Record<string, number>> | null;
}
export interface Vehicle {
  id: string;
  code: string;
  kind: string;
  seats: number;
  stretchers: number;
  plate: string | null;
  organisationId: string;
}
export interface Convoy {
  id: string;
  code: string;
  corridorId: string;
  status: string;
  plannedDeparture: string | null;
  statusChangedAt: string | null;
  manifest: {
    people?: People;
    stretcherCases?: number;
    wounded?: number;
    disabled?: number;
    unaccompaniedChildren?: number;
    separatedChildren?: number;
    carried?: Partial<Record<string, number>>;
    byVehicle?: { vehicleId: string }[];
  } | null;
  vehicleIds?: string[];
  /** The plan it was planned from, if any. */
  planId?: string | null;
}
export interface Passage {
  id: string;
  checkpointId: string | null;
  receptionPointId: string | null;
  location: Point | null;
  convoyId: string | null;
  source: string;
  observedAt: string;
  people: People | null;
  peopleTotal: number | null;
  stretcherCases: number | null;
  vehicles: number | null;
}
export interface Alert {
  id: string;
  code: string;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  reason: string;
  numbers: Record<string, number>;
  /** What the alert is of (`room-short:<reception point id>`): one open alert per key. */
  key?: string;
  since: string;
  status: string;
  convoyId: string | null;
  corridorId: string | null;
  checkpointId: string | null;
  vehicleId: string | null;
  /** The count the alert is about (a count of no known convoy). */
  passageId?: string | null;
  raisedAt: string;
  acknowledgedAt: string | null;
  /** The organisation that acknowledged it (null: recorded by no organisation). */
  acknowledgedBy: string | null;
  acknowledgeNote: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolution: string | null;
  resolveNote: string | null;
}
export interface Figure {
  id: string;
  code: string;
  label: string;
  value: number;
  valueMax: number | null;
  qualifier: string;
  unit: string;
  asOf: string;
  sourceOrganisationId: string | null;
  sourceDocument: string | null;
  sourceDate: string | null;
  method: string | null;
  note: string | null;
  /** The facts of a note the server words: the count it differs from; vehicles not on the convoy. */
  against?: { total: number; at: string };
  offConvoy?: number;
}
export interface Hazard {
  id: string;
  code: string;
  type: string;
  status: string;
  area: Geometry;
}
export interface Incident {
  id: string;
  code: string;
  type: string;
  severity: string;
  status?: string;
  location: Point;
  description: string;
}
export interface PlanLeg {
  from: string;
  to: string;
  departMin: number;
  arriveMin: number;
  seated: number;
  stretcher: number;
  path: { type: 'LineString'; coordinates: [number, number][] } | null;
  corridorId?: string;
}
export interface Plan {
  id: string;
  code: string;
  status: 'proposed' | 'adopted' | 'superseded';
  /** Minute 0 of the plan. */
  start: string;
  timeLimitSec: number;
  baseline: boolean;
  network: 'corridors' | 'inline';
  hazards: { id: string; effect: string }[];
  makespanMin: number;
  lowerBoundMin: number;
  summary: { pickups: number; seated: number; stretcher: number; vehicles: number; legs: number };
  places: { key: string; kind: 'pickup-point' | 'reception-point' | 'depot'; id?: string; location: Point }[];
  vehicles: { vehicleId: string; kind: string; depot: string; legs: PlanLeg[] }[];
  corridorsUsed?: { corridorId: string; legs: number; people: number }[];
  createdAt: string;
  createdBy: string | null;
  adoptedAt: string | null;
  adoptNote: string | null;
  supersededAt: string | null;
  supersededBy: string | null;
}
export interface PickupPoint {
  id: string;
  code: string;
  name: string;
  location: Point;
  areaId: string | null;
  seated: number;
  stretcher: number;
  note: string | null;
  updatedAt: string | null;
}
export interface Counts {
  people: People;
  total: number;
}
export interface DayFigures {
  day: string;
  convoys: number;
  convoysArrived: number;
  entered: Counts;
  exited: Counts;
  inTransit: Counts;
  arrived: Counts;
}
export interface CorridorReconciliation {
  corridor: string;
  /** Yes, no or unknown, with the reason in words (domain/accountability/corridor-accounts.ts). */
  accounted: { state: 'yes' | 'no' | 'unknown'; reason: string };
  accountedFor: boolean;
  unaccountedConvoys: string[];
  /** Convoys that left without a count at the entry: not recorded, which is not zero. */
  notCounted: string[];
  /** Each convoy counted at the entry: when, and how many. */
  entries: { convoy: string; at: string; people: number }[];
  total: DayFigures;
  days: DayFigures[];
}
export interface ConvoyPosition {
  convoyId: string;
  code: string;
  status: string;
  last: Passage | null;
  lastCheckpoint: Passage | null;
}
export interface Snapshot {
  headSeq: number;
  role?: string;
  /** The caller's organisation (the tally puts its own command posts' checkpoints first). */
  organisationId?: string | null;
  /** When the operation began, and when the latest thing recorded of it happened. */
  span?: { began: string; lastOccurredAt: string | null };
  convoys: ConvoyPosition[];
}

/** A tally at a station as the server holds it, with what became of it (GET .../convoys/{code}/reconciliation). */
export interface TallyEntry {
  id: string;
  at: string;
  source: string;
  scope: 'convoy' | 'vehicles';
  by: string | null;
  /** Who recorded it, and who voided it (a name or a token's label), for those who run the counts. */
  recorder: string | null;
  voidedBy: string | null;
  total: number | null;
  people: Record<string, number> | null;
  vehicleIds: string[];
  /** used, beside, repeat, differs, corrected, void, overlaps, not-on-convoy, sighting */
  status: string;
  /** The reason of a correction or a void, or what it differs from. */
  note: string | null;
}

export type { AreaRecovery } from '../../contracts/recovery/summary.js';
export interface AidDelivery {
  id: string;
  organisationId: string;
  sector: string;
  item: string;
  quantity: number;
  unit: string;
  areaId: string;
  beneficiaries: number | null;
  deliveredAt: string;
}
