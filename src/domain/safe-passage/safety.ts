import type { EventPayload } from '../../contracts/events.js';
import { alongRoute, type Position } from '../geo.js';
import { DEFAULT_SAFE_PASSAGE, type SafePassage } from './gates.js';
import { blockedSegments, hazardIsActive, routeMeetsArea, type AreaLike } from './hazards.js';
import { standsIn, type ProjectableEvent } from '../projection.js';
import type { Condition, Corridor } from '../accountability/model.js';

/**
 * What the safety rules know: incidents, hazard areas, agreed pause windows (folded into the windows
 * of the corridors they cover, so the window rules warn about them too), and the corridors adopted
 * plans use. The conditions below raise an alert when a critical incident is near a corridor that is
 * open (or was suspended for it), and when a hazard blocks a route in use, offering a re-plan.
 */

interface Incident {
  id: string;
  code: string;
  type: string;
  severity: string;
  status: string;
  location: Position;
  at: string;
  versions?: Record<string, string>;
}

interface Hazard {
  hazardId: string;
  code: string;
  type: string;
  status: string;
  area: AreaLike;
  at: string;
  versions?: Record<string, string>;
}

interface PauseWindow {
  start: string;
  end: string;
  area?: AreaLike;
  corridorIds: string[];
  cancelled: boolean;
}

/** Corridors whose routes are in use: notified or further along, and not closed. */
const IN_USE = new Set(['notified', 'ready', 'open', 'suspended']);

export class SafetyState {
  policy: SafePassage = DEFAULT_SAFE_PASSAGE;
  readonly incidents = new Map<string, Incident>();
  readonly hazards = new Map<string, Hazard>();
  private readonly windows = new Map<string, PauseWindow>();
  private readonly planCorridors = new Map<string, string[]>();
  /** Corridors an adopted plan sends vehicles along. */
  readonly planned = new Set<string>();

  fold(event: ProjectableEvent, corridors: ReadonlyMap<string, Corridor>): void {
    switch (event.type) {
      case 'IncidentReported': {
        const p = event.payload;
        this.incidents.set(p.incidentId, {
          id: p.incidentId,
          code: p.code,
          type: p.type,
          severity: p.severity,
          status: 'reported',
          location: p.location.coordinates,
          at: event.occurredAt,
        });
        break;
      }
      case 'IncidentStatusChanged': {
        const incident = this.incidents.get(event.payload.incidentId);
        if (incident && standsIn(incident, 'status', event)) incident.status = event.payload.status;
        break;
      }
      case 'HazardReported': {
        const p = event.payload;
        this.hazards.set(p.hazardId, {
          hazardId: p.hazardId,
          code: p.code,
          type: p.type,
          status: p.status,
          area: p.area,
          at: event.occurredAt,
        });
        break;
      }
      case 'HazardStatusChanged': {
        const hazard = this.hazards.get(event.payload.hazardId);
        if (hazard && standsIn(hazard, 'status', event)) hazard.status = event.payload.status;
        break;
      }
      case 'PauseWindowAgreed': {
        const p = event.payload;
        this.windows.set(p.windowId, {
          start: p.start,
          end: p.end,
          ...(p.area ? { area: p.area } : {}),
          corridorIds: p.corridorIds,
          cancelled: false,
        });
        for (const c of corridors.values()) this.refreshWindows(c);
        break;
      }
      case 'PauseWindowCancelled': {
        const w = this.windows.get(event.payload.windowId);
        if (w) w.cancelled = true;
        for (const c of corridors.values()) this.refreshWindows(c);
        break;
      }
      case 'PlanProposed':
        this.planCorridors.set(
          event.payload.planId,
          (event.payload.corridorsUsed ?? []).map((c) => c.corridorId),
        );
        break;
      case 'PlanAdopted':
        for (const id of this.planCorridors.get(event.payload.planId) ?? []) this.planned.add(id);
        this.planCorridors.clear();
        break;
      default:
        break;
    }
  }

  private refreshWindows(corridor: Corridor): void {
    const pauses = [...this.windows.values()].filter(
      (w) =>
        !w.cancelled &&
        (w.corridorIds.includes(corridor.id) ||
          (w.area !== undefined && routeMeetsArea(corridor.route.coordinates, w.area))),
    );
    corridor.windows = union([
      ...corridor.ownWindows,
      ...pauses.map((w) => ({ start: w.start, end: w.end })),
    ]);
  }

  /** Open corridors within the policy's distance of a critical incident, nearest first. */
  corridorsNear(incident: EventPayload<'IncidentReported'>, corridors: Iterable<Corridor>): Corridor[] {
    return [...corridors]
      .map((c) => ({ c, d: distanceM(c, incident.location.coordinates) }))
      .filter(({ d }) => d <= this.policy.incidentRadiusM)
      .sort((a, b) => a.d - b.d)
      .map(({ c }) => c);
  }

  conditions(corridor: Corridor): Condition[] {
    const out: Condition[] = [];
    if (corridor.status === 'open' || corridor.status === 'suspended')
      for (const i of this.incidents.values()) {
        if (i.severity !== 'critical' || i.status === 'closed') continue;
        const d = Math.round(distanceM(corridor, i.location));
        if (d > this.policy.incidentRadiusM) continue;
        out.push({
          key: `incident-near-corridor:${i.id}:${corridor.id}`,
          kind: 'incident-near-corridor',
          severity: 'critical',
          reason: () =>
            `${i.code} (${i.type.replace('-', ' ')}, critical) ${d} m from the route of ${corridor.code}, which is ${corridor.status}: ${corridor.status === 'suspended' ? 'it reopens only once the incident is closed (or by an override)' : 'suspend it or record why it stays open'}`,
          numbers: { distanceM: d },
          since: i.at,
        });
      }
    if (IN_USE.has(corridor.status) || this.planned.has(corridor.id)) {
      const hazards = [...this.hazards.values()].filter((h) => hazardIsActive(h.status));
      const seen = new Set<string>();
      for (const b of blockedSegments(corridor.route.coordinates, hazards)) {
        if (seen.has(b.hazardId)) continue;
        seen.add(b.hazardId);
        const h = this.hazards.get(b.hazardId)!;
        out.push({
          key: `hazard-on-route:${h.hazardId}:${corridor.id}`,
          kind: 'hazard-on-route',
          severity: corridor.status === 'open' ? 'critical' : 'warning',
          reason: () =>
            `${h.code} (${h.type.replace('-', ' ')}, ${h.status}) blocks segment ${b.segment} of ${corridor.code} (${corridor.status}${this.planned.has(corridor.id) ? ', in the adopted plan' : ''}): plan again around it (POST .../plans) or clear it`,
          numbers: { segment: b.segment },
          since: h.at,
        });
      }
    }
    return out;
  }
}

/** Overlapping windows as one: movement is agreed from the first start to the last end of each run. */
function union(windows: { start: string; end: string }[]): { start: string; end: string }[] {
  const out: { start: string; end: string }[] = [];
  for (const w of [...windows].sort((a, b) => (a.start < b.start ? -1 : 1))) {
    const last = out.at(-1);
    if (last && w.start <= last.end) {
      if (w.end > last.end) last.end = w.end;
    } else out.push({ ...w });
  }
  return out;
}

function distanceM(corridor: Corridor, at: Position): number {
  return alongRoute(corridor.route, at).offKm * 1000;
}
