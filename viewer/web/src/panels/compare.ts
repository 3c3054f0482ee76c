// For officials: two or more streets side by side on synchronised maps at the same scale, one
// table of figures (GET /api/compare), and a PNG export from the server's SkiaSharp renderer.
import Map from 'ol/Map';
import View from 'ol/View';
import { getCenter, getHeight, getWidth } from 'ol/extent';
import { transformExtent } from 'ol/proj';
import type { App } from '../app';
import type { Scope } from '../store';
import { get, getBlob, type CompareStreet, type StreetComparison } from '../api';
import { fmt, lang, nameOf, pct, t } from '../i18n';
import { fill, h } from '../dom';
import { createCommunitiesLayer, createFacilitiesLayer, createGapsLayer, createGridsLayer, createStreetsLayer } from '../layers/layers';

type StreetFigures = CompareStreet;
export type Comparison = StreetComparison;

export async function renderComparePanel(state: App, scope: Scope): Promise<void> {
  const panel = document.getElementById('panel')!;
  const streets = await get<{ features: { id: number; properties: Record<string, string> }[] }>('/api/streets?limit=10000', scope.signal());
  if (scope.disposed) return;
  const pilot = new Set(state.config.pilotStreets);
  fill(panel,
    h('h2', null, t('compare')),
    h('p', null, t('pickStreets')),
    h('button', { id: 'c-pilot', 'data-testid': 'compare-pilot' }, t('pilotPreset')),
    h('select', { id: 'c-streets', multiple: true, size: 12, 'data-testid': 'compare-streets', 'aria-label': t('pickStreets') },
      streets.features.map(f => h('option', { value: f.properties.code }, nameOf(f.properties)))),
    h('button', { id: 'c-run', 'data-testid': 'compare-run' }, t('runCompare')),
    h('p', { class: 'error', id: 'c-error' }));
  const select = document.getElementById('c-streets') as HTMLSelectElement;
  document.getElementById('c-pilot')!.onclick = () => {
    for (const o of Array.from(select.options)) o.selected = pilot.has(o.value);
  };
  document.getElementById('c-run')!.onclick = async () => {
    const codes = Array.from(select.selectedOptions).map(o => o.value);
    const error = document.getElementById('c-error')!;
    error.textContent = '';
    if (codes.length < 2) { error.textContent = t('pickStreets'); return; }
    try { await showComparison(state, scope, codes); } catch (e) { error.textContent = (e as Error).message; }
  };
}

async function showComparison(state: App, scope: Scope, codes: string[]): Promise<void> {
  const data = await get<Comparison>(`/api/compare?streets=${codes.join(',')}`);
  const section = document.getElementById('compare')!;
  section.hidden = false;
  const named = (s: StreetFigures) => nameOf(s as unknown as Record<string, unknown>);
  fill(section,
    h('div', { class: 'compare-bar' }, h('h2', null, t('compare')),
      h('button', { id: 'c-png', 'data-testid': 'compare-png' }, t('exportPng')),
      h('button', { id: 'c-close' }, t('close'))),
    h('div', { class: 'compare-maps' }, data.streets.map(s => h('div', { class: 'compare-map' }, h('h3', null, named(s)),
      h('div', { class: 'mini', 'data-street': s.code })))),
    figuresTable(data),
    h('p', { class: 'note' }, data.note));
  const close = () => { section.hidden = true; fill(section); };
  document.getElementById('c-close')!.onclick = close;
  document.getElementById('c-png')!.onclick = async () => {
    const blob = await getBlob(`/api/compare.png?streets=${codes.join(',')}&lang=${lang()}`);
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob); a.download = 'street-comparison.png'; a.dataset.testid = 'compare-png-link';
    a.textContent = 'street-comparison.png';
    document.querySelector('.compare-bar')!.append(a);
    a.click();
  };
  const maps = syncedMaps(state, data);
  // The mini maps go with the panel (their listeners and canvases with them).
  scope.add(() => { for (const m of maps) m.setTarget(undefined); });
}

