/**
 * Plural forms in a catalogue's message, in the ICU way: `{n, plural, one {# person} other {# people}}`
 * picks the form for the number in `n` by the language's rules (Arabic has zero, one, two, few, many
 * and other), `=0 {none}` matches a number exactly, and `#` in the form is the number as given (already
 * formatted by the caller: `1,234`). A form missing for the rule falls back to `other`. Only this
 * construct is read; everything else of the message is left as it is, for the placeholders after.
 */
export function selectPlurals(
  message: string,
  vars: Record<string, string | number> | undefined,
  rules: Intl.PluralRules,
): string {
  let out = '';
  let at = 0;
  const opening = /\{(\w+),\s*plural,/g;
  for (let match = opening.exec(message); match; match = opening.exec(message)) {
    const forms = readForms(message, opening.lastIndex);
    if (!forms) break;
    const given = vars?.[match[1]!];
    out += message.slice(at, match.index) + pick(forms.forms, given, rules);
    at = forms.end;
    opening.lastIndex = forms.end;
  }
  return out + message.slice(at);
}

/** The forms after `{n, plural,` up to its closing brace: `one {…} other {…}`. */
function readForms(message: string, from: number): { forms: Map<string, string>; end: number } | null {
  const forms = new Map<string, string>();
  let i = from;
  for (;;) {
    while (/\s/.test(message[i] ?? '')) i++;
    if (message[i] === '}') return { forms, end: i + 1 };
    const selector = /^(=\d+|zero|one|two|few|many|other)\s*\{/.exec(message.slice(i));
    if (!selector) return null;
    i += selector[0].length;
    let depth = 1;
    const start = i;
    for (; i < message.length && depth > 0; i++) {
      if (message[i] === '{') depth++;
      else if (message[i] === '}') depth--;
    }
    if (depth > 0) return null;
    forms.set(selector[1]!, message.slice(start, i - 1));
  }
}

function pick(
  forms: Map<string, string>,
  given: string | number | undefined,
  rules: Intl.PluralRules,
): string {
  const n = typeof given === 'number' ? given : Number((given ?? '').replace(/[^\d.-]/g, ''));
  const shown = given === undefined ? '' : String(given);
  const form =
    forms.get(`=${n}`) ??
    forms.get(Number.isFinite(n) ? rules.select(n) : 'other') ??
    forms.get('other') ??
    '';
  return form.replace(/#/g, shown);
}
