import {
  changeVersion,
  statusStands,
  versionTime,
  insert,
  json,
  opt,
  update,
  type Mutation,
  type Projectors,
} from '../projection.js';

/** The row changes of records events. */
export const RECORDS_PROJECTORS: Projectors<
  | 'OperationCreated'
  | 'OrganisationRegistered'
  | 'OrganisationContactChanged'
  | 'AreaRegistered'
  | 'CommandPostEstablished'
  | 'CommandPostWatchAssigned'
  | 'CorridorDeclared'
  | 'CorridorStatusChanged'
  | 'CheckpointEstablished'
  | 'VehicleRegistered'
  | 'ReceptionPointEstablished'
  | 'OperationClosed'
> = {
  OperationCreated: (event) => {
    const op = event.operationId;
    const p = event.payload;
    return [
      insert('operations', {
        id: op,
        name: p.name,
        name_ar: opt(p.nameAr),
        description: p.description,
        timezone: p.timezone,
        stages: json(p.stages),
        age_bands: json(p.ageBands),
        accountability: json(p.accountability),
        safe_passage: json(p.safePassage),
        closed_at: null,
        personal_data_retention_days: null,
        created_at: event.occurredAt,
      }),
    ];
  },
  OrganisationRegistered: (event) => {
    const op = event.operationId;
    const p = event.payload;
    return [
      insert('organisations', {
        id: p.organisationId,
        operation_id: op,
        code: p.code,
        name: p.name,
        name_ar: opt(p.nameAr),
        role: p.role,
        contact: json(p.contact),
      }),
    ];
  },
  OrganisationContactChanged: (event) => [
    update('organisations', event.payload.organisationId, { contact: json(event.payload.contact) }),
  ],
  AreaRegistered: (event) => {
    const op = event.operationId;
    const p = event.payload;
    return [
      insert('areas', {
        id: p.areaId,
        operation_id: op,
        code: p.code,
        pcode: opt(p.pcode),
        kind: p.kind,
        name_en: p.nameEn,
        name_ar: opt(p.nameAr),
        parent_area_id: opt(p.parentAreaId),
        geometry: json(p.geometry),
      }),
    ];
  },
  CommandPostEstablished: (event) => {
    const op = event.operationId;
    const p = event.payload;
    return [
      insert('command_posts', {
        id: p.commandPostId,
        operation_id: op,
        code: p.code,
        name: p.name,
        name_ar: opt(p.nameAr),
        location: json(p.location),
        organisation_id: opt(p.organisationId),
        segments: '[]',
      }),
    ];
  },
  CommandPostWatchAssigned: (event) => {
    const p = event.payload;
    return [
      { kind: 'update', table: 'command_posts', id: p.commandPostId, set: { segments: json(p.segments) } },
      ...p.checkpointIds.map((id): Mutation => ({
        kind: 'update',
        table: 'checkpoints',
        id,
        set: { command_post_id: p.commandPostId },
      })),
    ];
  },
  CorridorDeclared: (event) => {
    const op = event.operationId;
    const p = event.payload;
    return [
      insert('corridors', {
        id: p.corridorId,
        operation_id: op,
        code: p.code,
        name: p.name,
        name_ar: opt(p.nameAr),
        stage_key: opt(p.stageKey),
        route: json(p.route),
        route_note: opt(p.routeNote),
        from_area_id: opt(p.fromAreaId),
        to_area_id: opt(p.toAreaId),
        windows: json(p.windows),
        status: 'planned',
        status_reason: null,
        status_changed_at: event.occurredAt,
        override_to: null,
        last_opened_at: null,
        status_version: null,
        override_version: null,
      }),
    ];
  },
  CorridorStatusChanged: (event) => {
    const p = event.payload;
    const version = changeVersion(event);
    const opened = p.status === 'open' ? event.occurredAt : null;
    // Changed at two sites apart: a close stands (the first, if two), else the latest change; and the
    // corridor was last opened at the latest opening, whichever arrived first.
    return [
      update('corridors', p.corridorId, (row) => ({
        ...(statusStands(
          { version, status: p.status },
          { version: row.status_version, status: row.status },
          'closed',
        )
          ? {
              status: p.status,
              status_reason: opt(p.reason),
              status_changed_at: event.occurredAt,
              // An override is spent by the change it lets through, made at its instant or later (not by
              // one made before it, arriving late); a closed corridor has none left.
              ...(p.status === 'closed' ||
              row.override_version === null ||
              versionTime(row.override_version) <= event.occurredAt
                ? { override_to: null }
                : {}),
              status_version: version,
            }
          : {}),
        ...(opened !== null && (row.last_opened_at === null || opened > row.last_opened_at)
          ? { last_opened_at: opened }
          : {}),
      })),
    ];
  },
  CheckpointEstablished: (event) => {
    const op = event.operationId;
    const p = event.payload;
    return [
      insert('checkpoints', {
        id: p.checkpointId,
        operation_id: op,
        code: p.code,
        corridor_id: p.corridorId,
        kind: p.kind,
        name: p.name,
        name_ar: opt(p.nameAr),
        location: json(p.location),
        command_post_id: opt(p.commandPostId),
        ordinal: p.ordinal,
      }),
    ];
  },
  VehicleRegistered: (event) => {
    const op = event.operationId;
    const p = event.payload;
    return [
      insert('vehicles', {
        id: p.vehicleId,
        operation_id: op,
        code: p.code,
        kind: p.kind,
        seats: p.seats,
        stretchers: p.stretchers,
        organisation_id: p.organisationId,
        plate: p.plate,
      }),
    ];
  },
  ReceptionPointEstablished: (event) => {
    const op = event.operationId;
    const p = event.payload;
    return [
      insert('reception_points', {
        id: p.receptionPointId,
        operation_id: op,
        code: p.code,
        name: p.name,
        name_ar: opt(p.nameAr),
        location: json(p.location),
        area_id: opt(p.areaId),
        capacity: p.capacity,
        room: json(p.room),
      }),
    ];
  },
  OperationClosed: (event) => {
    const op = event.operationId;
    return [
      update('operations', op, {
        closed_at: event.occurredAt,
        personal_data_retention_days: event.payload.personalDataRetentionDays,
      }),
    ];
  },
};
