// The layer switcher: one checkbox per layer, its legend beneath; category and heatmap metric pickers.
import type { AppState } from '../main';
import { nameOf, t } from '../i18n';

export function renderLayerPanel(state: AppState): void {
  const panel = document.getElementById('panel')!;
  const categoryOptions = state.categories.map(c =>
    `<option value="${c.code}" ${c.code === state.category ? 'selected' : ''}>${nameOf(c as unknown as Record<string, unknown>)}</option>`).join('');
  panel.innerHTML = `
    <h2>${t('layers')}</h2>
    <label class="row">${t('category')} <select id="category" data-testid="category">${categoryOptions}</select></label>
    <label class="row">${t('heatmap')} <select id="metric" data-testid="metric">
      <option value="foreign" ${state.metric === 'foreign' ? 'selected' : ''}>${t('heatForeign')}</option>
      <option value="residents" ${state.metric === 'residents' ? 'selected' : ''}>${t('heatResidents')}</option></select></label>
    <ul class="layers">${state.layers.map(l => {
      const id = l.get('id') as string;
      const available = l.get('available') as boolean;
      return `<li data-layer="${id}" class="${available ? '' : 'unavailable'}">
        <label><input type="checkbox" data-testid="layer-${id}" ${l.getVisible() ? 'checked' : ''} ${available ? '' : 'disabled'}>
        ${(l.get('title') as () => string)()}</label>
        <div class="legend">${available ? (l.get('legend') as () => string)() : `<small>${t('notAvailable')}</small>`}</div>
        <div class="hint"></div></li>`;
    }).join('')}</ul>`;
  panel.querySelectorAll<HTMLInputElement>('input[type=checkbox]').forEach(box => {
    const id = box.closest('li')!.dataset.layer!;
    box.onchange = () => state.byId(id).setVisible(box.checked);
  });
  (panel.querySelector('#category') as HTMLSelectElement).onchange = e => {
    state.category = (e.target as HTMLSelectElement).value;
    state.refresh();
  };
  (panel.querySelector('#metric') as HTMLSelectElement).onchange = e => {
    state.metric = (e.target as HTMLSelectElement).value as 'foreign' | 'residents';
    state.byId('heatmap').getSource()?.refresh();
    renderLayerPanel(state);
  };
  const updateHints = () => {
    const zoom = state.map.getView().getZoom() ?? 0;
    panel.querySelectorAll<HTMLElement>('li[data-layer]').forEach(li => {
      const layer = state.byId(li.dataset.layer!);
      li.querySelector('.hint')!.textContent = zoom < layer.getMinZoom() ? t('zoomIn') : '';
      if (li.dataset.layer === 'heatmap' && layer.get('available')) li.querySelector('.legend')!.innerHTML = (layer.get('legend') as () => string)();
    });
  };
  state.map.on('moveend', updateHints);
  state.byId('heatmap').getSource()?.on('featuresloadend', updateHints);
  updateHints();
}
