import type { Lang } from '../../contracts/words/translate.js';
import { v7 as uuidv7 } from 'uuid';
import { CorridorTransitionBody, NotificationCreateBody } from '../../contracts/resource-bodies.js';
import { gateFacts, safePassagePolicy } from '../../domain/safe-passage/corridor-gates.js';
import { ForbiddenError, GatesUnmetError, RuleViolatedError, said } from '../../domain/errors.js';
import {
  noticeHours,
  requiredNoticeHours,
  standingNotification,
  gateConditions,
} from '../../domain/safe-passage/gates.js';
import type { Position } from '../../domain/geo.js';
import { corridorTransitions, type CorridorStatus } from '../../domain/records/lifecycle.js';
import type { ConvoyRow } from '../../domain/accountability/rows.js';
import { allRows, findOperation, vehicleIdsOfConvoy } from '../../store/queries.js';
import { StoreTx } from '../../store/store-tx.js';
import type { AppContext } from '../context.js';
import { recordChanges, type Change } from '../log/record-changes.js';
import { contactText, type NotificationDocument } from '../documents/notification-document.js';
import type { Contact } from '../../contracts/records/events.js';
import { authoriseRead, authoriseWrite, type Caller } from '../access/permissions.js';
import {
  createResource,
  getRecord,
  getResource,
  listResource,
  parseInput,
  type Resource,
} from '../records/resources.js';
import { TxView } from '../log/tx-view.js';
import { hazardsOnRoute } from './hazards.js';

/** Roles of the organisations a movement is notified to when the request names none. */
const PARTY_ROLES = new Set(['party-to-conflict', 'authority', 'guarantor']);

/**
 * `POST .../notifications`: a movement notification. The route defaults to the corridor's (or the
 * convoy's corridor's), the parties to the operation's parties to the conflict, authorities and guarantors, the
 * vehicles to the convoy's by kind.
 */
export async function createNotification(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  input: unknown,
): Promise<Resource> {
  authoriseRead(caller, operationId);
  const body = parseInput(NotificationCreateBody, input);
  let corridorRef = body.corridorId;
  let convoy: ConvoyRow | undefined;
  if (body.convoyId !== undefined) {
    convoy = await getRecord(ctx, caller, operationId, 'convoys', body.convoyId);
    corridorRef ??= convoy.corridor_id;
  }
  const corridor =
    corridorRef === undefined
      ? undefined
      : await getRecord(ctx, caller, operationId, 'corridors', corridorRef);
  const route =
    body.route ??
    (corridor && (JSON.parse(corridor.route) as { type: 'LineString'; coordinates: Position[] }));
  let parties = body.parties;
  if (parties === undefined) {
    const orgs = await allRows(ctx.store.db, ctx.store.dialect, 'organisations', operationId);
    parties = orgs.filter((o) => PARTY_ROLES.has(o.role)).map((o) => o.id);
    if (parties.length === 0)
      throw new RuleViolatedError(
        said(
          'the operation lists no parties to the conflict, authorities or guarantors: name the parties to notify',
        ),
        { field: 'parties' },
      );
  }
  let vehicles = body.vehicles;
  if (vehicles === undefined && convoy) {
    const counts = { buses: 0, ambulances: 0, trucks: 0, other: 0 };
    for (const id of await vehicleIdsOfConvoy(ctx.store.db, convoy.id)) {
      const v = await getRecord(ctx, caller, operationId, 'vehicles', id);
      if (v.kind === 'bus') counts.buses++;
      else if (v.kind === 'ambulance') counts.ambulances++;
      else if (v.kind === 'truck') counts.trucks++;
      else counts.other++;
    }
    vehicles = counts;
  }
  // What the body left out is filled in from the operation as it is now: a request sent again later
  // is the same request even if the parties or the fleet have changed since.
  const filled = (['corridorId', 'route', 'parties', 'vehicles'] as const).filter(
    (f) => body[f] === undefined,
  );
  return createResource(
    ctx,
    caller,
    operationId,
    'notifications',
    {
      ...body,
      ...(corridor ? { corridorId: corridor.id } : {}),
      ...(route ? { route } : {}),
      parties,
      vehicles: vehicles ?? {},
    },
    filled,
  );
}

/** `GET .../notifications/{ref}/acknowledgements`. */
export async function listAcknowledgements(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
  query: Record<string, string>,
) {
  const notification = await getRecord(ctx, caller, operationId, 'notifications', ref);
  return listResource(ctx, caller, operationId, 'acknowledgements', {
    ...query,
    notification: notification.id,
  });
}

