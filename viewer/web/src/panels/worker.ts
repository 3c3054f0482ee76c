// For grid workers: their own grids and households on the map, moving a household to another grid
// with a reason (audited by the server), the topology problems of their communities, and workload.
import GeoJSON from 'ol/format/GeoJSON';
import { createEmpty, extend, isEmpty } from 'ol/extent';
import type { App } from '../app';
import type { Scope } from '../store';
import { get, post, type Topology, type WorkerGrids, type Workload } from '../api';
import { area, fmt, t, topologyKind } from '../i18n';
import { byId, fill, h } from '../dom';

type GridFeature = WorkerGrids['features'][number];

export async function renderWorkerPanel(state: App, scope: Scope, rerender: () => Promise<void>): Promise<void> {
  const panel = document.getElementById('panel')!;
  const body = h('div', { id: 'w-body' }, t('loading'));
  fill(panel, h('h2', null, t('worker')), body);
  if (!state.config.capabilities.households) { fill(body, h('p', { class: 'note' }, `${t('households')}: ${t('notAvailable')}`)); return; }

  const signal = scope.signal();
  const mine = await get<{ features: GridFeature[] }>('/api/viewer/my-grids', signal);
  if (scope.disposed) return;
  const layer = state.byId('households');
  layer.setVisible(true);
  const source = layer.getSource()!;
  source.clear();
  const format = new GeoJSON();
  const extent = createEmpty();
  let residents = 0, foreign = 0;
  for (const g of mine.features.slice(0, 50)) {
    const json = await get<unknown>(`/api/grids/${g.id}/households?limit=5000`, signal);
    if (scope.disposed) return;
    const features = format.readFeatures(json, { featureProjection: 'EPSG:3857' });
    source.addFeatures(features);
    for (const f of features) {
      residents += Number(f.get('residents') ?? 0); foreign += Number(f.get('foreignResidents') ?? 0);
      const geom = f.getGeometry(); if (geom) extend(extent, geom.getExtent());
    }
  }
  if (!isEmpty(extent)) state.map.getView().fit(extent, { padding: [40, 40, 40, 40], maxZoom: 16 });
  const gridName = (g: GridFeature) => g.properties.name ?? g.properties.code;
  fill(body,
    h('h3', null, t('myGrids')),
    h('ul', { 'data-testid': 'worker-grids' }, mine.features.length
      ? mine.features.map(g => h('li', null, `${gridName(g)} (${g.properties.code})`)) : h('li', null, t('none'))),
    h('table', { class: 'figures' },
      h('tr', null, h('th', null, t('households')), h('td', { 'data-testid': 'worker-households' }, fmt(source.getFeatures().length))),
      h('tr', null, h('th', null, t('residents')), h('td', null, fmt(residents))),
      h('tr', null, h('th', null, t('foreignResidents')), h('td', null, fmt(foreign)))),
    h('h3', null, t('moveHousehold')),
    h('form', { id: 'w-move' },
      h('label', { class: 'row' }, 'ID ', h('input', { name: 'household', required: true, inputmode: 'numeric', placeholder: t('clickHousehold') })),
      h('label', { class: 'row' }, `${t('toGrid')} `, h('select', { name: 'grid' }, mine.features.map(g => h('option', { value: String(g.id) }, gridName(g))))),
      h('label', { class: 'row' }, `${t('reason')} `, h('input', { name: 'reason', required: true })),
      h('button', null, t('move')), h('p', { class: 'error', id: 'w-error' }), h('p', { id: 'w-done' })),
    h('h3', null, t('topology')), h('div', { id: 'w-topology' }, t('loading')),
    h('h3', null, t('workload')),
    h('div', { id: 'w-workload' }, state.me.role === 'administrator' ? t('loading') : h('p', { class: 'note' }, t('workloadOwn'))));
  const form = document.getElementById('w-move') as HTMLFormElement;
  form.onsubmit = async e => {
    e.preventDefault();
    const d = new FormData(form);
    try {
      await post(`/api/households/${encodeURIComponent(String(d.get('household')).trim())}/move`, { toGridId: Number(d.get('grid')), reason: String(d.get('reason')) });
      await rerender();
      const done = document.getElementById('w-done');
      if (done) done.textContent = `✓ ${t('moveHousehold')}: ${d.get('household')}`;
    } catch (err) { document.getElementById('w-error')!.textContent = (err as Error).message; }
  };

  const communities = [...new Set(mine.features.map(g => g.properties.communityId))];
  Promise.all(communities.map(c => get<Topology>(`/api/communities/${c}/topology`))).then(reports => {
    const problems = reports.flatMap(r => r.features);
    fill(byId('w-topology'), problems.length === 0 ? h('p', { 'data-testid': 'worker-topology' }, t('none'))
      : h('ul', { 'data-testid': 'worker-topology' }, problems.map(p =>
        h('li', null, `${topologyKind(p.properties.kind)}: ${p.properties.gridCodes.join(', ')} (${area(p.properties.areaM2)})`))));
  }).catch(err => { document.getElementById('w-topology')!.textContent = (err as Error).message; });
  if (state.me.role === 'administrator') {
    get<Workload>('/api/grids/workload').then(w => {
      fill(byId('w-workload'), h('table', { class: 'figures' },
        h('thead', null, h('tr', null, h('th', null, t('workerName')), h('th', null, t('households')), h('th', null, t('foreignResidents')))),
        h('tbody', null, w.workers.slice(0, 30).map(x => h('tr', null,
          h('td', null, `${x.worker.name}${x.overLimit ? ' ⚠' : ''}`), h('td', null, fmt(x.households)), h('td', null, fmt(x.foreignResidents)))))));
    }).catch(err => { document.getElementById('w-workload')!.textContent = (err as Error).message; });
  }
}
