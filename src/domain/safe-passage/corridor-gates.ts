import { alongRoute, routeProfile, type Position } from '../geo.js';
import {
  DEFAULT_SAFE_PASSAGE,
  gateConditions,
  type GateCondition,
  type GateFacts,
  type SafePassage,
} from './gates.js';
import { blockedSegments, routeMeetsArea, type AreaLike } from './hazards.js';
import type { CorridorStatus } from '../records/lifecycle.js';
import type { CorridorRow } from '../records/rows.js';
import type { PauseWindowRow } from './rows.js';
import type { OperationView } from '../rule-base.js';

/** What the gates of a corridor look at, read from the operation's state as an append sees it. */
export async function gateFacts(
  view: OperationView,
  corridor: CorridorRow,
  at: string,
  now?: string,
): Promise<GateFacts> {
  const op = view.operationId;
  const corridorId = corridor.id;
  const route = (JSON.parse(corridor.route) as { coordinates: Position[] }).coordinates;
  const policy = await safePassagePolicy(view);

  const hazards = [
    ...(await view.rowsWhere('hazards', { operation_id: op, status: 'suspected' })),
    ...(await view.rowsWhere('hazards', { operation_id: op, status: 'confirmed' })),
  ].map((h) => ({
    hazardId: h.id,
    code: h.code,
    status: h.status,
    area: JSON.parse(h.area) as AreaLike,
  }));

  const notifications = [];
  for (const n of await view.rowsWhere('notifications', { corridor_id: corridorId })) {
    const acknowledged = new Set(
      (await view.rowsWhere('acknowledgements', { notification_id: n.id })).map((a) => a.organisation_id),
    );
    const parties = [];
    for (const id of JSON.parse(n.parties) as string[]) {
      const org = await view.get('organisations', id);
      parties.push({ organisationId: id, name: org ? org.name : id, acknowledged: acknowledged.has(id) });
    }
    notifications.push({
      code: n.code,
      sentAt: n.sent_at,
      window: JSON.parse(n.window) as { start: string; end: string },
      emergency: JSON.parse(n.emergency) === true,
      parties,
    });
  }

  const own = (JSON.parse(corridor.windows) as { start: string; end: string }[]).map((w) => ({
    kind: 'opening',
    ...w,
  }));
  const pauses = (await view.rowsWhere('pause_windows', { operation_id: op, status: 'agreed' }))
    .filter((w) => windowCovers(w, corridorId, route))
    .map((w) => ({ code: w.code, kind: w.kind, start: w.start, end: w.end }));

  const profile = routeProfile(route);
  const incidents = (await view.rowsWhere('incidents', { operation_id: op, severity: 'critical' }))
    .filter((i) => i.status !== 'closed')
    .map((i) => {
      const at = (JSON.parse(i.location) as { coordinates: Position }).coordinates;
      return {
        code: i.code,
        type: i.type,
        status: i.status,
        distanceM: alongRoute(profile, at).offKm * 1000,
      };
    })
    .filter((i) => i.distanceM <= policy.incidentRadiusM);

  return {
    corridor: { code: corridor.code },
    policy,
    at,
    ...(now === undefined ? {} : { now }),
    checkpoints: {
      entry: await view.count('checkpoints', { corridor_id: corridorId, kind: 'entry' }),
      exit: await view.count('checkpoints', { corridor_id: corridorId, kind: 'exit' }),
    },
    blocked: blockedSegments(route, hazards),
    notifications,
    windows: [...own, ...pauses].sort((a, b) => (a.start < b.start ? -1 : 1)),
    incidents,
  };
}

/** The unmet conditions of moving a corridor to `to` at `at`: kinds, numbers and sentences. */
export async function corridorGates(
  view: OperationView,
  corridor: CorridorRow,
  to: CorridorStatus,
  at: string,
  now?: string,
): Promise<GateCondition[]> {
  return gateConditions(to, await gateFacts(view, corridor, at, now));
}

export async function safePassagePolicy(view: OperationView): Promise<SafePassage> {
  const operation = await view.get('operations', view.operationId);
  const stored = operation?.safe_passage;
  return {
    ...DEFAULT_SAFE_PASSAGE,
    ...(stored ? (JSON.parse(stored) as Partial<SafePassage>) : {}),
  };
}

/** A pause window covers a corridor it names, or whose route meets its area. */
export function windowCovers(
  window: Pick<PauseWindowRow, 'corridor_ids' | 'area'>,
  corridorId: string,
  route: readonly Position[],
): boolean {
  if ((JSON.parse(window.corridor_ids) as string[]).includes(corridorId)) return true;
  return window.area !== null && routeMeetsArea(route, JSON.parse(window.area) as AreaLike);
}
