import { describe, expect, it } from 'vitest';
import type { Convoy, ConvoyPosition, Operation } from '../client/records.js';
import { dataGap, recordEnded } from './data-gap.js';

const at = (m: number) => new Date(Date.UTC(2026, 11, 5, 12, m)).toISOString();
const convoy = (code: string, status: string, changed: string): Convoy => ({
  id: code,
  code,
  corridorId: 'COR-1',
  status,
  plannedDeparture: null,
  statusChangedAt: changed,
  manifest: null,
});
const seen = (code: string, observedAt: string): [string, ConvoyPosition] => [
  code,
  {
    convoyId: code,
    code,
    status: 'departed',
    last: {
      id: `p-${code}`,
      checkpointId: null,
      receptionPointId: null,
      location: null,
      convoyId: code,
      source: 'position',
      observedAt,
      people: null,
      peopleTotal: null,
      vehicles: null,
      stretcherCases: null,
    },
    lastCheckpoint: null,
  },
];
const op = (stoppedAfterMinutes?: number) =>
  ({ accountability: stoppedAfterMinutes ? { stoppedAfterMinutes } : {} }) as Operation;
const now = Date.parse(at(45));

describe('the warning that no data has arrived', () => {
  it('says nothing while nothing is on the road, however old the last record', () => {
    const arrived = [convoy('CVY-1', 'arrived', at(0))];
    expect(dataGap(op(), arrived, new Map(), now)).toBeNull();
  });

  it("counts from the latest passage or position of any convoy, against the operation's threshold", () => {
    const road = [convoy('CVY-2', 'departed', at(0)), convoy('CVY-1', 'departed', at(5))];
    // Heard of 30 min ago (at 15): within 40, beyond 20.
    const positions = new Map([seen('CVY-1', at(10)), seen('CVY-2', at(15))]);
    expect(dataGap(op(40), road, positions, now)).toBeNull();
    expect(dataGap(op(), road, positions, now)).toEqual({
      since: at(15),
      minutes: 30,
      convoys: ['CVY-1', 'CVY-2'],
    });
  });

  it('counts from the departure when nothing has been heard since', () => {
    const road = [convoy('CVY-3', 'departed', at(30))];
    expect(dataGap(op(), road, new Map(), now)).toBeNull();
    expect(dataGap(op(10), road, new Map(), now)).toMatchObject({ since: at(30), minutes: 15 });
  });
});

describe('an operation of the past', () => {
  it('is one whose record ended a week or more ago, and only that', () => {
    const span = (lastOccurredAt: string | null) => ({ span: { began: at(0), lastOccurredAt } });
    const week = 7 * 24 * 3_600_000;
    expect(recordEnded(span(at(0)), Date.parse(at(0)) + week)).toBe(at(0));
    expect(recordEnded(span(at(0)), Date.parse(at(0)) + week - 1)).toBeNull();
    expect(recordEnded(span(null), now)).toBeNull();
    expect(recordEnded({ span: null }, now)).toBeNull();
  });
});
