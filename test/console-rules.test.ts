import { describe, expect, it } from 'vitest';
import { CONVOY_STATUSES, HAZARD_STATUSES, INCIDENT_STATUSES } from '../src/contracts/vocabulary.js';
import { convoyTransitions } from '../src/domain/records/lifecycle.js';
import { hazardTransitions } from '../src/domain/safe-passage/hazards.js';
import { incidentTransitions } from '../src/domain/safe-passage/incidents.js';
import { CONVOY_NEXT, HAZARD_NEXT, INCIDENT_NEXT } from '../src/web/console/moves.js';

/**
 * The console offers the moves the server allows and no other: its tables (web/ may not import
 * domain/) are held to the domain's rules here.
 */
describe("the console's moves are the server's", () => {
  it('offers an incident the statuses the rules allow', () => {
    for (const from of INCIDENT_STATUSES)
      expect(INCIDENT_NEXT[from], from).toEqual(incidentTransitions(from));
  });

  it('offers a hazard area the land release steps the rules allow', () => {
    for (const from of HAZARD_STATUSES)
      expect(HAZARD_NEXT[from] ?? [], from).toEqual([...hazardTransitions(from)]);
  });

  it('moves a convoy on to the one status the rules allow next', () => {
    for (const from of CONVOY_STATUSES)
      expect(CONVOY_NEXT[from] === undefined ? [] : [CONVOY_NEXT[from]], from).toEqual([
        ...convoyTransitions(from),
      ]);
  });
});
