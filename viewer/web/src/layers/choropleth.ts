// Streets coloured by the share of their households covered (the planner's choropleth). The shares
// come from the planner's table (one request per run and category), kept on the layer itself.
import VectorLayer from 'ol/layer/Vector';
import { Fill, Stroke, Style } from 'ol/style';
import { geoJsonSource } from './source';
import * as S from '../styles';
import { t } from '../i18n';
import type { Layer } from './layers';

const sharesKey = 'shares';

export function createCoverageChoroplethLayer(): Layer {
  const cache = new Map<string, Style>();
  const shares = new Map<string, number | null>();
  const layer: Layer = new VectorLayer({
    source: geoJsonSource(bbox => `/api/streets?bbox=${bbox}&limit=10000`),
    style: f => {
      const share = shares.get(f.get('code') as string);
      const color = share === null || share === undefined ? S.withheldFill : S.rampColor(S.coverageRamp, share);
      let s = cache.get(color);
      if (!s) { s = new Style({ fill: new Fill({ color }), stroke: new Stroke({ color: '#555', width: 1 }) }); cache.set(color, s); }
      return s;
    },
    properties: { id: 'coverageChoropleth', title: () => t('coverageByStreet'), available: true, legend: () => S.coverageLegend(), [sharesKey]: shares },
    opacity: 0.6, zIndex: 12, visible: false,
  });
  return layer;
}

/** Replaces the choropleth's shares (street code -> 0..1, null where withheld) and redraws it. */
export function setShares(layer: Layer, values: Iterable<[string, number | null]>): void {
  const shares = layer.get(sharesKey) as Map<string, number | null>;
  shares.clear();
  for (const [code, share] of values) shares.set(code, share);
  layer.changed();
}
