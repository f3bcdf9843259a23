import type { EventPayload } from '../../contracts/events.js';
import { ConflictError, InvalidInputError, RuleViolatedError, said } from '../errors.js';
import { RuleBase } from '../rule-base.js';

/** The rules of planning events against the state they are appended to. */
export class PlanningRules extends RuleBase {
  async PickupPointDefined(p: EventPayload<'PickupPointDefined'>) {
    await this.fresh('pickup_points', p.pickupPointId, p.code);
    await this.optionalRef('areas', p.areaId, 'areaId');
  }

  async PickupPointUpdated(p: EventPayload<'PickupPointUpdated'>) {
    await this.ref('pickup_points', p.pickupPointId, 'pickupPointId');
  }

  async PlanProposed(p: EventPayload<'PlanProposed'>) {
    await this.fresh('plans', p.planId, p.code);
    const places = new Set<string>();
    for (const place of p.places) {
      if (places.has(place.key))
        throw new InvalidInputError(said('place {place} is listed twice', { place: place.key }), {
          field: 'places',
        });
      places.add(place.key);
      if (place.kind === 'pickup-point') await this.ref('pickup_points', place.id ?? '', 'places.id');
      if (place.kind === 'reception-point') await this.ref('reception_points', place.id ?? '', 'places.id');
    }
    const corridors = new Set<string>();
    for (const v of p.vehicles) {
      await this.ref('vehicles', v.vehicleId, 'vehicles.vehicleId');
      if (!places.has(v.depot))
        throw new InvalidInputError(
          said('vehicle {vehicle} starts at {depot}, not a place of the plan', {
            vehicle: v.vehicleId,
            depot: v.depot,
          }),
        );
      for (const leg of v.legs) {
        for (const key of [leg.from, leg.to])
          if (!places.has(key))
            throw new InvalidInputError(
              said('a leg of vehicle {vehicle} names {place}, not a place of the plan', {
                vehicle: v.vehicleId,
                place: key,
              }),
            );
        if (leg.corridorId !== undefined) corridors.add(leg.corridorId);
      }
    }
    for (const c of p.corridorsUsed ?? []) corridors.add(c.corridorId);
    for (const id of corridors) await this.ref('corridors', id, 'corridorId');
  }

  async PlanAdopted(p: EventPayload<'PlanAdopted'>) {
    const plan = await this.ref('plans', p.planId, 'planId');
    if (plan.status !== 'proposed')
      throw new ConflictError(
        said('plan {code} is {status|status}: it can be adopted only once', {
          code: plan.code,
          status: plan.status,
        }),
        { status: plan.status },
      );
    for (const id of p.supersedes) {
      const other = await this.ref('plans', id, 'supersedes');
      if (id === p.planId || other.status !== 'proposed')
        throw new RuleViolatedError(said('plan {code} is not another proposed plan', { code: other.code }), {
          field: 'supersedes',
        });
    }
  }
}
