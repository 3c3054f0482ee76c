// The map's own vector basemap, from the city's own data and offline: /tiles/basemap (basemap_feature:
// roads by class with names, buildings, water, green, land use, rail, places), and under it the walking
// network's tiles (/tiles/network, zoom 13 and closer) so that roads show where the basemap has none.
// Tiles are fetched with the bearer token like every other request.
import VectorTileLayer from 'ol/layer/VectorTile';
import VectorTileSource from 'ol/source/VectorTile';
import MVT from 'ol/format/MVT';
import type { FeatureLike } from 'ol/Feature';
import type VectorTile from 'ol/VectorTile';
import type Tile from 'ol/Tile';
import { Fill, Stroke, Style, Text } from 'ol/style';
import { token } from '../api';
import { lang, t } from '../i18n';
import { basemap as B } from '../styles';

/** Loads a vector tile with the bearer token; an empty tile on failure (the map keeps drawing). */
function loadTile(tile: Tile, url: string): void {
  const vt = tile as VectorTile<never>;
  vt.setLoader((extent, _resolution, projection) => {
    const t = token();
    fetch(url, { headers: t ? { authorization: `Bearer ${t}` } : {} })
      .then(r => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${r.status}`))))
      .then(data => {
        const format = vt.getFormat();
        vt.setFeatures(format.readFeatures(data, { extent, featureProjection: projection }) as never[]);
      })
      .catch(() => vt.setFeatures([]));
  });
}

function tileSource(layer: string, maxZoom: number): VectorTileSource {
  return new VectorTileSource({
    format: new MVT(), url: `/tiles/${layer}/{z}/{x}/{y}.mvt`, maxZoom, tileLoadFunction: loadTile,
  });
}

const nameOf = (f: FeatureLike): string => {
  const zh = f.get('name_zh') as string | undefined;
  const en = f.get('name_en') as string | undefined;
  const name = f.get('name') as string | undefined;
  return (lang() === 'zh' ? zh || name || en : en || name || zh) ?? '';
};

const fills = new Map<string, Style>();
function fillStyle(color: string, stroke?: string): Style {
  const key = `${color}|${stroke ?? ''}`;
  let s = fills.get(key);
  if (!s) { s = new Style({ fill: new Fill({ color }), stroke: stroke ? new Stroke({ color: stroke, width: 0.6 }) : undefined }); fills.set(key, s); }
  return s;
}

/** Roads by class: a casing below, the road's colour above, its name along the line from zoom 14. */
function roadStyles(cls: string, resolution: number, name: string): Style[] {
  const r = B.roads[cls] ?? B.roads.default;
  const scale = Math.max(0.5, Math.min(2, 4.8 / resolution));   // wider as one zooms in (1 at ~zoom 15)
  const styles = [
    new Style({ stroke: new Stroke({ color: r.casing, width: r.width * scale + 1.5 }), zIndex: r.z }),
    new Style({ stroke: new Stroke({ color: r.color, width: r.width * scale, lineDash: r.dash }), zIndex: r.z + 100 }),
  ];
  if (name && resolution < 10) {
    styles.push(new Style({ text: new Text({ text: name, placement: 'line', font: '12px "Noto Sans CJK SC", sans-serif',
      fill: new Fill({ color: '#333' }), stroke: new Stroke({ color: '#fff', width: 3 }) }), zIndex: 1000 }));
  }
  return styles;
}

function basemapStyle(f: FeatureLike, resolution: number): Style | Style[] | undefined {
  const kind = f.get('kind') as string;
  const cls = (f.get('class') as string | undefined) ?? '';
  switch (kind) {
    case 'water': return fillStyle(B.water);
    case 'green': return fillStyle(B.green);
    case 'landuse': return fillStyle(B.landuse[cls] ?? B.landuse.default);
    case 'building': return fillStyle(B.building, B.buildingStroke);
    case 'rail': return new Style({ stroke: new Stroke({ color: B.rail, width: 1.5, lineDash: [6, 4] }) });
    case 'road': return roadStyles(cls, resolution, nameOf(f));
    case 'place': {
      const big = ['city', 'town', 'suburb', 'district'].includes(cls);
      return new Style({ text: new Text({ text: nameOf(f), font: `${big ? '600 15px' : '13px'} "Noto Sans CJK SC", sans-serif`,
        fill: new Fill({ color: B.place }), stroke: new Stroke({ color: '#fff', width: 3 }) }), zIndex: 2000 });
    }
    default: return undefined;
  }
}

/** The city's vector basemap, on by default; labels decluttered. */
export function createBasemapLayer(): VectorTileLayer {
  return new VectorTileLayer({
    source: tileSource('basemap', 16), style: basemapStyle, declutter: true, zIndex: 1,
    properties: { id: 'basemap', title: () => t('basemap') },
  });
}

/** The walking network as thin roads (zoom 13 and closer), under the basemap: roads where the basemap has none. */
export function createNetworkBasemapLayer(): VectorTileLayer {
  const style = new Style({ stroke: new Stroke({ color: B.network, width: 1.2 }) });
  return new VectorTileLayer({
    source: tileSource('network', 16), style, minZoom: 13, zIndex: 0,
    properties: { id: 'basemapNetwork', title: () => t('basemap') },
  });
}
