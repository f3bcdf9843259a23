import { v7 as uuidv7 } from 'uuid';
import { FamilyGroupBody } from '../../contracts/protection/personal-data.js';
import type { FamilyGroupRow } from '../../domain/protection/rows.js';
import { allRows } from '../../store/queries.js';
import type { AppContext } from '../context.js';
import { authoriseRead, type Caller } from '../access/permissions.js';
import { parseInput } from '../records/resources.js';
import { append, registrationView, sealNew, subject } from './subjects.js';

/** Family groups: their members by code (no names). */

export async function createFamilyGroup(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  input: unknown,
) {
  authoriseRead(caller, operationId);
  const body = parseInput(FamilyGroupBody, input);
  const id = body.id ?? uuidv7();
  const sealed = body.note === undefined ? undefined : sealNew(ctx, operationId, id, { note: body.note });
  await append(
    ctx,
    caller,
    operationId,
    'FamilyGroupRegistered',
    {
      familyGroupId: id,
      ...(sealed ? { sealed: sealed.sealed } : {}),
    },
    'family_groups',
    sealed?.personKey,
  );
  return familyGroupView(ctx, operationId, await subject(ctx, operationId, 'family_groups', id));
}

/** A family group: its members' codes, convoys and hand-overs (no names). */
async function familyGroupView(ctx: AppContext, operationId: string, row: FamilyGroupRow) {
  const members = (await allRows(ctx.store.db, ctx.store.dialect, 'registrations', operationId))
    .filter((r) => r.family_group_id === row.id)
    .map(registrationView);
  return { id: row.id, code: row.code, registeredAt: row.registered_at, members };
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
