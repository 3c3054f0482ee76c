import 'ol/ol.css';
import './style.css';
import Map from 'ol/Map';
import View from 'ol/View';
import TileLayer from 'ol/layer/Tile';
import XYZ from 'ol/source/XYZ';
import { fromLonLat } from 'ol/proj';
import { ScaleLine, defaults as defaultControls } from 'ol/control';
import * as api from './api';
import { lang, setLang, t } from './i18n';
import { background } from './styles';
import { byId, escapeForMarkup, fill, h } from './dom';
import {
  createCommunitiesLayer, createFacilitiesLayer, createGapsLayer, createGridsLayer, createHeatmapLayer,
  createHouseholdsLayer, createServiceAreasLayer, createStreetsLayer, type Layer,
} from './layers/layers';
import { attachPopup } from './panels/popup';
import { renderLayerPanel } from './panels/layerPanel';
import { renderPlannerPanel } from './panels/planner';
import { renderComparePanel } from './panels/compare';
import { renderWorkerPanel } from './panels/worker';

/** Shared state the layers read when they build their URLs. */
export interface AppState {
  config: api.ViewerConfig;
  me: api.Me;
  categories: api.Category[];
  category: string;
  minutes: number;
  /** The latest complete coverage run's id, or null before any (analysts only). */
  run: number | null;
  runs: api.CoverageRun[];
  metric: 'foreign' | 'residents';
  map: Map;
  layers: Layer[];
  byId: (id: string) => Layer;
  refresh: () => void;
}

const app = document.getElementById('app')!;
window.addEventListener('unhandledrejection', e => console.warn('unhandled', e.reason));

async function start(): Promise<void> {
  setLang(lang());
  if (!api.token()) { signInScreen(); return; }
  let me: api.Me;
  try { me = await api.me(); } catch { signInScreen(); return; }
  const config = await api.config();
  const categories = await api.categories();
  const analyst = ['administrator', 'planner', 'official'].includes(me.role);
  const runs = analyst && config.capabilities.coverage ? (await api.coverageRuns()).filter(r => r.state === 'complete' && !r.noOp && !r.whatIf) : [];
  mainScreen(config, me, categories, runs);
}

function signInScreen(error?: string): void {
  const form = h('form', { id: 'signin', class: 'signin' },
    h('h1', null, t('title')),
    h('label', null, `${t('userName')} `, h('input', { name: 'userName', autocomplete: 'username', required: true })),
    h('label', null, `${t('password')} `, h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    h('button', { type: 'submit' }, t('signIn')),
    h('button', { type: 'button', class: 'link', id: 'lang', onclick: () => { setLang(lang() === 'zh' ? 'en' : 'zh'); signInScreen(); } }, t('language')),
    h('p', { class: 'error', role: 'alert' }, error ?? ''));
  fill(app, form);
  form.onsubmit = async e => {
    e.preventDefault();
    const data = new FormData(form);
    try {
      await api.signIn(String(data.get('userName')), String(data.get('password')));
      await start();
    } catch (err) { signInScreen(t('signInFailed') + (err as Error).message); }
  };
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

function mainScreen(config: api.ViewerConfig, me: api.Me, categories: api.Category[], runs: api.CoverageRun[]): void {
  const nav = h('nav', { id: 'tabs' });
  fill(app,
    h('header', null,
      h('h1', null, t('title')),
      nav,
      h('span', { class: 'who' }, `${me.userName} (${me.role})`),
      me.role === 'administrator' && h('button', { id: 'dashboard', 'data-testid': 'open-dashboard', onclick: () => void openDashboard() }, t('jobDashboard')),
      h('button', { id: 'lang', 'data-testid': 'lang', onclick: () => { setLang(lang() === 'zh' ? 'en' : 'zh'); mainScreen(config, me, categories, runs); } }, t('language')),
      h('button', { id: 'signout', onclick: () => void api.signOut() }, t('signOut'))),
    h('main', null,
      h('aside', { id: 'panel' }),
      h('div', { id: 'map', style: { background } }),
      h('section', { id: 'compare', hidden: true })));

  const state = {} as AppState;
  Object.assign(state, {
    config, me, categories, category: categories[0]?.code ?? '', minutes: 15, metric: 'foreign' as const,
    runs, run: runs[0]?.id ?? null,
  });
  const caps = config.capabilities;
  const layers: Layer[] = [
    createStreetsLayer(), createCommunitiesLayer(), createGridsLayer(), createFacilitiesLayer(categories),
    createServiceAreasLayer(state), createGapsLayer(state), createHeatmapLayer(state),
  ];
  if (me.role === 'grid_worker' || me.role === 'administrator') layers.push(createHouseholdsLayer());
  const available: Record<string, boolean> = {
    serviceAreas: caps.serviceAreas ?? false, gaps: (caps.coverage ?? false) && runs.length > 0, households: caps.households ?? false,
  };
  for (const l of layers) {
    const id = l.get('id') as string;
    l.set('available', available[id] ?? true);
    // Off by default: the heavier analysis layers; on: the geography.
    l.setVisible(['streets', 'communities', 'grids', 'facilities'].includes(id));
  }
  const base = config.tileUrl
    ? [new TileLayer({ source: new XYZ({ url: config.tileUrl, attributions: config.tileAttribution ? escapeForMarkup(config.tileAttribution) : undefined, crossOrigin: 'anonymous' }) })]
    : [];
  const map = new Map({
    target: 'map',
    layers: [...base, ...layers],
    controls: defaultControls({ attribution: !!config.tileUrl }).extend([new ScaleLine()]),
    view: new View({ center: fromLonLat(config.center), zoom: config.zoom, maxZoom: 20 }),
  });
  Object.assign(state, {
    map, layers,
    byId: (id: string) => layers.find(l => l.get('id') === id)!,
    refresh: () => { for (const id of ['serviceAreas', 'gaps', 'heatmap']) state.byId(id).getSource()?.refresh(); },
  });
  (window as unknown as { gridgis: AppState }).gridgis = state;
  map.once('rendercomplete', () => {
    const paint = performance.now();
    document.body.dataset.firstPaintMs = String(Math.round(paint));
  });
  attachPopup(map, state);

  const tabs: [string, () => void][] = [['layers', () => renderLayerPanel(state)]];
  const analyst = ['administrator', 'planner', 'official'].includes(me.role);
  if (me.role === 'administrator' || me.role === 'planner') tabs.push(['planner', () => renderPlannerPanel(state)]);
  if (analyst) tabs.push(['compare', () => renderComparePanel(state)]);
  if (me.role === 'administrator' || me.role === 'grid_worker') tabs.push(['worker', () => renderWorkerPanel(state)]);
  const show = (id: string) => {
    nav.querySelectorAll('button').forEach(b => b.classList.toggle('active', b.dataset.tab === id));
    byId('compare').hidden = true;
    tabs.find(([tab]) => tab === id)![1]();
  };
  fill(nav, tabs.map(([id]) => h('button', { 'data-tab': id, onclick: () => show(id) }, t(id as 'layers'))));
  show('layers');
}

start().catch(e => { app.textContent = `GridGIS: ${(e as Error).message}`; });
