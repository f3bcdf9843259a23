import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The commonest passwords (about 49,000, from leaked password lists, most frequent first), as zxcvbn
 * ships them: refused whatever their case, and also with only digits and symbols around them
 * ("Password2016!", "qwerty123456").
 */
const COMMON = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

/** Words a guesser tries first against this product, besides the user's own email. */
const PRODUCT_WORDS = ['corridor', 'evacuation'];

const PADDING = /^[\p{N}\p{P}\p{S}\s]+|[\p{N}\p{P}\p{S}\s]+$/gu;

/**
 * Why a password is too easy to guess, or null. Length is checked by the schema; this refuses what a
 * guesser tries first, whatever the case and with digits or symbols around it: a common password, a
 * short unit repeated ("aaaaaaaaaaaa", "qwertyqwerty", "121212121212"), or the product's name or the
 * user's own email (`context`).
 */
export function weakPassword(password: string, context: readonly string[] = []): string | null {
  const lower = password.toLowerCase();
  const core = lower.replace(PADDING, '');
  if ([lower, core].some((p) => /^(.{1,6})\1+$/su.test(p)) || /^(.)\1*$/su.test(core || lower))
    return 'a password may not be a few characters repeated';
  if (COMMON.has(lower) || (core.length >= 4 && COMMON.has(core)))
    return 'a password may not be one of the commonest passwords (alone or with digits or symbols added)';
  const words = [...PRODUCT_WORDS, ...context.flatMap(contextWords)];
  if (words.some((w) => core === w || lower === w || core.replace(/[^\p{L}]/gu, '') === w))
    return 'a password may not be your email, its name part, or the name of this product';
  return null;
}

/** An email, and its name part when it is long enough to be guessed from. */
function contextWords(email: string): string[] {
  const lower = email.trim().toLowerCase();
  const name = lower.split('@')[0] ?? '';
  return name.length >= 4 ? [lower, name] : [lower];
}