/** `POST .../notifications/{ref}/acknowledgements`: a party's acknowledgement of the notification. */
export async function acknowledgeNotification(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
  input: unknown,
): Promise<Resource> {
  const notification = await getRecord(ctx, caller, operationId, 'notifications', ref);
  const body = typeof input === 'object' && input !== null ? input : {};
  return createResource(ctx, caller, operationId, 'acknowledgements', {
    ...body,
    notificationId: notification.id,
  });
}

/**
 * `POST .../corridors/{ref}/transitions`: move a corridor through its lifecycle. The gates of the
 * new status are checked as the change is appended; when some are unmet the answer lists them all.
 * A coordinator may override with a written reason: the override is its own event, appended with
 * the change and naming what was unmet.
 */
export async function transitionCorridor(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
  input: unknown,
): Promise<Resource> {
  authoriseWrite(caller, operationId, 'CorridorStatusChanged');
  const body = parseInput(CorridorTransitionBody, input);
  const corridorId = (await getRecord(ctx, caller, operationId, 'corridors', ref)).id;
  if (body.override && caller.role !== 'coordinator' && caller.role !== 'system')
    throw new ForbiddenError(said('only a coordinator may override the gates of a corridor'));
  const change = {
    id: body.eventId ?? uuidv7(),
    type: 'CorridorStatusChanged' as const,
    occurredAt: body.occurredAt,
    payload: { corridorId, status: body.to, ...(body.reason === undefined ? {} : { reason: body.reason }) },
  };
  try {
    await appendOne(ctx, caller, operationId, [change]);
  } catch (error) {
    if (!(error instanceof GatesUnmetError) || !body.override) throw error;
    const override = {
      id: uuidv7(),
      type: 'CorridorGateOverridden' as const,
      occurredAt: change.occurredAt,
      payload: { corridorId, to: body.to, unmet: [...error.unmet], reason: body.reason ?? '' },
    };
    await appendOne(ctx, caller, operationId, [override, change]);
  }
  return getResource(ctx, caller, operationId, 'corridors', corridorId);
}

async function appendOne(ctx: AppContext, caller: Caller, operationId: string, events: Change[]) {
  await recordChanges(ctx, operationId, caller, events, { mode: 'live', label: 'body' });
}

/**
 * `GET .../corridors/{ref}/gates`: for each status the corridor may move to, what is unmet now; the
 * notification the gates go by, and the overrides recorded for the corridor.
 */
export async function corridorGateStatus(ctx: AppContext, caller: Caller, operationId: string, ref: string) {
  const corridor = await getRecord(ctx, caller, operationId, 'corridors', ref);
  const view = new TxView(new StoreTx(ctx.store.db, ctx.store.dialect), operationId);
  const now = ctx.now().toISOString();
  const facts = await gateFacts(view, corridor, now, now);
  const next = corridorTransitions(corridor.status as CorridorStatus).map((to) => {
    const conditions = gateConditions(to, facts);
    // `unmet` in words; `conditions` the same, each with its kind and numbers, to word in any language.
    return { to, unmet: conditions.map((c) => c.text), conditions };
  });
  const standing = standingNotification(facts);
  const overrides = (await view.rowsWhere('gate_overrides', { corridor_id: corridor.id }))
    .sort((a, b) => (a.overridden_at < b.overridden_at ? -1 : 1))
    .map((o) => ({
      to: o.to,
      unmet: JSON.parse(o.unmet) as string[],
      reason: o.reason,
      overriddenAt: o.overridden_at,
      recordedBy: o.recorded_by,
    }));
  return {
    corridorId: corridor.id,
    code: corridor.code,
    status: corridor.status,
    next,
    blocked: facts.blocked,
    notification: standing
      ? {
          code: standing.code,
          noticeHours: Math.round(noticeHours(standing) * 10) / 10,
          requiredNoticeHours: requiredNoticeHours(facts.policy, standing.emergency),
          parties: standing.parties,
        }
      : null,
    windows: facts.windows,
    incidents: facts.incidents,
    overrides,
  };
}

/** The plates of a convoy's vehicles, for the parties to recognise them. */
async function platesOf(ctx: AppContext, operationId: string, convoyId: string): Promise<string[]> {
  const ids = new Set(await vehicleIdsOfConvoy(ctx.store.db, convoyId));
  return (await allRows(ctx.store.db, ctx.store.dialect, 'vehicles', operationId))
    .filter((v) => ids.has(v.id) && v.plate)
    .map((v) => v.plate)
    .sort();
}

