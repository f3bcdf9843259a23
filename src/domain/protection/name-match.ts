/**
 * Matching people's names across scripts and spellings, for tracing: "Mohammed", "Muhammad",
 * "Mohamad" and "محمد" are one name; "Mahmoud" (محمود) and "Ahmad" (أحمد) are others.
 *
 * Each name token is reduced two ways:
 * - a vocalised key (Latin only): lower case, accents and apostrophes dropped, doubled letters
 *   single, common digraphs merged (ou/oo -> u, ee/ie -> i, ph -> f, kh -> k, gh -> g, sh -> s,
 *   th -> t, dh -> d, q/c/ck -> k), e -> a and o -> u (Arabic has three vowels: a, i, u);
 * - a consonant skeleton: the vocalised key without its vowels (a leading vowel kept as "'"), or,
 *   for Arabic script, the letters mapped to the same Latin classes with the short vowels (never
 *   written) and the long vowels (alif, waw, ya, which Latin spellings often drop) left out.
 * Two Latin tokens match when their vocalised keys are within one edit (and the longer is 5 or more
 * letters) or equal; a token in Arabic script matches a Latin one when the skeletons are equal.
 * Arabic articles and particles (al-, el-, bin, ibn, bint, abu) are not tokens of their own.
 * Candidates are for a protection officer to review: the rule errs towards finding the person.
 */

const ARABIC: Record<string, string> = {
  ا: '',
  أ: "'",
  إ: "'",
  آ: "'",
  ء: "'",
  ؤ: "'",
  ئ: "'",
  ى: '',
  ة: 'h',
  ه: 'h',
  ب: 'b',
  ت: 't',
  ث: 't',
  ج: 'j',
  ح: 'h',
  خ: 'k',
  د: 'd',
  ذ: 'd',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 's',
  ص: 's',
  ض: 'd',
  ط: 't',
  ظ: 'z',
  ع: '',
  غ: 'g',
  ف: 'f',
  ق: 'k',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  و: '',
  ي: '',
  پ: 'b',
  چ: 'j',
  گ: 'k',
  ڤ: 'f',
};

const PARTICLES = new Set(['al', 'el', 'ul', 'bin', 'ben', 'ibn', 'bint', 'abu', 'abou', 'ال']);

function isArabic(token: string): boolean {
  return /[\u0600-\u06FF]/.test(token);
}

/** The tokens of a name, without particles, each either Latin (normalised) or Arabic. */
export function nameTokens(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u064B-\u065F\u0670]/g, '') // Latin accents; Arabic harakat
    .replace(/ـ/g, '') // tatweel
    .toLowerCase()
    .replace(/[''`ʿʾ]/g, '')
    .split(/[\s\-_.,/]+/)
    .map((t) => (isArabic(t) ? t.replace(/^ال(?=\S{2,})/, '') : t.replace(/[^a-z]/g, '')))
    .filter((t) => t.length > 0 && !PARTICLES.has(t));
}

export function vocalised(token: string): string {
  let t = token
    .replace(/ck/g, 'k')
    .replace(/ou|oo/g, 'u')
    .replace(/ee|ie/g, 'i')
    .replace(/ph/g, 'f')
    .replace(/kh/g, 'k')
    .replace(/gh/g, 'g')
    .replace(/sh|ch/g, 's')
    .replace(/th/g, 't')
    .replace(/dh/g, 'd')
    .replace(/[qc]/g, 'k')
    .replace(/e/g, 'a')
    .replace(/o/g, 'u')
    .replace(/y(?=[^aiu]|$)/g, 'i')
    .replace(/w(?=[^aiu]|$)/g, 'u');
  t = t.replace(/(.)\1+/g, '$1');
  return t;
}

export function skeleton(token: string): string {
  if (isArabic(token)) {
    let out = '';
    // Waw and ya are consonants (w, y) at the start of a word, long vowels elsewhere.
    [...token].forEach((ch, i) => {
      out += i === 0 && ch === 'و' ? 'w' : i === 0 && ch === 'ي' ? 'y' : (ARABIC[ch] ?? '');
    });
    return out.replace(/(.)\1+/g, '$1').replace(/^'/, '');
  }
  return vocalised(token)
    .replace(/[aiu]/g, '')
    .replace(/(.)\1+/g, '$1');
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const keep = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = keep;
    }
  }
  return prev[b.length]!;
}

/**
 * The skeletons a token may be written as in Latin letters: a final ta marbuta (ة) is said "-a" or
 * "-ah", so Fatima and Fatimah are both فاطمة; a final ha (ه, as in عبدالله) is always written.
 */
function skeletons(token: string): string[] {
  const k = skeleton(token);
  return isArabic(token) && token.endsWith('ة') ? [k, k.replace(/h$/, '')] : [k];
}

/** Whether two name tokens are the same name in different spellings or scripts. */
export function tokensMatch(a: string, b: string): boolean {
  if (isArabic(a) || isArabic(b)) {
    const theirs = skeletons(b);
    return skeletons(a).some((k) => k !== '' && theirs.includes(k));
  }
  const [va, vb] = [vocalised(a), vocalised(b)];
  if (va === vb) return true;
  return Math.max(va.length, vb.length) >= 5 && editDistance(va, vb) <= 1 && skeleton(a) === skeleton(b);
}

/**
 * How well a sought name matches a registered one: the share of the sought name's tokens found in the
 * registered name (each used once), 0 when the first (given) name does not match at all.
 */
export function nameScore(sought: string, registered: string): number {
  const s = nameTokens(sought);
  const r = nameTokens(registered);
  if (s.length === 0 || r.length === 0) return 0;
  const used = new Set<number>();
  let found = 0;
  s.forEach((token, i) => {
    const j = r.findIndex((other, k) => !used.has(k) && tokensMatch(token, other));
    if (j >= 0) {
      used.add(j);
      found += 1;
    } else if (i === 0) found = -Infinity;
  });
  return Math.max(0, found / s.length);
}
