import { deletePersonKey, insertPersonKey } from '../../store/person-keys.js';
import type { StoreTx } from '../../store/store-tx.js';
import { checkMasterKey } from '../protection/master-key.js';
import { requireMasterKey } from '../protection/personal-crypto.js';

/** A subject's data key, wrapped by the master key, as the `person_keys` table holds it. */
export interface PersonKey {
  id: string;
  operation_id: string;
  wrapped: string;
  created_at: string;
}

interface Recorded {
  event: { type: string; payload: unknown };
  personKey?: PersonKey | undefined;
}

/**
 * What must happen in the same transaction as the events that cause it, whichever path they came by
 * (the API, `POST .../events`, an import, another node, retention):
 * - a `PersonErased` deletes the person's key, so no crash between the two can leave an erased
 *   person's data readable;
 * - a subject registered with sealed data stores its wrapped key, so a refused registration leaves no
 *   key behind, and the key is checked against the database's master key check as it is stored.
 */
export async function runEffects(
  tx: StoreTx,
  recorded: readonly Recorded[],
  masterKey: Buffer | null,
): Promise<void> {
  for (const { event, personKey } of recorded) {
    if (personKey) {
      await insertPersonKey(tx.db, personKey);
      await checkMasterKey(tx.db, requireMasterKey(masterKey));
    }
    if (event.type === 'PersonErased')
      await deletePersonKey(tx.db, (event.payload as { registrationId: string }).registrationId);
  }
}
