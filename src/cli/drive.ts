import { AccountabilityPolicy } from '../contracts/events.js';
import type { Position } from '../domain/geo.js';
import { planSimulation } from '../sim/simulate.js';
import type { Topology } from '../sim/topology.js';

export interface DriveOptions {
  target: string;
  token: string;
  seed: number;
  faults: number;
  people: number;
  speed: number;
  /** Stop early (the server is shutting down). */
  signal?: AbortSignal;
  log?: (line: string) => void;
}

type Item = Record<string, unknown>;

type Call = (method: string, path: string, body?: unknown) => Promise<Item>;

/** A JSON call to the server's API with the token; anything but 2xx is an error naming the call. */
function apiCaller(options: DriveOptions): Call {
  const base = options.target.replace(/\/$/, '');
  return async (method, path, body) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const json = (await res.json()) as Item;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  };
}

/**
 * The simulator's topology from the operation's records: its open corridors with their checkpoints,
 * its vehicles not on a convoy yet, its reception points; and the numbers of its convoys so far.
 */
async function readTopology(
  call: Call,
  op: string,
): Promise<{ topology: Topology; convoyNumbers: number[] }> {
  const list = async (name: string) =>
    ((await call('GET', `/operations/${op}/${name}?limit=5000`)).items as Item[]) ?? [];
  const [corridors, checkpoints, vehicles, receptionPoints, organisations, convoys] = await Promise.all(
    ['corridors', 'checkpoints', 'vehicles', 'reception-points', 'organisations', 'convoys'].map((n) =>
      list(n),
    ),
  );
  // Vehicles still on a convoy of an earlier run (one interrupted by a restart) stay out of this one.
  // A list of convoys leaves out their vehicles: each unfinished convoy is read on its own.
  const busy = new Set<string>();
  for (const c of convoys!.filter((c) => c.status !== 'arrived')) {
    const convoy = await call('GET', `/operations/${op}/convoys/${String(c.id)}`);
    for (const id of (convoy.vehicleIds as string[] | undefined) ?? []) busy.add(id);
  }
  const topology: Topology = {
    organisationId: String(
      organisations!.find((o) => o.role === 'coordinating-body')?.id ?? organisations![0]!.id,
    ),
    corridors: corridors!
      .filter((c) => c.status === 'open')
      .map((c) => ({
        id: String(c.id),
        code: String(c.code),
        route: (c.route as { coordinates: Position[] }).coordinates,
        checkpoints: checkpoints!
          .filter((p) => p.corridorId === c.id)
          .map((p) => ({
            id: String(p.id),
            code: String(p.code),
            kind: p.kind as 'entry' | 'exit' | 'intermediate',
            ordinal: Number(p.ordinal),
            location: (p.location as { coordinates: Position }).coordinates,
          }))
          .sort((a, b) => a.ordinal - b.ordinal),
      })),
    vehicles: vehicles!
      .filter((v) => !busy.has(String(v.id)))
      .map((v) => ({
        id: String(v.id),
        code: String(v.code),
        kind: v.kind as 'bus' | 'ambulance',
        seats: Number(v.seats),
        stretchers: Number(v.stretchers),
        plate: String(v.plate),
      })),
    receptionPoints: receptionPoints!.map((r) => ({
      id: String(r.id),
      code: String(r.code),
      location: (r.location as { coordinates: Position }).coordinates,
    })),
  };
  const convoyNumbers = convoys!.map((c) => Number(/^CVY-(\d+)$/.exec(String(c.code))?.[1] ?? 0));
  return { topology, convoyNumbers };
}

/** Posts the plan's events as their upload times come, in batches; how many were posted. */
async function postUploads(
  call: Call,
  op: string,
  uploads: { uploadAt: number; event: unknown }[],
  signal: AbortSignal | undefined,
): Promise<number> {
  let posted = 0;
  let next = 0;
  while (next < uploads.length && !signal?.aborted) {
    const now = Date.now();
    const batch = [];
    while (next < uploads.length && uploads[next]!.uploadAt <= now && batch.length < 5000)
      batch.push(uploads[next++]!.event);
    if (batch.length > 0) {
      try {
        await call('POST', `/operations/${op}/events`, { events: batch });
      } catch (error) {
        // Stopped while a batch was on its way: the run ends here (that batch is not counted as posted;
        // the server either stored it whole or not at all).
        if (signal?.aborted) break;
        throw error;
      }
      posted += batch.length;
    } else await new Promise((r) => setTimeout(r, Math.min(1000, uploads[next]!.uploadAt - now)));
  }
  return posted;
}

/**
 * Drive a running server over HTTP like a real operation, `speed` times faster than real time: the
 * simulator's convoys, counts and positions are posted to the token's operation as they happen, with
 * the events' times compressed accordingly. The operation's thresholds must be scaled to match (the
 * demo's simulation operation is).
 */
export async function driveServer(options: DriveOptions): Promise<{ posted: number; convoys: number }> {
  const log = options.log ?? ((line: string) => console.error(line));
  const call = apiCaller(options);
  const operations = (await call('GET', '/operations')).items as Item[];
  const op = String(operations[0]!.id);
  const { topology, convoyNumbers } = await readTopology(call, op);
  if (topology.corridors.length === 0) throw new Error(`operation ${op} has no open corridor to drive`);
  const start = new Date();
  const plan = planSimulation(topology, {
    seed: options.seed,
    start,
    people: options.people,
    faults: options.faults,
    policy: AccountabilityPolicy.parse({}),
    timeScale: 1 / options.speed,
    firstConvoyNumber: Math.max(0, ...convoyNumbers) + 1,
  });
  log(
    `simulation: driving ${op} at ${options.speed}x: ${plan.convoys.length} convoys, ${plan.uploads.length} events, ${plan.faults.length} faults`,
  );
  const posted = await postUploads(call, op, plan.uploads, options.signal);
  log(`simulation: posted ${posted} events for ${plan.convoys.length} convoys`);
  return { posted, convoys: plan.convoys.length };
}
