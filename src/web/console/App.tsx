import type { Map as MapLibreMap } from 'maplibre-gl';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { loadSession, saveSession, type Session } from '../client/session.js';
import { LanguageToggle, useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../../contracts/words/messages.js';
import { SignIn } from '../shared/SignIn.js';
import { AlertsFeed } from './AlertsFeed.js';
import { AlertsLayer } from './layers/alerts-layer.js';
import { AreaList, type MapFocus } from './AreaList.js';
import { useAfterCorridors } from './layers/after-corridors.js';
import { CorridorBoard } from './CorridorBoard.js';
import { LandLayer } from './layers/LandLayer.js';
import { OperationLabels } from './layers/labels-layer.js';
import {
  AreasLayer,
  CheckpointsLayer,
  CommandPostsLayer,
  CorridorsLayer,
  ReceptionPointsLayer,
} from './layers/operation-layers.js';
import { ConvoysLayer, HazardsLayer, IncidentsLayer, PlanRoutesLayer } from './layers/situation-layers.js';
import { HistoricalNote, NoDataWarning } from './NoDataWarning.js';
import { MapContext } from './map-context.js';
import { usePath } from './navigation.js';
import { OperationMap } from './OperationMap.js';
import { Sites, SyncBanner, useSyncStatus } from './Sites.js';
import { useOperation, type OperationView } from './use-operation.js';
import { nameIn } from '../shared/format.js';

// Each page's code is loaded when the page is first opened: the first screen needs only the map, the
// board and the alerts.
const ConvoyPage = lazy(() => import('./ConvoyPage.js').then((m) => ({ default: m.ConvoyPage })));
const EventLog = lazy(() => import('./EventLog.js').then((m) => ({ default: m.EventLog })));
const Figures = lazy(() => import('./Figures.js').then((m) => ({ default: m.Figures })));
const Fleet = lazy(() => import('./Fleet.js').then((m) => ({ default: m.Fleet })));
const Hazards = lazy(() => import('./Hazards.js').then((m) => ({ default: m.Hazards })));
const Incidents = lazy(() => import('./Incidents.js').then((m) => ({ default: m.Incidents })));
const PeopleChart = lazy(() => import('./PeopleChart.js').then((m) => ({ default: m.PeopleChart })));
const Planning = lazy(() => import('./Planning.js').then((m) => ({ default: m.Planning })));
const Protection = lazy(() => import('./Protection.js').then((m) => ({ default: m.Protection })));
const Recovery = lazy(() => import('./Recovery.js').then((m) => ({ default: m.Recovery })));
const Access = lazy(() => import('./Access.js').then((m) => ({ default: m.Access })));
const Paper = lazy(() => import('./Paper.js').then((m) => ({ default: m.Paper })));
const Registry = lazy(() => import('./Registry.js').then((m) => ({ default: m.Registry })));
const Replay = lazy(() => import('./Replay.js').then((m) => ({ default: m.Replay })));
const Report = lazy(() => import('./Report.js').then((m) => ({ default: m.Report })));
const Windows = lazy(() => import('./Windows.js').then((m) => ({ default: m.Windows })));

const NAV: [string, MessageKey][] = [
  ['/', 'navMap'],
  ['/corridors', 'navCorridors'],
  ['/alerts', 'navAlerts'],
  ['/fleet', 'navFleet'],
  ['/planning', 'navPlanning'],
  ['/incidents', 'navIncidents'],
  ['/hazards', 'navHazards'],
  ['/windows', 'navWindows'],
  ['/recovery', 'navRecovery'],
  ['/protection', 'navProtection'],
  ['/report', 'navReport'],
  ['/paper', 'navPaper'],
  ['/replay', 'navReplay'],
  ['/figures', 'navFigures'],
  ['/chart', 'navChart'],
  ['/areas', 'navAreas'],
  ['/registry', 'navRegistry'],
  ['/sites', 'navSites'],
  ['/log', 'navLog'],
  ['/access', 'navAccess'],
];

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const { t } = useI18n();
  const signIn = useCallback((s: Session | null) => {
    saveSession(s);
    setSession(s);
  }, []);
  if (!session) return <SignIn title={t('consoleTitle')} onSignIn={signIn} />;
  return <Console session={session} onSignOut={() => signIn(null)} />;
}

