import { en, type MessageKey } from './messages-en.js';
import { ar } from './messages-ar.js';

/**
 * Every word of the console and the tally, in English and Arabic, from one catalogue per language
 * (messages-en.ts, messages-ar.ts). A key missing in Arabic is a type error; `{name}` placeholders are
 * filled by `t(key, { name })`.
 */
export type { MessageKey };
export type Lang = 'en' | 'ar';
export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { en, ar };
