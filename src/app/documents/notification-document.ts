import type { Contact } from '../../contracts/records/events.js';
import { noticeWordsOf, type NoticeWords } from '../../contracts/words/notice-words.js';
import type { Lang } from '../../contracts/words/translate.js';
import { wallClockFormat } from '../../domain/wall-clock.js';
import { InvalidInputError, said } from '../../domain/errors.js';
import { distanceMetres, EARTH_RADIUS_M } from '../../domain/geo.js';

/**
 * The one-page export of a movement notification, as HTML and as PDF. Humanitarian notification
 * informs the parties to a conflict of a movement; it does not ask their permission, and the sheet
 * says so. Pure: everything comes from the argument, so the same notification gives the same bytes.
 * This file holds what both print (the sheet's facts and lists, the route figure); `notification-html.ts`
 * and `notification-pdf.ts` lay it out.
 */
export interface NotificationDocument {
  operation: { id: string; name: string; timezone: string }; // IANA zone, e.g. 'Asia/Damascus'
  code: string; // e.g. 'NOT-3'
  sentAt: string; // ISO UTC, when it was sent
  emergency: boolean;
  noticeHours: number; // the notice period the operation's policy asks for this notification
  corridor?: { code: string; name: string; status: string };
  convoy?: { code: string };
  window: { start: string; end: string }; // ISO UTC
  route: [number, number][]; // lon/lat, WGS84, at least 2 positions
  checkpoints: {
    code: string;
    name: string;
    kind: 'entry' | 'exit' | 'intermediate';
    at: [number, number];
  }[];
  vehicles: { buses: number; ambulances: number; trucks: number; other: number };
  /** The plates of the convoy's vehicles, when the notification is of a convoy. */
  plates?: string[];
  /** Suspected and confirmed hazard areas the route crosses, when the document was made. */
  hazards?: { code: string; status: string }[];
  organisations: { code: string; name: string; contact?: string }[]; // the organisations moving
  parties: {
    code: string;
    name: string;
    contact?: string;
    acknowledgement?: { by: string; at: string; note?: string };
  }[];
  /** Whom to contact about the movement: the coordinating body's focal point, when it names one. */
  contact?: { code: string; name: string; contact: string };
  note?: string;
  /** The language of the document (English when not said); names stay as they were typed. */
  lang?: Lang;
}

/** A focal point on one line: who, and every way of reaching them. */
export function contactText(c: Contact, lang: Lang = 'en'): string {
  const who = [c.name, c.title].filter((x) => x !== undefined).join(', ');
  const radio = c.radio && noticeWordsOf(lang).t('notice.radio', { radio: c.radio });
  const ways = [c.email, c.phone, radio].filter((x) => x !== undefined && x !== '');
  return [who, ...ways].filter((x) => x !== '').join(' · ');
}

/** The words of a notification's document, in its language. */
export function wordsOfDoc(doc: NotificationDocument): NoticeWords {
  return noticeWordsOf(doc.lang ?? 'en');
}

// One page holds this many rows per list; the rest is counted as "and N more".
const CHECKPOINTS_SHOWN = 6;
const ORGANISATIONS_SHOWN = 6;
const PARTIES_SHOWN = 10;
const NOTE_CHARS = 500;

// ---------------------------------------------------------------------------------------------------
// The sheet: what both renderings show, worked out once so HTML and PDF cannot drift apart.

interface Fact {
  label: string;
  value: string;
  /** Holds a name typed by people, possibly right-to-left. */
  name?: boolean;
}

export interface Listing<T> {
  shown: T[];
  more: number;
}

/** A checkpoint, an organisation or a party: its code, its name as typed, and what is said of it. */
export interface Row {
  code: string;
  name: string;
  detail: string;
  acknowledged?: boolean;
  /** Whom to contact there (the HTML shows it; the one-page PDF names the coordinating body's only). */
  contact?: string;
}

interface Sheet {
  words: NoticeWords;
  heading: string;
  facts: Fact[];
  routeKm: number;
  checkpoints: Listing<Row>;
  organisations: Listing<Row>;
  parties: Listing<Row>;
  note?: string;
}

export function instant(iso: string, field: string): Date {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()))
    throw new InvalidInputError(said('{field} is not a date: {value}', { field, value: iso }), { field });
  return d;
}

