import { useEffect, useMemo, useState } from 'react';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { formatTime } from '../shared/format.js';
import { minutes } from './alert-words.js';
import type { Hazard } from '../client/records.js';
import { collection, GeoJsonLayer, pointFeature, Z } from './layers/GeoJsonLayer.js';
import { LabelsLayer, type MapLabel } from './layers/labels-layer.js';
import { CorridorsLayer } from './layers/operation-layers.js';
import { HazardsLayer, IncidentsLayer } from './layers/situation-layers.js';
import { OnMap } from './map-context.js';
import { Movements, Safety, type Sitrep } from './Report.js';
import type { OperationView } from './use-operation.js';
import { useSitrep } from './use-sitrep.js';

const HOUR = 3_600_000;
/** A step of the slider: an hour, or more for a long operation (at most about 1,000 steps). */
const stepOf = (span: number) => Math.max(HOUR, Math.ceil(span / 1000 / HOUR) * HOUR);

/**
 * The operation replayed from its log: a slider from its beginning to the end of its record (where
 * it opens), and the situation as of the time chosen, from the situation report as of that time, so
 * the numbers are the report's: corridors and their status on the map, people per corridor, convoys,
 * hazards, incidents and pause windows.
 */
export function Replay({ view, session }: { view: OperationView; session: Session }) {
  const { t } = useI18n();
  // The report cannot be asked for a time still to come: an event may be dated minutes ahead.
  const [now] = useState(() => Date.now());
  const range = useMemo(() => {
    if (!view.span) return null;
    const start = Date.parse(view.span.began);
    const last = view.span.lastOccurredAt ? Date.parse(view.span.lastOccurredAt) : start;
    const end = Math.max(Math.min(last, now), start);
    const step = stepOf(end - start);
    return { start, end, step, steps: Math.max(1, Math.ceil((end - start) / step)) };
  }, [view.span, now]);
  const [index, setIndex] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  const shown = range ? Math.min(index ?? range.steps, range.steps) : 0;
  const at = range ? Math.min(range.start + shown * range.step, range.end) : null;
  const { report, error } = useReportAsOf(session, at === null ? null : new Date(at).toISOString());
  useEffect(() => {
    if (!playing || !range) return;
    const timer = setInterval(() => {
      setIndex((i) => {
        const next = Math.min((i ?? range.steps) + 1, range.steps);
        if (next === range.steps) setPlaying(false);
        return next;
      });
    }, 800);
    return () => clearInterval(timer);
  }, [playing, range]);
  const tz = view.operation?.timezone;
  if (!range || at === null) return <p className="muted">{t('loading')}</p>;
  return (
    <section aria-labelledby="replay-heading" data-testid="replay">
      <h2 id="replay-heading">{t('replay')}</h2>
      <p className="muted small">{t('replayExplained')}</p>
      <ReplayControls
        range={range}
        shown={shown}
        at={at}
        playing={playing}
        setIndex={setIndex}
        setPlaying={setPlaying}
        timeZone={tz}
      />
      {error && <p role="alert">{error}</p>}
      {report && (
        <div data-testid="replay-report" data-as-of={report.asOf}>
          <ConvoysAsOf report={report} />
          <Movements report={report} />
          <Safety report={report} timezone={tz} />
          <OnMap>
            <ReplayLayers report={report} timeZone={tz} />
          </OnMap>
        </div>
      )}
    </section>
  );
}

