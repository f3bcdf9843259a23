/** A problem the planner cannot solve as given: the message names the place, pickup or hazard. */
export class PlanningError extends Error {
  override readonly name = 'PlanningError';
}
