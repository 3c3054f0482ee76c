// Each map layer is one small factory: a source fetched over HTTP plus a style (Mapsui-like).
import VectorLayer from 'ol/layer/Vector';
import type VectorSource from 'ol/source/Vector';
import type { FeatureLike } from 'ol/Feature';
import { Fill, Stroke, Style } from 'ol/style';
import { geoJsonSource, zoomOf } from './source';
import * as S from '../styles';
import { nameOf, t } from '../i18n';
import type { Category } from '../api';
import { h, lines } from '../dom';
import { createClusteredHouseholdsLayer } from '../worker/layers';
import type { Store, ViewerState } from '../store';

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

export function createFacilitiesLayer(categories: Category[]): Layer {
  const index = new Map(categories.map((c, i) => [c.code, i]));
  const styles = categories.map((_, i) => S.symbolStyle(i));
  return new VectorLayer({
    source: geoJsonSource(bbox => `/api/facilities?bbox=${bbox}&limit=10000`),
    style: f => styles[index.get(f.get('category') as string) ?? 0], minZoom: 11,
    properties: { id: 'facilities', title: () => t('facilities'),
      legend: () => lines(categories.map((c, i) => [S.symbolSwatch(i), ` ${nameOf(c as unknown as Record<string, unknown>)}`])) },
    zIndex: 50,
  });
}

/**
 * Service areas of one category along the walking network (issue 3's /api/service-areas), as
 * nested bands up to the chosen minutes (5; 5,10; 5,10,15; 5,10,15,20), nearest band on top.
 */
export function createServiceAreasLayer(store: Store<ViewerState>): Layer {
  const styles = S.serviceArea.map((s, i) => new Style({
    fill: new Fill({ color: s.fill }), stroke: new Stroke({ color: s.stroke, width: 1 }), zIndex: S.serviceArea.length - i }));
  // 5, 10, 15 below the chosen minutes, then the chosen minutes themselves (e.g. 20: 5,10,15,20)
  const bands = () => { const m = store.state.minutes; return [...S.serviceArea.map(s => s.minutes).filter(x => x < m), m].join(','); };
  const last = S.serviceArea.length - 1;
  return new VectorLayer({
    source: geoJsonSource(() => `/api/service-areas?category=${encodeURIComponent(store.state.category)}&bands=${bands()}`, 'all'),
    style: f => {
      const i = S.serviceArea.findIndex(s => s.minutes >= Number(f.get('minutes') ?? 15));
      return styles[i < 0 ? last : i];      // bands beyond 15 minutes take the outermost style
    },
    properties: { id: 'serviceAreas', title: () => t('serviceAreas'),
      legend: () => lines(S.serviceArea.map(s => [S.swatch(s.fill, s.stroke), ` ${s.minutes} ${t('min')}`])) },
    zIndex: 30, opacity: 0.9,
  });
}

/** Service gaps of one category from the latest complete coverage run (issue 5); nothing before a run. */
export function createGapsLayer(store: Store<ViewerState>): Layer {
  const style = S.polygonStyle(S.gap);
  return new VectorLayer({
    source: geoJsonSource(() => (store.state.run
      ? `/api/coverage/runs/${store.state.run}/gaps?category=${encodeURIComponent(store.state.category)}` : null), 'all'),
    style,
    properties: { id: 'gaps', title: () => t('gaps'), legend: () => [S.swatch(S.gap.fill, S.gap.stroke), ` ${t('gaps')}`] },
    zIndex: 35,
  });
}

/**
 * Heatmap cells computed on the server (/api/heatmap) for the view and zoom, coloured by value per
 * km² on a ramp scaled to the cells in view.
 */
export function createHeatmapLayer(store: Store<ViewerState>): Layer {
  const source = geoJsonSource((bbox, resolution) =>
    `/api/heatmap?metric=${store.state.metric}&bbox=${bbox}&zoom=${zoomOf(resolution).toFixed(2)}`, 'view');
  let max = 1;
  source.on('addfeature', e => { max = Math.max(max, Number(e.feature?.get('valuePerKm2') ?? 0)); });
  source.on('featuresloadstart', () => { max = 1; });
  // Cells are sized by zoom: a new resolution reloads them (debounced while zooming).
  let timer: number | undefined;
  let lastResolution: number | undefined;
  const onResolution = (resolution: number | undefined) => {
    if (resolution === lastResolution) return;
    lastResolution = resolution;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => { max = 1; source.refresh(); }, 200);
  };
  const cache = new Map<string, Style>();
  const layer: Layer = new VectorLayer({
    source,
    style: f => {
      const color = S.rampColor(S.heatRamp, Math.sqrt(Number(f.get('valuePerKm2')) / max));
      let s = cache.get(color);
      if (!s) { s = new Style({ fill: new Fill({ color: color + 'bb' }) }); cache.set(color, s); }
      return s;
    },
    properties: { id: 'heatmap', title: () => `${t('heatmap')} (${store.state.metric === 'foreign' ? t('heatForeign') : t('heatResidents')})`,
      legend: () => [h('span', { class: 'ramp' }, S.heatRamp.map(c => h('i', { style: { background: c } }))),
        ` 0 – ${Math.round(max).toLocaleString()} ${t('perKm2')}`, h('br'), h('small', null, t('privacyNote'))] },
    zIndex: 25, opacity: 0.85,
  });
  layer.on('prerender', e => { const r = e.frameState?.viewState.resolution; if (lastResolution === undefined) lastResolution = r; else onResolution(r); });
  return layer;
}

/**
 * The households the signed-in account may see, clustered where they overlap; the worker's view fills its
 * points (worker/layers.ts).
 */
export function createHouseholdsLayer(): Layer {
  return createClusteredHouseholdsLayer();
}
