import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import type { Kysely } from 'kysely';
import type { StoredEvent } from '../../contracts/events.js';
import type { Sealed } from '../../contracts/protection/personal-data.js';
import type { SealedPersonKeys } from '../../contracts/sync/sync.js';
import { InvalidInputError, said, type Said } from '../../domain/errors.js';
import { findPersonKeys, insertPersonKey, subjectsSealed } from '../../store/person-keys.js';
import type { Database } from '../../store/schema.js';
import type { StoreTx } from '../../store/store-tx.js';
import { checkMasterKey } from './master-key.js';
import { requireMasterKey, unseal, unwrapKey, wrapKey } from './personal-crypto.js';

/**
 * Person keys sent up the tree with the events of the people they open. A person registered at a
 * command post is sealed with a key of their own, wrapped by the post's master key; headquarters holds
 * another master key. So each node that has a master key also has a key pair for receiving person keys
 * (X25519, derived from its master key: nothing more to store, back up or rotate; a rotated master key
 * gives a new pair, and the nodes below learn it at their next hello). A node pushing a page seals the
 * keys of the subjects that page introduces to its upstream's public key (an ephemeral key pair per
 * page, HKDF-SHA256, AES-256-GCM bound to each subject's id). The upstream opens them, checks that each
 * opens its subject's sealed data, and stores it wrapped by its own master key, in the transaction of
 * the page's events. Keys go up only, never down: a post reads the personal data it recorded, and
 * headquarters (where the protection cell traces across posts) reads every post's.
 */

/** The events that introduce a subject with sealed data, and the field naming the subject. */
const INTRODUCES: Partial<Record<string, string>> = {
  PersonRegistered: 'registrationId',
  FamilyGroupRegistered: 'familyGroupId',
  TracingRequestOpened: 'tracingRequestId',
};

const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const INFO = 'corridor person keys';

/** This node's key pair for receiving person keys, derived from its master key. */
export function receivingKeyPair(master: Uint8Array): { privateKey: KeyObject; publicKey: string } {
  const seed = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'corridor key exchange', 32));
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_X25519, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64');
  return { privateKey, publicKey };
}

function pageKey(privateKey: KeyObject, publicKey: KeyObject, ephemeral: string): Buffer {
  const shared = diffieHellman({ privateKey, publicKey });
  return Buffer.from(hkdfSync('sha256', shared, Buffer.from(ephemeral, 'base64'), INFO, 32));
}

/** The key in `base64`, or the refusal `unusable` if it is not an X25519 public key. */
function publicKeyOf(base64: string, unusable: Said): KeyObject {
  try {
    const key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'x25519') throw new Error('not X25519');
    return key;
  } catch {
    throw new InvalidInputError(unusable);
  }
}

/** The subjects a page of events introduces (their ids), in the page's order. */
export function subjectsIntroduced(events: readonly StoredEvent[]): string[] {
  return events.flatMap((e) => {
    const field = INTRODUCES[e.type];
    const id = field ? (e.payload as Record<string, unknown>)[field] : undefined;
    return typeof id === 'string' ? [id] : [];
  });
}

/**
 * The keys of the subjects a page introduces that this node holds, sealed to its upstream's public
 * key; null when there are none.
 */
export async function keysForUpstream(
  db: Kysely<Database>,
  master: Buffer | null,
  upstreamPublicKey: string,
  events: readonly StoredEvent[],
): Promise<SealedPersonKeys | null> {
  const ids = subjectsIntroduced(events);
  if (!master || ids.length === 0) return null;
  const held = await findPersonKeys(db, ids);
  if (held.size === 0) return null;
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralPublic = ephemeral.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const key = pageKey(
    ephemeral.privateKey,
    publicKeyOf(upstreamPublicKey, said('the upstream key is not an X25519 public key (DER, base64)')),
    ephemeralPublic,
  );
  return {
    ephemeral: ephemeralPublic,
    keys: [...held].map(([id, wrapped]) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(`person-key:${id}`));
      const data = Buffer.concat([cipher.update(unwrapKey(master, wrapped, id)), cipher.final()]);
      return { id, sealed: Buffer.concat([iv, data, cipher.getAuthTag()]).toString('base64') };
    }),
  };
}

/** Person keys from the node below, opened (refused whole, 400, if any does not open). */
export interface ReceivedKey {
  id: string;
  key: Buffer;
}

export function openKeysFromBelow(master: Buffer | null, sealed: SealedPersonKeys): ReceivedKey[] {
  if (!master)
    throw new InvalidInputError(
      said(
        'this node has no master key, so it takes no person keys: start it with --key-file or CORRIDOR_MASTER_KEY',
      ),
      { field: 'personKeys' },
    );
  let key: Buffer;
  try {
    key = pageKey(
      receivingKeyPair(master).privateKey,
      publicKeyOf(sealed.ephemeral, said('personKeys.ephemeral is not an X25519 public key (DER, base64)')),
      sealed.ephemeral,
    );
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    // A point of small order (all zeros, u = 1): no shared secret can be derived from it.
    throw new InvalidInputError(
      said('personKeys.ephemeral gives no shared key: it is not a usable X25519 key'),
      { field: 'personKeys.ephemeral' },
    );
  }
  return sealed.keys.map(({ id, sealed: text }, i) => {
    const bytes = Buffer.from(text, 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAAD(Buffer.from(`person-key:${id}`));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return {
        id,
        key: Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]),
      };
    } catch {
      throw new InvalidInputError(
        said(
          "personKeys.keys[{i}] ({id}) does not open with this node's key: sealed for another node, or changed on the way",
          { i, id },
        ),
        { field: `personKeys.keys[${i}]` },
      );
    }
  });
}

/**
 * Stores the keys received with a page, once its events are in (same transaction): each must open
 * its subject's sealed data here, so no node below can plant a wrong key for anyone (400, nothing
 * stored). A key held already is kept; a subject erased here (its data gone) gets none.
 */
export async function storeKeysFromBelow(
  tx: StoreTx,
  operationId: string,
  master: Buffer | null,
  keys: readonly ReceivedKey[],
  /** When this node stores them (the transaction's recordedAt). */
  storedAt: string,
): Promise<void> {
  const held = await findPersonKeys(
    tx.db,
    keys.map((k) => k.id),
  );
  for (const { id, key } of keys) {
    if (held.has(id)) continue;
    const subjects = await subjectsSealed(tx.db, operationId, id);
    if (subjects.length === 0)
      throw new InvalidInputError(
        said('a person key came for {id}, which is no subject of operation {operation}', {
          id,
          operation: operationId,
        }),
        { field: 'personKeys' },
      );
    // Two subjects of one id would share the key: the second one's key could never be stored.
    if (subjects.length > 1)
      throw new InvalidInputError(
        said('{id} is the id of two subjects here: no key is taken for it', { id }),
        { field: 'personKeys' },
      );
    const subject = subjects[0]!;
    if (subject === null) continue;
    try {
      unseal(key, JSON.parse(subject) as Sealed, id);
    } catch {
      throw new InvalidInputError(said('the person key sent for {id} does not open its data', { id }), {
        field: 'personKeys',
      });
    }
    const wrapped = wrapKey(requireMasterKey(master), key, id);
    await insertPersonKey(tx.db, {
      id,
      operation_id: operationId,
      wrapped,
      created_at: storedAt,
    });
    held.set(id, wrapped);
  }
  if (keys.length > 0) await checkMasterKey(tx.db, requireMasterKey(master));
}
