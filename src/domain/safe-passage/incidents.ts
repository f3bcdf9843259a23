import type { INCIDENT_STATUSES } from '../../contracts/events.js';

export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Reported, then verified or not; an unverified report may be verified later; closed is final. */
const INCIDENT_TRANSITIONS: Record<IncidentStatus, readonly IncidentStatus[]> = {
  reported: ['verified', 'unverified', 'closed'],
  verified: ['closed'],
  unverified: ['verified', 'closed'],
  closed: [],
};

export function incidentTransitions(from: IncidentStatus): readonly IncidentStatus[] {
  return INCIDENT_TRANSITIONS[from];
}
