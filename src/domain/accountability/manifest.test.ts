import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../contracts/events.js';
import { DomainError } from '../errors.js';
import { checkManifest } from './manifest.js';

const bus = { id: 'bus-1', code: 'VEH-001', seats: 45, stretchers: 0 };
const ambulance = { id: 'amb-1', code: 'VEH-301', seats: 2, stretchers: 2 };
const none = { men: 0, women: 0, boys: 0, girls: 0, elderlyMen: 0, elderlyWomen: 0 };

function manifest(over: Partial<EventPayload<'ManifestRecorded'>> = {}): EventPayload<'ManifestRecorded'> {
  return {
    convoyId: 'c',
    people: { ...none, men: 20, women: 15, boys: 5, girls: 4, elderlyWomen: 2 },
    stretcherCases: 2,
    wounded: 3,
    disabled: 1,
    unaccompaniedChildren: 1,
    separatedChildren: 2,
    ...over,
  };
}

function refusal(fn: () => void): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the manifest was accepted');
}

describe('manifest', () => {
  it('accepts people in seats and stretcher cases on stretchers, with a breakdown that adds up', () => {
    const byVehicle = [
      {
        vehicleId: 'bus-1',
        people: { ...none, men: 20, women: 13, boys: 5, girls: 4, elderlyWomen: 0 },
        stretcherCases: 0,
      },
      { vehicleId: 'amb-1', people: { ...none, women: 2, elderlyWomen: 2 }, stretcherCases: 2 },
    ];
    expect(() => checkManifest('CVY-1', manifest({ byVehicle }), [bus, ambulance])).not.toThrow();
  });

  it('refuses more wounded, disabled or stretcher cases than people', () => {
    expect(refusal(() => checkManifest('CVY-1', manifest({ wounded: 47 }), [])).details).toMatchObject({
      field: 'wounded',
    });
    expect(refusal(() => checkManifest('CVY-1', manifest({ disabled: 47 }), [])).code).toBe('invalid_input');
  });

  it('refuses more unaccompanied and separated children than children', () => {
    const e = refusal(() =>
      checkManifest('CVY-1', manifest({ unaccompaniedChildren: 5, separatedChildren: 5 }), []),
    );
    expect(e.message).toMatch(/only 9 children/);
  });

  it('refuses a convoy over its seats or its stretchers', () => {
    expect(refusal(() => checkManifest('CVY-1', manifest(), [bus])).message).toMatch(
      /2 on stretchers\) in 45 seats and 0 stretchers/,
    );
    const crowded = manifest({
      people: { ...none, men: 50 },
      stretcherCases: 0,
      wounded: 0,
      disabled: 0,
      unaccompaniedChildren: 0,
      separatedChildren: 0,
    });
    expect(refusal(() => checkManifest('CVY-1', crowded, [bus, ambulance])).code).toBe('rule_violated');
  });

  it('refuses a breakdown that names another vehicle, repeats one, overloads one or does not add up', () => {
    const load = (vehicleId: string, men: number, stretcherCases = 0) => ({
      vehicleId,
      people: { ...none, men },
      stretcherCases,
    });
    const m = (byVehicle: ReturnType<typeof load>[], men = 40) =>
      manifest({
        people: { ...none, men },
        stretcherCases: 0,
        wounded: 0,
        disabled: 0,
        unaccompaniedChildren: 0,
        separatedChildren: 0,
        byVehicle,
      });
    expect(refusal(() => checkManifest('CVY-1', m([load('bus-9', 40)]), [bus, ambulance])).message).toMatch(
      /not on convoy/,
    );
    expect(
      refusal(() => checkManifest('CVY-1', m([load('bus-1', 20), load('bus-1', 20)]), [bus, ambulance]))
        .message,
    ).toMatch(/twice/);
    expect(refusal(() => checkManifest('CVY-1', m([load('amb-1', 40)]), [bus, ambulance])).message).toMatch(
      /VEH-301 carries 40/,
    );
    expect(refusal(() => checkManifest('CVY-1', m([load('bus-1', 30)]), [bus, ambulance])).message).toMatch(
      /do not add up to the manifest \(men\)/,
    );
  });
});

describe('what a manifest says people carry', () => {
  const byVehicle = (a: Record<string, number>, b: Record<string, number>) => [
    {
      vehicleId: 'bus-1',
      people: { ...none, men: 20, women: 13, boys: 5, girls: 4, elderlyWomen: 0 },
      stretcherCases: 0,
      carried: a,
    },
    { vehicleId: 'amb-1', people: { ...none, women: 2, elderlyWomen: 2 }, stretcherCases: 2, carried: b },
  ];
  it('accepts the vehicles’ items adding up to the manifest’s, kind by kind', () => {
    expect(() =>
      checkManifest(
        'CVY-1',
        manifest({
          carried: { wheelchairs: 1, oxygen: 2, luggage: 30 },
          byVehicle: byVehicle(
            { luggage: 30, wheelchairs: 0, oxygen: 0 },
            { wheelchairs: 1, oxygen: 2, luggage: 0 },
          ),
        }),
        [bus, ambulance],
      ),
    ).not.toThrow();
  });
  it('refuses items by vehicle that leave a kind out, that only some vehicles give, or without the total', () => {
    const refused = (
      carried: Record<string, number> | undefined,
      a?: Record<string, number>,
      b?: Record<string, number>,
    ) =>
      refusal(() =>
        checkManifest(
          'CVY-1',
          manifest({
            ...(carried ? { carried } : {}),
            byVehicle: byVehicle(a!, b!).map((l) =>
              l.carried === undefined ? (({ carried: _, ...rest }) => rest)(l) : l,
            ),
          }),
          [bus, ambulance],
        ),
      ).message;
    // A kind a vehicle did not count could not be added up: not read as 0.
    expect(refused({ pets: 2, luggage: 3 }, { pets: 2 }, { luggage: 3 })).toMatch(
      /each vehicle counts the manifest's kinds/,
    );
    expect(refused({ pets: 5 }, { pets: 2 }, undefined)).toMatch(/every vehicle or for none/);
    expect(refused(undefined, { pets: 3 }, { pets: 5 })).toMatch(/need the manifest's own carried/);
  });
  it('refuses items by vehicle that do not add up, naming the kinds', () => {
    const error = refusal(() =>
      checkManifest(
        'CVY-1',
        manifest({
          carried: { wheelchairs: 1, oxygen: 2 },
          byVehicle: byVehicle({ wheelchairs: 1, oxygen: 0 }, { oxygen: 1, wheelchairs: 0 }),
        }),
        [bus, ambulance],
      ),
    );
    expect(error.message).toContain('(oxygen)');
  });
});
