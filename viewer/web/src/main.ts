import 'ol/ol.css';
import './style.css';
import GeoJSON from 'ol/format/GeoJSON';
import { createEmpty, extend, isEmpty } from 'ol/extent';
import * as api from './api';
import { lang, roleName, setLang, t } from './i18n';
import { background } from './styles';
import { byId, fill, h } from './dom';
import { createApp, isAnalyst, type App, type Panel } from './app';
import { Scope, Store, type ViewerState } from './store';
import { attachPopup } from './panels/popup';
import { renderLayerPanel } from './panels/layerPanel';
import { renderPlannerPanel } from './panels/planner';
import { renderComparePanel } from './panels/compare';
import { renderWorkerView } from './worker/view';
import { registerServiceWorker } from './worker/serviceWorker';
import { bootSession, type Boot } from './worker/offlineStart';
import { renderScenariosPanel } from './panels/scenarios';
import { renderSignIn } from './panels/signin';
import { restoreView, savePlace, takePlace } from './place';
import { createSearch } from './panels/search';
import { gcj02ToWgs84, wgs84ToGcj02 } from './layers/gcj02';

/** The signed-in context as tests and the console see it (window.gridgis); the choices read through to the store. */
export type AppState = App & Readonly<Pick<ViewerState, 'category' | 'minutes' | 'run' | 'runs' | 'metric'>>;

const root = document.getElementById('app')!;
window.addEventListener('unhandledrejection', e => console.warn('unhandled', e.reason));

async function start(): Promise<void> {
  setLang(lang());
  registerServiceWorker();
  if (!api.token()) { renderSignIn(root, start); return; }
  let boot: Boot;
  try { boot = await bootSession(); } catch { renderSignIn(root, start); return; }
  const { me, config, categories } = boot;
  // A grid worker's view fits their own grids; everyone else starts fitted to the district.
  const district = me.role === 'grid_worker' ? null : await districtExtent();
  const runs = isAnalyst(me.role) && config.capabilities.coverage
    ? (await api.coverageRuns()).filter(r => r.state === 'complete' && !r.noOp && !r.whatIf) : [];
  const place = takePlace(me.userName);
  const store = new Store<ViewerState>({
    lang: lang(), tab: me.role === 'grid_worker' ? 'worker' : 'layers', category: categories[0]?.code ?? '', minutes: 15, whatIfMinutes: null,
    runs, run: runs[0]?.id ?? null, whatIfRuns: {}, metric: 'foreign', hiddenCategories: [], ...place?.state,
  });
  const app = mainScreen(config, me, categories, store);
  // Where the user was before a forced sign-in, else fitted to the district, before the first frame.
  if (place) restoreView(app, place);
  else if (district) app.map.getView().fit(district, { size: app.map.getSize() ?? [800, 600], padding: [20, 20, 20, 20] });
}

/** The district's extent (Web Mercator): all its streets (a handful of polygons); null when there are none. */
async function districtExtent(): Promise<number[] | null> {
  try {
    const json = await api.get<unknown>('/api/streets?limit=10000');
    const extent = createEmpty();
    for (const f of new GeoJSON().readFeatures(json, { featureProjection: 'EPSG:3857' })) { const g = f.getGeometry(); if (g) extend(extent, g.getExtent()); }
    return isEmpty(extent) ? null : extent;
  } catch (e) { console.warn(`the district's extent: ${(e as Error).message}`); return null; }
}

/**
 * The Hangfire dashboard in a new tab: the server sets a short-lived cookie for /hangfire only (the
 * browser cannot send the bearer token when it opens a page), then the tab opens without a way back
 * to this page (noopener).
 */
async function openDashboard(): Promise<void> {
  try {
    const session = await api.post<{ url: string }>('/api/admin/dashboard-session', {});
    window.open(session.url, '_blank', 'noopener');
  } catch (e) { console.warn(`job dashboard: ${(e as Error).message}`); }
}

function tabsOf(role: string): [string, Panel][] {
  const tabs: [string, Panel][] = [['layers', renderLayerPanel]];
  if (role === 'administrator' || role === 'planner') tabs.push(['planner', renderPlannerPanel]);
  if (isAnalyst(role)) tabs.push(['compare', renderComparePanel]);
  if (isAnalyst(role)) tabs.push(['scenarios', renderScenariosPanel]);
  if (role === 'administrator' || role === 'grid_worker') tabs.push(['worker', renderWorkerView]);
  return tabs;
}

