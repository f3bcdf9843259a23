import { PDFDocument } from 'pdf-lib';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { verifyProjections } from '../../app/log/audit.js';
import { rebuildProjections } from '../../app/log/rebuild.js';
import { RECORD_SCHEMAS } from '../../contracts/resource-records.js';
import { DIALECTS } from '../../../test/stores.js';
import { apiOperation, point } from '../../../test/api-harness.js';

const OP = 'safe-passage-test';
const base = `/api/v1/operations/${OP}`;
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const box = (x0: number, y0: number, x1: number, y1: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});

/**
 * A corridor COR-1 running 3 km east along latitude 36 with entry and exit checkpoints, two parties
 * to the conflict and a guarantor, a mine action NGO; acknowledgements required; critical incidents
 * within 1 km act on open corridors. Set up three days ago.
 */
function setupEvents(policy: Record<string, unknown>) {
  return () => {
    const at = iso(Date.now() - 72 * HOUR);
    const event = (type: string, payload: Record<string, unknown>) => ({
      id: uuidv7(),
      type,
      occurredAt: at,
      payload,
    });
    const corridorId = uuidv7();
    const org = (code: string, role: string) =>
      event('OrganisationRegistered', { organisationId: uuidv7(), code, name: `Organisation ${code}`, role });
    return [
      event('OperationCreated', {
        name: 'Safe passage test',
        description: '',
        timezone: 'Asia/Damascus',
        safePassage: { requireAcknowledgements: true, incidentRadiusM: 1000, ...policy },
      }),
      event('OrganisationRegistered', {
        organisationId: uuidv7(),
        code: 'CELL',
        name: 'Organisation CELL',
        role: 'coordinating-body',
        contact: { title: 'Duty officer', email: 'duty@cell.example.org', phone: '+963 21 000 0000' },
      }),
      org('PARTY-A', 'party-to-conflict'),
      org('PARTY-B', 'party-to-conflict'),
      org('GUAR', 'guarantor'),
      org('MAG', 'ngo'),
      event('CorridorDeclared', {
        corridorId,
        code: 'COR-1',
        name: 'East road',
        route: {
          type: 'LineString',
          coordinates: [
            [37.0, 36.0],
            [37.01, 36.0],
            [37.02, 36.0],
            [37.03, 36.0],
          ],
        },
      }),
      ...(['entry', 'exit'] as const).map((kind, i) =>
        event('CheckpointEstablished', {
          checkpointId: uuidv7(),
          code: `CP-1${i === 0 ? 1 : 9}`,
          corridorId,
          kind,
          name: kind,
          location: point(i === 0 ? 37.0 : 37.03, 36.0),
          ordinal: i === 0 ? 0 : 9,
        }),
      ),
    ];
  };
}

