import type { AreaRecovery } from '../../contracts/recovery/summary.js';
import type { Contact } from '../../contracts/records/events.js';
import { localDay } from '../accountability/corridor-accounts.js';
import { operationBegan } from '../records/lifecycle.js';
import { compareCodes } from '../codes.js';
import type { ReportState } from './report-tables.js';
import { byCode, parse, type SitrepContext } from './sitrep-context.js';

// The sections of a situation report about who works on the response: its number, the gaps and
// constraints per cluster, the general coordination, and whom to contact.

/** The IASC cluster each sector of aid belongs to (IASC's names); `other` belongs to none. */
export const IASC_CLUSTERS: Readonly<Record<string, string>> = {
  food: 'Food Security',
  wash: 'Water Sanitation Hygiene',
  health: 'Health',
  shelter: 'Shelter',
  nfi: 'Shelter',
  protection: 'Protection',
  education: 'Education',
  nutrition: 'Nutrition',
  logistics: 'Logistics',
  other: '',
};

/**
 * The services whose status the report follows, with the sectors of aid of the cluster that answers
 * for each. Power is no cluster's: its gaps stand on their own.
 */
const SERVICE_SECTORS: Readonly<Record<string, readonly string[]>> = {
  water: ['wash'],
  health: ['health'],
  bakery: ['food'],
  school: ['education'],
  power: [],
};

export interface ClusterGaps {
  /** The IASC cluster, or null for a service no cluster answers for (power). */
  cluster: string | null;
  service: string;
  /** Areas people returned to where the service is down or partly working, by its latest status. */
  down: { area: string; status: string; source: string; at: string }[];
  /** Areas people returned to where nobody has recorded the service's status. */
  notRecorded: string[];
  /** Areas people returned to where the cluster has delivered nothing (none when it has no sectors). */
  noAid: string[];
}

export interface Constraints {
  /** Areas whose latest access status is restricted or inaccessible, with its source and reason. */
  access: { area: string; status: string; source: string; at: string; reason: string | null }[];
  /** Incidents still open (not resolved or closed). */
  incidents: string[];
  /** Hazards not yet released (not cleared or cancelled). */
  hazards: string[];
}

/** Gaps per service (and the cluster that answers for it) in the areas people returned to. */
export function gapsOf(recovery: readonly AreaRecovery[]): ClusterGaps[] {
  const returned = recovery.filter((r) => r.returns.total > 0);
  return Object.entries(SERVICE_SECTORS).map(([service, sectors]) => {
    const gaps: ClusterGaps = {
      cluster: sectors[0] ? IASC_CLUSTERS[sectors[0]] || null : null,
      service,
      down: [],
      notRecorded: [],
      noAid: [],
    };
    for (const r of returned) {
      const status = r.services[service];
      if (!status) gaps.notRecorded.push(r.code);
      else if (status.status !== 'functional')
        gaps.down.push({ area: r.code, status: status.status, source: status.source, at: status.at });
      if (sectors.length > 0 && !sectors.some((s) => (r.aid.bySector[s]?.deliveries ?? 0) > 0))
        gaps.noAid.push(r.code);
    }
    return gaps;
  });
}

const CLOSED_INCIDENT = new Set(['closed']);
const RELEASED_HAZARD = new Set(['cleared', 'cancelled', 'released']);

export function constraintsOf({ state }: SitrepContext, recovery: readonly AreaRecovery[]): Constraints {
  return {
    access: recovery
      .filter((r) => r.access && r.access.status !== 'accessible')
      .map((r) => ({
        area: r.code,
        status: r.access!.status,
        source: r.access!.source,
        at: r.access!.at,
        reason: r.access!.reason,
      })),
    incidents: state.incidents
      .filter((i) => !CLOSED_INCIDENT.has(i.status))
      .sort(byCode)
      .map((i) => i.code),
    hazards: state.hazards
      .filter((h) => !RELEASED_HAZARD.has(h.status))
      .sort(byCode)
      .map((h) => h.code),
  };
}

export interface Coordination {
  /** The organisations of the operation by role, each role's in code order. */
  roles: { role: string; organisations: { code: string; name: string; nameAr: string | null }[] }[];
  /** Movements notified to the parties, each party with when it acknowledged (null: not yet). */
  notifications: {
    code: string;
    corridor: string | null;
    convoy: string | null;
    sentAt: string;
    parties: { code: string; acknowledgedAt: string | null }[];
  }[];
}

