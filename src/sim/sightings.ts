import type { PeopleCounts } from '../contracts/common.js';
import type { EventPayloadInput, EventSubmission } from '../contracts/events.js';
import type { Policy } from '../domain/accountability/engine.js';
import { pointAlong, round6, type Position } from '../domain/geo.js';
import { subtractPeople, tolerance, total } from '../domain/accountability/reconcile.js';
import type { Convoy, Loss, NoisyCheckpoints, Station, Way } from './convoys.js';
import type { Recorder } from './recorder.js';

/** A convoy as a station sees it: who is still aboard, and in which vehicles. */
interface Seen {
  readonly s: Station;
  readonly gone: Loss | undefined;
  readonly people: PeopleCounts;
  readonly present: string[];
}

/**
 * What is seen of a convoy on its way: the records of enumerators, cameras and drones at its stations,
 * and its vehicles' GPS positions. A record that shows a loss makes the loss's fault observable.
 */
export class Sightings {
  constructor(
    private readonly rec: Recorder,
    private readonly policy: Policy,
    private readonly plates: ReadonlyMap<string, string>,
  ) {}

  /**
   * What a station records of a convoy: the enumerator's tally (uploaded late under a late fault); at
   * an entry or exit, a camera's count within its error (at the limit under an overcount fault; both
   * uploaded twice under a duplicate fault); at an intermediate checkpoint, a drone's count of
   * vehicles. Records that show a loss make its fault observable.
   */
  passage(c: Convoy, s: Station, loss: Loss | undefined, noisy: NoisyCheckpoints): void {
    const { rec } = this;
    const { rng } = rec;
    const gone = loss && s.t > loss.afterT ? loss : undefined;
    const people = gone ? subtractPeople(c.load.people, gone.people) : c.load.people;
    const present = c.vehicleIds.filter((v) => !(gone?.vehicleId === v));
    const stretcherCases = c.load.stretcherCases - (gone?.stretcherCases ?? 0);
    const place = s.checkpointId
      ? { checkpointId: s.checkpointId }
      : { receptionPointId: s.receptionPointId! };
    const delay = rng.real(0, 1);
    const enumeratorAt = s.t + rec.min(delay);
    const late = s.checkpointId !== undefined && s.checkpointId === noisy.late;
    const here = (kind: keyof NoisyCheckpoints) =>
      s.checkpointId !== undefined && s.checkpointId === noisy[kind];
    const whole = {
      ...place,
      convoyId: c.id,
      source: 'enumerator' as const,
      scope: 'convoy' as const,
      people,
      stretcherCases,
      vehicles: present.length,
    };
    let tally: EventSubmission;
    if (here('partial')) tally = this.byVehicle(whole, present, enumeratorAt);
    else if (here('corrected')) {
      // The first tally leaves the stretcher cases out; the enumerator corrects it a few minutes on.
      const first: Omit<typeof whole, 'stretcherCases'> & { stretcherCases?: number } = { ...whole };
      delete first.stretcherCases;
      const firstId = rec.id(enumeratorAt);
      rec.emit('PassageRecorded', enumeratorAt, { passageId: firstId, ...first });
      const fixAt = enumeratorAt + rec.min(rng.real(1, 10));
      tally = rec.emit('PassageRecorded', fixAt, {
        passageId: rec.id(fixAt),
        ...whole,
        corrects: firstId,
        reason: 'the stretcher cases were left out',
      });
    } else {
      tally = rec.emit(
        'PassageRecorded',
        enumeratorAt,
        { passageId: rec.id(enumeratorAt), ...whole },
        late ? enumeratorAt + rec.min(rng.real(120, 300)) : enumeratorAt,
      );
      if (here('voided')) {
        // Entered twice by mistake (a second id, the same numbers); the extra one is voided.
        const againAt = enumeratorAt + rec.min(rng.real(0.1, 1));
        const extra = rec.id(againAt);
        rec.emit('PassageRecorded', againAt, { passageId: extra, ...whole });
        const voidAt = againAt + rec.min(rng.real(1, 10));
        rec.emit('PassageVoided', voidAt, { passageId: extra, reason: 'entered twice' });
      }
    }
    if (!late) observed(loss, enumeratorAt, gone !== undefined);
    if (s.checkpointId && (s.kind === 'entry' || s.kind === 'exit')) {
      const camera = this.camera(s.checkpointId, { s, gone, people, present }, loss, noisy);
      if (s.checkpointId === noisy.duplicate) {
        rec.uploads.push({ uploadAt: Math.round(camera.at + rec.min(rng.real(1, 10))), event: camera.event });
        rec.uploads.push({ uploadAt: Math.round(enumeratorAt + rec.min(rng.real(1, 10))), event: tally });
      }
    }
    if (s.kind === 'intermediate') {
      const droneAt = s.t + rec.min(rng.real(0, 2));
      rec.emit('PassageRecorded', droneAt, {
        passageId: rec.id(droneAt),
        checkpointId: s.checkpointId!,
        convoyId: c.id,
        source: 'drone',
        scope: 'convoy',
        vehicles: present.length,
        deviceId: 'DRONE-1',
      });
      observed(loss, droneAt, gone?.vehicleId !== undefined);
    }
  }

