import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Plan, Problem } from '../src/contracts/planning/plan.js';
import { corridor } from './cli-in-process.js';
import { ROOT } from './processes.js';

const dir = mkdtempSync(join(tmpdir(), 'corridor-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => join(dir, name);
const read = (name: string) => JSON.parse(readFileSync(file(name), 'utf8')) as unknown;

describe('corridor plan', () => {
  it('generates the other families, and says so when a city is too small for what is asked', async () => {
    const gen = await corridor(
      ['plan', 'generate', '--nodes', '900', '--pickups', '6', '--timed-closures', '20'].concat(
        ['--reception', 'far-and-near', '--closed-share', '0.05', '--ambulances', '0'],
        ['--stretcher-share', '0', '--out', file('family.json')],
      ),
    );
    expect(gen.code).toBe(0);
    const problem = Problem.parse(read('family.json'));
    expect(problem.hazards.filter((h) => h.id.startsWith('HAZ-T'))).toHaveLength(20);
    expect(problem.pickups.every((p) => p.stretcher === 0)).toBe(true);
    const small = await corridor([
      'plan',
      'generate',
      '--nodes',
      '16',
      '--pickups',
      '8',
      '--reception',
      'far-and-near',
    ]);
    expect(small.code).toBe(2);
    expect(small.stderr).toMatch(/too few open nodes for its places: give more --nodes/);
    expect(small.stderr).not.toMatch(/at .*\.ts:/);
    const many = await corridor([
      'plan',
      'generate',
      '--nodes',
      '16',
      '--pickups',
      '1',
      '--timed-closures',
      '200000',
    ]);
    expect(many.code).toBe(2);
  });

  it('generates a city, plans it, and the plan validates; a baseline plan is no better', async () => {
    const gen = await corridor([
      'plan',
      'generate',
      '--nodes',
      '900',
      '--pickups',
      '8',
      '--seed',
      '4',
      '--people',
      '800',
      '--buses',
      '10',
      '--ambulances',
      '8',
      '--out',
      file('city.json'),
    ]);
    expect(gen.code).toBe(0);
    const problem = Problem.parse(read('city.json'));
    expect(problem.pickups).toHaveLength(8);
    expect(problem.pickups.reduce((s, p) => s + p.seated + p.stretcher, 0)).toBe(800);

    const planned = await corridor([
      'plan',
      file('city.json'),
      '--out',
      file('plan.json'),
      '--time-limit',
      '2',
    ]);
    expect(planned.code).toBe(0);
    expect(planned.stderr).toMatch(
      /makespan [\d.]+ min, lower bound [\d.]+ min \(gap [\d.]+%\).*the plan validates/,
    );
    const plan = Plan.parse(read('plan.json'));
    expect(plan.lowerBoundMin).toBeLessThanOrEqual(plan.makespanMin);

    const valid = await corridor(['plan', 'validate', file('city.json'), file('plan.json')]);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toMatch(
      /^valid: \d+ vehicles, \d+ loaded trips, 776 seated and 24 stretcher cases delivered/,
    );

    const baseline = await corridor(['plan', file('city.json'), '--baseline', '--out', file('base.json')]);
    expect(baseline.code).toBe(0);
    expect(Plan.parse(read('base.json')).makespanMin).toBeGreaterThanOrEqual(plan.makespanMin);
  });

  it('validate exits 1 with the reasons for a broken plan, 2 for a file that is not a plan', async () => {
    const plan = Plan.parse(read('plan.json'));
    const leg = plan.vehicles.flatMap((v) => v.legs).find((l) => l.seated > 0)!;
    leg.seated += 1;
    writeFileSync(file('broken.json'), JSON.stringify(plan));
    const broken = await corridor(['plan', 'validate', file('city.json'), file('broken.json')]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/more than the pickup has, moved twice/);

    writeFileSync(file('junk.json'), '{"vehicles": 3}');
    const junk = await corridor(['plan', 'validate', file('city.json'), file('junk.json')]);
    expect(junk.code).toBe(2);
    expect(junk.stderr).toMatch(/is not a valid plan/);
  });

  it('names what cannot be planned, with exit code 2 and no stack trace', async () => {
    const problem = Problem.parse(read('city.json'));
    problem.hazards.push({ id: 'HAZ-BAD', edges: ['no-such-edge'], effect: 'closed' });
    writeFileSync(file('bad.json'), JSON.stringify(problem));
    const r = await corridor(['plan', file('bad.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('corridor: hazard HAZ-BAD names unknown edge no-such-edge\n');
  });

  it('imports an instance of the bus evacuation problem and plans it; a broken one exits 2 with the reason', async () => {
    const instance = resolve(ROOT, 'test/fixtures/bep/yards-2-3-2-3.txt');
    const imported = await corridor(['plan', 'import-bep', instance, '--out', file('bep.json')]);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toBe(
      '3 buses of 2 seats at 2 yards, 10 people at 3 pickup points, 2 shelters; each leg driven direct\n',
    );
    const problem = Problem.parse(read('bep.json'));
    expect(problem.network).toMatchObject({ directLegs: true });
    const planned = await corridor([
      'plan',
      file('bep.json'),
      '--time-limit',
      '3',
      '--out',
      file('bep-plan.json'),
    ]);
    expect(planned.code).toBe(0);
    // How close it comes in 3 s of the machine's time is src/planner/bep.test.ts's (on a budget of work).
    expect(planned.stderr).toMatch(/^makespan \d+\.\d min, .* the plan validates\n$/);
    const legs = Plan.parse(read('bep-plan.json')).vehicles.flatMap((v) => v.legs);
    expect(legs.every((leg) => leg.path.length === 2)).toBe(true);

    writeFileSync(file('broken.txt'), readFileSync(instance, 'utf8').replace('2 2 1', '2 2 2'));
    const broken = await corridor(['plan', 'import-bep', file('broken.txt')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toBe(
      `corridor: ${file('broken.txt')}: the yards hold 4 buses, but the first line says 3\n`,
    );
    expect(broken.stdout).toBe('');
    const nowhere = await corridor(['plan', 'import-bep', instance, '--out', file('no/such/dir/bep.json')]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/^corridor: cannot write .*no\/such\/dir\/bep\.json: ENOENT/);
    expect(nowhere.stderr).not.toMatch(/at .*\.ts:/);
  });

  it('imports an OpenStreetMap extract, and plans a problem that refers to one', async () => {
    const extract = resolve(ROOT, 'test/fixtures/osm/andorra-2013.osm.pbf');
    const imported = await corridor(['network', 'import', extract, '--out', file('andorra.json')]);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toMatch(/^\d+ nodes, \d+ edges from \d+ ways.*OpenStreetMap contributors/);
    const network = read('andorra.json') as {
      attribution: string;
      nodes: { id: string; lon: number; lat: number }[];
      edges: unknown[];
    };
    expect(network.nodes.length).toBeGreaterThan(1000);
    // The ODbL's notice travels with the data made from OpenStreetMap.
    expect(network.attribution).toMatch(/OpenStreetMap contributors.*ODbL 1\.0/);

    // Places by lon/lat, snapped to the nearest road node; the network by reference to the extract.
    const at = (i: number) => ({ lon: network.nodes[i]!.lon, lat: network.nodes[i]!.lat });
    writeFileSync(
      file('andorra-problem.json'),
      JSON.stringify({
        network: { osm: extract },
        vehicleTypes: {
          bus: { seats: 40, stretchers: 0, loadMin: 10, unloadMin: 5 },
          ambulance: { seats: 1, stretchers: 1, loadMin: 5, unloadMin: 5 },
        },
        depots: [{ id: 'D1', ...at(10), vehicles: { bus: 4, ambulance: 2 } }],
        pickups: [
          { id: 'P1', ...at(200), seated: 90, stretcher: 2 },
          { id: 'P2', ...at(900), seated: 50 },
        ],
        destinations: [{ id: 'R1', ...at(1500), seatedCapacity: 500, stretcherCapacity: 10 }],
      }),
    );
    const planned = await corridor([
      'plan',
      file('andorra-problem.json'),
      '--out',
      file('andorra-plan.json'),
      '--time-limit',
      '2',
    ]);
    expect(planned.stderr).toMatch(/the plan validates/);
    expect(planned.code).toBe(0);
  });
});
