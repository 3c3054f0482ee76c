// The layer switcher: one checkbox per layer, its legend beneath; category and heatmap metric pickers.
import type { AppState } from '../main';
import { nameOf, t } from '../i18n';
import { fill, h, type Child } from '../dom';
import type { Layer } from '../layers/layers';

export function renderLayerPanel(state: AppState): void {
  const panel = document.getElementById('panel')!;
  const categoryOptions = state.categories.map(c =>
    h('option', { value: c.code, selected: c.code === state.category }, nameOf(c as unknown as Record<string, unknown>)));
  const legend = (l: Layer) => (l.get('legend') as () => Child)();
  fill(panel,
    h('h2', null, t('layers')),
    h('label', { class: 'row' }, `${t('category')} `, h('select', { id: 'category', 'data-testid': 'category' }, categoryOptions)),
    h('label', { class: 'row' }, `${t('heatmap')} `, h('select', { id: 'metric', 'data-testid': 'metric' },
      h('option', { value: 'foreign', selected: state.metric === 'foreign' }, t('heatForeign')),
      h('option', { value: 'residents', selected: state.metric === 'residents' }, t('heatResidents')))),
    h('ul', { class: 'layers' }, state.layers.map(l => {
      const id = l.get('id') as string;
      const available = l.get('available') as boolean;
      return h('li', { 'data-layer': id, class: available ? '' : 'unavailable' },
        h('label', null,
          h('input', { type: 'checkbox', 'data-testid': `layer-${id}`, checked: l.getVisible(), disabled: !available }),
          ` ${(l.get('title') as () => string)()}`),
        h('div', { class: 'legend' }, available ? legend(l) : h('small', null, t('notAvailable'))),
        h('div', { class: 'hint' }));
    })));
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
      if (li.dataset.layer === 'heatmap' && layer.get('available')) fill(li.querySelector('.legend')!, legend(layer));
    });
  };
  state.map.on('moveend', updateHints);
  state.byId('heatmap').getSource()?.on('featuresloadend', updateHints);
  updateHints();
}
