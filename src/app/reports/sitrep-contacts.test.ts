import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contact } from '../../contracts/records/events.js';
import { ORGANISATION_ROLES } from '../../contracts/vocabulary.js';
import { ROLE_ORDER } from '../../domain/reports/sitrep-coordination.js';
import { append, DEMO, idOf, SYSTEM } from '../../../test/fixtures.js';
import { demoStore, type TestStore } from '../../../test/stores.js';
import { sitrepOf } from './sitrep.js';

// Whom a report and a notification name to contact: an organisation's focal point, set when it is
// registered or later, through the one write path.

let t: TestStore;
beforeAll(async () => {
  t = await demoStore('sqlite');
});
afterAll(() => t.cleanup());

describe('contacts', () => {
  it('need a way to reach someone, and refuse an address or number that is not one', () => {
    expect(Contact.parse({ title: 'Duty officer', radio: 'CELL-OPS on VHF 5' })).toEqual({
      title: 'Duty officer',
      radio: 'CELL-OPS on VHF 5',
    });
    expect(Contact.safeParse({ name: 'A. Focal Point' }).success).toBe(false);
    expect(Contact.safeParse({ email: 'not an address' }).success).toBe(false);
    expect(Contact.safeParse({ phone: 'call me' }).success).toBe(false);
    expect(Contact.parse({ phone: ' +963 21 000 0000 ' })).toEqual({ phone: '+963 21 000 0000' });
    expect(Contact.safeParse({ phone: '----' }).success).toBe(false);
    // Invisible controls that would turn the number printed beside a name round are left out.
    expect(Contact.parse({ name: 'abc\u202edef', radio: 'CH 5' }).name).toBe('abcdef');
  });

  it('are in the report, the coordinating body first, and change when a focal point is named', async () => {
    const before = (await sitrepOf(t.ctx, SYSTEM, DEMO, {})).sitrep;
    expect(before.contacts.map((c) => c.organisation)).toEqual(['CELL']);
    expect(before.contacts[0]!.contact.email).toBe('duty.officer@cell.example.org');
    const icrc = await idOf(t.ctx, 'organisations', 'ICRC');
    await append(t.ctx, [
      {
        id: uuidv7(),
        type: 'OrganisationContactChanged',
        schemaVersion: 1,
        occurredAt: '2016-12-20T08:00:00.000Z',
        payload: { organisationId: icrc, contact: { title: 'Delegate', phone: '+41 22 000 00 00' } },
      },
    ]);
    const after = (await sitrepOf(t.ctx, SYSTEM, DEMO, {})).sitrep;
    expect(after.contacts.map((c) => [c.organisation, c.contact.phone ?? null])).toEqual([
      ['CELL', null],
      ['ICRC', '+41 22 000 00 00'],
    ]);
    // And as the report stood before it was named: not there.
    const then = (await sitrepOf(t.ctx, SYSTEM, DEMO, { asOf: '2016-12-19T00:00:00.000Z' })).sitrep;
    expect(then.contacts.map((c) => c.organisation)).toEqual(['CELL']);
  });

  it('a report lists the organisations by role in the order of the vocabulary', async () => {
    expect(ROLE_ORDER).toEqual([...ORGANISATION_ROLES]);
    const { sitrep } = await sitrepOf(t.ctx, SYSTEM, DEMO, {});
    const roles = sitrep.coordination.roles.map((r) => r.role);
    expect(roles[0]).toBe('coordinating-body');
    expect(roles).toEqual([...roles].sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b)));
  });
});
