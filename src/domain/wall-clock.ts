/**
 * A zone's wall clock to the second, 24-hour, whose parts read back as a date and time. Throws a
 * RangeError for a zone the machine does not know.
 */
export function wallClockFormat(timezone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** The wall clock at an instant (to the second) read as if it were UTC, in ms: less the instant, the offset. */
export function wallClockMs(format: Intl.DateTimeFormat, ms: number): number {
  const part = new Map(format.formatToParts(ms).map((p) => [p.type, Number(p.value)]));
  const of = (type: Intl.DateTimeFormatPartTypes) => part.get(type) ?? 0;
  return Date.UTC(of('year'), of('month') - 1, of('day'), of('hour'), of('minute'), of('second'));
}
