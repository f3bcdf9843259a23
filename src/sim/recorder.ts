import type { EventPayloadInput, EventSubmission, EventType } from '../contracts/events.js';
import type { Random } from './random.js';
import type { Upload } from './simulate.js';

const MINUTE = 60_000;

/**
 * Where a simulation's events go: each with an id from the simulation's random numbers, in the order
 * made (`uploads`, sorted by upload time at the end). Durations are sim minutes, scaled.
 */
export class Recorder {
  readonly uploads: Upload[] = [];

  constructor(
    readonly rng: Random,
    readonly scale: number,
  ) {}

  /** Sim minutes in ms. */
  min(m: number): number {
    return m * MINUTE * this.scale;
  }

  id(t: number): string {
    return this.rng.uuidv7(Math.round(t));
  }

  emit<T extends EventType>(
    type: T,
    at: number,
    payload: EventPayloadInput<T>,
    uploadAt = at,
  ): EventSubmission {
    const event = {
      id: this.id(at),
      type,
      schemaVersion: 1,
      occurredAt: new Date(Math.round(at)).toISOString(),
      payload,
    };
    this.uploads.push({ uploadAt: Math.round(uploadAt), event: event as EventSubmission });
    return event as EventSubmission;
  }
}
