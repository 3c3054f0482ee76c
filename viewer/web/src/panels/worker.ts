// For grid workers: their own grids and households on the map, moving a household to another grid
// with a reason (audited by the server), the topology problems of their communities, and workload.
import GeoJSON from 'ol/format/GeoJSON';
import { createEmpty, extend, isEmpty } from 'ol/extent';
import type { AppState } from '../main';
import { get, post, type Topology, type WorkerGrids, type Workload } from '../api';
import { fmt, t } from '../i18n';

type GridFeature = WorkerGrids['features'][number];

export async function renderWorkerPanel(state: AppState): Promise<void> {
  const panel = document.getElementById('panel')!;
  panel.innerHTML = `<h2>${t('worker')}</h2><div id="w-body">${t('loading')}</div>`;
  const body = document.getElementById('w-body')!;
  if (!state.config.capabilities.households) { body.innerHTML = `<p class="note">${t('households')}: ${t('notAvailable')}</p>`; return; }

  const mine = await get<{ features: GridFeature[] }>('/api/viewer/my-grids');
  const layer = state.byId('households');
  layer.setVisible(true);
  const source = layer.getSource()!;
  source.clear();
  const format = new GeoJSON();
  const extent = createEmpty();
  let residents = 0, foreign = 0;
  for (const g of mine.features.slice(0, 50)) {
    const json = await get<unknown>(`/api/grids/${g.id}/households?limit=5000`);
    const features = format.readFeatures(json, { featureProjection: 'EPSG:3857' });
    source.addFeatures(features);
    for (const f of features) {
      residents += Number(f.get('residents') ?? 0); foreign += Number(f.get('foreignResidents') ?? 0);
      const geom = f.getGeometry(); if (geom) extend(extent, geom.getExtent());
    }
  }
  if (!isEmpty(extent)) state.map.getView().fit(extent, { padding: [40, 40, 40, 40], maxZoom: 16 });
  const options = mine.features.map(g => `<option value="${g.id}">${g.properties.name ?? g.properties.code}</option>`).join('');
  body.innerHTML = `
    <h3>${t('myGrids')}</h3>
    <ul data-testid="worker-grids">${mine.features.map(g => `<li>${g.properties.name ?? g.properties.code} (${g.properties.code})</li>`).join('') || `<li>${t('none')}</li>`}</ul>
    <table class="figures"><tr><th>${t('households')}</th><td data-testid="worker-households">${fmt(source.getFeatures().length)}</td></tr>
      <tr><th>${t('residents')}</th><td>${fmt(residents)}</td></tr><tr><th>${t('foreignResidents')}</th><td>${fmt(foreign)}</td></tr></table>
    <h3>${t('moveHousehold')}</h3>
    <form id="w-move">
      <label class="row">ID <input name="household" required inputmode="numeric" placeholder="${t('clickHousehold')}"></label>
      <label class="row">${t('toGrid')} <select name="grid">${options}</select></label>
      <label class="row">${t('reason')} <input name="reason" required></label>
      <button>${t('move')}</button><p class="error" id="w-error"></p><p id="w-done"></p>
    </form>
    <h3>${t('topology')}</h3><div id="w-topology">${t('loading')}</div>
    <h3>${t('workload')}</h3><div id="w-workload">${state.me.role === 'administrator' ? t('loading') : `<p class="note">${t('workloadOwn')}</p>`}</div>`;
  const form = document.getElementById('w-move') as HTMLFormElement;
  form.onsubmit = async e => {
    e.preventDefault();
    const d = new FormData(form);
    try {
      await post(`/api/households/${encodeURIComponent(String(d.get('household')).trim())}/move`, { toGridId: Number(d.get('grid')), reason: String(d.get('reason')) });
      await renderWorkerPanel(state);
      document.getElementById('w-done')!.textContent = `✓ ${t('moveHousehold')}: ${d.get('household')}`;
    } catch (err) { document.getElementById('w-error')!.textContent = (err as Error).message; }
  };

  const communities = [...new Set(mine.features.map(g => g.properties.communityId))];
  Promise.all(communities.map(c => get<Topology>(`/api/communities/${c}/topology`))).then(reports => {
    const problems = reports.flatMap(r => r.features);
    document.getElementById('w-topology')!.innerHTML = problems.length === 0 ? `<p data-testid="worker-topology">${t('none')}</p>`
      : `<ul data-testid="worker-topology">${problems.map(p => `<li>${p.properties.kind}: ${p.properties.gridCodes.join(', ')} (${fmt(p.properties.areaM2)} m²)</li>`).join('')}</ul>`;
  }).catch(err => { document.getElementById('w-topology')!.textContent = (err as Error).message; });
  if (state.me.role === 'administrator') {
    get<Workload>('/api/grids/workload').then(w => {
      document.getElementById('w-workload')!.innerHTML = `<table class="figures"><thead><tr><th>${t('workerName')}</th><th>${t('households')}</th>
        <th>${t('foreignResidents')}</th></tr></thead><tbody>${w.workers.slice(0, 30).map(x => `<tr><td>${x.worker.name}${x.overLimit ? ' ⚠' : ''}</td>
        <td>${fmt(x.households)}</td><td>${fmt(x.foreignResidents)}</td></tr>`).join('')}</tbody></table>`;
    }).catch(err => { document.getElementById('w-workload')!.textContent = (err as Error).message; });
  }
}
