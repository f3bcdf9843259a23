import { describe, expect, it } from 'vitest';
import type { Alert } from '../client/records.js';
import { MESSAGES, type Lang, type MessageKey } from '../../contracts/words/messages.js';
import { alertHeadline, minutes, type AlertWording } from './alert-words.js';

/** The console's catalogues as the page uses them, with the records an alert may name. */
function wording(lang: Lang): AlertWording {
  const catalogue = MESSAGES[lang] as Record<string, string>;
  const t = (key: MessageKey, vars?: Record<string, string | number>) =>
    catalogue[key]!.replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? `{${name}}`));
  return {
    t,
    tx: (prefix, value) => catalogue[`${prefix}.${value}`] ?? value,
    number: (n) => new Intl.NumberFormat(lang === 'ar' ? 'ar-SY-u-nu-latn' : 'en-GB').format(n),
    time: (iso) => `${iso.slice(11, 16)} EET`,
    convoy: (id) => (id === 'c1' ? 'CVY-0002' : undefined),
    corridor: (id) => (id === 'k1' ? 'COR-7' : undefined),
    checkpoint: (id) => (id === 'p1' ? 'CP-72 Ramouseh' : undefined),
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

  it('names a kind it has no sentence for by its label, and an unknown kind as the server does', () => {
    expect(alertHeadline(alert('conflict', {}), wording('ar'))).toBe('قرارات متعارضة');
    expect(alertHeadline(alert('some-new-kind', {}), wording('en'))).toBe('some-new-kind');
  });

  it('has every alert kind in both catalogues', async () => {
    const { ALERT_KINDS } = await import('../../contracts/vocabulary.js');
    for (const lang of ['en', 'ar'] as const)
      for (const kind of ALERT_KINDS)
        expect(MESSAGES[lang][`alertKind.${kind}` as MessageKey], `${lang} ${kind}`).toBeTruthy();
  });
});
