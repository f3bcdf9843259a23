import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The commonest passwords (about 49,000, from leaked password lists, most frequent first), as zxcvbn
 * ships them: refused whatever their case, and also with only digits and symbols around them
 * ("Password2016!", "qwerty123456").
 */
const COMMON = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

/**
 * Why a password is too easy to guess, or null. Length is checked by the schema; this refuses what a
 * guesser tries first: a common password, alone or padded with digits and symbols, and a short unit
 * repeated ("aaaaaaaaaaaa", "abcabcabcabc", "121212121212").
 */
export function weakPassword(password: string): string | null {
  const lower = password.toLowerCase();
  if (/^(.{1,3})\1+$/su.test(password)) return 'a password may not be a few characters repeated';
  const core = lower.replace(/^[\p{N}\p{P}\p{S}\s]+|[\p{N}\p{P}\p{S}\s]+$/gu, '');
  if (COMMON.has(lower) || (core.length >= 4 && COMMON.has(core)))
    return 'a password may not be one of the commonest passwords (alone or with digits or symbols added)';
  return null;
}