/** A record's name in the document's language: its Arabic name where it has one. */
function nameIn(row: { name: string; name_ar: string | null }, lang: Lang): string {
  return (lang === 'ar' ? row.name_ar : null) ?? row.name;
}

/**
 * The operation's organisations as a notification names them (code, name, focal point), and whom to
 * contact about a movement: the coordinating body's focal point, where it names one.
 */
async function organisationsOf(ctx: AppContext, operationId: string, lang: Lang) {
  const orgs = new Map(
    (await allRows(ctx.store.db, ctx.store.dialect, 'organisations', operationId)).map((o) => [o.id, o]),
  );
  const org = (id: string) => {
    const o = orgs.get(id);
    const contact = o?.contact ? contactText(JSON.parse(o.contact) as Contact, lang) : undefined;
    return { code: o ? o.code : id, name: o ? nameIn(o, lang) : id, ...(contact ? { contact } : {}) };
  };
  const coordinator = [...orgs.values()].find((o) => o.role === 'coordinating-body' && o.contact !== null);
  const contact = coordinator
    ? {
        code: coordinator.code,
        name: nameIn(coordinator, lang),
        contact: contactText(JSON.parse(coordinator.contact!) as Contact, lang),
      }
    : undefined;
  return { org, contact };
}

/** A party's acknowledgement as the document gives it: by whom, when, with its note. */
function acknowledgementOf(ack: Record<string, unknown> | undefined) {
  return ack
    ? {
        acknowledgement: {
          by: String(ack.acknowledgedBy),
          at: String(ack.acknowledgedAt),
          ...(typeof ack.note === 'string' ? { note: ack.note } : {}),
        },
      }
    : {};
}

/** The data of a notification's one-page document, in a language (organisations by their name in it). */
export async function notificationDocumentOf(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
  lang: Lang = 'en',
): Promise<NotificationDocument> {
  const n = await getRecord(ctx, caller, operationId, 'notifications', ref);
  const operation = (await findOperation(ctx.store.db, operationId))!;
  const named = (row: { name: string; name_ar: string | null }) => nameIn(row, lang);
  const { org, contact } = await organisationsOf(ctx, operationId, lang);
  const acks = await listResource(ctx, caller, operationId, 'acknowledgements', {
    notification: n.id,
    limit: '5000',
  });
  const mine = new Map(acks.items.map((a) => [String(a.organisationId), a]));
  const corridor =
    n.corridor_id === null
      ? undefined
      : await getRecord(ctx, caller, operationId, 'corridors', n.corridor_id);
  const checkpoints =
    corridor === undefined
      ? []
      : (await allRows(ctx.store.db, ctx.store.dialect, 'checkpoints', operationId)).filter(
          (c) => c.corridor_id === corridor.id,
        );
  const convoy =
    n.convoy_id === null ? undefined : await getRecord(ctx, caller, operationId, 'convoys', n.convoy_id);
  const route = (JSON.parse(n.route) as { coordinates: [number, number][] }).coordinates;
  const plates = convoy ? await platesOf(ctx, operationId, convoy.id) : [];
  const emergency = JSON.parse(n.emergency) === true;
  // The same policy the gates go by (an operation that set none has the defaults).
  const policy = await safePassagePolicy(
    new TxView(new StoreTx(ctx.store.db, ctx.store.dialect), operationId),
  );
  return {
    lang,
    operation: { id: operationId, name: named(operation), timezone: operation.timezone },
    code: n.code,
    sentAt: n.sent_at,
    emergency,
    noticeHours: requiredNoticeHours(policy, emergency),
    ...(corridor
      ? {
          corridor: {
            code: corridor.code,
            name: named(corridor),
            status: corridor.status,
          },
        }
      : {}),
    ...(convoy ? { convoy: { code: convoy.code } } : {}),
    window: JSON.parse(n.window) as { start: string; end: string },
    route,
    hazards: await hazardsOnRoute(ctx, operationId, route),
    ...(plates.length > 0 ? { plates } : {}),
    checkpoints: checkpoints.map((c) => ({
      code: c.code,
      name: named(c),
      kind: c.kind as 'entry' | 'exit' | 'intermediate',
      at: (JSON.parse(c.location) as { coordinates: [number, number] }).coordinates,
    })),
    vehicles: JSON.parse(n.vehicles) as NotificationDocument['vehicles'],
    organisations: (JSON.parse(n.organisations) as string[]).map(org),
    parties: (JSON.parse(n.parties) as string[]).map((id) => ({
      ...org(id),
      ...acknowledgementOf(mine.get(id)),
    })),
    ...(contact ? { contact } : {}),
    ...(n.note !== null ? { note: n.note } : {}),
  };
}
