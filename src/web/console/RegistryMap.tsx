import { useEffect, useMemo, useRef, useState } from 'react';
import { AREA_KINDS } from '../../contracts/kinds.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { AreaChoice, FoldedForm, GeoJsonFileField, PlaceNameFields, namesOf } from './fields.js';
import { areasOf, readGeoFile, routeOf, type AreaFromFile } from './geo-files.js';
import { Choice, type Pick } from './Incidents.js';
import { collection, GeoJsonLayer, Z, type Feature } from './layers/GeoJsonLayer.js';
import { OnMap } from './map-context.js';
import { apiFetch } from '../client/http.js';
import { useCreate } from './use-create.js';
import type { OperationView } from './use-operation.js';

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * A corridor declared: its name, its route drawn on the map a tap at a time (or read from a GeoJSON
 * file), the neighbourhoods it runs from and to, and a note on the route. It starts planned; opening it
 * goes through its gates on the corridors page.
 */
export function DeclareCorridor({
  view,
  session,
  onPick,
}: {
  view: OperationView;
  session: Session;
  onPick: (pick: Pick) => void;
}) {
  const { t } = useI18n();
  const { created, error, setError, create } = useCreate(session, 'corridors');
  const [names, setNames] = useState({ name: '', nameAr: '' });
  const [note, setNote] = useState('');
  const [ends, setEnds] = useState({ from: '', to: '' });
  const route = useRouteDrawing(onPick);
  const { points, setPoints, setDrawing } = route;
  const submit = () => {
    setDrawing(false);
    void create({
      ...namesOf(names),
      route: { type: 'LineString', coordinates: points },
      ...(note.trim() ? { routeNote: note.trim() } : {}),
      ...(ends.from ? { fromAreaId: ends.from } : {}),
      ...(ends.to ? { toAreaId: ends.to } : {}),
    }).then((ok) => {
      if (!ok) return;
      setNames({ name: '', nameAr: '' });
      setNote('');
      setPoints([]);
    });
  };
  return (
    <FoldedForm
      title={t('declareCorridor')}
      testId="declare-corridor"
      onSubmit={submit}
      disabled={!names.name.trim() || points.length < 2}
      created={created}
      error={error}
    >
      <PlaceNameFields {...names} onChange={setNames} />
      <RouteFields route={route} onError={setError} />
      {(['from', 'to'] as const).map((end) => (
        <AreaChoice
          key={end}
          label={t(end === 'from' ? 'corridorFromArea' : 'corridorToArea')}
          value={ends[end]}
          areas={view.areas}
          none="—"
          onChange={(code) => setEnds((o) => ({ ...o, [end]: code }))}
        />
      ))}
      <label>
        {t('routeNote')}
        <textarea value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} dir="auto" />
      </label>
    </FoldedForm>
  );
}

/**
 * A route drawn on the map: while drawing, every tap on the map adds a point, and the map is itself
 * again after. The page's `onPick` changes with every render of the console, so it is read from a ref.
 */
function useRouteDrawing(onPick: (pick: Pick) => void) {
  const [points, setPoints] = useState<[number, number][]>([]);
  const [drawing, setDrawingState] = useState(false);
  const pickRef = useRef(onPick);
  // Whether a tap adds a point, at once: a tap just after "Done" may still reach the map's last pick.
  const adding = useRef(false);
  useEffect(() => {
    pickRef.current = onPick;
  });
  useEffect(() => {
    if (!drawing) return;
    const pick = pickRef.current;
    pick((at) => {
      if (adding.current) setPoints((p) => [...p, [round(at[0]), round(at[1])]]);
    });
    return () => pick(null);
  }, [drawing]);
  const setDrawing = (next: boolean | ((was: boolean) => boolean)) => {
    const value = typeof next === 'function' ? next(adding.current) : next;
    adding.current = value;
    setDrawingState(value);
  };
  return { points, setPoints, drawing, setDrawing };
}

/** Drawing the route (a point more, the last one less) or reading it from a file. */
function RouteFields({
  route,
  onError,
}: {
  route: ReturnType<typeof useRouteDrawing>;
  onError: (message: string | null) => void;
}) {
  const { t } = useI18n();
  const { points, setPoints, drawing, setDrawing } = route;
  const readFile = async (file: File | undefined) => {
    if (!file) return;
    const { value: read, badPosition } = await readGeoFile(file, routeOf);
    if (badPosition) return onError(t('geoFileBadPosition', { name: file.name, position: badPosition }));
    if (!read) return onError(t('routeFileNoLine', { name: file.name }));
    onError(null);
    setDrawing(false);
    setPoints(read.coordinates);
  };
  return (
    <>
      <p className="row">
        <button type="button" aria-pressed={drawing} onClick={() => setDrawing((d) => !d)}>
          {drawing ? t('routeDrawingStop') : t('routeDraw')}
        </button>
        <button type="button" disabled={points.length === 0} onClick={() => setPoints((p) => p.slice(0, -1))}>
          {t('routeUndo')}
        </button>
        <span role="status" data-testid="route-points">
          {t('routePoints', { n: points.length })}
        </span>
      </p>
      <GeoJsonFileField label={t('routeFromFile')} onFile={(f) => void readFile(f)} />
      <RouteDraft points={points} />
    </>
  );
}

