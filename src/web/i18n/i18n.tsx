import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  wordsOf,
  type Lang,
  type MessageKey,
  type Translate,
  type Words,
} from '../../contracts/words/translate.js';
import { ApiError } from '../client/http.js';

export type { Translate };

interface I18n extends Words {
  setLang: (lang: Lang) => void;
  /**
   * An error as the reader reads it: the server's own sentence (in English) in English; in Arabic, what
   * kind of refusal it is, in Arabic, with the server's sentence beside it.
   */
  problem: (error: unknown) => string;
}

const LANG_KEY = 'corridor.lang';
const I18nContext = createContext<I18n | null>(null);

/** The language the reader chose last on this browser (English at first). */
export function storedLang(): Lang {
  const stored = localStorage.getItem(LANG_KEY);
  return stored === 'ar' || stored === 'en' ? stored : 'en';
}

function initialLang(): Lang {
  const lang = storedLang();
  // Before the first render: the children's effects (a tab scrolled into view) run before ours.
  applyDirection(lang);
  return lang;
}

/** Arabic flips the whole layout: the page direction drives the CSS logical properties. */
function applyDirection(lang: Lang) {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => applyDirection(lang), [lang]);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(LANG_KEY, next);
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const words = wordsOf(lang);
    return { ...words, setLang, problem: (error) => problemWords(error, lang, words.t) };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

export function LanguageToggle() {
  const { lang, setLang, t } = useI18n();
  return (
    <button
      type="button"
      className="lang-toggle"
      lang={lang === 'ar' ? 'en' : 'ar'}
      aria-label={`${t('switchLanguage')} · ${t('language')}`}
      onClick={() => setLang(lang === 'ar' ? 'en' : 'ar')}
    >
      {t('switchLanguage')}
    </button>
  );
}

const KINDS: Record<string, MessageKey> = {
  not_found: 'problem.not_found',
  conflict: 'problem.conflict',
  rule_violated: 'problem.rule_violated',
  forbidden: 'problem.forbidden',
  invalid_input: 'problem.invalid_input',
  unauthenticated: 'problem.unauthenticated',
  rate_limited: 'problem.rate_limited',
  unavailable: 'problem.unavailable',
  internal: 'problem.internal',
};

export function problemWords(error: unknown, lang: Lang, t: Translate): string {
  const said = error instanceof Error ? error.message : String(error);
  if (lang === 'en') return said;
  const kind =
    error instanceof ApiError
      ? KINDS[error.code]
      : error instanceof TypeError
        ? 'problem.network'
        : undefined;
  if (!kind) return said;
  // Said by the server in Arabic, it is given as it is; an English sentence (a newer refusal, a field
  // the form let through) is isolated, so that it reads left to right inside the Arabic one.
  if (error instanceof ApiError && error.lang === 'ar')
    return t('problem.withReasonSaid', { kind: t(kind), reason: said });
  return t('problem.withReason', { kind: t(kind), reason: `\u2068${said}\u2069` });
}
