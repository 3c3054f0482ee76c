import { addCoordinateTransforms, addProjection, get as getProjection, fromLonLat, toLonLat } from 'ol/proj';
import Projection from 'ol/proj/Projection';
import type { Coordinate } from 'ol/coordinate';

/**
 * GCJ-02 (火星坐标), the obfuscated system of AMap and Tencent tiles, for the external basemap. The view and every
 * vector layer stay in EPSG:3857 (WGS84); an XYZ source declared in {@link gcj02Projection} ('GCJ02-3857': Web
 * Mercator of GCJ-02 lon/lat, same extent and metres as EPSG:3857) is moved onto WGS84 by OpenLayers' raster
 * reprojection, so a facility sits on the basemap's road and not ~500 m beside it. The formulas and constants are
 * those of server/GridGIS.Core/Geo/ChinaCoordinates.cs (the viewer tests compare the two to 1e-9 degrees).
 */
export const gcj02Projection = 'GCJ02-3857';

const a = 6378245.0;               // Krasovsky 1940 semi-major axis, metres
const ee = 0.00669342162296594323; // its first eccentricity squared

/** True when (lon, lat) lies in the rough box where GCJ-02 applies; elsewhere GCJ-02 equals WGS84. */
export function inChina(lon: number, lat: number): boolean {
  return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
  r += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
  r += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
  return r;
}

function transformLon(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
  r += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
  r += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
  return r;
}

/** WGS84 lon/lat (degrees) to GCJ-02, by the published forward formula. */
export function wgs84ToGcj02(lon: number, lat: number): [number, number] {
  if (!inChina(lon, lat)) return [lon, lat];
  let dLat = transformLat(lon - 105.0, lat - 35.0);
  let dLon = transformLon(lon - 105.0, lat - 35.0);
  const radLat = lat / 180.0 * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - ee * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = dLat * 180.0 / (a * (1 - ee) / (magic * sqrtMagic) * Math.PI);
  dLon = dLon * 180.0 / (a / sqrtMagic * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

/**
 * GCJ-02 lon/lat (degrees) to WGS84: the forward formula inverted by fixed-point iteration from the point itself,
 * stopping when the residual is below 1e-10 degrees or after 30 steps, as Core does.
 */
export function gcj02ToWgs84(lon: number, lat: number): [number, number] {
  if (!inChina(lon, lat)) return [lon, lat];
  let xLon = lon, xLat = lat;
  for (let i = 0; i < 30; i++) {
    const [fLon, fLat] = wgs84ToGcj02(xLon, xLat);
    const eLon = fLon - lon, eLat = fLat - lat;
    xLon -= eLon; xLat -= eLat;
    if (Math.abs(eLon) < 1e-10 && Math.abs(eLat) < 1e-10) break;
  }
  return [xLon, xLat];
}

const viaLonLat = (f: (lon: number, lat: number) => [number, number]) => (c: Coordinate): Coordinate => {
  const [lon, lat] = toLonLat(c);
  return fromLonLat(f(lon, lat));
};

/**
 * Registers 'GCJ02-3857' with OpenLayers (once; later calls find it) with transforms to and from EPSG:3857 and
 * EPSG:4326, and returns its code for an XYZ source's <c>projection</c>.
 */
export function registerGcj02(): string {
  if (getProjection(gcj02Projection)) return gcj02Projection;
  const mercator = getProjection('EPSG:3857')!;
  addProjection(new Projection({ code: gcj02Projection, units: 'm', extent: mercator.getExtent(), worldExtent: mercator.getWorldExtent() ?? undefined, global: true }));
  addCoordinateTransforms('EPSG:3857', gcj02Projection, viaLonLat(wgs84ToGcj02), viaLonLat(gcj02ToWgs84));
  addCoordinateTransforms('EPSG:4326', gcj02Projection,
    c => fromLonLat(wgs84ToGcj02(c[0], c[1])),
    c => { const [lon, lat] = toLonLat(c); return gcj02ToWgs84(lon, lat); });
  return gcj02Projection;
}
