import { v7 as uuidv7 } from 'uuid';
import { READ_PURPOSES, type PersonDetails, type Sealed } from '../../contracts/protection/personal-data.js';

type ReadPurpose = (typeof READ_PURPOSES)[number];
import type { EventType } from '../../contracts/events.js';
import { isUuid } from '../../domain/codes.js';
import { InvalidInputError, NotFoundError, said } from '../../domain/errors.js';
import type { RowOf } from '../../domain/projection.js';
import { singular } from '../../domain/rule-base.js';
import type { RegistrationRow } from '../../domain/protection/rows.js';
import { findPersonKeys } from '../../store/person-keys.js';
import { findRow } from '../../store/queries.js';
import type { AppContext } from '../context.js';
import { recordChanges } from '../log/record-changes.js';
import { type Caller } from '../access/permissions.js';
import { checkMasterKey } from './master-key.js';
import type { PersonKey } from '../log/effects.js';
import { newDataKey, requireMasterKey, seal, unseal, unwrapKey, wrapKey } from './personal-crypto.js';

/**
 * Personal data use cases: registrations, family groups, tracing requests. Every read that reveals
 * personal data states its purpose and is recorded (`PersonalDataRead`, with the reader as actor)
 * before the data is returned. Only protection officers reach these (src/api declares the routes
 * `personal`); the event rules still check every write.
 */

export type Subject = 'registrations' | 'family_groups' | 'tracing_requests';

export async function append(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  type: EventType,
  payload: unknown,
  allocateCode?: Subject,
  personKey?: PersonKey,
) {
  const change = {
    id: uuidv7(),
    type,
    payload,
    ...(allocateCode ? { allocateCode } : {}),
    ...(personKey ? { personKey } : {}),
  };
  await recordChanges(ctx, operationId, caller, [change], { mode: 'live', label: 'body' });
}

export async function subject<T extends Subject>(
  ctx: AppContext,
  operationId: string,
  table: T,
  ref: string,
): Promise<RowOf<T>> {
  const row = await findRow(
    ctx.store.db,
    table,
    operationId,
    isUuid(ref) ? ref.toLowerCase() : ref,
    isUuid(ref),
  );
  if (!row)
    throw new NotFoundError(
      said('no {record|record} {ref} in operation {operation}', {
        record: singular(table),
        ref,
        operation: operationId,
      }),
    );
  return row;
}

/**
 * A new subject's data sealed with a key of its own, and that key wrapped by the master key: stored
 * with the event that registers the subject, in its transaction (log/effects.ts).
 */
export function sealNew(
  ctx: AppContext,
  operationId: string,
  id: string,
  value: unknown,
): { sealed: Sealed; personKey: PersonKey } {
  const master = requireMasterKey(ctx.masterKey);
  const key = newDataKey();
  const personKey = {
    id,
    operation_id: operationId,
    wrapped: wrapKey(master, key, id),
    created_at: ctx.now().toISOString(),
  };
  return { sealed: seal(key, value, id), personKey };
}

/** Keys of the subjects that still have one (erased people have none). */
export async function keysOf(ctx: AppContext, ids: readonly string[]): Promise<Map<string, Buffer>> {
  const master = requireMasterKey(ctx.masterKey);
  const wrapped = await findPersonKeys(ctx.store.db, ids);
  if (wrapped.size > 0) await checkMasterKey(ctx.store.db, master);
  return new Map([...wrapped].map(([id, w]) => [id, unwrapKey(master, w, id)]));
}

/** Why personal data is read: one of READ_PURPOSES (a code, so that it carries no personal data). */
export function purposeOf(query: Record<string, string | undefined>): ReadPurpose {
  const purpose = query.purpose?.trim() ?? '';
  if (!(READ_PURPOSES as readonly string[]).includes(purpose))
    throw new InvalidInputError(
      said('say why you read personal data: ?purpose= one of {purposes} (it is recorded with the read)', {
        purposes: READ_PURPOSES.join(', '),
      }),
      { field: 'purpose', allowed: READ_PURPOSES },
    );
  return purpose as ReadPurpose;
}

export async function recordRead(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ids: string[],
  purpose: ReadPurpose,
) {
  // One event names at most READ_BATCH people: a read of more is recorded as several, all before it
  // is answered.
  for (let i = 0; i < ids.length; i += READ_BATCH)
    await append(ctx, caller, operationId, 'PersonalDataRead', {
      subjectIds: ids.slice(i, i + READ_BATCH),
      purpose,
    });
}

/** The most people one PersonalDataRead event names (its payload's limit). */
export const READ_BATCH = 5000;

/** A registration as operational data: codes and flags, no personal data. */
export function registrationView(row: RegistrationRow) {
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    convoyId: row.convoy_id,
    familyGroupId: row.family_group_id,
    child: row.child === 1,
    unaccompanied: row.unaccompanied === 1,
    separated: row.separated === 1,
    caseStatus: row.case_status,
    handedOverAt: row.handed_over_at,
    handedOverReceptionPointId: row.handed_over_reception_point_id,
    registeredAt: row.registered_at,
    erasedAt: row.erased_at,
  };
}

export async function withPerson(ctx: AppContext, rows: RegistrationRow[]) {
  const keys = await keysOf(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((row) => {
    const key = keys.get(row.id);
    const sealed = typeof row.sealed === 'string' ? (JSON.parse(row.sealed) as Sealed) : undefined;
    const person = key && sealed ? unseal<PersonDetails>(key, sealed, row.id) : null;
    return { ...registrationView(row), person };
  });
}