/** Roles in the order of the vocabulary (contracts' ORGANISATION_ROLES): the coordinating body first. */
export const ROLE_ORDER = [
  'coordinating-body',
  'un-agency',
  'red-cross-red-crescent',
  'ngo',
  'authority',
  'party-to-conflict',
  'guarantor',
  'media',
  'other',
];
const roleRank = (role: string) =>
  (ROLE_ORDER.indexOf(role) + ROLE_ORDER.length + 1) % (ROLE_ORDER.length + 1);

export function coordinationOf(ctx: SitrepContext): Coordination {
  const { state } = ctx;
  const roles = new Map<string, Coordination['roles'][number]['organisations']>();
  for (const o of [...state.organisations].sort(byCode)) {
    const list = roles.get(o.role) ?? [];
    list.push({ code: o.code, name: o.name, nameAr: o.name_ar });
    roles.set(o.role, list);
  }
  const convoyCode = new Map(state.convoys.map((c) => [c.id, c.code]));
  const orgCode = (id: string) => ctx.organisations.get(id)?.code ?? id;
  return {
    roles: [...roles]
      .sort(([a], [b]) => roleRank(a) - roleRank(b) || a.localeCompare(b))
      .map(([role, organisations]) => ({ role, organisations })),
    notifications: [...state.notifications].sort(byCode).map((n) => ({
      code: n.code,
      corridor: n.corridor_id ? (ctx.corridorCode.get(n.corridor_id) ?? null) : null,
      convoy: n.convoy_id ? (convoyCode.get(n.convoy_id) ?? null) : null,
      sentAt: n.sent_at,
      parties: parse<string[]>(n.parties).map((party) => {
        const acks = state.acknowledgements
          .filter((a) => a.notification_id === n.id && a.organisation_id === party)
          .map((a) => a.acknowledged_at)
          .sort();
        return { code: orgCode(party), acknowledgedAt: acks[0] ?? null };
      }),
    })),
  };
}

export interface ReportContact {
  organisation: string;
  name: string;
  nameAr: string | null;
  role: string;
  contact: Contact;
}

/** Whom to contact: the organisations that name a focal point, the coordinating body first. */
export function contactsOf({ state }: SitrepContext): ReportContact[] {
  return state.organisations
    .filter((o) => o.contact !== null)
    .sort(
      (a, b) =>
        Number(b.role === 'coordinating-body') - Number(a.role === 'coordinating-body') ||
        compareCodes(a.code, b.code),
    )
    .map((o) => ({
      organisation: o.code,
      name: o.name,
      nameAr: o.name_ar,
      role: o.role,
      contact: parse<Contact>(o.contact!),
    }));
}

/** The columns that say when something was recorded as happening, per table of the report. */
const WHEN: { [T in keyof ReportState]?: readonly string[] } = {
  convoys: ['status_changed_at'],
  passages: ['observed_at'],
  corridors: ['status_changed_at'],
  incidents: ['occurred_at', 'status_changed_at'],
  hazards: ['status_changed_at'],
  pause_windows: ['agreed_at'],
  notifications: ['sent_at'],
  acknowledgements: ['acknowledged_at'],
  returns: ['observed_at'],
  service_statuses: ['observed_at'],
  access_statuses: ['observed_at'],
  aid_deliveries: ['delivered_at'],
  figures: ['as_of'],
};

/**
 * The period a report covers: from the day its operation began (its first stage, or its creation) to
 * the latest thing it holds, or its as-of time if sooner. A report of an operation of long ago, made
 * today, covers the operation, not the years since.
 */
export function periodOf(state: ReportState, asOf: string): { from: string; to: string } {
  const from = operationBegan(state.operations[0]!);
  let latest = from;
  for (const [table, columns] of Object.entries(WHEN))
    for (const row of state[table as keyof ReportState] as unknown as Record<string, unknown>[])
      for (const column of columns) {
        const at = row[column];
        if (typeof at === 'string' && at > latest && at <= asOf) latest = at;
      }
  return { from, to: latest };
}

/**
 * The report's number: the day of the operation its period ends on, in the operation's time zone (1 on
 * the day it began), so that reports of one day share a number and every reader counts the same.
 */
export function reportNumberOf(period: { from: string; to: string }, timezone: string): number {
  const day = (iso: string) => Date.parse(`${localDay(iso, timezone)}T00:00:00Z`);
  return Math.max(1, Math.round((day(period.to) - day(period.from)) / 86_400_000) + 1);
}
