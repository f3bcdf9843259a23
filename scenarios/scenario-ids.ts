import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/**
 * Scenario ids are UUIDv7 made deterministically from the scenario's name and a key, so loading a
 * scenario twice re-sends the same events and the log's idempotency makes the second load a no-op.
 */
export function scenarioId(seed: string, key: string, at: string | number): string {
  const random = createHash('sha256').update(`${seed}:${key}`).digest().subarray(0, 16);
  const msecs = typeof at === 'number' ? at : Date.parse(at);
  return uuidv7({ msecs, random: Uint8Array.from(random) });
}
