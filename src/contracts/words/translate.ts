import { MESSAGES, type Lang, type MessageKey } from './messages.js';
import { selectPlurals } from './plural.js';

export type { Lang, MessageKey };
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Words in one language from a catalogue whose keys are `K`. */
export interface WordsOf<K extends string> {
  lang: Lang;
  t: (key: K, vars?: Record<string, string | number>) => string;
  /** For keys built at run time (a status, a category): the key itself when the catalogue lacks it. */
  tx: (prefix: string, value: string) => string;
  number: (n: number) => string;
  /**
   * Items as a list in the language: in Arabic with the Arabic comma, each item isolated (U+2068 …
   * U+2069), so that a code such as `COR-7` or a name in Latin letters keeps its own order inside the
   * right-to-left sentence.
   */
  list: (items: readonly string[]) => string;
}

/**
 * The product's words in one language, for the console and for the documents the server makes (the
 * situation report in Arabic says what the console says): one catalogue, so a word reads the same on
 * every screen and page. A document the server alone makes may add its own (notice-words.ts).
 */
export type Words = WordsOf<MessageKey>;

export function wordsOf(lang: Lang): Words {
  return wordsFrom(lang, MESSAGES[lang]);
}

/**
 * Words from any catalogue in a language: a document the server makes alone (a notification) keeps
 * its words out of the console's catalogue, and so out of the console's download.
 */
export function wordsFrom<K extends string>(lang: Lang, catalogue: Record<K, string>): WordsOf<K> {
  // Made when first needed: the first of each costs a browser tens of milliseconds (its locale data),
  // and the console's first screen needs neither.
  let rules: Intl.PluralRules | undefined;
  let numberFormat: Intl.NumberFormat | undefined;
  const t: WordsOf<K>['t'] = (key, vars) => {
    const message = catalogue[key];
    const chosen = message.includes('plural')
      ? selectPlurals(message, vars, (rules ??= new Intl.PluralRules(lang)))
      : message;
    return chosen.replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? `{${name}}`));
  };
  return {
    lang,
    t,
    tx: (prefix, value) => (catalogue as Record<string, string>)[`${prefix}.${value}`] ?? value,
    number: (n) =>
      (numberFormat ??= new Intl.NumberFormat(lang === 'ar' ? 'ar-SY-u-nu-latn' : 'en-GB')).format(n),
    list: (items) =>
      (lang === 'ar' ? items.map((item) => `\u2068${item}\u2069`) : items).join(
        (catalogue as Record<string, string>).listSeparator ?? ', ',
      ),
  };
}
