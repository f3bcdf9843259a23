import type { EventSubmission } from '../contracts/events.js';
import type { Policy } from '../domain/accountability/engine.js';
import { Simulation } from './convoys.js';
import { planLoads } from './loads.js';
import type { Random } from './random.js';
import type { Topology } from './topology.js';

/**
 * A discrete-event simulation of an evacuation on an operation's topology: convoys board, depart,
 * drive their corridor's route with random speeds and pauses, and are seen by enumerators (exact
 * tallies), cameras (people counts with an error), drones (vehicles) and the vehicles' GPS; some
 * records are uploaded late. Faults are injected with a ground truth. The result is the list of
 * uploads in time order: what would be posted, when, and what happened.
 */

/**
 * Faults that must raise an alert, and noise that must not: a record uploaded twice or late, a camera
 * count at the limit of its error, an enumerator who tallies vehicle by vehicle, one who corrects a
 * tally (the stretcher cases left out), and one who voids a tally entered twice.
 */
export const FAULT_KINDS = [
  'missing',
  'stopped',
  'detached',
  'duplicate',
  'late',
  'overcount',
  'partial',
  'corrected',
  'voided',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
/** The faults that must raise an alert; the others are noise that must not. */
export const ALERTING_FAULTS: readonly FaultKind[] = ['missing', 'stopped', 'detached'];

export interface Fault {
  id: string;
  kind: FaultKind;
  convoy: string;
  /** When it happened (sim time, ISO). */
  at: string;
  /** When the data could first show it: the next passage that reveals it, or the stopped threshold. */
  observableAt: string | null;
}

export interface Upload {
  /** When it reaches the store (sim time, ms). */
  uploadAt: number;
  event: EventSubmission;
}

export interface SimulationOptions {
  seed: number;
  start: Date;
  people: number;
  faults: number;
  policy: Policy;
  /** Sim durations are multiplied by this (1/60 when a server is driven at 60x). */
  timeScale?: number;
  /** Minutes between position reports of each vehicle. */
  positionEveryMinutes?: number;
  firstConvoyNumber?: number;
}

export interface SimulationPlan {
  uploads: Upload[];
  faults: Fault[];
  convoys: { id: string; code: string; people: number }[];
  endsAt: number;
}

export function planSimulation(topology: Topology, options: SimulationOptions): SimulationPlan {
  const sim = new Simulation(topology, options);
  const { loads, perWave } = planLoads(sim.rng, topology, options.people);
  const faultAt = spreadFaults(sim.rng, loads.length, options.faults);
  let endsAt = sim.start;
  loads.forEach((load, i) => {
    endsAt = Math.max(endsAt, sim.convoy(load, i, perWave, faultAt.get(i)));
  });
  sim.uploads.sort((a, b) => a.uploadAt - b.uploadAt);
  return { uploads: sim.uploads, faults: sim.faults, convoys: sim.convoys, endsAt };
}

/** Faults: evenly spread over the convoys, kinds in turn. */
function spreadFaults(rng: Random, convoys: number, faults: number): Map<number, FaultKind> {
  const faultAt = new Map<number, FaultKind>();
  const nFaults = Math.min(faults, convoys);
  const order = rng.shuffle(Array.from({ length: convoys }, (_, i) => i));
  for (let k = 0; k < nFaults; k++)
    faultAt.set(order[Math.floor((k * convoys) / nFaults)]!, FAULT_KINDS[k % FAULT_KINDS.length]!);
  return faultAt;
}
