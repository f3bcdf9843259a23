import { RegistrationBody } from '../../contracts/protection/personal-data.js';
import { canonicalJson } from '../../domain/canonical-json.js';
import { ConflictError, NotFoundError, said } from '../../domain/errors.js';
import type { RowOf } from '../../domain/projection.js';
import { authoriseWrite, type Caller } from '../access/permissions.js';
import type { AppContext } from '../context.js';
import { contentEventId, derivedId } from '../log/idempotency.js';
import { placementOf, registerPerson } from '../protection/registrations.js';
import { subject, withPerson } from '../protection/subjects.js';
import { parseInput } from '../records/resources.js';

// A filled registration form entered by the protection team: one registration, sealed as every other,
// with the form's sheet id. The registration's id is made from the sheet's, so the form is entered once:
// the same again records nothing, other details are refused (the registration is corrected on the
// protection page). The registration itself marks the sheet entered (its sheetId): no SheetEntered,
// so nothing of the entry but the registration is in the log, never a digest of the person's details (a
// digest of a name can be guessed back, and the log cannot be erased), and no other role's SheetEntered
// can stand for it.

/** What is written on the form: a registration without an id (the sheet gives it). */
export const RegistrationFormEntry = RegistrationBody.omit({ id: true });

export async function enterRegistrationForm(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  sheet: RowOf<'sheets'>,
  input: unknown,
): Promise<{ sheet: string; events: number; recorded: number }> {
  authoriseWrite(caller, operationId, 'PersonRegistered');
  const entry = parseInput(RegistrationFormEntry, input);
  const registrationId = derivedId(contentEventId(`sheet:${sheet.id}:registration`), 'registration');
  const existing = await subject(ctx, operationId, 'registrations', registrationId).catch((e: unknown) => {
    if (e instanceof NotFoundError) return null;
    throw e;
  });
  let recorded = 0;
  if (existing) await sameAsEntered(ctx, operationId, sheet, existing, entry);
  else {
    await registerPerson(ctx, caller, operationId, { ...entry, id: registrationId }, sheet.id);
    recorded = 1;
  }
  return { sheet: sheet.code, events: 1, recorded };
}

/**
 * The form entered again: the same details are a re-send; others are refused, nothing changed. The
 * placement is compared with the form as entered (its PersonRegistered), not with the registration as it
 * is now: a person moved to another convoy since is still the same form sent again.
 */
async function sameAsEntered(
  ctx: AppContext,
  operationId: string,
  sheet: RowOf<'sheets'>,
  existing: RowOf<'registrations'>,
  entry: ReturnType<typeof RegistrationFormEntry.parse>,
) {
  // Its personal data erased since (on schedule, or asked): nothing to compare with, and entering it
  // again would bring back what was erased.
  if (existing.erased_at !== null)
    throw new ConflictError(
      said(
        "sheet {sheet} was entered as registration {registration}, whose personal data was erased on {day}: an erased registration's form is not entered again",
        { sheet: sheet.code, registration: existing.code, day: existing.erased_at.slice(0, 10) },
      ),
      { sheet: sheet.code, registration: existing.code, erasedAt: existing.erased_at },
    );
  const [held] = await withPerson(ctx, [existing]);
  const { convoyId, familyGroupId } = await placementOf(ctx, operationId, entry);
  const entered = await ctx.store.db
    .selectFrom('events')
    .select('payload')
    .where('operation_id', '=', operationId)
    .where('type', '=', 'PersonRegistered')
    // Canonical JSON: the sheet's id appears exactly so.
    .where('payload', 'like', `%"sheetId":"${sheet.id}"%`)
    .executeTakeFirst();
  const placed = entered
    ? (JSON.parse(entered.payload) as { convoyId?: string; familyGroupId?: string })
    : { convoyId: existing.convoy_id ?? undefined, familyGroupId: existing.family_group_id ?? undefined };
  const same =
    held !== undefined &&
    held.person !== null &&
    canonicalJson(held.person) === canonicalJson(entry.person) &&
    held.child === entry.child &&
    held.unaccompanied === entry.unaccompanied &&
    held.separated === entry.separated &&
    (placed.convoyId ?? null) === (convoyId ?? null) &&
    (placed.familyGroupId ?? null) === (familyGroupId ?? null);
  if (!same)
    throw new ConflictError(
      said(
        'sheet {sheet} was entered as registration {registration} with other details: a form is entered once; correct the registration on the protection page',
        { sheet: sheet.code, registration: existing.code },
      ),
      { sheet: sheet.code, registration: existing.code },
    );
}
