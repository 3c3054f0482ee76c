// A GeoJSON source fetched by view: only the features in the visible extent (bbox strategy),
// with the bearer token. Every layer factory builds on this.
import VectorSource from 'ol/source/Vector';
import GeoJSON from 'ol/format/GeoJSON';
import { all as allStrategy, bbox as bboxStrategy } from 'ol/loadingstrategy';
import { transformExtent } from 'ol/proj';
import type { Extent } from 'ol/extent';
import { get } from '../api';

const format = new GeoJSON();

export function bboxParam(extent: Extent, projection = 'EPSG:3857'): string {
  const [a, b, c, d] = transformExtent(extent, projection, 'EPSG:4326');
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
  return [clamp(a, -180, 180), clamp(b, -90, 90), clamp(c, -180, 180), clamp(d, -90, 90)].map(v => v.toFixed(6)).join(',');
}

/**
 * A source that calls <c>url(bbox, zoom)</c> for each new view extent; null skips loading.
 * mode 'bbox': features accumulate as the view moves (ids dedupe); 'view': only the current
 * view's features (heatmap cells); 'all': one request for everything (small layers such as gaps).
 */
export function geoJsonSource(url: (bbox: string, resolution: number) => string | null, mode: 'bbox' | 'view' | 'all' = 'bbox'): VectorSource {
  const byView = mode === 'view';
  const source: VectorSource = new VectorSource({
    strategy: mode === 'view' ? (extent: Extent) => [extent] : mode === 'all' ? allStrategy : bboxStrategy,
    loader: (extent, resolution, projection, success, failure) => {
      const u = url(bboxParam(extent, projection.getCode()), resolution);
      if (!u) { success?.([]); return; }
      get<unknown>(u).then(json => {
        // By view: the cells of the previous view go (clear() would also forget loaded extents and loop).
        if (byView) source.removeFeatures(source.getFeatures());
        const features = format.readFeatures(json, { featureProjection: projection });
        source.addFeatures(features);
        source.set('meta', json);
        success?.(features);
      }).catch(e => { console.warn(`layer ${u}: ${(e as Error).message}`); failure?.(); });
    },
  });
  return source;
}

/** Web Mercator resolution (m/px) to zoom level. */
export function zoomOf(resolution: number): number {
  return Math.max(0, Math.min(24, Math.log2(156543.03392804097 / resolution)));
}
