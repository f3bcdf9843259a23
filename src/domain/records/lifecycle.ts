import type { CONVOY_STATUSES, CORRIDOR_STATUSES } from '../../contracts/events.js';

export type CorridorStatus = (typeof CORRIDOR_STATUSES)[number];
export type ConvoyStatus = (typeof CONVOY_STATUSES)[number];

// A closed corridor stays closed: reopening a route is a new corridor with its own checks. The gates
// each status needs are in gates.ts.
const CORRIDOR_TRANSITIONS: Record<CorridorStatus, readonly CorridorStatus[]> = {
  planned: ['notified', 'closed'],
  notified: ['ready', 'closed'],
  ready: ['open', 'closed'],
  open: ['suspended', 'closed'],
  suspended: ['open', 'closed'],
  closed: [],
};

const CONVOY_TRANSITIONS: Record<ConvoyStatus, readonly ConvoyStatus[]> = {
  planned: ['boarding'],
  boarding: ['departed'],
  departed: ['arrived'],
  arrived: [],
};

export function canChangeCorridorStatus(from: CorridorStatus, to: CorridorStatus): boolean {
  return CORRIDOR_TRANSITIONS[from].includes(to);
}

export function canChangeConvoyStatus(from: ConvoyStatus, to: ConvoyStatus): boolean {
  return CONVOY_TRANSITIONS[from].includes(to);
}

export function corridorTransitions(from: CorridorStatus): readonly CorridorStatus[] {
  return CORRIDOR_TRANSITIONS[from];
}

export function convoyTransitions(from: ConvoyStatus): readonly ConvoyStatus[] {
  return CONVOY_TRANSITIONS[from];
}

/**
 * When an operation began: its first stage's start, or when it was created if that is sooner (an
 * operation of long ago is entered after the fact, with stages of its own time).
 */
export function operationBegan(operation: { created_at: string; stages: string }): string {
  const stages = JSON.parse(operation.stages) as { start: string }[];
  return [operation.created_at, ...stages.map((s) => s.start)].sort()[0]!;
}
