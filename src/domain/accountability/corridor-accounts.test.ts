import { describe, expect, it } from 'vitest';
import { localDay } from './corridor-accounts.js';

describe('the day a count falls on, in the operation time zone', () => {
  it('is the local day, the same however often it is asked, for times in UTC or with an offset', () => {
    // Damascus was UTC+2 in December 2016: 22:30 UTC is half past midnight the next day there.
    for (let i = 0; i < 3; i++) {
      expect(localDay('2016-12-15T22:30:00.000Z', 'Asia/Damascus')).toBe('2016-12-16');
      expect(localDay('2016-12-15T21:59:59.999Z', 'Asia/Damascus')).toBe('2016-12-15');
      expect(localDay('2016-12-15T23:30:00.000+02:00', 'Asia/Damascus')).toBe('2016-12-15');
      expect(localDay('2016-12-15T23:30:00.000-02:00', 'Asia/Damascus')).toBe('2016-12-16');
    }
    expect(localDay('2016-12-15T22:30:00.000Z', 'Asia/Kolkata')).toBe('2016-12-16');
    expect(localDay('2016-12-15T18:29:00.000Z', 'Asia/Kolkata')).toBe('2016-12-15');
    // Zones that change their clocks at midnight, by half an hour, or by a quarter: every 7 minutes
    // of 2016, the day is what Intl says it is.
    for (const zone of ['Asia/Damascus', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Lord_Howe']) {
      const direct = new Intl.DateTimeFormat('en-CA', { timeZone: zone });
      for (let t = Date.UTC(2016, 0, 1); t < Date.UTC(2017, 0, 1); t += 7 * 60_000 + 13_000) {
        const iso = new Date(t).toISOString();
        if (localDay(iso, zone) !== direct.format(t))
          expect([zone, iso, localDay(iso, zone)]).toBe(direct.format(t));
      }
    }
    // A zone the machine does not know: the UTC day.
    expect(localDay('2016-12-15T22:30:00.000Z', 'Not/AZone')).toBe('2016-12-15');
  });
});
