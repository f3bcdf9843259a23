import { describe, expect, it } from 'vitest';
import { MESSAGES } from './messages.js';
import { selectPlurals } from './plural.js';

const en = new Intl.PluralRules('en');
const ar = new Intl.PluralRules('ar');

describe('plural forms in the catalogue', () => {
  it('picks one or other in English, with the number as given', () => {
    const m = '{n, plural, one {# convoy} other {# convoys}} on the road';
    expect(selectPlurals(m, { n: 1 }, en)).toBe('1 convoy on the road');
    expect(selectPlurals(m, { n: '1,234' }, en)).toBe('1,234 convoys on the road');
    expect(selectPlurals(m, { n: 0 }, en)).toBe('0 convoys on the road');
  });

  it('picks the six Arabic forms, and an exact =0 before them', () => {
    const m =
      '{n, plural, =0 {لا قوافل} one {قافلة واحدة} two {قافلتان} few {# قوافل} many {# قافلة} other {# قافلة}}';
    expect(selectPlurals(m, { n: 0 }, ar)).toBe('لا قوافل');
    expect(selectPlurals(m, { n: 1 }, ar)).toBe('قافلة واحدة');
    expect(selectPlurals(m, { n: 2 }, ar)).toBe('قافلتان');
    expect(selectPlurals(m, { n: 7 }, ar)).toBe('7 قوافل');
    expect(selectPlurals(m, { n: 11 }, ar)).toBe('11 قافلة');
    expect(selectPlurals(m, { n: '1,000' }, ar)).toBe('1,000 قافلة');
  });

  it('falls back to other, leaves plain placeholders and text around for what comes after', () => {
    expect(selectPlurals('{n, plural, other {# trips}} by {who}', { n: 1 }, en)).toBe('1 trips by {who}');
    expect(selectPlurals('a {x, plural, one {#} other {# {unit}}} b', { x: 3 }, en)).toBe('a 3 {unit} b');
    expect(selectPlurals('no plural here: {n}', { n: 1 }, en)).toBe('no plural here: {n}');
    // A broken construct is left as it is rather than cut.
    expect(selectPlurals('{n, plural, one {x', { n: 1 }, en)).toBe('{n, plural, one {x');
  });

  it('has in Arabic every placeholder the English message has, and forms that read', () => {
    const names = (m: string) =>
      new Set([...m.matchAll(/\{(\w+)(?:\}|,\s*plural,)/g)].map((x) => x[1]!).filter((n) => n !== 'plural'));
    for (const [key, english] of Object.entries(MESSAGES.en)) {
      const arabic = MESSAGES.ar[key as keyof typeof MESSAGES.en];
      expect([...names(arabic)].sort(), key).toEqual([...names(english)].sort());
      for (const n of [0, 1, 2, 5, 11, 100]) {
        const vars = Object.fromEntries([...names(english)].map((v) => [v, n]));
        expect(selectPlurals(arabic, vars, ar), key).not.toMatch(/plural,/);
        expect(selectPlurals(english, vars, en), key).not.toMatch(/plural,/);
      }
    }
  });
});

describe('the catalogue in parts', () => {
  it('has no key in two parts: a later part would silently take the word of an earlier one', async () => {
    const parts = await Promise.all([
      import('./messages-en-work.js').then((m) => m.enWork),
      import('./messages-en-field.js').then((m) => m.enField),
      import('./messages-en-plan.js').then((m) => m.enPlan),
    ]);
    const seen = new Set<string>();
    for (const part of parts)
      for (const [key, words] of Object.entries(part)) {
        expect(seen.has(key), key).toBe(false);
        seen.add(key);
        expect(MESSAGES.en[key as keyof typeof MESSAGES.en], key).toBe(words);
      }
  });
});
