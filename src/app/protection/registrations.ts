import { v7 as uuidv7 } from 'uuid';
import {
  AssignBody,
  EraseBody,
  HandOverBody,
  RegistrationBody,
} from '../../contracts/protection/personal-data.js';
import { NotFoundError, said } from '../../domain/errors.js';
import { allRows } from '../../store/queries.js';
import type { AppContext } from '../context.js';
import { authoriseRead, authoriseWrite, type Caller } from '../access/permissions.js';
import { seal } from './personal-crypto.js';
import { parseInput, resolveRef } from '../records/resources.js';
import {
  append,
  subject,
  sealNew,
  keysOf,
  purposeOf,
  recordRead,
  registrationView,
  withPerson,
} from './subjects.js';

/** Registrations of people: sealed, read with a purpose, handed over, erased. */

/** The convoy and the family group a registration names (by code or id), as ids; undefined where none. */
export async function placementOf(
  ctx: AppContext,
  operationId: string,
  body: { convoyId?: string | undefined; familyGroupId?: string | undefined },
): Promise<{ convoyId: string | undefined; familyGroupId: string | undefined }> {
  return {
    convoyId:
      body.convoyId === undefined
        ? undefined
        : await resolveRef(ctx, operationId, 'convoys', body.convoyId, 'convoyId'),
    familyGroupId:
      body.familyGroupId === undefined
        ? undefined
        : (await subject(ctx, operationId, 'family_groups', body.familyGroupId)).id,
  };
}

export async function registerPerson(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  input: unknown,
  /** The printed registration form it was written on (app/paper/registration-entry.ts). */
  sheetId?: string,
) {
  authoriseRead(caller, operationId);
  const body = parseInput(RegistrationBody, input);
  const id = body.id ?? uuidv7();
  const { convoyId, familyGroupId } = await placementOf(ctx, operationId, body);
  const { sealed, personKey } = sealNew(ctx, operationId, id, body.person);
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
      ...(sheetId ? { sheetId } : {}),
    },
    'registrations',
    personKey,
  );
  return registrationView(await subject(ctx, operationId, 'registrations', id));
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
  return registrationView(await subject(ctx, operationId, 'registrations', row.id));
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
  const key = (await keysOf(ctx, [row.id])).get(row.id);
  if (!key)
    throw new NotFoundError(
      row.status === 'erased'
        ? said('{code} is erased', { code: row.code })
        : said(
            '{code} was registered at another site and its data cannot be read here (its key goes up the tree, to headquarters, never across): record the hand-over where it can be read',
            { code: row.code },
          ),
    );
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
    sealed: seal(key, body.carer, `${row.id}:hand-over`),
  });
  return registrationView(await subject(ctx, operationId, 'registrations', row.id));
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
  return registrationView(await subject(ctx, operationId, 'registrations', row.id));
}
