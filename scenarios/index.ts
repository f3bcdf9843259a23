import type { EventSubmission } from '../src/contracts/events.js';
import { aleppo2016Events, OPERATION_ID as ALEPPO } from './aleppo-2016/scenario.js';

export interface Scenario {
  operationId: string;
  events: () => EventSubmission[];
}

/** The scenarios Corridor ships, by name. */
export const SCENARIOS: Record<string, Scenario> = {
  'aleppo-2016': { operationId: ALEPPO, events: aleppo2016Events },
};
