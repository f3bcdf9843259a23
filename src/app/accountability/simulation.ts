import type { EventSubmission, StoredEvent } from '../../contracts/events.js';
import type { Policy } from '../../domain/accountability/engine.js';
import { planSimulation, type Fault, type SimulationPlan } from '../../sim/simulate.js';
import { score, type Detection, type RaisedAlert } from '../../sim/score.js';
import { simulationSetup } from '../../sim/topology.js';
import { Random } from '../../sim/random.js';
import type { Store } from '../../store/store.js';
import { tickAccountability } from '../log/derived-events.js';
import { recordChanges } from '../log/record-changes.js';
import { createContext, type AppContext } from '../context.js';
import { findOperation } from '../../store/queries.js';
import { AccountabilityPolicy } from '../../contracts/events.js';
import { loadScenarioEvents } from '../records/load-scenario.js';
import type { Caller } from '../access/permissions.js';

export interface InProcessOptions {
  scenario: readonly EventSubmission[];
  /** A fresh store, that the simulation fills; the caller opens and closes it. */
  store: Store;
  seed: number;
  faults: number;
  people: number;
  start: Date;
  policy: Policy;
  /** Off: the same ingest without the accountability rules (the benchmark's baseline). */
  rules?: boolean;
  stepSeconds?: number;
}

export interface InProcessResult extends Detection {
  injected: Fault[];
  plan: SimulationPlan;
  events: number;
  wallSeconds: number;
}

export const SIMULATION_OPERATION = 'simulation';

/**
 * Simulate an operation on a scenario's topology on a fresh store, in this process and on the
 * simulation's own clock: every upload goes through `recordChanges` when its time comes, and the
 * time-based rules tick every `stepSeconds` of simulated time.
 */
export async function simulateInProcess(options: InProcessOptions): Promise<InProcessResult> {
  const rng = new Random(options.seed ^ 0x5eed);
  const { events: setup, topology } = simulationSetup(options.scenario, {
    name: `Simulation, seed ${options.seed}`,
    start: options.start,
    windowHours: 18,
    policy: options.policy,
    idOf: () => rng.uuidv7(options.start.getTime() - 4 * 3_600_000),
  });
  const plan = planSimulation(topology, {
    seed: options.seed,
    start: options.start,
    people: options.people,
    faults: options.faults,
    policy: options.policy,
  });
  let now = options.start.getTime();
  const ctx = createContext(options.store, () => new Date(now), { accountability: options.rules !== false });
  await loadScenarioEvents(ctx, SIMULATION_OPERATION, setup);
  const caller: Caller = {
    actor: `simulator:${options.seed}`,
    role: 'coordinator',
    organisationId: topology.organisationId,
    operationId: SIMULATION_OPERATION,
  };
  const raised: StoredEvent[] = [];
  const step = (options.stepSeconds ?? 30) * 1000;
  const started = performance.now();
  let events = 0;
  let next = 0;
  const uploads = plan.uploads;
  for (
    now = uploads[0]?.uploadAt ?? now;
    next < uploads.length || now <= plan.endsAt + 3_600_000;
    now += step
  ) {
    const batch: EventSubmission[] = [];
    while (next < uploads.length && uploads[next]!.uploadAt <= now) batch.push(uploads[next++]!.event);
    for (let i = 0; i < batch.length; i += 5000) {
      const outcome = await recordChanges(ctx, SIMULATION_OPERATION, caller, batch.slice(i, i + 5000), {
        mode: 'live',
      });
      events += outcome.appended + outcome.derived.length;
      raised.push(...outcome.derived);
    }
    const ticked = await tickAccountability(ctx, SIMULATION_OPERATION);
    events += ticked.length;
    raised.push(...ticked);
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const codes = new Map(plan.convoys.map((c) => [c.id, c.code]));
  const alerts: RaisedAlert[] = raised
    .filter((e) => e.type === 'AlertRaised')
    .map((e) => {
      const p = e.payload as { kind: string; convoyId?: string };
      return {
        kind: p.kind,
        convoy: p.convoyId ? (codes.get(p.convoyId) ?? null) : null,
        raisedAt: e.occurredAt,
      };
    });
  return { ...score(plan.faults, alerts), injected: plan.faults, plan, events, wallSeconds };
}

export const DEMO_SIMULATION_OPERATION = 'aleppo-2016-sim';

/**
 * The demo's live simulation: an operation on the scenario's topology whose thresholds are scaled to
 * a simulator driving it `speed` times faster than real time, clearly named as a simulation. Created
 * once; returns its id.
 */
export async function ensureDemoSimulation(
  ctx: AppContext,
  scenario: readonly EventSubmission[],
  speed: number,
): Promise<string> {
  const op = DEMO_SIMULATION_OPERATION;
  if (await findOperation(ctx.store.db, op)) return op;
  const base = AccountabilityPolicy.parse({});
  const rng = new Random(Date.now() & 0x7fffffff);
  const start = ctx.now();
  const { events } = simulationSetup(scenario, {
    name: `SIMULATION (time x${speed}, made-up convoys) on the Aleppo 2016 topology`,
    start,
    windowHours: 24 * 365 * 5,
    policy: {
      ...base,
      speedKmh: base.speedKmh * speed,
      overdueSlackMinutes: base.overdueSlackMinutes / speed,
      stoppedAfterMinutes: base.stoppedAfterMinutes / speed,
      windowWarningMinutes: base.windowWarningMinutes / speed,
    },
    idOf: () => rng.uuidv7(start.getTime() - 4 * 3_600_000),
  });
  await loadScenarioEvents(ctx, op, events);
  return op;
}