for (const dialect of DIALECTS)
  describe(`safe passage over the API on ${dialect}`, () => {
    const h = apiOperation(dialect, OP, setupEvents({}), [
      'coordinator',
      'post-officer',
      'enumerator',
      'viewer',
    ]);
    const { call, events } = h;
    const transition = (
      to: string,
      extra: Record<string, unknown> = {},
      role: 'coordinator' | 'post-officer' = 'coordinator',
    ) => call('POST', `${base}/corridors/COR-1/transitions`, role, { to, ...extra });

    it('refuses a transition that does not exist, and a gate that fails lists what is unmet with 409', async () => {
      const before = await events();
      const skip = await transition('open');
      expect(skip.status).toBe(422);
      expect(skip.body!.error.message).toContain('cannot go from planned to open');
      const notified = await transition('notified');
      expect(notified.status).toBe(409);
      expect(notified.body!.error).toMatchObject({
        code: 'rule_violated',
        details: { unmet: ['no movement notification has been sent for COR-1'] },
      });
      // The old status route goes through the same gates.
      expect(
        (await call('PATCH', `${base}/corridors/COR-1`, 'coordinator', { status: 'notified' })).status,
      ).toBe(409);
      // Suspending or closing stops people moving: it is refused without a reason, on both routes.
      const cor1 = (await call('GET', `${base}/corridors/COR-1`, 'viewer')).body!.id as string;
      const closing = (reason?: string) => ({
        events: [
          {
            id: uuidv7(),
            type: 'CorridorStatusChanged',
            schemaVersion: 1,
            occurredAt: new Date().toISOString(),
            payload: { corridorId: cor1, status: 'closed', ...(reason === undefined ? {} : { reason }) },
          },
        ],
      });
      for (const res of [
        await transition('suspended'),
        await transition('closed', { reason: '   ' }),
        await transition('closed', { reason: '\u200b' }),
        await call('PATCH', `${base}/corridors/COR-1`, 'coordinator', { status: 'suspended' }),
        // Nor by the event itself, however it comes.
        await call('POST', `${base}/events`, 'coordinator', closing()),
        await call('POST', `${base}/events`, 'coordinator', closing(' \u2060 ')),
      ]) {
        expect(res.status).toBe(400);
        expect(res.body!.error.message).toContain('say why the corridor is suspended or closed');
      }
      expect(await events()).toBe(before);
    });

    it('records a movement notification with the route and parties from the operation, and renders it', async () => {
      const start = Date.now() + 50 * HOUR;
      const late = await call('POST', `${base}/notifications`, 'coordinator', {
        corridorId: 'COR-1',
        window: { start: iso(start), end: iso(start - HOUR) },
      });
      expect(late.status).toBe(400);
      expect(late.body!.error.message).toContain('before it starts');

      const res = await call('POST', `${base}/notifications`, 'coordinator', {
        corridorId: 'COR-1',
        window: { start: iso(Date.now() + 6 * HOUR), end: iso(Date.now() + 30 * HOUR) },
        vehicles: { buses: 12, ambulances: 4 },
        organisations: ['CELL'],
        occurredAt: iso(Date.now() - 60 * HOUR),
      });
      expect(res.status).toBe(201);
      expect(RECORD_SCHEMAS.notifications.safeParse(res.body).success).toBe(true);
      expect(res.body).toMatchObject({
        code: 'NTF-1',
        emergency: false,
        vehicles: { buses: 12, ambulances: 4 },
      });
      expect(res.body!.route.coordinates).toHaveLength(4);
      const parties = await Promise.all(
        (res.body!.parties as string[]).map(
          async (id) => (await call('GET', `${base}/organisations/${id}`, 'viewer')).body!.code,
        ),
      );
      expect(parties.sort()).toEqual(['GUAR', 'PARTY-A', 'PARTY-B']);

      const page = await h.fetch(`${base}/notifications/NTF-1/document.html`, 'viewer');
      expect(page.status).toBe(200);
      expect(page.type).toContain('text/html');
      expect(page.text).toContain('NTF-1');
      expect(page.text).toContain('Asia/Damascus');
      // Whom the parties can reach about it: the coordinating body's focal point.
      expect(page.text).toContain(
        'Organisation CELL (CELL): Duty officer · duty@cell.example.org · +963 21 000 0000',
      );
      const pdf = await h.fetch(`${base}/notifications/NTF-1/document.pdf`, 'viewer');
      expect(pdf.status).toBe(200);
      expect(pdf.type).toBe('application/pdf');
      expect((await PDFDocument.load(pdf.bytes)).getPageCount()).toBe(1);
      // In Arabic when asked, the same facts; a language it does not have is refused.
      const ar = await h.fetch(`${base}/notifications/NTF-1/document.html?lang=ar`, 'viewer');
      expect(ar.status).toBe(200);
      expect(ar.text).toContain('<html lang="ar" dir="rtl">');
      expect(ar.text).toContain('إخطار بتحرّك إنساني');
      expect(ar.text).toContain('NTF-1');
      const arPdf = await h.fetch(`${base}/notifications/NTF-1/document.pdf?lang=ar`, 'viewer');
      expect(arPdf.status).toBe(200);
      expect((await PDFDocument.load(arPdf.bytes, { updateMetadata: false })).getTitle()).toBe(
        'إخطار بتحرّك إنساني NTF-1',
      );
      expect((await h.fetch(`${base}/notifications/NTF-1/document.pdf?lang=fr`, 'viewer')).status).toBe(400);
    });

    it('moves to notified once the notice was given, and blocks ready on hazards and missing acknowledgements', async () => {
      expect((await transition('notified')).status).toBe(200);
      const hazard = await call('POST', `${base}/hazards`, 'post-officer', {
        type: 'explosive-ordnance',
        area: box(37.012, 35.995, 37.018, 36.005),
        evidence: { kind: 'report', reference: 'radio report' },
      });
      expect(hazard.status).toBe(201);
      const ready = await transition('ready');
      expect(ready.status).toBe(409);
      expect(ready.body!.error.details.unmet).toEqual([
        'segment 2 crosses HAZ-1 (suspected, not cleared)',
        'no acknowledgement from Organisation GUAR (NTF-1)',
        'no acknowledgement from Organisation PARTY-A (NTF-1)',
        'no acknowledgement from Organisation PARTY-B (NTF-1)',
      ]);
      const gates = await call('GET', `${base}/corridors/COR-1/gates`, 'viewer');
      expect(gates.body).toMatchObject({ code: 'COR-1', status: 'notified' });
      expect(gates.body!.next.find((n: { to: string }) => n.to === 'ready').unmet).toHaveLength(4);
    });

    it('refuses an acknowledgement from an organisation that was not notified, and a second one from a party', async () => {
      const before = await events();
      const stranger = await call('POST', `${base}/notifications/NTF-1/acknowledgements`, 'coordinator', {
        organisationId: 'MAG',
        acknowledgedBy: 'Someone',
      });
      expect(stranger.status).toBe(422);
      expect(stranger.body!.error.message).toContain('is not a party notified of NTF-1');
      expect(await events()).toBe(before);
      for (const party of ['PARTY-A', 'PARTY-B', 'GUAR']) {
        const ack = await call('POST', `${base}/notifications/NTF-1/acknowledgements`, 'coordinator', {
          organisationId: party,
          acknowledgedBy: `Liaison of ${party}`,
        });
        expect(ack.status).toBe(201);
      }
      const again = await call('POST', `${base}/notifications/NTF-1/acknowledgements`, 'coordinator', {
        organisationId: 'GUAR',
        acknowledgedBy: 'Liaison',
      });
      expect(again.status).toBe(409);
      const list = await call('GET', `${base}/notifications/NTF-1/acknowledgements`, 'viewer');
      expect(list.body!.total).toBe(3);
      // Only the hazard is left between the corridor and ready.
      expect((await transition('ready')).body!.error.details.unmet).toEqual([
        'segment 2 crosses HAZ-1 (suspected, not cleared)',
      ]);
    });

    it('lets only a coordinator override a gate, only with a written reason, and records the override', async () => {
      expect((await transition('ready', { override: true, reason: 'because' })).status).toBe(400);
      expect(
        (
          await transition(
            'ready',
            { override: true, reason: 'The hazard is off the carriageway' },
            'post-officer',
          )
        ).status,
      ).toBe(403);
      const res = await transition('ready', {
        override: true,
        reason: 'The hazard lies off the carriageway; a team escorts',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ready', overrideTo: null });
      const gates = await call('GET', `${base}/corridors/COR-1/gates`, 'viewer');
      expect(gates.body!.overrides).toEqual([
        expect.objectContaining({
          to: 'ready',
          unmet: ['segment 2 crosses HAZ-1 (suspected, not cleared)'],
          reason: 'The hazard lies off the carriageway; a team escorts',
        }),
      ]);
      // The hazard still blocks opening; the override was for ready only.
      expect((await transition('open')).body!.error.details.unmet).toContain(
        'segment 2 crosses HAZ-1 (suspected, not cleared)',
      );
    });

    it('opens only inside an agreed window once the route is clear', async () => {
      const cancel = await call('POST', `${base}/hazards/HAZ-1/status`, 'coordinator', {
        status: 'cancelled',
        reason: 'survey found nothing',
      });
      expect(cancel.status).toBe(200);
      const noWindow = await transition('open');
      expect(noWindow.status).toBe(409);
      expect(noWindow.body!.error.details.unmet).toEqual([
        'no agreed ceasefire or pause window covers COR-1',
      ]);

      const bad = await call('POST', `${base}/windows`, 'coordinator', {
        kind: 'humanitarian-pause',
        start: iso(Date.now() + HOUR),
        end: iso(Date.now() - HOUR),
        corridorIds: ['COR-1'],
      });
      expect(bad.status).toBe(400);
      const crossed = await call('POST', `${base}/windows`, 'coordinator', {
        kind: 'ceasefire',
        start: iso(Date.now() - HOUR),
        end: iso(Date.now() + 5 * HOUR),
        area: {
          type: 'Polygon',
          coordinates: [
            [
              [36.9, 35.9],
              [37.1, 36.1],
              [37.1, 35.9],
              [36.9, 36.1],
              [36.9, 35.9],
            ],
          ],
        },
      });
      expect(crossed.status).toBe(400);
      expect(crossed.body!.error.message).toContain('not a valid polygon');

      const later = await call('POST', `${base}/windows`, 'coordinator', {
        kind: 'humanitarian-pause',
        start: iso(Date.now() + 2 * HOUR),
        end: iso(Date.now() + 6 * HOUR),
        corridorIds: ['COR-1'],
      });
      expect(later.status).toBe(201);
      expect((await transition('open')).body!.error.details.unmet[0]).toMatch(
        /^outside the humanitarian pause window WIN-1 \d{4}-\d\d-\d\dT\d\d:\d\dZ\.\./,
      );
      const now = await call('POST', `${base}/windows`, 'coordinator', {
        kind: 'ceasefire',
        start: iso(Date.now() - HOUR),
        end: iso(Date.now() + 5 * HOUR),
        area: box(36.99, 35.99, 37.04, 36.01),
        agreedBy: ['PARTY-A', 'PARTY-B'],
      });
      expect(now.status).toBe(201);
      const opened = await transition('open', { reason: 'ceasefire holds' });
      expect(opened.status).toBe(200);
      expect(opened.body).toMatchObject({ status: 'open', statusReason: 'ceasefire holds' });
    });

    it('suspends the corridor at once when a critical incident is reported near it, and keeps it shut until the incident is closed', async () => {
      const far = await call('POST', `${base}/incidents`, 'enumerator', {
        type: 'shelling',
        severity: 'critical',
        location: point(37.015, 36.05),
        description: 'shelling reported 5 km north',
        reporter: 'Enumerator at CP-11',
      });
      expect(far.status).toBe(201);
      expect((await call('GET', `${base}/corridors/COR-1`, 'viewer')).body!.status).toBe('open');

      const near = await call('POST', `${base}/incidents`, 'enumerator', {
        type: 'shooting',
        severity: 'critical',
        location: point(37.015, 36.003),
        description: 'shots near the road',
        reporter: 'Enumerator at CP-11',
        corridorId: 'COR-1',
      });
      expect(near.status).toBe(201);
      expect(near.body).toMatchObject({ code: 'INC-2', status: 'reported' });
      const corridor = (await call('GET', `${base}/corridors/COR-1`, 'viewer')).body!;
      expect(corridor.status).toBe('suspended');
      expect(corridor.statusReason).toContain('INC-2');
      const alerts = (await call('GET', `${base}/alerts?kind=incident-near-corridor`, 'viewer')).body!.items;
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ status: 'open', severity: 'critical' });
      expect(alerts[0].reason).toMatch(
        /^INC-2 \(shooting, critical\) 3\d\d m from the route of COR-1, which is suspended/,
      );

      const reopen = await transition('open');
      expect(reopen.status).toBe(409);
      expect(reopen.body!.error.details.unmet).toEqual([
        expect.stringMatching(
          /^critical incident INC-2 \(shooting\) 3\d\d m from the route is reported, not closed$/,
        ),
      ]);
      expect(
        (await call('POST', `${base}/incidents/INC-2/status`, 'post-officer', { status: 'verified' })).status,
      ).toBe(200);
      const backwards = await call('POST', `${base}/incidents/INC-2/status`, 'post-officer', {
        status: 'reported',
      });
      expect(backwards.status).toBe(422);
      expect(
        (
          await call('POST', `${base}/incidents/INC-2/status`, 'post-officer', {
            status: 'closed',
            reason: 'area secured',
          })
        ).status,
      ).toBe(200);
      const resolved = (await call('GET', `${base}/alerts?kind=incident-near-corridor`, 'viewer')).body!
        .items;
      expect(resolved[0].status).toBe('resolved');
      expect((await transition('open', { reason: 'incident closed' })).status).toBe(200);
    });

    it('raises an alert offering a re-plan when a new hazard blocks the open route, and resolves it when cleared away', async () => {
      const res = await call('POST', `${base}/hazards`, 'post-officer', {
        type: 'damaged-road',
        area: box(37.022, 35.999, 37.024, 36.001),
      });
      expect(res.status).toBe(201);
      const alerts = (await call('GET', `${base}/alerts?kind=hazard-on-route`, 'viewer')).body!.items;
      // HAZ-1 was reported while the corridor was notified (a warning), and resolved when cancelled.
      expect(alerts.map((a: Record<string, string>) => [a.severity, a.status])).toEqual([
        ['warning', 'resolved'],
        ['critical', 'open'],
      ]);
      expect(alerts[0].reason).toBe(
        'HAZ-1 (explosive ordnance, suspected) blocks segment 2 of COR-1 (notified): plan again around it (POST .../plans) or clear it',
      );
      expect(alerts[1].reason).toBe(
        'HAZ-2 (damaged road, suspected) blocks segment 3 of COR-1 (open): plan again around it (POST .../plans) or clear it',
      );
      await call('POST', `${base}/hazards/HAZ-2/status`, 'coordinator', {
        status: 'released',
        reason: 'passable',
      });
      const after = (await call('GET', `${base}/alerts?kind=hazard-on-route`, 'viewer')).body!.items;
      expect(after[1].status).toBe('resolved');
    });

    it('lists incidents and windows with filters, and a rebuild gives the same tables', async () => {
      const critical = await call('GET', `${base}/incidents?severity=critical&status=closed`, 'viewer');
      expect(critical.body!.items.map((i: { code: string }) => i.code)).toEqual(['INC-2']);
      for (const item of critical.body!.items)
        expect(RECORD_SCHEMAS.incidents.safeParse(item).success).toBe(true);
      const windows = await call('GET', `${base}/windows`, 'viewer');
      expect(windows.body!.items.map((w: { code: string }) => w.code)).toEqual(['WIN-2', 'WIN-1']);
      expect(
        (await call('POST', `${base}/windows/WIN-1/cancel`, 'coordinator', { reason: 'superseded by WIN-2' }))
          .body,
      ).toMatchObject({ status: 'cancelled', cancelReason: 'superseded by WIN-2' });
      const before = await h.snapshot();
      await rebuildProjections(h.t.ctx);
      expect(await h.snapshot()).toEqual(before);
      expect((await verifyProjections(h.t.ctx)).ok).toBe(true);
    });
  });

