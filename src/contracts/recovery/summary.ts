/**
 * Recovery of one area as `GET .../recovery` answers it and the situation report holds it (made in
 * src/domain/recovery/summary.ts): the console reads the same shape.
 */
export interface ServiceObservation {
  status: string;
  at: string;
  source: string;
  facilities: number | null;
}

export interface AreaRecovery {
  areaId: string;
  code: string;
  name: string;
  /** The area's name in Arabic, where the data has it. */
  nameAr: string | null;
  returns: {
    total: number;
    byCategory: Record<string, number>;
    from: Record<string, number>;
    records: number;
  };
  /** The latest status of each service, and how many observations there are of it. */
  services: Record<string, ServiceObservation & { observations: number }>;
  access: (ServiceObservation & { reason: string | null }) | null;
  aid: {
    deliveries: number;
    bySector: Record<string, { deliveries: number; quantities: Record<string, number> }>;
  };
}
