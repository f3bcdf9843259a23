import type {
  OperationRow,
  OrganisationRow,
  AreaRow,
  CommandPostRow,
  CorridorRow,
  CheckpointRow,
  VehicleRow,
  ReceptionPointRow,
} from './records/rows.js';
import type { FigureRow } from './reports/rows.js';
import type { SheetRow } from './paper/rows.js';
import type { ConvoyRow, ConvoyVehicleRow, PassageRow, AlertRow } from './accountability/rows.js';
import type { PickupPointRow, PlanRow } from './planning/rows.js';
import type {
  HazardRow,
  ClearanceTaskRow,
  IncidentRow,
  PauseWindowRow,
  NotificationRow,
  AcknowledgementRow,
  GateOverrideRow,
} from './safe-passage/rows.js';
import type { ReturnRow, ServiceStatusRow, AccessStatusRow, AidDeliveryRow } from './recovery/rows.js';
import type {
  FamilyGroupRow,
  RegistrationRow,
  TracingRequestRow,
  TracingReviewRow,
} from './protection/rows.js';

/**
 * Every projection table's row type, by table name: the store's `Database` type, the mutations an event
 * causes and the rules' view of state are all typed by it. Each capability declares its own rows
 * (`<capability>/rows.ts`).
 */
export interface ProjectionRows {
  operations: OperationRow;
  organisations: OrganisationRow;
  areas: AreaRow;
  command_posts: CommandPostRow;
  corridors: CorridorRow;
  checkpoints: CheckpointRow;
  vehicles: VehicleRow;
  reception_points: ReceptionPointRow;
  figures: FigureRow;
  convoys: ConvoyRow;
  convoy_vehicles: ConvoyVehicleRow;
  passages: PassageRow;
  alerts: AlertRow;
  pickup_points: PickupPointRow;
  plans: PlanRow;
  hazards: HazardRow;
  clearance_tasks: ClearanceTaskRow;
  incidents: IncidentRow;
  pause_windows: PauseWindowRow;
  notifications: NotificationRow;
  acknowledgements: AcknowledgementRow;
  gate_overrides: GateOverrideRow;
  returns: ReturnRow;
  service_statuses: ServiceStatusRow;
  access_statuses: AccessStatusRow;
  aid_deliveries: AidDeliveryRow;
  family_groups: FamilyGroupRow;
  registrations: RegistrationRow;
  tracing_requests: TracingRequestRow;
  tracing_reviews: TracingReviewRow;
  sheets: SheetRow;
}
