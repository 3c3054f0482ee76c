// Each map layer is one small factory: a source fetched over HTTP plus a style (Mapsui-like).
import VectorLayer from 'ol/layer/Vector';
import VectorSourceCtor from 'ol/source/Vector';
import type VectorSource from 'ol/source/Vector';
import type { FeatureLike } from 'ol/Feature';
import { Circle, Fill, Stroke, Style } from 'ol/style';
import { geoJsonSource } from './source';
import * as S from '../styles';
import { nameOf, t } from '../i18n';
import type { Category } from '../api';
import { h, lines } from '../dom';
import type { Store, ViewerState } from '../store';
export { createGapsLayer, createHeatmapLayer, createServiceAreasLayer } from './analysis';

export type Layer = VectorLayer<VectorSource>;

const withLabel = (label: boolean) => (f: FeatureLike) =>
  S.polygonStyle(S.street, label ? nameOf(f.getProperties()) : undefined, S.street.label);

export function createStreetsLayer(): Layer {
  return new VectorLayer({
    source: geoJsonSource(bbox => `/api/streets?bbox=${bbox}&limit=10000`),
    style: withLabel(true), properties: { id: 'streets', title: () => t('streets'),
      legend: () => [S.swatch(S.street.fill, S.street.stroke), ` ${t('streets')}`] },
    zIndex: 10,
  });
}

export function createCommunitiesLayer(): Layer {
  const style = S.polygonStyle(S.community);
  return new VectorLayer({
    source: geoJsonSource(bbox => `/api/communities?bbox=${bbox}&limit=10000`), style, minZoom: 11,
    properties: { id: 'communities', title: () => t('communities'),
      legend: () => [S.swatch('transparent', S.community.stroke), ` ${t('communities')}`] },
    zIndex: 20,
  });
}

export function createGridsLayer(): Layer {
  const ordinary = S.polygonStyle(S.grid);
  const foreign = S.polygonStyle(S.foreignGrid);
  return new VectorLayer({
    source: geoJsonSource(bbox => `/api/grids?bbox=${bbox}&limit=10000`),
    style: f => (f.get('kind') === 'foreign_resident' ? foreign : ordinary), minZoom: 12,
    properties: { id: 'grids', title: () => t('grids'),
      legend: () => lines([[S.swatch(S.foreignGrid.fill, S.foreignGrid.stroke), ` ${t('foreignGrid')}`], [S.swatch(S.grid.fill, S.grid.stroke), ` ${t('ordinaryGrid')}`]]) },
    zIndex: 15,
  });
}

/**
 * Facilities by category (symbol and colour per category). With a store, categories the user switched off
 * (store.hiddenCategories) are not drawn, and the legend has a checkbox per category.
 */
export function createFacilitiesLayer(categories: Category[], store?: Store<ViewerState>): Layer {
  const index = new Map(categories.map((c, i) => [c.code, i]));
  const styles = categories.map((_, i) => S.symbolStyle(i));
  const layer: Layer = new VectorLayer({
    source: geoJsonSource(bbox => `/api/facilities?bbox=${bbox}&limit=10000`),
    style: f => {
      const code = f.get('category') as string;
      if (store?.state.hiddenCategories.includes(code)) return undefined;
      return styles[index.get(code) ?? 0];
    },
    minZoom: 11,
    properties: { id: 'facilities', title: () => t('facilities'),
      legend: () => (store
        ? h('ul', { class: 'legend-items' }, categories.map((c, i) => h('li', null, h('label', null,
          h('input', { type: 'checkbox', 'data-testid': `facility-category-${c.code}`, checked: !store.state.hiddenCategories.includes(c.code),
            onchange: e => {
              const on = (e.target as HTMLInputElement).checked;
              const hidden = store.state.hiddenCategories.filter(x => x !== c.code);
              store.set({ hiddenCategories: on ? hidden : [...hidden, c.code] });
            } }),
          S.symbolSwatch(i), ` ${nameOf(c as unknown as Record<string, unknown>)}`))))
        : lines(categories.map((c, i) => [S.symbolSwatch(i), ` ${nameOf(c as unknown as Record<string, unknown>)}`]))) },
    zIndex: 50,
  });
  store?.subscribe(() => layer.changed(), ['hiddenCategories']);
  return layer;
}

/**
 * A worker's own households as points (only at close zoom), loaded grid by grid from the grids
 * feature's /api/grids/{id}/households by the worker panel.
 */
export function createHouseholdsLayer(): Layer {
  const point = new Style({ image: new Circle({ radius: 3, fill: new Fill({ color: S.household.fill }), stroke: new Stroke({ color: '#fff', width: 0.8 }) }) });
  const foreign = new Style({ image: new Circle({ radius: 4, fill: new Fill({ color: S.household.foreign }), stroke: new Stroke({ color: '#222', width: 1 }) }) });
  return new VectorLayer({
    source: new VectorSourceCtor(), minZoom: 13, style: f => (Number(f.get('foreignResidents') ?? 0) > 0 ? foreign : point),
    properties: { id: 'households', title: () => t('households'),
      legend: () => lines([[S.dot(S.household.fill), ` ${t('households')}`], [S.dot(S.household.foreign, '#222'), ` ${t('foreignResidents')}`]]) },
    zIndex: 60,
  });
}
