import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Sealed } from '../../contracts/protection/personal-data.js';
import { InvalidInputError, RuleViolatedError, said } from '../../domain/errors.js';

/**
 * Envelope encryption of personal data: each person's data is sealed with AES-256-GCM under a key of
 * their own (bound to their record id as additional data, so a ciphertext cannot be moved to another
 * record), and that key is stored wrapped (AES-256-GCM) by the master key. The master key comes from
 * the environment or a key file and is never stored in the database.
 */

const KEY_BYTES = 32;

export function newDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

function encrypt(key: Uint8Array, plain: Uint8Array, aad: string): { iv: Buffer; data: Buffer } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return { iv, data };
}

function decrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array, aad: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
}

/** The person's key wrapped by the master key: base64 of IV and ciphertext with tag. */
export function wrapKey(master: Uint8Array, key: Uint8Array, id: string): string {
  const { iv, data } = encrypt(master, key, `key:${id}`);
  return Buffer.concat([iv, data]).toString('base64');
}

export function unwrapKey(master: Uint8Array, wrapped: string, id: string): Buffer {
  const bytes = Buffer.from(wrapped, 'base64');
  return decrypt(master, bytes.subarray(0, 12), bytes.subarray(12), `key:${id}`);
}

export function seal(key: Uint8Array, value: unknown, id: string): Sealed {
  const { iv, data } = encrypt(key, Buffer.from(JSON.stringify(value), 'utf8'), id);
  return { alg: 'A256GCM', iv: iv.toString('base64'), data: data.toString('base64') };
}

export function unseal<T>(key: Uint8Array, sealed: Sealed, id: string): T {
  const plain = decrypt(key, Buffer.from(sealed.iv, 'base64'), Buffer.from(sealed.data, 'base64'), id);
  return JSON.parse(plain.toString('utf8')) as T;
}

/**
 * The master key: `CORRIDOR_MASTER_KEY` (32 bytes, base64) or the key file (base64 text), which is
 * created with a new random key, readable by its owner only, when it does not exist yet and `create`.
 */
export function loadMasterKey(options: { env?: string; keyFile?: string; create?: boolean }): Buffer | null {
  const parse = (text: string, where: string) => {
    const key = Buffer.from(text.trim(), 'base64');
    if (key.length !== KEY_BYTES)
      throw new InvalidInputError(said('{where} must hold a 32-byte key in base64', { where }));
    return key;
  };
  if (options.env) return parse(options.env, 'CORRIDOR_MASTER_KEY');
  if (!options.keyFile) return null;
  if (!existsSync(options.keyFile)) {
    if (!options.create) return null;
    mkdirSync(dirname(options.keyFile), { recursive: true });
    writeFileSync(options.keyFile, `${randomBytes(KEY_BYTES).toString('base64')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
  }
  return parse(readFileSync(options.keyFile, 'utf8'), options.keyFile);
}

export function requireMasterKey(master: Buffer | null | undefined): Buffer {
  if (!master)
    throw new RuleViolatedError(
      said(
        'personal data is not enabled on this server: start it with a master key (--key-file or CORRIDOR_MASTER_KEY)',
      ),
    );
  return master;
}
