import { describe, expect, it } from 'vitest';
import { ApiError } from '../client/http.js';
import { problemWords, type Translate } from './i18n.js';
import { MESSAGES } from '../../contracts/words/messages.js';

const words =
  (lang: 'en' | 'ar'): Translate =>
  (key, vars) =>
    MESSAGES[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? ''));

describe("an error in the reader's language", () => {
  const refused = new ApiError(422, 'rule_violated', 'pickup point PICK-1 is 5.4 km from the nearest route');

  it("is the server's own sentence in English", () => {
    expect(problemWords(refused, 'en', words('en'))).toBe(
      'pickup point PICK-1 is 5.4 km from the nearest route',
    );
  });

  it("says in Arabic what kind of refusal it is, with the server's sentence isolated beside it", () => {
    const said = problemWords(refused, 'ar', words('ar'));
    expect(said.startsWith('رفضته قاعدة من قواعد العملية')).toBe(true);
    expect(said).toContain('\u2068pickup point PICK-1 is 5.4 km from the nearest route\u2069');
    expect(problemWords(new TypeError('Failed to fetch'), 'ar', words('ar'))).toContain(
      'تعذّر الوصول إلى الخادم',
    );
    // Said by the server in Arabic: given as it is after its kind, not as the server's English.
    const inArabic = new ApiError(
      409,
      'conflict',
      'المركبة \u2068VEH-1\u2069 في القافلة \u2068CVY-9\u2069 من قبل',
      'ar',
    );
    const shown = problemWords(inArabic, 'ar', words('ar'));
    expect(shown).toContain(inArabic.message);
    expect(shown).not.toContain('بالإنجليزية');
    expect(shown).not.toContain('\u2068المركبة');
    // What is not an error of the server or the network (a form's own message) is left as it is.
    expect(problemWords('اختر حيًّا', 'ar', words('ar'))).toBe('اختر حيًّا');
  });
});
