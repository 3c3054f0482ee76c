// The signed-in viewer's context: who, what the server offers, the one map with its layers, and the
// state store. Built once per sign-in; a language switch or a tab switch keeps it (and so the view).
import Map from 'ol/Map';
import View from 'ol/View';
import TileLayer from 'ol/layer/Tile';
import XYZ from 'ol/source/XYZ';
import { fromLonLat } from 'ol/proj';
import { ScaleLine, defaults as defaultControls } from 'ol/control';
import type * as api from './api';
import { escapeForMarkup } from './dom';
import {
  createCommunitiesLayer, createFacilitiesLayer, createGapsLayer, createGridsLayer, createHeatmapLayer,
  createHouseholdsLayer, createServiceAreasLayer, createStreetsLayer, type Layer,
} from './layers/layers';
import { createCoverageChoroplethLayer } from './layers/choropleth';
import { createBasemapLayer, createNetworkBasemapLayer } from './layers/basemap';
import { createFacilityAreaLayer } from './layers/facilityArea';
import LayerGroup from 'ol/layer/Group';
import type BaseLayer from 'ol/layer/Base';
import type { Store, ViewerState } from './store';

export interface App {
  config: api.ViewerConfig;
  me: api.Me;
  categories: api.Category[];
  store: Store<ViewerState>;
  map: Map;
  /** The analysis and geography layers, in the layer panel's order. */
  layers: Layer[];
  /** Basemaps, drawn under everything: the city's own vector basemap ('basemap'), an external XYZ one ('external') if configured. */
  basemaps: BaseLayer[];
  /** A layer by its id ('streets', 'gaps', ...); throws for an unknown id. */
  byId: (id: string) => Layer;
  /** Reloads the layers that follow the category, minutes and run. */
  refresh: () => void;
}

const analysts = ['administrator', 'planner', 'official'];
export const isAnalyst = (role: string): boolean => analysts.includes(role);

/** The map and its layers for this account; the layers read the store when they build their URLs. */
export function createApp(config: api.ViewerConfig, me: api.Me, categories: api.Category[], store: Store<ViewerState>, target: HTMLElement): App {
  const caps = config.capabilities;
  const ctx = { categories, timeZone: config.timeZone };
  const layers: Layer[] = [
    createStreetsLayer(), createCommunitiesLayer(), createGridsLayer(), createFacilitiesLayer(categories, store), createFacilityAreaLayer(),
    createServiceAreasLayer(store, ctx), createGapsLayer(store, ctx), createHeatmapLayer(store),
  ];
  if (me.role === 'grid_worker' || me.role === 'administrator') layers.push(createHouseholdsLayer());
  if (me.role === 'planner' || me.role === 'administrator') layers.push(createCoverageChoroplethLayer());
  const available: Record<string, boolean> = {
    serviceAreas: caps.serviceAreas ?? false, gaps: (caps.coverage ?? false) && store.state.runs.length > 0,
    coverageChoropleth: (caps.coverage ?? false) && store.state.runs.length > 0, households: caps.households ?? false,
  };
  for (const l of layers) {
    const id = l.get('id') as string;
    l.set('available', available[id] ?? true);
    // Off by default: the heavier analysis layers; on: the geography.
    l.setVisible(['streets', 'communities', 'grids', 'facilities'].includes(id));
  }
  // The own basemap is on unless an administrator configured an external one (Viewer:TileUrl).
  const own = new LayerGroup({ layers: [createNetworkBasemapLayer(), createBasemapLayer()], properties: { id: 'basemap' }, visible: !config.tileUrl, zIndex: 0 });
  const basemaps: BaseLayer[] = [own];
  if (config.tileUrl) {
    basemaps.push(new TileLayer({
      source: new XYZ({ url: config.tileUrl, attributions: config.tileAttribution ? escapeForMarkup(config.tileAttribution) : undefined, crossOrigin: 'anonymous' }),
      properties: { id: 'external' }, zIndex: 0,
    }));
  }
  const map = new Map({
    target,
    keyboardEventTarget: target,
    layers: [...basemaps, ...layers],
    controls: defaultControls({ attribution: !!config.tileUrl }).extend([new ScaleLine()]),
    view: new View({ center: fromLonLat(config.center), zoom: config.zoom, maxZoom: 20 }),
  });
  const byId = (id: string) => {
    const l = layers.find(x => x.get('id') === id) ?? map.getAllLayers().find(x => x.get('id') === id) as Layer | undefined;
    if (!l) throw new Error(`no layer ${id}`);
    return l;
  };
  const reload = (ids: string[]) => { for (const id of ids) byId(id).getSource()?.refresh(); };
  const app: App = { config, me, categories, store, map, layers, basemaps, byId, refresh: () => reload(['serviceAreas', 'gaps', 'heatmap']) };
  // The layers follow the store: one place decides what a change reloads.
  store.subscribe((_, changed) => {
    const ids = new Set<string>();
    if (changed.has('category')) { ids.add('serviceAreas'); ids.add('gaps'); }
    if (changed.has('minutes')) ids.add('serviceAreas');
    if (changed.has('run')) ids.add('gaps');
    if (changed.has('metric')) ids.add('heatmap');
    reload([...ids]);
    if (changed.has('lang')) for (const l of map.getAllLayers()) l.changed();   // labels in the new language
  }, ['category', 'minutes', 'run', 'metric', 'lang']);
  return app;
}

/**
 * A panel renders into #panel with <c>scope</c> holding everything it listens to; the host disposes the
 * scope when the panel goes. <c>rerender</c> renders the panel afresh (disposing this scope first).
 */
export type Panel = (app: App, scope: import('./store').Scope, rerender: () => Promise<void>) => void | Promise<void>;