function utcText(d: Date): string {
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

function zoneFormat(timezone: string): Intl.DateTimeFormat {
  try {
    return wallClockFormat(timezone);
  } catch {
    throw new InvalidInputError(said('Unknown time zone: {timezone}', { timezone }), {
      field: 'operation.timezone',
    });
  }
}

/**
 * Wall-clock time in the operation's zone with the zone's offset at that instant. The offset is the
 * difference between the wall clock read as UTC and the instant itself, so it follows daylight saving
 * without relying on any particular `timeZoneName` spelling.
 */
function localText(d: Date, timezone: string): string {
  const part = Object.fromEntries(
    zoneFormat(timezone)
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  const n = (k: string) => Number(part[k]);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  const offset = Math.round((wall - (d.getTime() - d.getUTCMilliseconds())) / 60_000);
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute} ${timezone} (UTC${offset < 0 ? '-' : '+'}${hhmm})`;
}

/** A position as people read it out over a radio: latitude, longitude, five decimals (about a metre). */
function position([lon, lat]: [number, number]): string {
  return `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
}

function hoursText(h: number, w: NoticeWords): string {
  const r = Math.round(h * 10) / 10;
  return w.t('notice.hours', { h: Number.isInteger(r) ? String(r) : r.toFixed(1) });
}

function noticeText(doc: NotificationDocument, sent: Date, start: Date, w: NoticeWords): string {
  const given = (start.getTime() - sent.getTime()) / 3_600_000;
  const when =
    given >= 0
      ? w.t('notice.before', { hours: hoursText(given, w) })
      : w.t('notice.after', { hours: hoursText(-given, w) });
  const asked = w.t('notice.asked', { hours: hoursText(doc.noticeHours, w) });
  if (doc.emergency) return w.t('notice.givenEmergency', { when, asked });
  return w.t(given < doc.noticeHours ? 'notice.givenShort' : 'notice.givenEnough', { when, asked });
}

function vehiclesText(v: NotificationDocument['vehicles'], w: NoticeWords): string {
  const total = v.buses + v.ambulances + v.trucks + v.other;
  return w.t('notice.vehiclesValue', { total, ...v });
}

export function capped(text: string, chars: number): string {
  const all = [...text];
  return all.length <= chars
    ? text
    : `${all
        .slice(0, chars - 1)
        .join('')
        .trimEnd()}…`;
}

function listing<T>(items: T[], cap: number): Listing<T> {
  return { shown: items.slice(0, cap), more: Math.max(0, items.length - cap) };
}

function checkPositions(positions: [number, number][], field: string): void {
  for (const [lon, lat] of positions)
    if (!(Math.abs(lon) <= 180 && Math.abs(lat) <= 90))
      throw new InvalidInputError(
        said('{field} holds a position outside WGS84: {position}', { field, position: `${lon}, ${lat}` }),
        { field },
      );
}

/** The facts of the sheet, label and value, in the order the parties read them. */
function factsOf(
  doc: NotificationDocument,
  { sent, start, end, routeKm }: { sent: Date; start: Date; end: Date; routeKm: number },
  w: NoticeWords,
): Fact[] {
  const zone = doc.operation.timezone;
  const { t } = w;
  const facts: Fact[] = [
    { label: t('notice.sentUtc'), value: utcText(sent) },
    { label: t('notice.sentLocal'), value: localText(sent, zone) },
    { label: t('notice.given'), value: noticeText(doc, sent, start, w) },
  ];
  if (doc.corridor)
    facts.push({
      label: t('notice.corridor'),
      value: t('notice.corridorValue', {
        code: doc.corridor.code,
        name: doc.corridor.name,
        status: w.tx('notice.status', doc.corridor.status),
      }),
      name: true,
    });
  if (doc.convoy) facts.push({ label: t('notice.convoy'), value: doc.convoy.code });
  facts.push(
    { label: t('notice.windowUtc'), value: t('notice.span', { from: utcText(start), to: utcText(end) }) },
    {
      label: t('notice.windowLocal'),
      value: t('notice.span', { from: localText(start, zone), to: localText(end, zone) }),
    },
    {
      label: t('notice.route'),
      value: t('notice.routeValue', { from: position(doc.route[0]!), to: position(doc.route.at(-1)!) }),
    },
    { label: t('notice.routeLength'), value: t('notice.routeLengthValue', { km: routeKm.toFixed(1) }) },
    { label: t('notice.vehicles'), value: vehiclesText(doc.vehicles, w) },
  );
  if (doc.contact)
    facts.push({
      label: t('notice.contact'),
      value: capped(`${doc.contact.name} (${doc.contact.code}): ${doc.contact.contact}`, 300),
      name: true,
    });
  if (doc.plates?.length)
    facts.push({ label: t('notice.plates'), value: capped(w.list(doc.plates), 300), name: true });
  if (doc.hazards)
    facts.push({
      label: t('notice.hazards'),
      value:
        doc.hazards.length === 0
          ? t('notice.noHazards')
          : w.list(
              doc.hazards.map((h) =>
                t('notice.hazard', { code: h.code, status: w.tx('notice.status', h.status) }),
              ),
            ),
    });
  return facts;
}

export function sheetOf(doc: NotificationDocument): Sheet {
  if (doc.route.length < 2)
    throw new InvalidInputError(said('The route needs at least 2 positions'), { field: 'route' });
  checkPositions(doc.route, 'route');
  checkPositions(
    doc.checkpoints.map((c) => c.at),
    'checkpoints',
  );
  if (!(doc.noticeHours >= 0))
    throw new InvalidInputError(said('noticeHours must be 0 or more'), { field: 'noticeHours' });
  const sent = instant(doc.sentAt, 'sentAt');
  const start = instant(doc.window.start, 'window.start');
  const end = instant(doc.window.end, 'window.end');
  if (end < start) throw new InvalidInputError(said('The window ends before it starts'), { field: 'window' });

  let routeKm = 0;
  for (let i = 1; i < doc.route.length; i++)
    routeKm += distanceMetres(doc.route[i - 1]!, doc.route[i]!) / 1000;

  const w = wordsOfDoc(doc);
  const facts = factsOf(doc, { sent, start, end, routeKm }, w);

  return {
    words: w,
    heading: `${doc.code} · ${doc.operation.name}`,
    facts,
    routeKm,
    checkpoints: listing(
      doc.checkpoints.map((c) => ({
        code: c.code,
        name: c.name,
        detail: `${w.tx('notice.kind', c.kind)}${w.t('listSeparator')}${position(c.at)}`,
      })),
      CHECKPOINTS_SHOWN,
    ),
    organisations: listing(
      doc.organisations.map((o) => ({
        code: o.code,
        name: o.name,
        detail: '',
        ...(o.contact ? { contact: o.contact } : {}),
      })),
      ORGANISATIONS_SHOWN,
    ),
    parties: listing(
      doc.parties.map((p) => ({
        code: p.code,
        name: p.name,
        acknowledged: p.acknowledgement !== undefined,
        detail: p.acknowledgement
          ? w.t('notice.acknowledged', {
              time: utcText(instant(p.acknowledgement.at, 'acknowledgement.at')),
              by: p.acknowledgement.by,
            }) + (p.acknowledgement.note ? `: ${p.acknowledgement.note}` : '')
          : w.t('notice.notAcknowledged'),
        ...(p.contact ? { contact: p.contact } : {}),
      })),
      PARTIES_SHOWN,
    ),
    ...(doc.note ? { note: capped(doc.note, NOTE_CHARS) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------
// The route figure, in a box of its own units with y pointing down (SVG's convention; the PDF flips it).

interface RouteFigure {
  route: [number, number][];
  checkpoints: { code: string; kind: string; x: number; y: number }[];
  scaleBar: { length: number; label: string };
}

const KM_PER_DEGREE = ((EARTH_RADIUS_M / 1000) * Math.PI) / 180;

/**
 * Equirectangular projection with longitude scaled by cos(mean latitude): over the tens of kilometres
 * of a corridor it keeps angles and distances close enough to read, and needs no projection library.
 * Both axes then count degrees of latitude, so one scale factor gives the kilometres per unit.
 */
// Room around the route: the sides keep labels and the north arrow (top right) clear, the bottom keeps
// the scale bar (bottom left) clear.
const FRAME = { side: 44, top: 24, bottom: 40 };

export function routeFigure(doc: NotificationDocument, width: number, height: number): RouteFigure {
  const meanLat = doc.route.reduce((s, p) => s + p[1], 0) / doc.route.length;
  const k = Math.max(Math.cos((meanLat * Math.PI) / 180), 0.01);
  const project = ([lon, lat]: [number, number]): [number, number] => [lon * k, lat];
  const all = [...doc.route, ...doc.checkpoints.map((c) => c.at)].map(project);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  // A route that is a single point still gets a scale: about 100 m across.
  const spanX = Math.max(maxX - minX, 0.001);
  const spanY = Math.max(maxY - minY, 0.001);
  const innerW = width - 2 * FRAME.side;
  const innerH = height - FRAME.top - FRAME.bottom;
  const scale = Math.min(innerW / spanX, innerH / spanY);
  const offX = FRAME.side + (innerW - (maxX - minX) * scale) / 2;
  const offY = FRAME.top + (innerH - (maxY - minY) * scale) / 2;
  const place = (p: [number, number]): [number, number] => {
    const [x, y] = project(p);
    return [offX + (x - minX) * scale, offY + (maxY - y) * scale];
  };

  const kmPerUnit = KM_PER_DEGREE / scale;
  const target = width * 0.25 * kmPerUnit;
  const magnitude = 10 ** Math.floor(Math.log10(target));
  const step = [5, 2, 1].map((m) => m * magnitude).find((v) => v <= target) ?? magnitude;
  const km = Number(step.toPrecision(6));

  return {
    route: doc.route.map(place),
    checkpoints: doc.checkpoints.map((c) => {
      const [x, y] = place(c.at);
      return { code: c.code, kind: c.kind, x, y };
    }),
    scaleBar: { length: km / kmPerUnit, label: wordsOfDoc(doc).t('unit.km', { n: String(km) }) },
  };
}

// ---------------------------------------------------------------------------------------------------
// HTML