function mainScreen(config: api.ViewerConfig, me: api.Me, categories: api.Category[], store: Store<ViewerState>): App {
  const header = h('header');
  fill(root, header,
    h('main', null,
      h('aside', { id: 'panel', role: 'tabpanel' }),
      // Focusable: arrow keys pan, + and - zoom (OpenLayers' keyboard interactions listen here).
      h('div', { id: 'map', tabindex: 0, role: 'application', 'aria-roledescription': t('mapRole'), 'aria-label': t('mapLabel'), style: { background } }),
      h('section', { id: 'compare', hidden: true })),
    h('div', { id: 'announce', class: 'sr-only', 'aria-live': 'polite', 'data-testid': 'announce' }));
  const app = createApp(config, me, categories, store, byId('map'));
  const exposed = app as AppState;
  for (const key of ['category', 'minutes', 'run', 'runs', 'metric'] as const) {
    Object.defineProperty(exposed, key, { get: () => store.state[key], enumerable: true });
  }
  (window as unknown as { gridgis: AppState }).gridgis = exposed;
  // The GCJ-02 transform as the tests compare it with Core's (ChinaCoordinates).
  (window as unknown as { gridgisGcj02: object }).gridgisGcj02 = { wgs84ToGcj02, gcj02ToWgs84 };
  app.map.once('rendercomplete', () => { document.body.dataset.firstPaintMs = String(Math.round(performance.now())); });
  attachPopup(app);

  const tabs = tabsOf(me.role);
  const search = createSearch(app);
  const renderHeader = () => fill(header,
    h('h1', null, t('title')),
    h('nav', { id: 'tabs', role: 'tablist', 'aria-label': t('panels') }, tabs.map(([id]) => h('button', {
      'data-tab': id, id: `tab-${id}`, role: 'tab', 'aria-selected': String(store.state.tab === id), 'aria-controls': 'panel',
      class: store.state.tab === id ? 'active' : '', onclick: () => store.set({ tab: id }),
    }, t(id as 'layers')))),
    search.render(),
    h('span', { class: 'who' }, `${me.userName} (${roleName(me.role)})`),
    me.role === 'administrator' && h('button', { id: 'dashboard', 'data-testid': 'open-dashboard', onclick: () => void openDashboard() }, t('jobDashboard')),
    h('button', { id: 'lang', 'data-testid': 'lang', onclick: () => store.set({ lang: lang() === 'zh' ? 'en' : 'zh' }) }, t('language')),
    h('button', { id: 'signout', onclick: () => void api.signOut() }, t('signOut')));

  // One panel at a time, each with its own scope: switching tab or language disposes the old one.
  let scope = new Scope();
  const show = (): Promise<void> => {
    scope.dispose();
    scope = new Scope();
    const panel = tabs.find(([id]) => id === store.state.tab)?.[1] ?? tabs[0][1];
    byId('compare').hidden = true;
    byId('panel').setAttribute('aria-labelledby', `tab-${store.state.tab}`);
    const current = scope;
    return Promise.resolve(panel(app, current, show)).catch(e => { if (!current.disposed) console.warn(`panel: ${(e as Error).message}`); });
  };
  store.subscribe(s => {
    setLang(s.lang);
    renderHeader();
    byId('map').setAttribute('aria-label', t('mapLabel'));
    byId('map').setAttribute('aria-roledescription', t('mapRole'));
    void show();
  }, ['lang', 'tab']);
  renderHeader();
  void show();
  // A token revoked elsewhere: say so, keep the place, and come back to it after signing in again.
  let ended = false;
  api.onUnauthorized(() => {
    if (ended) return;
    ended = true;
    savePlace(app);
    scope.dispose();
    app.map.setTarget(undefined);
    api.onUnauthorized(() => undefined);   // the other requests in flight fail quietly
    renderSignIn(root, start, undefined, t('sessionEnded'));
  });
  return app;
}

start().catch(e => { root.textContent = `GridGIS: ${(e as Error).message}`; });
