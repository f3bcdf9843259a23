import type { EventPayload } from '../../contracts/events.js';
import { InvalidInputError, RuleViolatedError, said } from '../errors.js';
import type { VehicleRow } from '../records/rows.js';

type Manifest = EventPayload<'ManifestRecorded'>;
type People = Manifest['people'];

export function totalPeople(people: People): number {
  return people.men + people.women + people.boys + people.girls + people.elderlyMen + people.elderlyWomen;
}

/**
 * A manifest must add up: its "of whom" counts cannot exceed the people they are part of, a
 * breakdown by vehicle must name the convoy's own vehicles and sum to the totals, and nobody travels
 * without a seat or, on a stretcher, without a stretcher. `vehicles` are the convoy's (may be none yet).
 */
/** What a manifest is checked against of a vehicle. */
export type VehicleCapacity = Pick<VehicleRow, 'id' | 'code' | 'seats' | 'stretchers'>;

/** `convoy` is the convoy's code, as its refusals name it. */
export function checkManifest(convoy: string, m: Manifest, vehicles: readonly VehicleCapacity[]): void {
  const total = totalPeople(m.people);
  for (const field of ['stretcherCases', 'wounded', 'disabled'] as const) {
    if (m[field] > total)
      throw new InvalidInputError(
        said('{field} ({count}) cannot exceed the {total} people on the manifest', {
          field,
          count: m[field],
          total,
        }),
        { field },
      );
  }
  const children = m.people.boys + m.people.girls;
  if (m.unaccompaniedChildren + m.separatedChildren > children)
    throw new InvalidInputError(
      said(
        '{unaccompanied} unaccompanied and {separated} separated children, but only {children} children on the manifest',
        { unaccompanied: m.unaccompaniedChildren, separated: m.separatedChildren, children },
      ),
      { field: 'unaccompaniedChildren' },
    );
  if (vehicles.length > 0) fits({ convoy }, total, m.stretcherCases, vehicles, { people: m.people });
  if (m.byVehicle === undefined) return;

  const byId = new Map(vehicles.map((v) => [v.id, v]));
  const seen = new Set<string>();
  const sum: People = { men: 0, women: 0, boys: 0, girls: 0, elderlyMen: 0, elderlyWomen: 0 };
  let stretcherCases = 0;
  for (const load of m.byVehicle) {
    const vehicle = byId.get(load.vehicleId);
    if (!vehicle)
      throw new RuleViolatedError(
        said('vehicle {vehicle} is not on convoy {convoy}', { vehicle: load.vehicleId, convoy }),
        { field: 'byVehicle' },
      );
    if (seen.has(load.vehicleId))
      throw new InvalidInputError(said('vehicle {vehicle} is listed twice', { vehicle: vehicle.code }), {
        field: 'byVehicle',
      });
    seen.add(load.vehicleId);
    fits({ vehicle: vehicle.code }, totalPeople(load.people), load.stretcherCases, [vehicle], {
      field: 'byVehicle',
    });
    for (const k of Object.keys(sum) as (keyof People)[]) sum[k] += load.people[k];
    stretcherCases += load.stretcherCases;
  }
  checkCarried(m);
  const differs: string[] = (Object.keys(sum) as (keyof People)[]).filter((k) => sum[k] !== m.people[k]);
  if (differs.length > 0 || stretcherCases !== m.stretcherCases)
    throw new InvalidInputError(
      said("the vehicles' loads do not add up to the manifest ({fields})", {
        fields: differs.concat(stretcherCases !== m.stretcherCases ? ['stretcherCases'] : []).join(', '),
      }),
      {
        field: 'byVehicle',
        byVehicle: { ...sum, stretcherCases },
        manifest: { ...m.people, stretcherCases: m.stretcherCases },
      },
    );
}

/**
 * The items the vehicles carry add up, kind by kind, to the manifest's. Items by vehicle are all or
 * none, each vehicle counting the manifest's kinds (0 where it carries none): a kind a vehicle did not
 * count could not be added up, and items by vehicle without the manifest's total would be counted nowhere.
 */
function checkCarried(m: Manifest): void {
  const loads = m.byVehicle ?? [];
  const counted = loads.filter((l) => l.carried !== undefined);
  if (counted.length === 0) return;
  const kindsOf = (c: object) => Object.keys(c).sort().join(', ');
  if (m.carried === undefined || counted.length < loads.length)
    throw new InvalidInputError(
      m.carried === undefined
        ? said("items by vehicle need the manifest's own carried: their sum, kind by kind")
        : said('items by vehicle are given for every vehicle or for none'),
      { field: 'carried' },
    );
  const kinds = kindsOf(m.carried);
  const other = counted.find((l) => kindsOf(l.carried!) !== kinds);
  if (other)
    throw new InvalidInputError(
      said(
        "each vehicle counts the manifest's kinds of items ({kinds}; 0 where it carries none), not {other}",
        {
          kinds,
          other: kindsOf(other.carried!),
        },
      ),
      { field: 'byVehicle' },
    );
  const off = Object.keys(m.carried).filter((k) => {
    const sum = loads.reduce((n, l) => n + ((l.carried as Record<string, number>)[k] ?? 0), 0);
    return sum !== ((m.carried as Record<string, number>)[k] ?? 0);
  });
  if (off.length > 0)
    throw new InvalidInputError(
      said("the items the vehicles carry do not add up to the manifest's ({kinds})", {
        kinds: off.sort().join(', '),
      }),
      { field: 'carried' },
    );
}

/** What carries them, as a refusal names it: the convoy (see checkManifest), or a vehicle by its code. */
function fits(
  what: { convoy: string } | { vehicle: string },
  people: number,
  stretcherCases: number,
  vehicles: readonly VehicleCapacity[],
  details: object,
): void {
  const seats = vehicles.reduce((n, v) => n + v.seats, 0);
  const stretchers = vehicles.reduce((n, v) => n + v.stretchers, 0);
  const ofConvoy = 'convoy' in what;
  if (people > seats + stretchers || stretcherCases > stretchers)
    throw new RuleViolatedError(
      ofConvoy
        ? said(
            'convoy {convoy} carries {people} people ({stretcherCases} on stretchers) in {seats} seats and {stretchers} stretchers',
            { convoy: what.convoy, people, stretcherCases, seats, stretchers },
          )
        : said(
            '{vehicle} carries {people} people ({stretcherCases} on stretchers) in {seats} seats and {stretchers} stretchers',
            { vehicle: what.vehicle, people, stretcherCases, seats, stretchers },
          ),
      { ...details, people, stretcherCases, seats, stretchers },
    );
}
