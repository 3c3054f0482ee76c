// For grid workers: their own grids and households on the map, moving a household to another grid
// with a reason, topology problems and workload (the grids feature's endpoints, issue 4).
import GeoJSON from 'ol/format/GeoJSON';
import { createEmpty, extend, isEmpty } from 'ol/extent';
import type { AppState } from '../main';
import { get, post } from '../api';
import { fmt, t } from '../i18n';

interface GridFeature { id: number; properties: { code: string; name: string | null; worker: string | null; kind: string } }

export async function renderWorkerPanel(state: AppState): Promise<void> {
  const panel = document.getElementById('panel')!;
  const caps = state.config.capabilities;
  panel.innerHTML = `<h2>${t('worker')}</h2><div id="w-body">${t('loading')}</div>`;
  const body = document.getElementById('w-body')!;
  if (!caps.households) { body.innerHTML = `<p class="note">${t('households')}: ${t('notAvailable')}</p>`; return; }

  const mine = await get<{ features: GridFeature[] }>('/api/viewer/my-grids');
  const layer = state.byId('households');
  layer.setVisible(true);
  const source = layer.getSource()!;
  source.clear();
  const format = new GeoJSON();
  const extent = createEmpty();
  for (const g of mine.features) {
    const json = await get<unknown>(`/api/grids/${g.id}/households`);
    const features = format.readFeatures(json, { featureProjection: 'EPSG:3857' });
    source.addFeatures(features);
    for (const f of features) { const g = f.getGeometry(); if (g) extend(extent, g.getExtent()); }
  }
  if (!isEmpty(extent)) state.map.getView().fit(extent, { padding: [40, 40, 40, 40], maxZoom: 16 });
  const options = mine.features.map(g => `<option value="${g.id}">${g.properties.name ?? g.properties.code}</option>`).join('');
  body.innerHTML = `
    <h3>${t('myGrids')}</h3>
    <ul>${mine.features.map(g => `<li>${g.properties.name ?? g.properties.code} (${g.properties.code})</li>`).join('') || `<li>${t('none')}</li>`}</ul>
    <p>${t('households')}: <b data-testid="worker-households">${fmt(source.getFeatures().length)}</b></p>
    <h3>${t('moveHousehold')}</h3>
    <form id="w-move">
      <label class="row">ID <input name="household" required inputmode="numeric"></label>
      <label class="row">${t('toGrid')} <select name="grid">${options}</select></label>
      <label class="row">${t('reason')} <input name="reason" required minlength="2"></label>
      <button>${t('move')}</button><p class="error" id="w-error"></p>
    </form>
    <h3>${t('workload')}</h3><div id="w-workload">${t('loading')}</div>
    <h3>${t('topology')}</h3><div id="w-topology">${t('loading')}</div>`;
  const form = document.getElementById('w-move') as HTMLFormElement;
  form.onsubmit = async e => {
    e.preventDefault();
    const d = new FormData(form);
    try {
      await post(`/api/households/${d.get('household')}/move`, { gridId: Number(d.get('grid')), reason: String(d.get('reason')) });
      await renderWorkerPanel(state);
    } catch (err) { document.getElementById('w-error')!.textContent = (err as Error).message; }
  };
  const json = (v: unknown) => `<pre>${JSON.stringify(v, null, 1).slice(0, 2000)}</pre>`;
  get<unknown>('/api/grids/workload').then(v => { document.getElementById('w-workload')!.innerHTML = json(v); })
    .catch(err => { document.getElementById('w-workload')!.textContent = (err as Error).message; });
  get<unknown>('/api/grids/topology').then(v => { document.getElementById('w-topology')!.innerHTML = json(v); })
    .catch(err => { document.getElementById('w-topology')!.textContent = (err as Error).message; });
}