/** The slider and its buttons: back and on a step, play and pause, to the end of the record. */
function ReplayControls({
  range,
  shown,
  at,
  playing,
  setIndex,
  setPlaying,
  timeZone: tz,
}: {
  range: { steps: number; step: number };
  shown: number;
  at: number;
  playing: boolean;
  setIndex: (i: number) => void;
  setPlaying: (p: boolean) => void;
  timeZone: string | undefined;
}) {
  const { t, lang, number } = useI18n();
  return (
    <div className="replay-controls">
      <label className="replay-slider">
        <span data-testid="replay-time">{formatTime(new Date(at).toISOString(), lang, tz)}</span>
        <input
          type="range"
          min={0}
          max={range.steps}
          step={1}
          value={shown}
          aria-valuetext={formatTime(new Date(at).toISOString(), lang, tz)}
          data-at={new Date(at).toISOString()}
          onChange={(e) => {
            setPlaying(false);
            setIndex(Number(e.target.value));
          }}
        />
      </label>
      <span className="row">
        <button type="button" onClick={() => setIndex(Math.max(0, shown - 1))} disabled={shown === 0}>
          {t('stepBack', { step: minutes(range.step / 60_000, { t, number }) })}
        </button>
        <button
          type="button"
          onClick={() => {
            if (!playing && shown === range.steps) setIndex(0);
            setPlaying(!playing);
          }}
          aria-pressed={playing}
        >
          {playing ? t('pause') : t('play')}
        </button>
        <button
          type="button"
          onClick={() => setIndex(Math.min(range.steps, shown + 1))}
          disabled={shown === range.steps}
        >
          {t('stepForward', { step: minutes(range.step / 60_000, { t, number }) })}
        </button>
        <button type="button" onClick={() => setIndex(range.steps)} disabled={shown === range.steps}>
          {t('toTheEnd')}
        </button>
      </span>
    </div>
  );
}

/**
 * The report as of the time the slider shows, one read at a time: a step is asked for at once, and
 * while a report is on its way the slider's later times wait, the latest of them asked for when it
 * comes (a slider dragged or a key held asks for where it is now and then, and for where it stops,
 * never for every time it passed).
 */
function useReportAsOf(session: Session, wanted: string | null) {
  const [asked, setAsked] = useState(wanted);
  const read = useSitrep<Sitrep>(session, 0, asked, { keep: true });
  // Before the operation's span is known nothing is asked for as of a time: the first time is at once.
  if ((read.settled || asked === null) && asked !== wanted) setAsked(wanted);
  return read;
}

function ConvoysAsOf({ report }: { report: Sitrep }) {
  const { t, tx, number } = useI18n();
  const entries = Object.entries(report.overview.convoys);
  return (
    <p data-testid="replay-convoys">
      <strong>{t('convoysAsOf')}</strong>{' '}
      {entries.length === 0
        ? t('none')
        : entries.map(([status, n]) => `${tx('status', status)}: ${number(n)}`).join(' · ')}
    </p>
  );
}

/** The corridors as they stood (coloured by their status then), the hazard areas and incidents then. */
function ReplayLayers({ report, timeZone }: { report: Sitrep; timeZone: string | undefined }) {
  const corridors = useSameAsBefore(
    report.map.corridors.map((c) => ({
      code: c.code,
      name: report.movements.find((m) => m.corridor === c.code)?.name ?? '',
      status: c.status,
      route: { type: 'LineString' as const, coordinates: c.coordinates },
    })),
  );
  const hazards = useSameAsBefore(
    report.map.hazards.map((h) => ({
      code: h.code,
      type: report.safety.hazards.find((s) => s.code === h.code)?.type ?? '',
      status: h.status,
      area: h.area as Hazard['area'],
    })),
  );
  const incidents = useSameAsBefore(
    report.map.incidents.flatMap((i) => {
      const said = report.safety.incidents.find((s) => s.code === i.code);
      if (!i.coordinates) return [];
      return [
        {
          code: i.code,
          type: said?.type ?? '',
          severity: i.severity ?? said?.severity ?? '',
          status: said?.status ?? '',
          location: { type: 'Point' as const, coordinates: i.coordinates },
        },
      ];
    }),
  );
  // The live layers are not drawn while replaying (App.tsx): the same layers, under other names, draw
  // the past instead.
  return (
    <>
      <HazardsLayer id="replay-hazards" hazards={hazards} />
      <CorridorsLayer id="replay-corridors" corridors={corridors} />
      <IncidentsLayer id="replay-incidents" incidents={incidents} />
      <ReplayPlaces report={report} timeZone={timeZone} />
    </>
  );
}

/**
 * `value`, or the value of the render before when it is the same (as JSON): the map's layers are given
 * their data again only when it changed, and a step of the slider that moved nothing on the map does
 * not send it to the map's worker and redraw it (each redraw is tens of milliseconds without a GPU).
 */
