import type { EventPayload } from '../../contracts/events.js';
import { ConflictError, InvalidInputError, RuleViolatedError, said } from '../errors.js';
import { RuleBase } from '../rule-base.js';

/** The rules of protection events against the state they are appended to. */
export class ProtectionRules extends RuleBase {
  // Personal data (src/contracts/protection/personal-data.ts): codes and references only; the data itself is sealed.
  async PersonRegistered(p: EventPayload<'PersonRegistered'>) {
    if ((p.unaccompanied || p.separated) && !p.child)
      throw new InvalidInputError(said('only a child is unaccompanied or separated: set child too'), {
        field: 'child',
      });
    await this.fresh('registrations', p.registrationId, p.code);
    await this.optionalRef('convoys', p.convoyId, 'convoyId');
    await this.optionalRef('family_groups', p.familyGroupId, 'familyGroupId');
    if (p.sheetId !== undefined) {
      const sheet = await this.ref('sheets', p.sheetId, 'sheetId');
      if (sheet.kind !== 'registration')
        throw new RuleViolatedError(
          said('sheet {code} is a {kind} sheet, not a registration form', {
            code: sheet.code,
            kind: sheet.kind,
          }),
          { field: 'sheetId' },
        );
    }
  }

  async PersonAssigned(p: EventPayload<'PersonAssigned'>) {
    const person = await this.ref('registrations', p.registrationId, 'registrationId');
    if (person.status === 'erased')
      throw new RuleViolatedError(said('{code} is erased', { code: person.code }));
    await this.ref('convoys', p.convoyId, 'convoyId');
  }

  async ChildHandedOver(p: EventPayload<'ChildHandedOver'>) {
    const person = await this.ref('registrations', p.registrationId, 'registrationId');
    if (person.case_status !== 'open')
      throw new RuleViolatedError(
        person.case_status === 'handed-over'
          ? said('{code} has been handed over already', { code: person.code })
          : said('{code} is not an unaccompanied or separated child with an open case', {
              code: person.code,
            }),
      );
    await this.ref('reception_points', p.receptionPointId, 'receptionPointId');
    await this.ref('organisations', p.organisationId, 'organisationId');
  }

  async PersonErased(p: EventPayload<'PersonErased'>) {
    const person = await this.ref('registrations', p.registrationId, 'registrationId');
    if (person.status === 'erased')
      throw new ConflictError(said('{code} is erased already', { code: person.code }));
  }

  async FamilyGroupRegistered(p: EventPayload<'FamilyGroupRegistered'>) {
    await this.fresh('family_groups', p.familyGroupId, p.code);
  }

  async TracingRequestOpened(p: EventPayload<'TracingRequestOpened'>) {
    await this.fresh('tracing_requests', p.tracingRequestId, p.code);
  }

  async TracingMatchReviewed(p: EventPayload<'TracingMatchReviewed'>) {
    const request = await this.ref('tracing_requests', p.tracingRequestId, 'tracingRequestId');
    if (request.status !== 'open')
      throw new RuleViolatedError(said('tracing request {code} is closed', { code: request.code }));
    await this.ref('registrations', p.registrationId, 'registrationId');
  }

  async TracingRequestClosed(p: EventPayload<'TracingRequestClosed'>) {
    const request = await this.ref('tracing_requests', p.tracingRequestId, 'tracingRequestId');
    if (request.status !== 'open')
      throw new RuleViolatedError(said('tracing request {code} is closed already', { code: request.code }));
  }

  async PersonalDataRead() {
    // The read happened; recording it is never refused.
  }
}
