// One facility's own service area (5, 10, 15 minutes along the walking network), shown when the user
// clicks the facility: /api/facilities/{id}/service-area?bands=5,10,15.
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import GeoJSON from 'ol/format/GeoJSON';
import { Fill, Stroke, Style } from 'ol/style';
import { get } from '../api';
import * as S from '../styles';
import { t } from '../i18n';
import { legend } from '../legend';
import type { Layer } from './layers';

const bands = [5, 10, 15];

export function createFacilityAreaLayer(): Layer {
  const styles = new Map(S.serviceArea.map((s, i) => [s.minutes, new Style({
    fill: new Fill({ color: s.fill }), stroke: new Stroke({ color: s.stroke, width: 1.5 }), zIndex: S.serviceArea.length - i })]));
  return new VectorLayer({
    source: new VectorSource(), visible: false, zIndex: 33,
    style: f => styles.get(Number(f.get('minutes'))) ?? styles.get(15),
    properties: {
      id: 'facilityArea', available: true,
      title: () => t('facilityArea'),
      legend: () => legend(bands.map(m => {
        const s = S.serviceArea.find(x => x.minutes === m)!;
        return { symbol: S.swatch(s.fill, s.stroke), label: `≤ ${m} ${t('min')}` };
      }), { note: t('clickFacility') }),
    },
  });
}

/** Loads facility <c>id</c>'s 5/10/15-minute bands into the layer and shows it; the bands' properties (minutes, metres). */
export async function showFacilityArea(layer: Layer, id: string | number, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
  const json = await get<unknown>(`/api/facilities/${encodeURIComponent(String(id))}/service-area?bands=${bands.join(',')}`, signal);
  const source = layer.getSource()!;
  source.clear();
  const features = new GeoJSON().readFeatures(json, { featureProjection: 'EPSG:3857' });
  source.addFeatures(features);
  layer.setVisible(true);
  return features.map(f => f.getProperties()).sort((a, b) => Number(a.minutes) - Number(b.minutes));
}
