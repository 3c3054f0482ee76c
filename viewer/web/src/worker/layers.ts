// The worker's map layers: their households as points clustered where they overlap (OpenLayers' Cluster source,
// so two households a metre apart are one numbered circle to tap, not two dots hiding each other), their own
// grids drawn over every other grid, and the one topology problem picked from the list.
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Cluster from 'ol/source/Cluster';
import type Feature from 'ol/Feature';
import type { FeatureLike } from 'ol/Feature';
import type Point from 'ol/geom/Point';
import { Circle, Fill, Stroke, Style, Text } from 'ol/style';
import * as S from '../styles';
import { t } from '../i18n';
import { lines } from '../dom';
import type { Layer } from '../layers/layers';

/** Pixels within which households merge into one cluster. */
export const clusterDistance = 28;

export const ownGrid = { stroke: '#0b6e4f', fill: 'rgba(11,110,79,0.10)', width: 3, label: '#0b3d2c' };
const selectedColor = '#c2185b';

/** The households of the worker's view: a Cluster over a plain point source (the layer's 'points'), selected household in 'selected'. */
export function createClusteredHouseholdsLayer(): Layer {
  const points = new VectorSource<Feature<Point>>();
  const source = new Cluster({ distance: clusterDistance, minDistance: 8, source: points });
  const single = new Style({ image: new Circle({ radius: 7, fill: new Fill({ color: S.household.fill }), stroke: new Stroke({ color: '#fff', width: 1.5 }) }) });
  const foreign = new Style({ image: new Circle({ radius: 7, fill: new Fill({ color: S.household.foreign }), stroke: new Stroke({ color: '#222', width: 1.5 }) }) });
  const ring = new Style({ image: new Circle({ radius: 12, stroke: new Stroke({ color: selectedColor, width: 4 }) }), zIndex: 10 });
  const clusters = new Map<number, Style>();
  const layer: Layer = new VectorLayer({
    source: source as unknown as VectorSource, minZoom: 11,
    style: (f: FeatureLike) => {
      const members = (f.get('features') as Feature[] | undefined) ?? [];
      const selected = layer.get('selected') as number | null | undefined;
      const hasSelected = selected != null && members.some(m => m.getId() === selected);
      let base: Style;
      if (members.length <= 1) base = Number(members[0]?.get('foreignResidents') ?? 0) > 0 ? foreign : single;
      else {
        base = clusters.get(members.length) ?? new Style({
          image: new Circle({ radius: Math.min(22, 11 + Math.log2(members.length) * 2.5), fill: new Fill({ color: 'rgba(47,75,124,0.85)' }),
            stroke: new Stroke({ color: '#fff', width: 2 }) }),
          text: new Text({ text: String(members.length), fill: new Fill({ color: '#fff' }), font: 'bold 12px "Noto Sans CJK SC", sans-serif' }),
        });
        clusters.set(members.length, base);
      }
      return hasSelected ? [base, ring] : base;
    },
    properties: { id: 'households', title: () => t('households'), points, popup: false,
      legend: () => lines([[S.dot(S.household.fill), ` ${t('households')}`], [S.dot(S.household.foreign, '#222'), ` ${t('foreignResidents')}`]]) },
    zIndex: 60,
  });
  return layer;
}

/** The signed-in worker's grids, outlined boldly above the other grids, each labelled with its code. */
export function createOwnGridsLayer(): Layer {
  const cache = new Map<string, Style>();
  return new VectorLayer({
    source: new VectorSource(), zIndex: 16,
    style: (f: FeatureLike) => {
      const label = String(f.get('code') ?? '').slice(-3);
      let s = cache.get(label);
      if (!s) {
        s = new Style({ fill: new Fill({ color: ownGrid.fill }), stroke: new Stroke({ color: ownGrid.stroke, width: ownGrid.width }),
          text: new Text({ text: label, fill: new Fill({ color: ownGrid.label }), stroke: new Stroke({ color: '#fff', width: 3 }), font: 'bold 13px sans-serif', overflow: true }) });
        cache.set(label, s);
      }
      return s;
    },
    properties: { id: 'ownGrids', popup: 'skip' },
  });
}

/** The topology problem or grid the worker tapped in a list, until they tap another. */
export function createFocusLayer(): Layer {
  return new VectorLayer({
    source: new VectorSource(), zIndex: 40,
    style: new Style({ fill: new Fill({ color: 'rgba(194,24,91,0.25)' }), stroke: new Stroke({ color: selectedColor, width: 3, lineDash: [8, 4] }) }),
    properties: { id: 'workerFocus', popup: 'skip' },
  });
}
