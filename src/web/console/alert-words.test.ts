import { describe, expect, it } from 'vitest';
import type { Alert } from '../client/records.js';
import { MESSAGES, type Lang, type MessageKey } from '../../contracts/words/messages.js';
import { wordsOf } from '../../contracts/words/translate.js';
import { alertHeadline, minutes, type AlertWording } from './alert-words.js';

/** The console's catalogues as the page uses them, with the records an alert may name. */
function wording(lang: Lang): AlertWording {
  const { t, tx } = wordsOf(lang);
  return {
    t,
    tx,
    number: (n) => new Intl.NumberFormat(lang === 'ar' ? 'ar-SY-u-nu-latn' : 'en-GB').format(n),
    time: (iso) => `${iso.slice(11, 16)} EET`,
    convoy: (id) => (id === 'c1' ? 'CVY-0002' : undefined),
    corridor: (id) => (id === 'k1' ? 'COR-7' : undefined),
    checkpoint: (id) => (id === 'p1' ? 'CP-72 Ramouseh' : undefined),
    incident: (id) => (id === 'i1' ? 'INC-3 (Shelling)' : undefined),
    hazard: (id) => (id === 'h1' ? 'HAZ-2 (Explosive ordnance, confirmed)' : undefined),
    corridorStatus: (id) => (id === 'k1' ? 'suspended' : undefined),
  };
}

const alert = (kind: string, numbers: Record<string, number>, extra: Partial<Alert> = {}): Alert => ({
  id: 'a1',
  code: 'ALT-0001',
  kind,
  severity: 'critical',
  reason: 'as the server wrote it',
  numbers,
  since: '2016-12-15T12:00:00.000Z',
  status: 'open',
  convoyId: 'c1',
  corridorId: 'k1',
  checkpointId: 'p1',
  vehicleId: null,
  raisedAt: '2016-12-15T12:00:00.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
  acknowledgeNote: null,
  resolvedAt: null,
  resolvedBy: null,
  resolution: null,
  resolveNote: null,
  ...extra,
});

describe('alerts in the reader’s words', () => {
  it('says who is missing where, with the counts, in English and Arabic', () => {
    const missing = alert('people-missing', { before: 800, after: 790, men: 10 });
    expect(alertHeadline(missing, wording('en'))).toBe(
      'CVY-0002: 10 men fewer at CP-72 Ramouseh (790 people counted, 800 before)',
    );
    expect(alertHeadline(missing, wording('ar'))).toBe(
      'CVY-0002: نقص 10 رجال في CP-72 Ramouseh (عُدّ 790 شخصًا، وكانوا 800)',
    );
  });

  it('says a threshold as a person would, never as a long fraction', () => {
    const en = wording('en');
    expect(alertHeadline(alert('convoy-stopped', { minutes: 1 / 3 }), en)).toBe(
      'CVY-0002 has not moved for more than 20 s',
    );
    expect(minutes(20, en)).toBe('20 min');
    expect(minutes(90, en)).toBe('1 h 30 min');
    expect(minutes(120, wording('ar'))).toBe('2 س');
  });

  it('gives the expected time in the reader’s zone, and words for an unnamed record', () => {
    const overdue = alert(
      'convoy-overdue',
      { expectedAt: Date.parse('2016-12-15T10:30:00Z') },
      { convoyId: 'x' },
    );
    expect(alertHeadline(overdue, wording('en'))).toBe(
      'A convoy is overdue at CP-72 Ramouseh: expected by 10:30 EET',
    );
  });

  it('says how far an incident is from which corridor, and what to do given its status now', () => {
    const near = alert(
      'incident-near-corridor',
      { distanceM: 1450 },
      { key: 'incident-near-corridor:i1:k1' },
    );
    expect(alertHeadline(near, wording('en'))).toBe(
      'INC-3 (Shelling) is 1.5 km from the route of COR-7, which is suspended: it reopens only once the incident is closed, or by an override',
    );
    const ar = alertHeadline({ ...near, numbers: { distanceM: 320 } }, wording('ar'));
    expect(ar).toContain('على بعد 320 م من مسار COR-7');
    expect(ar).toContain('وهو معلّق: لا يُعاد فتحه');
  });

  it('names the hazard and the segment it blocks, and a record this page does not hold in words', () => {
    const blocked = alert('hazard-on-route', { segment: 3 }, { key: 'hazard-on-route:h1:k1' });
    expect(alertHeadline(blocked, wording('en'))).toBe(
      'HAZ-2 (Explosive ordnance, confirmed) blocks segment 3 of COR-7: plan again around it, or clear it',
    );
    expect(alertHeadline({ ...blocked, key: 'hazard-on-route:h9:k1' }, wording('ar'))).toMatch(
      /^خطر يقطع المقطع 3 من COR-7/,
    );
  });

  it('says a count came before an earlier one, in both languages', () => {
    const late = alert('out-of-order', {});
    expect(alertHeadline(late, wording('en'))).toMatch(/^CVY-0002: counted at CP-72 Ramouseh before/);
    expect(alertHeadline(late, wording('ar'))).toMatch(/^CVY-0002: عُدّت في CP-72 Ramouseh قبل/);
  });

  it('names a conflict by its record and the site that decided otherwise, one or several', () => {
    const reason =
      'ConvoyPlanned 0190-x, recorded at site POST-3 at 2016-12-15T10:00:00Z, cannot stand with what is recorded here: vehicle BUS-1 is on CVY-1.';
    const one = alert('conflict', {}, { key: 'conflict:e1', reason });
    expect(alertHeadline(one, wording('en'))).toBe(
      'A decision on CVY-0002 recorded at POST-3 cannot stand with what is recorded here. Both are kept: record the decision that settles it.',
    );
    const none = { ...one, convoyId: null, corridorId: null, reason: 'something else' };
    expect(alertHeadline(none, wording('ar'))).toMatch(/^قرار سُجّل في موقع آخر/);
    const many = alert('conflict', {}, { key: 'conflict:e1+4', reason: `5 more decisions ${reason}` });
    expect(alertHeadline(many, wording('en'))).toMatch(/^5 more decisions recorded at POST-3 cannot stand/);
    expect(alertHeadline(many, wording('ar'))).toMatch(/^5 قرارات أخرى سُجّلت في POST-3/);
  });

  it('names a kind it has no sentence for by its label, and an unknown kind as the server does', () => {
    expect(alertHeadline(alert('some-new-kind', {}), wording('en'))).toBe('some-new-kind');
  });

  it('has every alert kind in both catalogues', async () => {
    const { ALERT_KINDS } = await import('../../contracts/vocabulary.js');
    for (const lang of ['en', 'ar'] as const)
      for (const kind of ALERT_KINDS)
        expect(MESSAGES[lang][`alertKind.${kind}` as MessageKey], `${lang} ${kind}`).toBeTruthy();
  });
});
