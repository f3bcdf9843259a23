import type { EventPayload } from '../../contracts/events.js';
import { ConflictError, InvalidInputError, said } from '../errors.js';
import type { IdTable } from '../projection.js';
import { RuleBase, singular } from '../rule-base.js';

/** The rules of recovery events against the state they are appended to. */
export class RecoveryRules extends RuleBase {
  async ReturnsRecorded(p: EventPayload<'ReturnsRecorded'>) {
    await this.observation('returns', p.returnId, p.areaId, p.sourceOrganisationId);
    await this.optionalRef('areas', p.fromAreaId, 'fromAreaId');
    if (p.fromAreaId === p.areaId)
      throw new InvalidInputError(said('people return to an area from another one'), { field: 'fromAreaId' });
  }

  async ServiceStatusRecorded(p: EventPayload<'ServiceStatusRecorded'>) {
    await this.observation('service_statuses', p.statusId, p.areaId, p.sourceOrganisationId);
  }

  async AccessStatusRecorded(p: EventPayload<'AccessStatusRecorded'>) {
    await this.observation('access_statuses', p.statusId, p.areaId, p.sourceOrganisationId);
  }

  async AidDelivered(p: EventPayload<'AidDelivered'>) {
    await this.observation('aid_deliveries', p.deliveryId, p.areaId, p.organisationId, 'organisationId');
  }

  /** A recovery record: new, about an area of the operation, from one of its organisations. */
  protected async observation(
    table: IdTable,
    id: string,
    areaId: string,
    organisationId: string,
    organisationField = 'sourceOrganisationId',
  ) {
    if (await this.view.get(table, id))
      throw new ConflictError(said('{record|record} {id} exists already', { record: singular(table), id }));
    await this.ref('areas', areaId, 'areaId');
    await this.ref('organisations', organisationId, organisationField);
  }
}
