// The layer switcher: one checkbox per layer, its legend beneath; category and heatmap metric pickers.
// The pickers write to the store; the layers follow the store (app.ts). The zoom hints listen to the
// map through the panel's scope, so they stop when the panel goes.
import type { App } from '../app';
import { nameOf, t } from '../i18n';
import { fill, h, type Child } from '../dom';
import type { Layer } from '../layers/layers';
import type { Scope } from '../store';

export function renderLayerPanel(app: App, scope: Scope, rerender: () => Promise<void>): void {
  const { store } = app;
  const panel = document.getElementById('panel')!;
  const categoryOptions = app.categories.map(c =>
    h('option', { value: c.code, selected: c.code === store.state.category }, nameOf(c as unknown as Record<string, unknown>)));
  const legend = (l: Layer) => (l.get('legend') as () => Child)();
  const ordered = [...app.layers].sort((a, b) => (b.getZIndex() ?? 0) - (a.getZIndex() ?? 0));
  /** Swaps two layers' places in the drawing order, then shows the list anew. */
  const swap = (a: Layer, b: Layer | undefined) => {
    if (!b) return;
    const za = a.getZIndex() ?? 0;
    a.setZIndex(b.getZIndex() ?? 0);
    b.setZIndex(za);
    void rerender();
  };
  fill(panel,
    h('h2', null, t('layers')),
    h('label', { class: 'row' }, `${t('category')} `, h('select', {
      id: 'category', 'data-testid': 'category', onchange: e => store.set({ category: (e.target as HTMLSelectElement).value }),
    }, categoryOptions)),
    h('label', { class: 'row' }, `${t('heatmap')} `, h('select', {
      id: 'metric', 'data-testid': 'metric', onchange: e => store.set({ metric: (e.target as HTMLSelectElement).value as 'foreign' | 'residents' }),
    },
    h('option', { value: 'foreign', selected: store.state.metric === 'foreign' }, t('heatForeign')),
    h('option', { value: 'residents', selected: store.state.metric === 'residents' }, t('heatResidents')))),
    h('ul', { class: 'layers', 'aria-label': t('basemap') }, app.basemaps.map(b => {
      const id = b.get('id') as string;
      return h('li', { 'data-basemap': id }, h('label', null,
        h('input', { type: 'checkbox', 'data-testid': `basemap-${id}`, checked: b.getVisible(), onchange: e => b.setVisible((e.target as HTMLInputElement).checked) }),
        ` ${t('basemap')}: ${id === 'basemap' ? t('basemapOwn') : app.config.tileAttribution ?? id}`));
    })),
    // Top of the list = drawn on top (highest zIndex); each layer with its opacity and order.
    h('ul', { class: 'layers' }, ordered.map((l, i) => {
      const id = l.get('id') as string;
      const available = l.get('available') as boolean;
      const title = (l.get('title') as () => string)();
      return h('li', { 'data-layer': id, class: available ? '' : 'unavailable' },
        h('label', null,
          h('input', { type: 'checkbox', 'data-testid': `layer-${id}`, checked: l.getVisible(), disabled: !available,
            onchange: e => app.byId(id).setVisible((e.target as HTMLInputElement).checked) }),
          ` ${title}`),
        available && h('div', { class: 'layer-tools' },
          h('input', { type: 'range', min: 0, max: 100, step: 5, value: Math.round(l.getOpacity() * 100), 'data-testid': `opacity-${id}`,
            'aria-label': `${t('opacity')}: ${title}`, oninput: e => l.setOpacity(Number((e.target as HTMLInputElement).value) / 100) }),
          h('button', { type: 'button', class: 'order', 'data-testid': `up-${id}`, 'aria-label': `${t('moveUp')}: ${title}`, title: t('moveUp'),
            disabled: i === 0, onclick: () => swap(l, ordered[i - 1]) }, '↑'),
          h('button', { type: 'button', class: 'order', 'data-testid': `down-${id}`, 'aria-label': `${t('moveDown')}: ${title}`, title: t('moveDown'),
            disabled: i === ordered.length - 1, onclick: () => swap(l, ordered[i + 1]) }, '↓')),
        h('div', { class: 'legend' }, available ? legend(l) : h('small', null, t('notAvailable'))),
        h('div', { class: 'hint' }));
    })));
  const updateHints = () => {
    const zoom = app.map.getView().getZoom() ?? 0;
    panel.querySelectorAll<HTMLElement>('li[data-layer]').forEach(li => {
      const layer = app.byId(li.dataset.layer!);
      li.querySelector('.hint')!.textContent = zoom < layer.getMinZoom() ? t('zoomIn') : '';
      if (layer.get('available')) fill(li.querySelector('.legend')!, legend(layer));
    });
  };
  scope.on(app.map, 'moveend', updateHints);
  const heat = app.byId('heatmap').getSource();
  if (heat) scope.on(heat, 'featuresloadend', updateHints);
  // Titles and legends say which category, run and metric: re-drawn when those change.
  scope.subscribe(store, () => {
    panel.querySelectorAll<HTMLElement>('li[data-layer]').forEach(li => {
      const layer = app.byId(li.dataset.layer!);
      const label = li.querySelector('label')!;
      label.lastChild!.textContent = ` ${(layer.get('title') as () => string)()}`;
    });
    updateHints();
  }, ['category', 'metric', 'run', 'runs', 'minutes', 'whatIfRuns']);
  updateHints();
}