function Console({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { t, tx, lang } = useI18n();
  const [path, hash, navigate] = usePath();
  const view = useOperation(session, path === '/');
  const [focus, setFocus] = useState<MapFocus | null>(null);
  // The map, once ready, for pages that draw on it (recovery colours the neighbourhoods).
  const [map, setMap] = useState<MapLibreMap | null>(null);
  // A page asking for a place on the map (an incident's): the next click on the map goes to it.
  const [pick, setPick] = useState<{ to: (at: [number, number]) => void } | null>(null);
  const panelShown = usePanelShown(path === '/', view.corridors?.length === 0);
  const openAlerts = view.alerts.filter((a) => a.status === 'open').length;
  const sync = useSyncStatus(session);
  const onPick = useCallback(
    (to: ((at: [number, number]) => void) | null) => setPick(to ? { to } : null),
    [],
  );
  return (
    <div className="console">
      <a className="skip-link" href="#panel">
        {t('skipToPanel')}
      </a>
      <header className="top">
        <h1>
          {t('appName')}{' '}
          <span className="muted">
            · {view.operation ? nameIn(view.operation, lang) : session.operationId}
          </span>
        </h1>
        <MainNav path={path} navigate={navigate} openAlerts={openAlerts} />
        <span className={`live live-${view.stream}`} role="status" data-testid="stream-state">
          {t(view.stream === 'unauthorised' ? 'offline' : view.stream)}
        </span>
        {view.role && (
          <span className="muted small signed-in">{t('signedInAs', { role: tx('role', view.role) })}</span>
        )}
        <LanguageToggle />
        <button type="button" onClick={onSignOut}>
          {t('signOut')}
        </button>
      </header>
      <Banners view={view} sync={sync} onSignOut={onSignOut} navigate={navigate} path={path} />
      <div className="workspace" data-first={path === '/' ? 'map' : 'panel'}>
        <OperationMap
          corridors={view.corridors}
          focus={focus}
          navigate={navigate}
          onPick={pick?.to ?? null}
          onMap={setMap}
        >
          <MapLayers view={view} now={path !== '/replay'} planning={path === '/planning'} />
        </OperationMap>
        <main className="panel" id="panel" tabIndex={-1}>
          <MapContext.Provider value={map}>
            {!panelShown ? (
              <p className="muted">{t('loading')}</p>
            ) : path === '/areas' ? (
              <AreaList areas={view.areas} onFocus={setFocus} />
            ) : path === '/sites' ? (
              <Sites status={sync} timezone={view.operation?.timezone} view={view} />
            ) : (
              <Panel
                path={path}
                hash={hash}
                view={view}
                session={session}
                navigate={navigate}
                onFocus={setFocus}
                onPick={onPick}
              />
            )}
          </MapContext.Provider>
        </main>
      </div>
      <footer className="muted small attribution">{t('attribution')}</footer>
    </div>
  );
}

/**
 * Whether the page beside the map is drawn yet. When the console opens on the map, it is drawn once
 * the corridors are (or at once when there are none, or another page is opened, and after two seconds
 * at most); once drawn, it stays. Its first render is the console's largest, and drawn before, it held
 * the map's first frames back by a fifth of a second. Opened on another page, that page is drawn at once.
 */
function usePanelShown(onMap: boolean, noCorridors: boolean): boolean {
  const [mapFirst] = useState(onMap);
  const drawn = useAfterCorridors();
  const [shown, setShown] = useState(false);
  const now = !mapFirst || !onMap || noCorridors || drawn;
  if (now && !shown) setShown(true);
  return shown || now;
}

/** The page of the address, with a word while its code loads. */
function Panel(props: Parameters<typeof PanelPage>[0]) {
  const { t } = useI18n();
  return (
    <Suspense fallback={<p className="muted">{t('loading')}</p>}>
      <PanelPage {...props} />
    </Suspense>
  );
}

/** What the whole console must know: a simulation, a post cut off, a session ended, an error. */
function Banners({
  view,
  sync,
  onSignOut,
  navigate,
  path,
}: {
  view: OperationView;
  sync: ReturnType<typeof useSyncStatus>;
  onSignOut: () => void;
  navigate: (href: string) => void;
  path: string;
}) {
  const { t, problem } = useI18n();
  return (
    <>
      {view.operation?.id.endsWith('-sim') && <p className="banner">{t('simulationWarning')}</p>}
      <NoDataWarning view={view} />
      {path !== '/replay' && <HistoricalNote view={view} navigate={navigate} />}
      <SyncBanner status={sync} timezone={view.operation?.timezone} />
      {view.stream === 'unauthorised' && (
        <p role="alert" className="error banner">
          {t('tokenEnded')}{' '}
          <button type="button" onClick={onSignOut}>
            {t('signIn')}
          </button>
        </p>
      )}
      {view.error !== null && (
        <p role="alert" className="error banner">
          {problem(view.error)}
        </p>
      )}
    </>
  );
}

/** The console's views, each its own address; the tally is a page of its own. */
function MainNav({
  path,
  navigate,
  openAlerts,
}: {
  path: string;
  navigate: (href: string) => void;
  openAlerts: number;
}) {
  const { t } = useI18n();
  // On a phone the tabs are one row that scrolls: the current one is brought into view, and again when
  // the alerts' badge comes and widens a tab before it, or the header around the row changes its width.
  const nav = useRef<HTMLElement>(null);
  useEffect(() => {
    const row = nav.current;
    if (!row) return;
    const bring = () =>
      row.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    bring();
    const resized = new ResizeObserver(bring);
    resized.observe(row);
    return () => resized.disconnect();
  }, [path, openAlerts]);
  return (
    <nav aria-label={t('mainNavigation')} ref={nav}>
      {NAV.map(([href, label]) => (
        <a
          key={href}
          href={href}
          aria-current={path === href ? 'page' : undefined}
          onClick={(e) => {
            e.preventDefault();
            navigate(href);
          }}
        >
          {t(label)}
          {href === '/alerts' && openAlerts > 0 && <span className="badge">{openAlerts}</span>}
        </a>
      ))}
      <a href="/tally">{t('navTally')}</a>
    </nav>
  );
}

/** What the map draws of the operation, bottom to top. */
function MapLayers({ view, now, planning }: { view: OperationView; now: boolean; planning: boolean }) {
  // Replaying, the operation is drawn by the replay as it stood (its places too); the ground stays. Planning,
  // the plan shown is drawn by the planning page.
  return (
    <>
      <LandLayer />
      <AreasLayer areas={view.areas} />
      {now && <HazardsLayer hazards={view.hazards} />}
      {now && !planning && <PlanRoutesLayer plans={view.plans} />}
      {now && <CorridorsLayer corridors={view.corridors ?? []} />}
      {now && <CheckpointsLayer checkpoints={view.checkpoints} />}
      {now && <CommandPostsLayer commandPosts={view.commandPosts} />}
      {now && <ReceptionPointsLayer receptionPoints={view.receptionPoints} />}
      {now && (
        <OperationLabels
          corridors={view.corridors ?? []}
          receptionPoints={view.receptionPoints}
          commandPosts={view.commandPosts}
          checkpoints={view.checkpoints}
        />
      )}
      {now && view.incidents && <IncidentsLayer incidents={view.incidents} />}
      {now && <AlertsLayer view={view} />}
      {now && (
        <ConvoysLayer
          convoys={view.convoys}
          positions={view.positions}
          checkpoints={view.checkpoints}
          receptionPoints={view.receptionPoints}
        />
      )}
    </>
  );
}

function PanelPage({
  path,
  hash,
  view,
  session,
  navigate,
  onFocus,
  onPick,
}: {
  path: string;
  hash: string;
  view: OperationView;
  session: Session;
  navigate: (href: string) => void;
  onFocus: (focus: MapFocus) => void;
  onPick: (to: ((at: [number, number]) => void) | null) => void;
}) {
  const convoy = /^\/convoys\/([A-Za-z0-9-]+)$/.exec(path);
  if (convoy) return <ConvoyPage code={convoy[1]!} view={view} session={session} navigate={navigate} />;
  switch (path) {
    case '/corridors':
      return <CorridorBoard view={view} session={session} focus={hash} navigate={navigate} />;
    case '/alerts':
      return <AlertsFeed view={view} session={session} navigate={navigate} onFocus={onFocus} />;
    case '/fleet':
      return <Fleet view={view} />;
    case '/planning':
      return <Planning view={view} session={session} onPick={onPick} navigate={navigate} />;
    case '/figures':
      return <Figures view={view} session={session} />;
    case '/report':
      return <Report view={view} session={session} />;
    case '/incidents':
      return <Incidents view={view} session={session} onPick={onPick} />;
    case '/hazards':
      return <Hazards view={view} session={session} onPick={onPick} />;
    case '/protection':
      return <Protection view={view} session={session} hash={hash} navigate={navigate} />;
    case '/windows':
      return <Windows view={view} session={session} />;
    case '/replay':
      return <Replay view={view} session={session} />;
    case '/recovery':
      return <Recovery view={view} session={session} />;
    case '/registry':
      return <Registry view={view} session={session} onPick={onPick} />;
    case '/access':
      return <Access view={view} session={session} />;
    case '/paper':
      return <Paper view={view} session={session} />;
    case '/log':
      return <EventLog view={view} session={session} />;
    case '/chart':
      return <PeopleChart view={view} />;
    default:
      return (
        <>
          <CorridorBoard view={view} session={session} focus={hash} navigate={navigate} />
          <AlertsFeed view={view} session={session} navigate={navigate} onFocus={onFocus} />
        </>
      );
  }
}