  /**
   * The enumerator tallies vehicle by vehicle (one tally each, a minute or so apart): the people
   * shared out among the vehicles still present, the stretcher cases on the first. Returns the last.
   */
  private byVehicle(
    whole: Omit<EventPayloadInput<'PassageRecorded'>, 'passageId'> & {
      people: PeopleCounts;
      stretcherCases: number;
    },
    present: readonly string[],
    at: number,
  ): EventSubmission {
    const { rec } = this;
    const rest = { ...whole };
    delete rest.vehicles;
    let last: EventSubmission | undefined;
    present.forEach((v, k) => {
      const share = {} as PeopleCounts;
      for (const [cat, n] of Object.entries(whole.people) as [keyof PeopleCounts, number][])
        share[cat] = Math.floor(n / present.length) + (k < n % present.length ? 1 : 0);
      const t = at + rec.min(k * 0.5);
      last = rec.emit('PassageRecorded', t, {
        passageId: rec.id(t),
        ...rest,
        scope: 'vehicles',
        vehicleIds: [v],
        people: share,
        stretcherCases: k === 0 ? whole.stretcherCases : 0,
      });
    });
    return last!;
  }

  /** A camera's count at an entry or exit checkpoint: people within its error, and the plates. */
  private camera(
    checkpointId: string,
    { s, gone, people, present }: Seen,
    loss: Loss | undefined,
    noisy: NoisyCheckpoints,
  ): { at: number; event: EventSubmission } {
    const { rec, policy } = this;
    const { rng } = rec;
    const n = total(people);
    // What the rules allow a camera: its noise stays inside; an overcount fault sits at the limit.
    const allowed = tolerance({ total: n, errorPct: policy.cameraErrorPct }, n);
    const noise = Math.floor((n * policy.cameraErrorPct) / 100);
    const counted = checkpointId === noisy.overcount ? n + allowed : n + rng.int(-noise, noise);
    const cameraAt = s.t + rec.min(rng.real(0, 0.5));
    const event = rec.emit('PassageRecorded', cameraAt, {
      passageId: rec.id(cameraAt),
      checkpointId,
      source: 'camera',
      scope: 'convoy',
      peopleTotal: Math.max(0, counted),
      plates: present.map((v) => this.plates.get(v)!),
      deviceId: `CAM-${checkpointId.slice(-6)}`,
    });
    observed(
      loss,
      cameraAt,
      gone !== undefined && (gone.vehicleId !== undefined || total(gone.people) > 2 * allowed),
    );
    return { at: cameraAt, event };
  }

  /** GPS: every vehicle reports its position every few minutes while in transit. */
  positions(c: Convoy, way: Way, loss: Loss | undefined, everyMinutes: number): void {
    const { rec } = this;
    const every = rec.min(everyMinutes);
    const { drive } = way;
    c.vehicleIds.forEach((v, k) => {
      for (let time = c.departure + every * ((k % 5) / 5 + 0.2); time < drive.end; time += every) {
        if (loss?.vehicleId === v && time > loss.afterT) break;
        const location = locationAt(c, way, drive.kmAt(time));
        rec.emit('PassageRecorded', time, {
          passageId: rec.id(time),
          convoyId: c.id,
          source: 'position',
          scope: 'convoy',
          vehicleIds: [v],
          location: { type: 'Point', coordinates: location },
          deviceId: `GPS-${this.plates.get(v)!}`,
        });
      }
    });
  }
}

/** Where a convoy is `k` km along its way: on its route, then straight on to the reception point. */
function locationAt(c: Convoy, { extraKm }: Way, k: number): Position {
  if (k <= c.route.lengthKm) return pointAlong(c.route, k);
  const f = (k - c.route.lengthKm) / Math.max(extraKm, 1e-9);
  const { end, rp } = c;
  return [round6(end[0] + (rp.location[0] - end[0]) * f), round6(end[1] + (rp.location[1] - end[1]) * f)];
}

/** A record at `time` that reveals the loss makes its fault observable then, if not earlier. */
function observed(loss: Loss | undefined, time: number, revealing: boolean): void {
  if (!loss || !revealing || time <= Date.parse(loss.fault.at)) return;
  const iso = new Date(time).toISOString();
  if (loss.fault.observableAt === null || iso < loss.fault.observableAt) loss.fault.observableAt = iso;
}