/** One table: a column per street, a row per figure; cells carry data-street/data-figure for checks. */
function figuresTable(data: Comparison): HTMLTableElement {
  const cell = (s: StreetFigures, figure: string, text: string) => h('td', { 'data-street': s.code, 'data-figure': figure }, text);
  const rows: [string, (s: StreetFigures) => HTMLElement][] = [
    [t('residents'), s => cell(s, 'residents', fmt(s.residents))],
    [t('foreignResidents'), s => cell(s, 'foreignResidents', fmt(s.foreignResidents))],
    [t('foreignShare'), s => cell(s, 'foreignShare', pct(s.foreignShare))],
    [`${t('foreignShare')} (${t('published')})`, s => cell(s, 'publishedForeignShare', pct(s.published?.foreignShare))],
    [t('households'), s => cell(s, 'households', fmt(s.households))],
    [t('gridsForeign'), s => cell(s, 'grids', `${fmt(s.grids)} (${fmt(s.foreignResidentGrids)})`)],
  ];
  for (const c of data.categories) {
    const name = nameOf(c as unknown as Record<string, unknown>);
    rows.push([`${t('per10k')}: ${name}`, s => cell(s, `per10k:${c.code}`, fmt(s.facilities[c.code]?.per10kResidents, 2))]);
    rows.push([`${t('coverage')}: ${name}`, s => cell(s, `coverage:${c.code}`, pct(s.coverage?.[c.code]?.coveredShare))]);
    rows.push([`${t('gapArea')}: ${name}`, s => cell(s, `gapArea:${c.code}`, fmt(s.coverage?.[c.code]?.gapAreaKm2, 3))]);
    rows.push([`${t('gapHouseholds')}: ${name}`, s => cell(s, `gapHouseholds:${c.code}`, fmt(s.coverage?.[c.code]?.householdsOutside))]);
  }
  return h('table', { class: 'figures', 'data-testid': 'compare-table' },
    h('thead', null, h('tr', null, h('th'), data.streets.map(s => h('th', null, nameOf(s as unknown as Record<string, unknown>))))),
    h('tbody', null, rows.map(([label, f]) => h('tr', null, h('th', null, label), data.streets.map(f)))));
}

/** One map per street at one shared resolution; zooming or panning one moves all by the same amount. */
function syncedMaps(state: App, data: Comparison): Map[] {
  const extents = data.streets.map(s => transformExtent(s.bbox, 'EPSG:4326', 'EPSG:3857'));
  const minis = Array.from(document.querySelectorAll<HTMLElement>('.compare-map .mini'));   // in the order of data.streets
  const first = minis[0];
  const px = Math.max(1, Math.min(first.clientWidth, first.clientHeight) || 300);
  const resolution = Math.max(...extents.map(e => Math.max(getWidth(e), getHeight(e)))) * 1.1 / px;
  const centres = extents.map(getCenter);
  let syncing = false;
  const maps = data.streets.map((_, i) => {
    const view = new View({ center: centres[i], resolution });
    const map = new Map({
      target: minis[i], view, controls: [],
      layers: [createStreetsLayer(), createCommunitiesLayer(), createGridsLayer(), createFacilitiesLayer(state.categories),
        ...(state.byId('gaps').get('available') ? [createGapsLayer(state.store, { categories: state.categories, timeZone: state.config.timeZone })] : [])],
    });
    return map;
  });
  maps.forEach((m, i) => {
    const view = m.getView();
    const sync = () => {
      if (syncing) return;
      syncing = true;
      const r = view.getResolution()!;
      const c = view.getCenter()!;
      const dx = c[0] - centres[i][0], dy = c[1] - centres[i][1];
      maps.forEach((o, j) => { if (j !== i) { o.getView().setResolution(r); o.getView().setCenter([centres[j][0] + dx, centres[j][1] + dy]); } });
      syncing = false;
    };
    view.on('change:resolution', sync);
    view.on('change:center', sync);
  });
  (window as unknown as { gridgisCompare: Map[] }).gridgisCompare = maps;
  return maps;
}