describe('safe passage with a policy that alerts instead of suspending', () => {
  const ALERT_OP = 'safe-passage-alert';
  const h = apiOperation(
    'sqlite',
    ALERT_OP,
    setupEvents({
      onCriticalIncident: 'alert',
      requireAcknowledgements: false,
      requireWindow: false,
      noticeHours: 0,
    }),
    ['coordinator'],
  );

  it('keeps the corridor open and says so in a critical alert', async () => {
    const b = `/api/v1/operations/${ALERT_OP}`;
    const n = await h.call('POST', `${b}/notifications`, 'coordinator', {
      corridorId: 'COR-1',
      window: { start: iso(Date.now() + HOUR), end: iso(Date.now() + 5 * HOUR) },
    });
    expect(n.status).toBe(201);
    for (const to of ['notified', 'ready', 'open'])
      expect((await h.call('POST', `${b}/corridors/COR-1/transitions`, 'coordinator', { to })).status).toBe(
        200,
      );
    await h.call('POST', `${b}/incidents`, 'coordinator', {
      type: 'convoy-blocked',
      severity: 'critical',
      location: point(37.005, 36.0),
      description: 'a crowd blocks the road',
      reporter: 'Coordinator',
    });
    expect((await h.call('GET', `${b}/corridors/COR-1`, 'coordinator')).body!.status).toBe('open');
    const alerts = (await h.call('GET', `${b}/alerts?kind=incident-near-corridor`, 'coordinator')).body!
      .items;
    expect(alerts[0].reason).toContain('which is open: suspend it or record why it stays open');
  });
});
