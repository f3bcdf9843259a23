import type { HAZARD_STATUSES } from '../../contracts/vocabulary.js';

type HazardStatus = (typeof HAZARD_STATUSES)[number];

/**
 * The moves the console offers, as the server allows them (web/ may not import domain/, so the tables
 * are here; test/console-rules.test.ts holds them to the domain's rules).
 */

/** Land release: a suspected area is confirmed, released or cancelled; a confirmed one cleared (its clearance done and signed off), released or cancelled. */
export const HAZARD_NEXT: Record<string, HazardStatus[]> = {
  suspected: ['confirmed', 'released', 'cancelled'],
  confirmed: ['cleared', 'released', 'cancelled'],
};

/** Reported, then verified or not; an unverified report may be verified later; closed is final. */
export const INCIDENT_NEXT: Record<string, ('reported' | 'verified' | 'unverified' | 'closed')[]> = {
  reported: ['verified', 'unverified', 'closed'],
  verified: ['closed'],
  unverified: ['verified', 'closed'],
  closed: [],
};

/** A convoy moves on one status at a time. */
export const CONVOY_NEXT: Record<string, string> = {
  planned: 'boarding',
  boarding: 'departed',
  departed: 'arrived',
};

/**
 * The vehicles held by a convoy: a convoy holds its vehicles from when it is planned until it arrives
 * (the server plans and adopts with the others only: store/queries.ts, vehiclesOnActiveConvoys).
 */
export function vehiclesHeld(convoys: readonly { status: string; vehicleIds?: string[] }[]): Set<string> {
  return new Set(convoys.filter((c) => c.status !== 'arrived').flatMap((c) => c.vehicleIds ?? []));
}
