import type { AreaRow, OrganisationRow } from '../records/rows.js';
import type { AreaRecovery } from '../../contracts/recovery/summary.js';
import type { AccessStatusRow, AidDeliveryRow, ReturnRow, ServiceStatusRow } from './rows.js';

export type { AreaRecovery };

export interface RecoveryRows {
  areas: readonly AreaRow[];
  organisations: readonly OrganisationRow[];
  returns: readonly ReturnRow[];
  serviceStatuses: readonly ServiceStatusRow[];
  accessStatuses: readonly AccessStatusRow[];
  aidDeliveries: readonly AidDeliveryRow[];
}

/** Recovery per area: every area with at least one record, in code order. */
export function recoveryByArea(rows: RecoveryRows): AreaRecovery[] {
  const area = new Map(rows.areas.map((a) => [a.id, a]));
  const org = new Map(rows.organisations.map((o) => [o.id, o.code]));
  const out = new Map<string, AreaRecovery>();
  const of = (areaId: string): AreaRecovery => {
    let r = out.get(areaId);
    if (!r) {
      const a = area.get(areaId);
      r = {
        areaId,
        code: a?.code ?? areaId,
        name: a?.name_en ?? areaId,
        nameAr: a?.name_ar ?? null,
        returns: { total: 0, byCategory: {}, from: {}, records: 0 },
        services: {},
        access: null,
        aid: { deliveries: 0, bySector: {} },
      };
      out.set(areaId, r);
    }
    return r;
  };
  for (const row of rows.returns) {
    const r = of(row.area_id).returns;
    const people = JSON.parse(row.people) as Record<string, number>;
    let n = 0;
    for (const [k, v] of Object.entries(people)) {
      r.byCategory[k] = (r.byCategory[k] ?? 0) + v;
      n += v;
    }
    r.total += n;
    r.records++;
    const from =
      row.from_area_id !== null
        ? (area.get(row.from_area_id)?.code ?? row.from_area_id)
        : (row.from_place ?? 'not recorded');
    r.from[from] = (r.from[from] ?? 0) + n;
  }
  for (const row of [...rows.serviceStatuses].sort(byTime)) {
    const s = of(row.area_id).services;
    const key = row.service;
    s[key] = {
      status: row.status,
      at: row.observed_at,
      source: org.get(row.source_organisation_id) ?? row.source_organisation_id,
      facilities: row.facilities === null ? null : row.facilities,
      observations: (s[key]?.observations ?? 0) + 1,
    };
  }
  for (const row of [...rows.accessStatuses].sort(byTime))
    of(row.area_id).access = {
      status: row.status,
      at: row.observed_at,
      source: org.get(row.source_organisation_id) ?? row.source_organisation_id,
      facilities: null,
      reason: row.reason === null ? null : row.reason,
    };
  for (const row of rows.aidDeliveries) {
    const a = of(row.area_id).aid;
    a.deliveries++;
    const sector = (a.bySector[row.sector] ??= { deliveries: 0, quantities: {} });
    sector.deliveries++;
    const key = `${row.item} (${row.unit})`;
    sector.quantities[key] = (sector.quantities[key] ?? 0) + row.quantity;
  }
  return [...out.values()].sort((a, b) => a.code.localeCompare(b.code));
}

const byTime = (a: { observed_at: string; id: string }, b: { observed_at: string; id: string }) =>
  a.observed_at.localeCompare(b.observed_at) || a.id.localeCompare(b.id);
