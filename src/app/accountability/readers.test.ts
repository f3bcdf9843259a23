import { describe, expect, it } from 'vitest';
import { AccountabilityPolicy } from '../../contracts/events.js';
import { createContext } from '../context.js';
import type { SqlDialect } from '../../store/dialect.js';
import { SCENARIOS } from '../../../scenarios/index.js';
import { DIALECTS, freshStore } from '../../../test/stores.js';
import { compareReaders } from './readers.js';
import { SIMULATION_OPERATION, simulateInProcess } from './simulation.js';

const START = new Date('2016-12-15T06:00:00.000Z');
const SYSTEM = { actor: 'system:test', role: 'system', organisationId: null, operationId: null } as const;

/**
 * The simulated operation with every kind of noise a count can have (tallies vehicle by vehicle,
 * corrections, voids, records uploaded twice or late) read by every reader: the board, the situation
 * report now and replayed, the movements export and each convoy's page. They must agree to the person.
 * `npm run bench:detection` does the same over 20 seeds.
 */
describe('every reader of the counts', () => {
  // Two seeds on SQLite, one on PostgreSQL (the rows the report reads come from either).
  const runs: [SqlDialect, number][] = DIALECTS.flatMap((dialect): [SqlDialect, number][] =>
    dialect === 'sqlite'
      ? [
          [dialect, 3],
          [dialect, 11],
        ]
      : [[dialect, 5]],
  );
  it.each(runs)('gives the same numbers on %s, simulation seed %i', async (dialect, seed) => {
    const t = await freshStore(dialect);
    try {
      const run = await simulateInProcess({
        scenario: SCENARIOS['aleppo-2016']!.events(),
        store: t.store,
        seed,
        faults: 18,
        people: 4000,
        start: START,
        policy: AccountabilityPolicy.parse({}),
      });
      const kinds = new Set(run.injected.map((f) => f.kind));
      for (const kind of ['partial', 'corrected', 'voided', 'duplicate', 'late'])
        expect(kinds).toContain(kind);
      // After the last upload (a late one may come hours after the last convoy arrived).
      const end = Math.max(run.plan.endsAt, run.plan.uploads.at(-1)!.uploadAt) + 3_600_000;
      const ctx = createContext(t.store, () => new Date(end), { accountability: true });
      const readers = await compareReaders(ctx, SYSTEM, SIMULATION_OPERATION);
      expect(readers.differences).toEqual([]);
      expect(readers.corridors).toBeGreaterThan(0);
      expect(readers.convoys).toBe(run.plan.convoys.length);
      expect(run.detection.recall).toBe(1);
    } finally {
      await t.cleanup();
    }
  });
});
