/**
 * JSON Canonicalization Scheme (RFC 8785) for the values events carry: object keys sorted by UTF-16
 * code units, no white space, numbers as ECMAScript serialises them. The hash chain covers this text.
 * A value whose keys are in that order already (one parsed from canonical text: every event a node
 * receives from another) is written by JSON.stringify, which then gives the same text and allocates
 * a fraction of what writing it member by member does; any other value is written member by member.
 * For data: values read from JSON or made by a schema, not objects with getters or Proxies (whose
 * members JSON.stringify reads a second time).
 */
export function canonicalJson(value: unknown): string {
  return inCanonicalOrder(value, 0) ? JSON.stringify(value) : written(value);
}

/**
 * Whether JSON.stringify writes `value` as canonicalJson does: plain objects and arrays only (no
 * toJSON anywhere on them or their prototype, no other prototypes, no boxed primitives, no raw JSON
 * of later Node versions), every object's own keys in the order JSON.stringify takes them
 * (integer-like keys come first whatever the insertion order) sorted by code units, finite numbers,
 * nothing JSON cannot carry. Deeper than 64 levels is left to the member by member pass.
 */
function inCanonicalOrder(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (depth > 64) return false;
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function' || isRawJson(value)) return false;
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) return false;
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item !== undefined && !inCanonicalOrder(item, depth + 1)) return false;
        }
        return true;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      // A Number, String, Boolean or BigInt object given another prototype is still written as its value.
      if (objectTag(value) !== '[object Object]') return false;
      const record = value as Record<string, unknown>;
      let previous: string | undefined;
      for (const key in record) {
        if (!Object.hasOwn(record, key)) return false;
        if (previous !== undefined && !(previous < key)) return false;
        previous = key;
        const member = record[key];
        if (member !== undefined && !inCanonicalOrder(member, depth + 1)) return false;
      }
      return true;
    }
    default:
      // undefined (JSON.stringify leaves it out of objects and writes null in arrays, as below, but
      // gives no text for it alone), functions, symbols, bigints.
      return false;
  }
}

/** The class a value reports of itself: `[object Number]` for a boxed number whatever its prototype. */
const objectTag = (value: object): string => Object.prototype.toString.call(value);

/** `JSON.isRawJSON` where the runtime has it (Node 21 and later): such an object is written as its text. */
const isRawJson: (value: object) => boolean =
  (JSON as { isRawJSON?: (value: object) => boolean }).isRawJSON ?? (() => false);

/**
 * Whether two values are the same JSON, whatever the order of their keys: what canonicalJson writes
 * of them is the same text. False whenever in doubt (another type, a value JSON cannot carry), so that
 * a caller falls back to writing the value it trusts.
 */
export function sameJson(a: unknown, b: unknown, depth = 0): boolean {
  // The same value is written the same way (or refused the same way).
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth > 64) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    if (a.length !== bs.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], bs[i], depth + 1)) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let members = 0;
  for (const key of Object.keys(x)) {
    if (x[key] === undefined) continue;
    members++;
    if (!Object.hasOwn(y, key) || !sameJson(x[key], y[key], depth + 1)) return false;
  }
  for (const key of Object.keys(y)) if (y[key] !== undefined) members--;
  return members === 0;
}

function written(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('non-finite number');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          const item: unknown = value[i];
          out += item === undefined ? 'null' : written(item);
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const member = record[key];
        if (member === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(key)}:${written(member)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`${typeof value} has no JSON form`);
  }
}
