import { manifestCounts, peopleTotal } from './manifest-counts.js';
import type { ReportRow } from '../reports/report-tables.js';
import type { CheckpointRow } from '../records/rows.js';
import type { CorridorRow } from '../records/rows.js';

export interface MovementDay {
  corridorId: string;
  corridor: string;
  /** UTC date. */
  day: string;
  convoysDeparted: number;
  convoysArrived: number;
  /** People counted at the entry and at the exit checkpoint (enumerator tallies, else cameras). */
  entered: number;
  exited: number;
  /** People on the manifests of the convoys that arrived that day. */
  arrived: number;
}

export interface CorridorMovement {
  corridorId: string;
  corridor: string;
  name: string;
  status: string;
  days: MovementDay[];
  entered: number;
  exited: number;
  /** Counted at the entry of convoys that have not reached the exit. */
  inTransit: number;
  arrived: number;
  /** Everyone who entered is counted out or on a convoy still on the road. */
  accountedFor: boolean;
}

/** The rows movements are made of; of convoys and passages, the columns a report keeps. */
export interface MovementRows {
  corridors: readonly CorridorRow[];
  checkpoints: readonly CheckpointRow[];
  convoys: readonly ReportRow<'convoys'>[];
  passages: readonly ReportRow<'passages'>[];
}

const SOURCE_RANK: Record<string, number> = { enumerator: 0, camera: 1 };

function peopleOf(p: ReportRow<'passages'>): number | undefined {
  if (typeof p.people === 'string') return peopleTotal(p.people);
  return p.people_total === null || p.people_total === undefined ? undefined : p.people_total;
}

/**
 * Movements per corridor and per day from the recorded passages and manifests: one count per convoy
 * and checkpoint (the enumerator's tally if there is one, else the camera's), so that two observers of
 * the same passage are not added together.
 */
export function movementsByCorridor(rows: MovementRows): CorridorMovement[] {
  const kindOf = new Map(rows.checkpoints.map((c) => [c.id, c.kind]));
  // The best count so far at the entry and at the exit, by convoy.
  type Seen = { rank: number; people: number; at: string };
  const best = { entry: new Map<string, Seen>(), exit: new Map<string, Seen>() };
  for (const p of rows.passages) {
    if (p.convoy_id === null || p.checkpoint_id === null) continue;
    const kind = kindOf.get(p.checkpoint_id);
    const rank = SOURCE_RANK[p.source];
    if ((kind !== 'entry' && kind !== 'exit') || rank === undefined) continue;
    const seen = best[kind].get(p.convoy_id);
    if (seen && seen.rank <= rank) continue;
    const people = peopleOf(p);
    if (people === undefined) continue;
    best[kind].set(p.convoy_id, { rank, people, at: p.observed_at });
  }
  const out: CorridorMovement[] = [];
  const convoysOf = new Map<string, ReportRow<'convoys'>[]>();
  for (const c of rows.convoys) {
    const list = convoysOf.get(c.corridor_id);
    if (list) list.push(c);
    else convoysOf.set(c.corridor_id, [c]);
  }
  for (const corridor of [...rows.corridors].sort((a, b) =>
    a.code.localeCompare(b.code, 'en', { numeric: true }),
  )) {
    const days = new Map<string, MovementDay>();
    const day = (at: string) => {
      const d = at.slice(0, 10);
      let m = days.get(d);
      if (!m) {
        m = {
          corridorId: corridor.id,
          corridor: corridor.code,
          day: d,
          convoysDeparted: 0,
          convoysArrived: 0,
          entered: 0,
          exited: 0,
          arrived: 0,
        };
        days.set(d, m);
      }
      return m;
    };
    let inTransit = 0;
    for (const c of convoysOf.get(corridor.id) ?? []) {
      const entry = best.entry.get(c.id);
      const exit = best.exit.get(c.id);
      if (entry) {
        const d = day(entry.at);
        d.entered += entry.people;
        d.convoysDeparted++;
      }
      if (exit) day(exit.at).exited += exit.people;
      if (entry && !exit && c.status !== 'arrived') inTransit += entry.people;
      if (c.status === 'arrived') {
        const d = day(c.status_changed_at);
        d.convoysArrived++;
        d.arrived += manifestCounts(c)?.total ?? 0;
      }
    }
    const list = [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
    const sum = (k: 'entered' | 'exited' | 'arrived') => list.reduce((n, d) => n + d[k], 0);
    out.push({
      corridorId: corridor.id,
      corridor: corridor.code,
      name: corridor.name,
      status: corridor.status,
      days: list,
      entered: sum('entered'),
      exited: sum('exited'),
      inTransit,
      arrived: sum('arrived'),
      accountedFor: sum('entered') === sum('exited') + inTransit,
    });
  }
  return out;
}