/** The route being drawn, on the map: its line and its points. */
function RouteDraft({ points }: { points: [number, number][] }) {
  const data = useMemo(
    () =>
      collection([
        ...(points.length >= 2
          ? [
              {
                type: 'Feature',
                geometry: { type: 'LineString', coordinates: points },
                properties: {},
              } as Feature,
            ]
          : []),
        ...points.map((p): Feature => ({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: p },
          properties: {},
        })),
      ]),
    [points],
  );
  return (
    <OnMap>
      <GeoJsonLayer
        id="route-draft"
        z={Z.plan}
        data={data}
        layers={[
          {
            id: 'route-draft-line',
            type: 'line',
            filter: ['==', ['geometry-type'], 'LineString'],
            paint: { 'line-color': '#6e40c9', 'line-width': 4, 'line-dasharray': [2, 1] },
          },
          {
            id: 'route-draft-points',
            type: 'circle',
            filter: ['==', ['geometry-type'], 'Point'],
            paint: {
              'circle-radius': 5,
              'circle-color': '#ffffff',
              'circle-stroke-color': '#6e40c9',
              'circle-stroke-width': 2,
            },
          },
        ]}
      />
    </OnMap>
  );
}

/**
 * Areas registered from a GeoJSON file (a COD-AB boundary file, the neighbourhoods of a city): each
 * feature with a polygon and a name, one event each. An area whose p-code, or whose name where there
 * is no p-code, is already registered is left as it is, so a file imported twice registers it once. A
 * feature the server refuses is named with the reason and the import goes on; it stops when asked, or
 * when the page is left.
 */
export function ImportAreas({ view, session }: { view: OperationView; session: Session }) {
  const { t, tx, list } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [file, setFile] = useState<AreasFile | null>(null);
  const [kind, setKind] = useState<(typeof AREA_KINDS)[number]>('neighbourhood');
  const importing = useAreaImport(view, session);
  const { progress, busy } = importing;
  return (
    <FoldedForm
      title={t('importAreas')}
      testId="import-areas"
      onSubmit={() => file && void importing.run(file, kind)}
      disabled={!file || busy}
      created={null}
      error={error}
    >
      <AreaFileField
        file={file}
        onFile={(f) => {
          importing.reset();
          setFile(f);
        }}
        onError={setError}
      />
      <Choice
        label={t('areaKindLabel')}
        value={kind}
        values={AREA_KINDS}
        words={(k) => tx('areaKind', k)}
        onChange={setKind}
      />
      {busy && (
        <button type="button" onClick={importing.stop}>
          {t('importStop')}
        </button>
      )}
      {progress && (
        <p role="status" data-testid="areas-imported">
          {t('areasImported', { n: progress.registered, known: progress.known })}
          {progress.refused.length > 0 &&
            ` ${t('areasRefused', { n: progress.refused.length, list: list(progress.refused.slice(0, 5)) })}`}
        </p>
      )}
    </FoldedForm>
  );
}

/** The import of a file's areas, one POST at a time, with what it did so far. */
function useAreaImport(view: OperationView, session: Session) {
  const { problem } = useI18n();
  const [progress, setProgress] = useState<{ registered: number; known: number; refused: string[] } | null>(
    null,
  );
  const [busy, setBusy] = useState(false);
  // What this page registered, for an import again before the live stream has brought the new areas.
  const sent = useRef(new Set<string>());
  const stopped = useRef(false);
  useEffect(() => {
    stopped.current = false;
    return () => {
      stopped.current = true;
    };
  }, []);
  const keyOf = (a: { pcode: string | null; nameEn: string }) => a.pcode ?? `name:${a.nameEn}`;
  const known = (a: AreaFromFile) =>
    sent.current.has(keyOf(a)) || view.areas.some((x) => keyOf(x) === keyOf(a));
  const run = async (file: AreasFile, kind: string) => {
    setBusy(true);
    stopped.current = false;
    const p = { registered: 0, known: 0, refused: [] as string[] };
    for (const a of file.areas) {
      if (stopped.current) break;
      if (known(a)) p.known++;
      else
        try {
          await apiFetch(session, `/operations/${session.operationId}/areas`, {
            method: 'POST',
            body: {
              kind,
              nameEn: a.nameEn,
              ...(a.nameAr ? { nameAr: a.nameAr } : {}),
              ...(a.pcode ? { pcode: a.pcode } : {}),
              geometry: a.geometry,
            },
          });
          sent.current.add(keyOf(a));
          p.registered++;
        } catch (e) {
          p.refused.push(`${a.nameEn}: ${problem(e)}`);
        }
      setProgress({ ...p, refused: [...p.refused] });
    }
    setProgress({ ...p, refused: [...p.refused] });
    setBusy(false);
  };
  return {
    progress,
    busy,
    run,
    stop: () => (stopped.current = true),
    reset: () => setProgress(null),
  };
}

type AreasFile = { name: string } & ReturnType<typeof areasOf>;

/** The boundary file chosen, read in the browser: how many areas it gives, or why none. */
function AreaFileField({
  file,
  onFile,
  onError,
}: {
  file: AreasFile | null;
  onFile: (file: AreasFile | null) => void;
  onError: (message: string | null) => void;
}) {
  const { t } = useI18n();
  const read = async (chosen: File | undefined) => {
    if (!chosen) return onFile(null);
    const { value, badPosition } = await readGeoFile(chosen, areasOf);
    const found = value ?? { areas: [], skipped: 0 };
    if (badPosition) {
      onFile(null);
      return onError(t('geoFileBadPosition', { name: chosen.name, position: badPosition }));
    }
    if (found.areas.length === 0) {
      onFile(null);
      return onError(t('areaFileNone', { name: chosen.name }));
    }
    onError(null);
    onFile({ name: chosen.name, ...found });
  };
  return (
    <>
      <GeoJsonFileField label={t('areaFile')} onFile={(f) => void read(f)} />
      {file && (
        <p role="status" data-testid="area-file">
          {t('areaFileRead', { name: file.name, n: file.areas.length, skipped: file.skipped })}
        </p>
      )}
    </>
  );
}
