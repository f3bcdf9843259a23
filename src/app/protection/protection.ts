import { v7 as uuidv7 } from 'uuid';
import {
  AssignBody,
  EraseBody,
  FamilyGroupBody,
  HandOverBody,
  RegistrationBody,
  TracingCloseBody,
  TracingRequestBody,
  TracingReviewBody,
  type PersonDetails,
  type Sealed,
  type TracingRequestDetails,
} from '../../contracts/protection/personal-data.js';
import type { EventType } from '../../contracts/events.js';
import { isUuid } from '../../domain/codes.js';
import { InvalidInputError, NotFoundError } from '../../domain/errors.js';
import { nameScore } from '../../domain/protection/name-match.js';
import type { Row } from '../../domain/projection.js';
import { findPersonKeys } from '../../store/person-keys.js';
import { allRows, findRow } from '../../store/queries.js';
import { StoreTx } from '../../store/store-tx.js';
import type { AppContext } from '../context.js';
import { recordChanges } from '../log/record-changes.js';
import { authoriseRead, authoriseWrite, type Caller } from '../access/permissions.js';
import { checkMasterKey, insertWrappedKey } from './master-key.js';
import { newDataKey, requireMasterKey, seal, unseal, unwrapKey, wrapKey } from './personal-crypto.js';
import { parseInput, resolveRef } from '../records/resources.js';

/**
 * Personal data use cases: registrations, family groups, tracing requests. Every read that reveals
 * personal data states its purpose and is recorded (`PersonalDataRead`, with the reader as actor)
 * before the data is returned. Only protection officers reach these (src/api declares the routes
 * `personal`); the event rules still check every write.
 */

type Subject = 'registrations' | 'family_groups' | 'tracing_requests';

async function append(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  type: EventType,
  payload: unknown,
  allocateCode?: Subject,
) {
  await recordChanges(
    ctx,
    operationId,
    caller,
    [{ id: uuidv7(), type, payload, ...(allocateCode ? { allocateCode } : {}) }],
    { mode: 'live', label: 'body' },
  );
}

async function subject(ctx: AppContext, operationId: string, table: Subject, ref: string): Promise<Row> {
  const row = await findRow(
    ctx.store.db,
    table,
    operationId,
    isUuid(ref) ? ref.toLowerCase() : ref,
    isUuid(ref),
  );
  if (!row)
    throw new NotFoundError(
      `no ${table.replace(/_/g, ' ').replace(/s$/, '')} ${ref} in operation ${operationId}`,
    );
  return row;
}

/** A new subject's key, stored wrapped, and its data sealed with it. */
async function sealNew(ctx: AppContext, operationId: string, id: string, value: unknown): Promise<Sealed> {
  const master = requireMasterKey(ctx.masterKey);
  const key = newDataKey();
  await insertWrappedKey(ctx.store, master, {
    id,
    operation_id: operationId,
    wrapped: wrapKey(master, key, id),
    created_at: ctx.now().toISOString(),
  });
  return seal(key, value, id);
}

/** Keys of the subjects that still have one (erased people have none). */
async function keysOf(ctx: AppContext, ids: readonly string[]): Promise<Map<string, Buffer>> {
  const master = requireMasterKey(ctx.masterKey);
  const wrapped = await findPersonKeys(ctx.store.db, ids);
  if (wrapped.size > 0) await checkMasterKey(ctx.store.db, master);
  return new Map([...wrapped].map(([id, w]) => [id, unwrapKey(master, w, id)]));
}

function purposeOf(query: Record<string, string | undefined>): string {
  const purpose = query.purpose?.trim() ?? '';
  if (purpose.length < 3)
    throw new InvalidInputError(
      'say why you read personal data: ?purpose=... (it is recorded with the read)',
      {
        field: 'purpose',
      },
    );
  return purpose;
}

async function recordRead(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ids: string[],
  purpose: string,
) {
  if (ids.length > 0)
    await append(ctx, caller, operationId, 'PersonalDataRead', { subjectIds: ids, purpose });
}

