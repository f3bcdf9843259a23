import type { Lang } from '../../contracts/words/messages.js';

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per locale and options, made once: making one costs far more than using it, and a
 * board of corridors formats hundreds of times per render. Throws, as the constructor, for a time
 * zone the browser does not know (nothing is kept then).
 */
function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

/** Times are UTC on the wire; people read them in the operation's time zone, with the zone named. */
export function formatTime(iso: string | null | undefined, lang: Lang, timeZone: string | undefined): string {
  if (!iso) return '—';
  try {
    return dateFormat(lang === 'ar' ? 'ar-SY-u-nu-latn' : 'en-GB', {
      timeZone: timeZone ?? 'UTC',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }).format(new Date(iso));
  } catch {
    return iso;
  }
}

/** The day of an instant in a time zone, as people read it ("8 Jan 2017"): where space is short. */
export function formatDay(iso: string, lang: Lang, timeZone: string | undefined): string {
  return dateFormat(lang === 'ar' ? 'ar-SY-u-nu-latn' : 'en-GB', {
    timeZone: timeZone ?? 'UTC',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(iso));
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function dayIn(date: Date, timeZone: string | undefined): string {
  return dateFormat('en-CA', { timeZone: timeZone ?? 'UTC' }).format(date);
}

const EARTH_RADIUS_M = 6_371_008.8;

export function distanceMetres(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

/**
 * A value a source gave as a date only is stored as midnight (or 23:59:59, the end of the day) UTC:
 * shown as that date, not as a time in another zone (02:00 EET). Anything else as formatTime.
 */
export function formatDateOrTime(iso: string, lang: Lang, timeZone: string | undefined): string {
  if (!/T(00:00:00|23:59:59)(\.000)?Z$/.test(iso)) return formatTime(iso, lang, timeZone);
  return dateFormat(lang === 'ar' ? 'ar-SY-u-nu-latn' : 'en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(iso));
}

/** The wall time (`YYYY-MM-DDTHH:mm`, for a datetime-local field) of an instant in a time zone. */
export function wallTimeIn(iso: string, timeZone: string | undefined): string {
  const parts = dateFormat('en-CA', {
    timeZone: timeZone ?? 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

/**
 * The instant (ISO, UTC) of a wall time in a time zone: the inverse of wallTimeIn. Null for what is
 * not a time of years 1000-9999 (a date field half typed). A time skipped by a change to summer time
 * comes out an hour later or earlier, by zone; of a time that happens twice, the later one.
 */
export function utcOfWallTime(wall: string, timeZone: string | undefined): string | null {
  if (!/^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(wall)) return null;
  const asUtc = Date.parse(`${wall}:00Z`);
  // Not a day of the calendar (30 February) either.
  if (Number.isNaN(asUtc) || new Date(asUtc).toISOString().slice(0, 16) !== wall) return null;
  // The zone's offset at that moment, found by reading the guess back as a wall time there.
  const offset = (t: number) => Date.parse(`${wallTimeIn(new Date(t).toISOString(), timeZone)}:00Z`) - t;
  const first = asUtc - offset(asUtc);
  return new Date(asUtc - offset(first)).toISOString();
}

/** A record's name in the reader's language where it has one (an organisation's, a corridor's Arabic name). */
export function nameIn(record: { name: string; nameAr?: string | null }, lang: string): string {
  return lang === 'ar' && record.nameAr ? record.nameAr : record.name;
}
