import { describe, expect, it } from 'vitest';
import { formatDateOrTime, utcOfWallTime, wallTimeIn } from './format.js';

describe('times as people read them', () => {
  it('shows a date a source gave as that date, and a time in the operation’s zone', () => {
    expect(formatDateOrTime('2016-12-24T00:00:00.000Z', 'en', 'Asia/Damascus')).toBe('24 Dec 2016');
    expect(formatDateOrTime('2016-12-22T23:59:59.000Z', 'en', 'Asia/Damascus')).toBe('22 Dec 2016');
    expect(formatDateOrTime('2016-12-22T10:30:00.000Z', 'en', 'Asia/Damascus')).toMatch(
      /^22 Dec 2016, 12:30 /,
    );
  });

  it('turns a wall time in a zone into the instant and back, across a change of offset', () => {
    for (const [wall, zone, utc] of [
      ['2016-12-15T14:30', 'Asia/Damascus', '2016-12-15T12:30:00.000Z'],
      ['2016-07-01T09:00', 'Asia/Damascus', '2016-07-01T06:00:00.000Z'],
      ['2026-03-29T12:00', 'Europe/Berlin', '2026-03-29T10:00:00.000Z'],
      ['2026-01-10T00:15', 'America/New_York', '2026-01-10T05:15:00.000Z'],
    ] as const) {
      expect(utcOfWallTime(wall, zone)).toBe(utc);
      expect(wallTimeIn(utc, zone)).toBe(wall);
    }
  });

  it('gives no instant for a field half typed or out of range, rather than throwing', () => {
    for (const wall of ['0020-12-15T14:30', '275760-01-01T00:00', '2016-02-30T10:00', '2016-12-15', ''])
      expect(utcOfWallTime(wall, 'Asia/Damascus'), wall).toBeNull();
  });
});