/** A registration as operational data: codes and flags, no personal data. */
function registrationView(row: Row) {
  return {
    id: String(row.id),
    code: String(row.code),
    status: String(row.status),
    convoyId: row.convoy_id,
    familyGroupId: row.family_group_id,
    child: row.child === 1,
    unaccompanied: row.unaccompanied === 1,
    separated: row.separated === 1,
    caseStatus: row.case_status,
    handedOverAt: row.handed_over_at,
    handedOverReceptionPointId: row.handed_over_reception_point_id,
    registeredAt: String(row.registered_at),
    erasedAt: row.erased_at,
  };
}

export async function registerPerson(ctx: AppContext, caller: Caller, operationId: string, input: unknown) {
  authoriseRead(caller, operationId);
  const body = parseInput(RegistrationBody, input);
  const id = body.id ?? uuidv7();
  const convoyId =
    body.convoyId === undefined
      ? undefined
      : await resolveRef(ctx, operationId, 'convoys', body.convoyId, 'convoyId');
  const familyGroupId =
    body.familyGroupId === undefined
      ? undefined
      : String((await subject(ctx, operationId, 'family_groups', body.familyGroupId)).id);
  const sealed = await sealNew(ctx, operationId, id, body.person);
  await append(
    ctx,
    caller,
    operationId,
    'PersonRegistered',
    {
      registrationId: id,
      ...(convoyId ? { convoyId } : {}),
      ...(familyGroupId ? { familyGroupId } : {}),
      child: body.child,
      unaccompanied: body.unaccompanied,
      separated: body.separated,
      sealed,
    },
    'registrations',
  );
  return registrationView(await subject(ctx, operationId, 'registrations', id));
}

async function withPerson(ctx: AppContext, rows: Row[]) {
  const keys = await keysOf(
    ctx,
    rows.map((r) => String(r.id)),
  );
  return rows.map((row) => {
    const key = keys.get(String(row.id));
    const sealed = typeof row.sealed === 'string' ? (JSON.parse(row.sealed) as Sealed) : undefined;
    const person = key && sealed ? unseal<PersonDetails>(key, sealed, String(row.id)) : null;
    return { ...registrationView(row), person };
  });
}

export async function listRegistrations(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  query: Record<string, string | undefined>,
) {
  authoriseRead(caller, operationId);
  const purpose = purposeOf(query);
  let rows = await allRows(ctx.store.db, ctx.store.dialect, 'registrations', operationId);
  if (query.familyGroup) {
    const group = await subject(ctx, operationId, 'family_groups', query.familyGroup);
    rows = rows.filter((r) => r.family_group_id === group.id);
  }
  if (query.caseStatus) rows = rows.filter((r) => r.case_status === query.caseStatus);
  const items = await withPerson(ctx, rows);
  await recordRead(
    ctx,
    caller,
    operationId,
    items.filter((i) => i.person).map((i) => i.id),
    purpose,
  );
  return { items, total: items.length };
}

export async function getRegistration(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
  query: Record<string, string | undefined>,
) {
  authoriseRead(caller, operationId);
  const purpose = purposeOf(query);
  const [item] = await withPerson(ctx, [await subject(ctx, operationId, 'registrations', ref)]);
  if (item!.person) await recordRead(ctx, caller, operationId, [item!.id], purpose);
  return item!;
}

export async function assignPerson(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
  input: unknown,
) {
  authoriseWrite(caller, operationId, 'PersonAssigned');
  const body = parseInput(AssignBody, input);
  const row = await subject(ctx, operationId, 'registrations', ref);
  const convoyId = await resolveRef(ctx, operationId, 'convoys', body.convoyId, 'convoyId');
  await append(ctx, caller, operationId, 'PersonAssigned', { registrationId: row.id, convoyId });
  return registrationView(await subject(ctx, operationId, 'registrations', String(row.id)));
}

