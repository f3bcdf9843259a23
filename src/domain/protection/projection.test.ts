import { describe, expect, it } from 'vitest';
import { MemoryView } from '../memory-view.js';
import { projectEvent } from '../project-event.js';
import { eventMaker, permutations } from '../../../test/orders.js';

const OP = '01580000-0000-7000-8000-000000000000';
const REG = '01580000-0000-7000-8000-000000000001';
const [CONVOY_A, CONVOY_B] = ['01580000-0000-7000-8000-00000000000a', '01580000-0000-7000-8000-00000000000b'];
const SEALED = { alg: 'test', keyId: 'k', iv: 'iv', data: 'name and family' };

const event = eventMaker(OP, '01580000-0000-7000-8000-');

describe('a registration changed at two sites apart', () => {
  const registered = event(
    'PersonRegistered',
    {
      registrationId: REG,
      code: 'REG-1',
      child: true,
      unaccompanied: true,
      separated: false,
      sealed: SEALED,
    },
    '2016-12-16T08:00:00.000Z',
  );
  const changes = [
    event('PersonAssigned', { registrationId: REG, convoyId: CONVOY_A }, '2016-12-16T09:00:00.000Z'),
    event('PersonAssigned', { registrationId: REG, convoyId: CONVOY_B }, '2016-12-16T09:30:00.000Z'),
    event(
      'ChildHandedOver',
      { registrationId: REG, receptionPointId: CONVOY_A, organisationId: CONVOY_B, sealed: SEALED },
      '2016-12-16T12:00:00.000Z',
    ),
    event('PersonErased', { registrationId: REG, reason: 'request' }, '2016-12-17T08:00:00.000Z'),
    event('PersonErased', { registrationId: REG, reason: 'retention' }, '2016-12-18T08:00:00.000Z'),
  ];

  it('ends the same in every order, and never keeps personal data once erased', async () => {
    const ends = new Set<string>();
    for (const order of permutations(changes)) {
      const view = new MemoryView(OP);
      view.apply(projectEvent(registered));
      for (const e of order) view.apply(projectEvent(e));
      const row = (await view.get('registrations', REG))!;
      expect(row).toMatchObject({
        convoy_id: CONVOY_B,
        case_status: 'handed-over',
        status: 'erased',
        erased_at: '2016-12-17T08:00:00.000Z',
        sealed: null,
        handed_over_sealed: null,
      });
      ends.add(JSON.stringify(row));
    }
    expect(ends.size).toBe(1);
  });
});
