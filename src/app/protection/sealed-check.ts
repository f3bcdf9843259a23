import type { Sealed } from '../../contracts/protection/personal-data.js';
import { CODE_FORMATS } from '../../domain/codes.js';
import { InvalidInputError, said } from '../../domain/errors.js';
import type { ProjectableEvent } from '../../domain/projection.js';
import { findPersonKeys } from '../../store/person-keys.js';
import type { StoreTx } from '../../store/store-tx.js';
import type { PersonKey } from '../log/effects.js';
import { requireMasterKey, unseal, unwrapKey } from './personal-crypto.js';

/** Where each personal-data event keeps sealed content, and whose key seals it. */
const SEALED: Partial<
  Record<ProjectableEvent['type'], { subject: string; fields: string[]; context?: string }>
> = {
  PersonRegistered: { subject: 'registrationId', fields: ['sealed'] },
  FamilyGroupRegistered: { subject: 'familyGroupId', fields: ['sealed'] },
  TracingRequestOpened: { subject: 'tracingRequestId', fields: ['sealed'] },
  // The carer's details are sealed for the hand-over (registrations.ts).
  ChildHandedOver: { subject: 'registrationId', fields: ['sealed'], context: ':hand-over' },
  TracingMatchReviewed: { subject: 'tracingRequestId', fields: ['sealedNote'] },
};

/** The codes the server gives personal-data records: nothing else (a name) may stand in for one. */
const SUBJECT_CODES: Partial<Record<ProjectableEvent['type'], RegExp>> = {
  PersonRegistered: codePattern('registrations'),
  FamilyGroupRegistered: codePattern('family_groups'),
  TracingRequestOpened: codePattern('tracing_requests'),
};

/** A code of the table: `REG-12` at headquarters, `REG-POST3-12` at a site (whose tag is checked apart). */
function codePattern(table: keyof typeof CODE_FORMATS): RegExp {
  return new RegExp(`^${CODE_FORMATS[table].prefix}-([A-Z0-9]{1,16}-)?[0-9]{1,9}$`);
}

/**
 * A personal-data event recorded live says nothing in the clear: its code is one the server gives,
 * and what it calls sealed opens with the subject's own key (made with the event, or stored). So
 * text written into a `sealed` field, or a name used as a code, is refused before it reaches the
 * log, where erasure could not take it back.
 */
export async function checkSealedContent(
  event: ProjectableEvent,
  tx: StoreTx,
  masterKey: Buffer | null,
  personKey: PersonKey | undefined,
): Promise<void> {
  const payload = event.payload as Record<string, unknown>;
  const code = SUBJECT_CODES[event.type];
  if (code && typeof payload.code === 'string' && !code.test(payload.code))
    throw new InvalidInputError(
      said('{code} is not a code this server gives ({pattern})', {
        code: payload.code,
        pattern: code.source,
      }),
      { field: 'code' },
    );
  const rule = SEALED[event.type];
  if (!rule) return;
  const sealed = rule.fields.filter((f) => payload[f] !== undefined);
  if (sealed.length === 0) return;
  const id = payload[rule.subject] as string;
  const master = requireMasterKey(masterKey);
  const wrapped = personKey?.id === id ? personKey.wrapped : (await findPersonKeys(tx.db, [id])).get(id);
  for (const field of sealed) {
    let opens = false;
    if (wrapped !== undefined)
      try {
        unseal(unwrapKey(master, wrapped, id), payload[field] as Sealed, `${id}${rule.context ?? ''}`);
        opens = true;
      } catch {
        opens = false;
      }
    if (!opens)
      throw new InvalidInputError(
        said(
          '{field} is not sealed with the key of {id}: personal data is sealed by the server (use the protection routes)',
          { field, id },
        ),
        { field },
      );
  }
}