export async function handOverChild(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
  input: unknown,
) {
  authoriseWrite(caller, operationId, 'ChildHandedOver');
  const body = parseInput(HandOverBody, input);
  const row = await subject(ctx, operationId, 'registrations', ref);
  const key = (await keysOf(ctx, [String(row.id)])).get(String(row.id));
  if (!key) throw new NotFoundError(`${String(row.code)} is erased`);
  await append(ctx, caller, operationId, 'ChildHandedOver', {
    registrationId: row.id,
    receptionPointId: await resolveRef(
      ctx,
      operationId,
      'reception-points',
      body.receptionPointId,
      'receptionPointId',
    ),
    organisationId: await resolveRef(
      ctx,
      operationId,
      'organisations',
      body.organisationId,
      'organisationId',
    ),
    sealed: seal(key, body.carer, `${String(row.id)}:hand-over`),
  });
  return registrationView(await subject(ctx, operationId, 'registrations', String(row.id)));
}

/**
 * Erase a person for good: the erasure is recorded and their key deleted in the same transaction (an
 * effect of `PersonErased`, see log/effects.ts), so the sealed data in the log, the tables, backups
 * taken from now on and every export can no longer be read by anyone.
 */
export async function erasePerson(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
  input: unknown,
) {
  authoriseWrite(caller, operationId, 'PersonErased');
  const body = parseInput(EraseBody, input);
  const row = await subject(ctx, operationId, 'registrations', ref);
  await append(ctx, caller, operationId, 'PersonErased', { registrationId: row.id, reason: body.reason });
  return registrationView(await subject(ctx, operationId, 'registrations', String(row.id)));
}

export async function createFamilyGroup(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  input: unknown,
) {
  authoriseRead(caller, operationId);
  const body = parseInput(FamilyGroupBody, input);
  const id = body.id ?? uuidv7();
  const sealed =
    body.note === undefined ? undefined : await sealNew(ctx, operationId, id, { note: body.note });
  await append(
    ctx,
    caller,
    operationId,
    'FamilyGroupRegistered',
    {
      familyGroupId: id,
      ...(sealed ? { sealed } : {}),
    },
    'family_groups',
  );
  return familyGroupView(ctx, operationId, await subject(ctx, operationId, 'family_groups', id));
}

/** A family group: its members' codes, convoys and hand-overs (no names). */
async function familyGroupView(ctx: AppContext, operationId: string, row: Row) {
  const members = (await allRows(ctx.store.db, ctx.store.dialect, 'registrations', operationId))
    .filter((r) => r.family_group_id === row.id)
    .map(registrationView);
  return { id: String(row.id), code: String(row.code), registeredAt: String(row.registered_at), members };
}

export async function listFamilyGroups(ctx: AppContext, caller: Caller, operationId: string) {
  authoriseRead(caller, operationId);
  const rows = await allRows(ctx.store.db, ctx.store.dialect, 'family_groups', operationId);
  const items = await Promise.all(rows.map((r) => familyGroupView(ctx, operationId, r)));
  return { items, total: items.length };
}

export async function getFamilyGroup(ctx: AppContext, caller: Caller, operationId: string, ref: string) {
  authoriseRead(caller, operationId);
  return familyGroupView(ctx, operationId, await subject(ctx, operationId, 'family_groups', ref));
}

export async function openTracingRequest(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  input: unknown,
) {
  authoriseRead(caller, operationId);
  const { id: requested, ...details } = parseInput(TracingRequestBody, input);
  const id = requested ?? uuidv7();
  const sealed = await sealNew(ctx, operationId, id, details);
  await append(
    ctx,
    caller,
    operationId,
    'TracingRequestOpened',
    {
      tracingRequestId: id,
      sealed,
    },
    'tracing_requests',
  );
  const row = await subject(ctx, operationId, 'tracing_requests', id);
  return { id, code: String(row.code), status: String(row.status), openedAt: String(row.opened_at) };
}

/** The tracing requests, their codes, status and reviews' count (no personal data: no purpose asked). */
export async function listTracingRequests(ctx: AppContext, caller: Caller, operationId: string) {
  authoriseRead(caller, operationId);
  const items = (await allRows(ctx.store.db, ctx.store.dialect, 'tracing_requests', operationId)).map(
    (r) => ({
      id: String(r.id),
      code: String(r.code),
      status: String(r.status),
      openedAt: String(r.opened_at),
      closedAt: r.closed_at,
    }),
  );
  return { items, total: items.length };
}

