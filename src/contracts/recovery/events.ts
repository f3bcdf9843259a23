import { z } from 'zod';
import { Count, Name, PeopleCounts, Text, Uuid } from '../common.js';
import { SERVICE_KINDS, SERVICE_STATUSES, ACCESS_STATUSES, AID_SECTORS } from '../vocabulary.js';

/** The payloads of the recovery events. Each is strict: unknown fields are refused. */
export const RECOVERY_PAYLOADS = {
  // Recovery per area: people returning, the status of services and access over time, aid delivered.
  // When it was so is the event's occurredAt; the source says who reported it.
  ReturnsRecorded: z.strictObject({
    returnId: Uuid,
    areaId: Uuid,
    fromAreaId: Uuid.optional(),
    /** Where they came from when it is not an area of the operation (a town, a camp). */
    fromPlace: Name.optional(),
    people: PeopleCounts,
    sourceOrganisationId: Uuid,
    sourceDocument: Name.optional(),
    method: z.enum(['counted', 'estimated']),
    note: Text.optional(),
  }),
  ServiceStatusRecorded: z.strictObject({
    statusId: Uuid,
    areaId: Uuid,
    service: z.enum(SERVICE_KINDS),
    status: z.enum(SERVICE_STATUSES),
    /** How many facilities (health centres, bakeries, schools) the status covers, when counted. */
    facilities: Count.optional(),
    sourceOrganisationId: Uuid,
    sourceDocument: Name.optional(),
    note: Text.optional(),
  }),
  AccessStatusRecorded: z.strictObject({
    statusId: Uuid,
    areaId: Uuid,
    status: z.enum(ACCESS_STATUSES),
    reason: Text.optional(),
    sourceOrganisationId: Uuid,
    sourceDocument: Name.optional(),
    note: Text.optional(),
  }),
  AidDelivered: z.strictObject({
    deliveryId: Uuid,
    organisationId: Uuid,
    sector: z.enum(AID_SECTORS),
    item: Name,
    quantity: z.number().finite().positive().max(1e12),
    unit: Name.refine((s) => s.length <= 32, 'a unit has at most 32 characters'),
    areaId: Uuid,
    beneficiaries: Count.optional(),
    sourceDocument: Name.optional(),
    note: Text.optional(),
  }),
} as const;
