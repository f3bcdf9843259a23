import { deletePersonKey } from '../../store/person-keys.js';
import type { StoreTx } from '../../store/store-tx.js';

interface Recorded {
  event: { type: string; payload: unknown };
}

/**
 * What must happen in the same transaction as the events that cause it, whichever path they came by
 * (the API, `POST .../events`, an import, another node, retention): a `PersonErased` deletes the
 * person's key, so no crash between the two can leave an erased person's data readable.
 */
export async function runEffects(tx: StoreTx, recorded: readonly Recorded[]): Promise<void> {
  for (const { event } of recorded)
    if (event.type === 'PersonErased')
      await deletePersonKey(tx.db, tx.dialect, (event.payload as { registrationId: string }).registrationId);
}