async function tracingDetails(ctx: AppContext, row: Row): Promise<Omit<TracingRequestDetails, 'id'> | null> {
  const key = (await keysOf(ctx, [String(row.id)])).get(String(row.id));
  return key ? unseal(key, JSON.parse(String(row.sealed)) as Sealed, String(row.id)) : null;
}

export async function getTracingRequest(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
  query: Record<string, string | undefined>,
) {
  authoriseRead(caller, operationId);
  const purpose = purposeOf(query);
  const row = await subject(ctx, operationId, 'tracing_requests', ref);
  const details = await tracingDetails(ctx, row);
  const reviews = (
    await new StoreTx(ctx.store.db, ctx.store.dialect).rowsWhere('tracing_reviews', {
      tracing_request_id: String(row.id),
    })
  ).map((r) => ({
    registrationId: r.registration_id,
    decision: r.decision,
    note: r.note,
    reviewedAt: r.reviewed_at,
  }));
  await recordRead(ctx, caller, operationId, [String(row.id)], purpose);
  return { id: String(row.id), code: String(row.code), status: String(row.status), details, reviews };
}

/**
 * Registered people whose names match a tracing request's, best first, for a protection officer to
 * confirm or reject (src/domain/protection/name-match.ts). Reading them is recorded like any read.
 */
export async function tracingCandidates(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
  query: Record<string, string | undefined>,
) {
  authoriseRead(caller, operationId);
  const purpose = purposeOf(query);
  const row = await subject(ctx, operationId, 'tracing_requests', ref);
  const details = await tracingDetails(ctx, row);
  if (!details) return { items: [] };
  const people = await withPerson(
    ctx,
    (await allRows(ctx.store.db, ctx.store.dialect, 'registrations', operationId)).filter(
      (r) => r.status !== 'erased',
    ),
  );
  const items = [];
  for (const p of people) {
    if (!p.person) continue;
    const names = [p.person.name.latin, p.person.name.arabic].filter((n): n is string => n !== undefined);
    let score = 0;
    for (const sought of details.sought)
      for (const s of [sought.latin, sought.arabic])
        if (s !== undefined) for (const n of names) score = Math.max(score, nameScore(s, n));
    if (score >= 0.5) items.push({ score: Math.round(score * 100) / 100, registration: p });
  }
  items.sort((a, b) => b.score - a.score || a.registration.code.localeCompare(b.registration.code));
  await recordRead(
    ctx,
    caller,
    operationId,
    [String(row.id), ...items.map((i) => i.registration.id)],
    purpose,
  );
  return { items };
}

export async function reviewTracingMatch(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
  input: unknown,
) {
  authoriseWrite(caller, operationId, 'TracingMatchReviewed');
  const body = parseInput(TracingReviewBody, input);
  const row = await subject(ctx, operationId, 'tracing_requests', ref);
  const person = await subject(ctx, operationId, 'registrations', body.registrationId);
  await append(ctx, caller, operationId, 'TracingMatchReviewed', {
    tracingRequestId: row.id,
    registrationId: person.id,
    decision: body.decision,
    ...(body.note === undefined ? {} : { note: body.note }),
  });
  return { id: String(row.id), code: String(row.code), status: String(row.status) };
}

export async function closeTracingRequest(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
  input: unknown,
) {
  authoriseWrite(caller, operationId, 'TracingRequestClosed');
  const body = parseInput(TracingCloseBody, input);
  const row = await subject(ctx, operationId, 'tracing_requests', ref);
  await append(ctx, caller, operationId, 'TracingRequestClosed', {
    tracingRequestId: row.id,
    reason: body.reason,
  });
  const after = await subject(ctx, operationId, 'tracing_requests', String(row.id));
  return { id: String(row.id), code: String(row.code), status: String(after.status) };
}