function useSameAsBefore<T>(value: T): T {
  const json = JSON.stringify(value);
  const [kept, setKept] = useState({ value, json });
  if (kept.json === json) return kept.value;
  setKept({ value, json });
  return value;
}

const PLACE_STYLE = {
  checkpoint: { colour: '#ffffff', stroke: '#24292f', radius: 6 },
  'command-post': { colour: '#0550ae', stroke: '#ffffff', radius: 8 },
  'reception-point': { colour: '#1a7f37', stroke: '#ffffff', radius: 9 },
  convoy: { colour: '#bf3989', stroke: '#ffffff', radius: 7 },
} as const;

/**
 * The places as they stood (checkpoints, command posts and reception points established by then) and
 * the convoys on the road then, each at the last station that counted it, with their labels.
 */
function ReplayPlaces({ report, timeZone: tz }: { report: Sitrep; timeZone: string | undefined }) {
  const { t, tx, lang } = useI18n();
  const m = report.map;
  const places = useSameAsBefore(placesOf(m, { t, tx, lang, tz }));
  const routes = useSameAsBefore(m.corridors);
  const data = useMemo(
    () =>
      collection(
        places.map((p) =>
          pointFeature(
            { type: 'Point', coordinates: p.at },
            { tooltip: true, title: p.code, detail: p.detail, kind: p.kind, ...styleOf(p.kind) },
          ),
        ),
      ),
    [places],
  );
  const labels = useMemo(
    (): MapLabel[] => [
      ...routes.flatMap((c): MapLabel[] => {
        const middle = c.coordinates[Math.floor(c.coordinates.length / 2)];
        return middle ? [{ key: c.code, at: middle, text: c.code, kind: 'corridor', rank: 1 }] : [];
      }),
      ...places.map((p): MapLabel => ({
        key: p.code,
        at: p.at,
        text: p.code,
        kind: p.kind,
        rank: { convoy: 0, 'reception-point': 2, 'command-post': 3, checkpoint: 4 }[p.kind],
      })),
    ],
    [routes, places],
  );
  return (
    <>
      <GeoJsonLayer
        id="replay-places"
        z={Z.points}
        data={data}
        layers={[
          {
            id: 'replay-places-circle',
            type: 'circle',
            paint: {
              'circle-radius': ['get', 'radius'],
              'circle-color': ['get', 'colour'],
              'circle-stroke-color': ['get', 'stroke'],
              'circle-stroke-width': 2.5,
            },
          },
        ]}
      />
      <LabelsLayer labels={labels} />
    </>
  );
}

type Place = { kind: keyof typeof PLACE_STYLE; code: string; at: [number, number]; detail: string };

/** The report's places and convoys, each with the words of its tooltip. */
function placesOf(
  m: Sitrep['map'],
  { t, tx, lang, tz }: Pick<ReturnType<typeof useI18n>, 't' | 'tx' | 'lang'> & { tz: string | undefined },
): Place[] {
  return [
    ...m.checkpoints.map((c) => ({
      kind: 'checkpoint' as const,
      code: c.code,
      at: c.coordinates,
      detail: `${t('checkpoint')} · ${tx('checkpointKind', c.kind)}`,
    })),
    ...m.commandPosts.map((p) => ({
      kind: 'command-post' as const,
      code: p.code,
      at: p.coordinates,
      detail: t('commandPost'),
    })),
    ...m.receptionPoints.map((r) => ({
      kind: 'reception-point' as const,
      code: r.code,
      at: r.coordinates,
      detail: t('receptionPoint'),
    })),
    ...m.convoys.map((c) => ({
      kind: 'convoy' as const,
      code: c.code,
      at: c.coordinates,
      detail: t('convoyLastCounted', { station: c.station, time: formatTime(c.at, lang, tz) }),
    })),
  ];
}

function styleOf(kind: keyof typeof PLACE_STYLE) {
  const s = PLACE_STYLE[kind];
  return { colour: s.colour, stroke: s.stroke, radius: s.radius };
}
