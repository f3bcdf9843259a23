import { z } from 'zod';
import { Code, Count, Name, Point, Text, Uuid } from '../common.js';
import { PlanAdoptedPayload, PlanProposedPayload } from './plans.js';

/** The payloads of the planning events. Each is strict: unknown fields are refused. */
export const PLANNING_PAYLOADS = {
  // Where people wait to be collected; the number still waiting changes, and corrections are new events.
  PickupPointDefined: z.strictObject({
    pickupPointId: Uuid,
    code: Code,
    name: Name,
    location: Point,
    areaId: Uuid.optional(),
    seated: Count,
    stretcher: Count,
    note: Text.optional(),
  }),
  PickupPointUpdated: z.strictObject({
    pickupPointId: Uuid,
    seated: Count,
    stretcher: Count,
    note: Text.optional(),
  }),
  // A plan made by the planner from the operation's state (src/app/planning/planning.ts), and its adoption,
  // which plans the convoys it describes in the same append.
  PlanProposed: PlanProposedPayload,
  PlanAdopted: PlanAdoptedPayload,
} as const;
