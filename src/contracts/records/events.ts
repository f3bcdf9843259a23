import { z } from 'zod';
import {
  AreaGeometry,
  Carried,
  Code,
  LineString,
  Name,
  PCode,
  Point,
  Text,
  text,
  TimeWindow,
  Uuid,
  VEHICLE_KINDS,
} from '../common.js';
import {
  ORGANISATION_ROLES,
  CORRIDOR_STATUSES,
  CHECKPOINT_KINDS,
  AREA_KINDS,
  AccountabilityPolicy,
  SafePassagePolicy,
  Stage,
  AgeBands,
  Plate,
} from '../vocabulary.js';

/**
 * Whom to contact at an organisation about the operation (its focal point), as reports and
 * notifications give it: at least one way of reaching them.
 */
/** Text of a contact, without the invisible controls that would reorder what is printed beside it. */
const withoutControls = (v: unknown) =>
  typeof v === 'string' ? v.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '') : v;

export const Contact = z
  .strictObject({
    name: z.preprocess(withoutControls, Name).optional(),
    title: z.preprocess(withoutControls, Name).optional(),
    email: text(254)
      .transform((s) => s.trim())
      .refine((s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), 'an e-mail address, e.g. focal.point@example.org')
      .optional(),
    phone: text(40)
      .transform((s) => s.trim())
      .refine(
        (s) => /^\+?[0-9 ()./-]{4,}$/.test(s) && s.replace(/\D/g, '').length >= 3,
        'a telephone number, e.g. +963 21 000 0000',
      )
      .optional(),
    radio: text(80)
      .transform((s) => s.trim())
      .refine((s) => s.length > 0, 'a radio call sign or channel, e.g. ALPHA-1 on VHF 5')
      .optional(),
  })
  .refine(
    (c) => c.email ?? c.phone ?? c.radio,
    'a contact needs an e-mail, a telephone number or a radio call sign',
  );
export type Contact = z.output<typeof Contact>;

/** The payloads of the records events. Each is strict: unknown fields are refused. */
export const RECORDS_PAYLOADS = {
  OperationCreated: z.strictObject({
    name: Name,
    /** Its name in Arabic, where it has one (the console and the documents in Arabic show it). */
    nameAr: Name.optional(),
    description: Text,
    timezone: text(64).refine((s) => s.length > 0, 'a time zone, e.g. Asia/Damascus'),
    stages: z.array(Stage).max(20).default([]),
    ageBands: AgeBands.default({ childUnder: 18, elderlyFrom: 60 }),
    accountability: AccountabilityPolicy.default(AccountabilityPolicy.parse({})),
    safePassage: SafePassagePolicy.optional(),
  }),
  OrganisationRegistered: z.strictObject({
    organisationId: Uuid,
    code: Code,
    name: Name,
    nameAr: Name.optional(),
    role: z.enum(ORGANISATION_ROLES),
    contact: Contact.optional(),
  }),
  /** Whom to contact at an organisation, set or replaced (left out: nobody is named any more). */
  OrganisationContactChanged: z.strictObject({
    organisationId: Uuid,
    contact: Contact.optional(),
  }),
  AreaRegistered: z.strictObject({
    areaId: Uuid,
    code: Code,
    pcode: PCode.optional(),
    kind: z.enum(AREA_KINDS),
    nameEn: Name,
    nameAr: Name.optional(),
    parentAreaId: Uuid.optional(),
    geometry: AreaGeometry,
  }),
  CommandPostEstablished: z.strictObject({
    commandPostId: Uuid,
    code: Code,
    name: Name,
    nameAr: Name.optional(),
    location: Point,
    organisationId: Uuid.optional(),
  }),
  CommandPostWatchAssigned: z.strictObject({
    commandPostId: Uuid,
    checkpointIds: z.array(Uuid).max(200).default([]),
    segments: z
      .array(z.strictObject({ corridorId: Uuid, fromCheckpointId: Uuid, toCheckpointId: Uuid }))
      .max(200)
      .default([]),
  }),
  CorridorDeclared: z.strictObject({
    corridorId: Uuid,
    code: Code,
    name: Name,
    nameAr: Name.optional(),
    stageKey: Code.optional(),
    route: LineString,
    routeNote: Text.optional(),
    fromAreaId: Uuid.optional(),
    toAreaId: Uuid.optional(),
    windows: z.array(TimeWindow).max(100).default([]),
  }),
  CorridorStatusChanged: z.strictObject({
    corridorId: Uuid,
    status: z.enum(CORRIDOR_STATUSES),
    reason: Text.optional(),
  }),
  CheckpointEstablished: z.strictObject({
    checkpointId: Uuid,
    code: Code,
    corridorId: Uuid,
    kind: z.enum(CHECKPOINT_KINDS),
    name: Name,
    nameAr: Name.optional(),
    location: Point,
    commandPostId: Uuid.optional(),
    ordinal: z.number().int().min(0).max(1000),
  }),
  VehicleRegistered: z.strictObject({
    vehicleId: Uuid,
    code: Code,
    kind: z.enum(VEHICLE_KINDS),
    seats: z.number().int().min(0).max(200),
    stretchers: z.number().int().min(0).max(20),
    organisationId: Uuid,
    plate: Plate,
  }),
  ReceptionPointEstablished: z.strictObject({
    receptionPointId: Uuid,
    code: Code,
    name: Name,
    nameAr: Name.optional(),
    location: Point,
    areaId: Uuid.optional(),
    capacity: z.number().int().min(0).max(10_000_000),
    /**
     * Its room for what people bring, by kind (pets, wheelchairs, oxygen ...): a kind left out has no
     * limit recorded. The convoys bound for it that bring more raise a `room-short` alert.
     */
    room: Carried.optional(),
  }),
  // The operation is over. Its personal data is erased `personalDataRetentionDays` later, except
  // what an open tracing request still needs (src/app/protection/retention.ts).
  OperationClosed: z.strictObject({
    reason: Text.refine((s) => s.trim().length > 0, 'say why the operation is closed'),
    personalDataRetentionDays: z.number().int().min(0).max(3650).default(90),
  }),
} as const;
