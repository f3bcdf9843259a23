import { z } from 'zod';
import { Code, Name, Text, Uuid } from '../common.js';
import { ERASURE_REASONS, LEGAL_BASES, READ_PURPOSES, TRACING_CLOSE_REASONS } from '../kinds.js';

/**
 * Personal data (protection): individual registrations, family groups and tracing requests. What
 * identifies a person is never in an event in clear: it travels sealed (AES-256-GCM with a key of
 * that person's own, which the store keeps apart from the log and deletes on erasure), so the log,
 * its backups and its exports hold only ciphertext. What the rules need to work (which convoy, which
 * family group, whether a child travels alone) is in clear, as codes and flags, never names.
 */

/** Ciphertext of one person's data: base64 of the 12-byte IV and of ciphertext followed by the GCM tag. */
export const Sealed = z.strictObject({
  alg: z.literal('A256GCM'),
  iv: z.string().regex(/^[A-Za-z0-9+/]{16}$/, 'a 12-byte IV in base64'),
  data: z
    .string()
    .min(24)
    .max(64_000)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
});
export type Sealed = z.output<typeof Sealed>;

export { ERASURE_REASONS, LEGAL_BASES, READ_PURPOSES, TRACING_CLOSE_REASONS };
export const TRACING_DECISIONS = ['confirmed', 'rejected'] as const;

const Flag = z.boolean().default(false);

export const PROTECTION_PAYLOADS = {
  PersonRegistered: z.strictObject({
    registrationId: Uuid,
    code: Code,
    convoyId: Uuid.optional(),
    familyGroupId: Uuid.optional(),
    /** Under the operation's child age band. */
    child: Flag,
    unaccompanied: Flag,
    separated: Flag,
    sealed: Sealed,
    /** The printed registration form it was written on, when it was entered from paper. */
    sheetId: Uuid.optional(),
  }),
  /** A registered person put on another convoy (or on one for the first time). */
  PersonAssigned: z.strictObject({ registrationId: Uuid, convoyId: Uuid }),
  /** An unaccompanied or separated child handed over at a reception point: closes the child's case. */
  ChildHandedOver: z.strictObject({
    registrationId: Uuid,
    receptionPointId: Uuid,
    organisationId: Uuid,
    /** Who took the child in (a carer's name is personal data too). */
    sealed: Sealed,
  }),
  /** A person's data made unreadable for good: their key is deleted (crypto-shredding). */
  PersonErased: z.strictObject({ registrationId: Uuid, reason: z.enum(ERASURE_REASONS) }),
  FamilyGroupRegistered: z.strictObject({
    familyGroupId: Uuid,
    code: Code,
    sealed: Sealed.optional(),
  }),
  TracingRequestOpened: z.strictObject({
    tracingRequestId: Uuid,
    code: Code,
    sealed: Sealed,
  }),
  TracingMatchReviewed: z.strictObject({
    tracingRequestId: Uuid,
    registrationId: Uuid,
    decision: z.enum(TRACING_DECISIONS),
    /** The reviewer's note, sealed with the tracing request's key. */
    sealedNote: Sealed.optional(),
  }),
  TracingRequestClosed: z.strictObject({ tracingRequestId: Uuid, reason: z.enum(TRACING_CLOSE_REASONS) }),
  /** Every read of personal data: who (the event's actor), when, which records, and why. */
  PersonalDataRead: z.strictObject({ subjectIds: z.array(Uuid).max(5000), purpose: z.enum(READ_PURPOSES) }),
} as const;

/** Event types that carry or reveal personal data: shown to protection officers only. */
export const PERSONAL_EVENT_TYPES: ReadonlySet<string> = new Set(Object.keys(PROTECTION_PAYLOADS));

const NameText = Name.refine((s) => s.trim().length > 0, 'a name cannot be blank');

/** What a protection officer enters for one person; sealed before it is stored. */
export const PersonDetails = z
  .strictObject({
    name: z.strictObject({ latin: NameText.optional(), arabic: NameText.optional() }),
    sex: z.enum(['female', 'male']).optional(),
    age: z.number().int().min(0).max(130).optional(),
    birthYear: z.number().int().min(1880).max(2100).optional(),
    relationship: Name.optional(),
    vulnerabilities: z.array(Name).max(20).default([]),
    legalBasis: z.enum(LEGAL_BASES),
    contact: Text.optional(),
  })
  .refine((d) => d.name.latin !== undefined || d.name.arabic !== undefined, {
    message: 'give the name in Latin or Arabic script (or both)',
    path: ['name'],
  });
export type PersonDetails = z.output<typeof PersonDetails>;

export const RegistrationBody = z.strictObject({
  id: Uuid.optional(),
  convoyId: z.string().max(64).optional(),
  familyGroupId: z.string().max(64).optional(),
  child: z.boolean().default(false),
  unaccompanied: z.boolean().default(false),
  separated: z.boolean().default(false),
  person: PersonDetails,
});

export const FamilyGroupBody = z.strictObject({
  id: Uuid.optional(),
  note: Text.optional(),
});

export const HandOverBody = z.strictObject({
  receptionPointId: z.string().max(64),
  organisationId: z.string().max(64),
  carer: z.strictObject({ name: NameText, relationship: Name.optional(), contact: Text.optional() }),
});

export const AssignBody = z.strictObject({ convoyId: z.string().max(64) });
export const EraseBody = z.strictObject({ reason: z.enum(ERASURE_REASONS) });

/** Who is looking for whom. */
export const TracingRequestBody = z.strictObject({
  id: Uuid.optional(),
  sought: z
    .array(
      z.strictObject({
        latin: NameText.optional(),
        arabic: NameText.optional(),
        birthYear: z.number().int().optional(),
      }),
    )
    .min(1)
    .max(20),
  requester: z.strictObject({ name: NameText, contact: Text.optional() }),
  note: Text.optional(),
});
export type TracingRequestDetails = z.output<typeof TracingRequestBody>;

export const TracingReviewBody = z.strictObject({
  registrationId: z.string().max(64),
  decision: z.enum(TRACING_DECISIONS),
  note: Text.optional(),
});
export const TracingCloseBody = z.strictObject({ reason: z.enum(TRACING_CLOSE_REASONS) });
