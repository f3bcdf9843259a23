import { describe, expect, it } from 'vitest';
import { stationCount, type Tally } from '../src/domain/accountability/counting.js';
import { wordsOf } from '../src/contracts/words/translate.js';
import { countFlags, countWhy, tallyNote, type CountFacts } from '../src/web/console/count-words.js';

const CONVOY = { vehicleIds: ['v1', 'v2', 'v3'], manifestTotal: 100 };
let n = 0;
const tally = (fields: Partial<Tally>): Tally => ({
  id: `t${++n}`,
  at: `2016-12-15T08:${String(n).padStart(2, '0')}:00.000Z`,
  source: 'enumerator',
  scope: 'convoy',
  vehicleIds: [],
  total: 34,
  errorPct: 0,
  by: 'ORG-A',
  ...fields,
});
/** A station's count as the API gives it (domain/accountability/reports.ts). */
const facts = (tallies: Tally[]) => {
  const c = stationCount(tallies, CONVOY);
  const f: CountFacts = { station: 'cp', ...c, sources: c.sources };
  return { c, f };
};

const CASES: Record<string, Tally[]> = {
  none: [],
  partial: [tally({ scope: 'vehicles', vehicleIds: ['v1'], total: 34 })],
  over: [tally({ scope: 'vehicles', vehicleIds: ['v1'], total: 120 })],
  enumerator: [tally({ total: 90 })],
  camera: [tally({ source: 'camera', total: 90, errorPct: 10 })],
  both: [tally({ total: 90 }), tally({ source: 'camera', total: 91, errorPct: 10 })],
  disputed: [tally({ total: 90 }), tally({ source: 'camera', total: 40, errorPct: 5 })],
};

describe("a station's count in the reader's words", () => {
  it('says in English exactly what the server says, from the facts it gives beside its sentences', () => {
    for (const [name, tallies] of Object.entries(CASES)) {
      const { c, f } = facts(tallies);
      expect(countWhy(f, wordsOf('en')), name).toBe(c.why);
      expect(countFlags(f, wordsOf('en')), name).toEqual(c.flags);
    }
  });

  it('says it in Arabic with the numbers and no English left', () => {
    const { f } = facts(CASES.disputed!);
    const why = countWhy(f, wordsOf('ar'));
    expect(why).toContain('يُعتمد عدّ العدّادين (دقيق)، مقدَّمًا على تقدير الكاميرا');
    expect(why).toContain('40');
    expect(why).not.toMatch(/[a-z]{3,}/);
    const [flag] = countFlags(facts(CASES.over!).f, wordsOf('ar'));
    expect(flag).toContain('120');
    expect(flag).not.toMatch(/[a-z]{3,}/);
  });

  it("words the rules' notes on tallies as the server does in English, and in Arabic in the reader's time", () => {
    const cases = [
      [tally({ total: 438 }), tally({ total: 7 })],
      [tally({ scope: 'vehicles', vehicleIds: ['v9', 'v1'], total: 40 })],
      [
        tally({ scope: 'vehicles', vehicleIds: ['v1'], total: 40 }),
        tally({ scope: 'vehicles', vehicleIds: ['v1', 'v2'], total: 70 }),
      ],
    ];
    const utc = (iso: string) => `${iso.slice(11, 16)} UTC`;
    const noted = cases.flatMap((c) => stationCount(c, CONVOY).history.filter((h) => h.note !== null));
    expect(noted.map((h) => h.status).sort()).toEqual(['differs', 'not-on-convoy', 'overlaps']);
    for (const h of noted) {
      expect(tallyNote(h, wordsOf('en'), utc)).toBe(h.note!.replace('vehicle(s)', 'vehicle'));
      expect(tallyNote(h, wordsOf('ar'), utc)).not.toMatch(/[a-z]{3,}/);
    }
  });
});
