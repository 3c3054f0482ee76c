// The viewer's palette. viewer/GridGIS.Render/MapStyle.cs (MapStyles) holds the same values so PNG
// exports look like the map on screen: keep the two in step.
import { Circle, Fill, RegularShape, Stroke, Style, Text } from 'ol/style';
import { h, svg } from './dom';
import { legend } from './legend';
import { t } from './i18n';

export const background = '#f4f3ef';
/** The own vector basemap (layers/basemap.ts): muted, so that the analysis layers stand out above it. */
export const basemap = {
  water: '#aad3df', green: '#d4e8c2', building: '#e4ddd5', buildingStroke: '#cfc4b8', rail: '#9a9a9a', place: '#3a3a3a',
  network: '#d6d2ca',
  landuse: { default: '#efece6', residential: '#ece8e2', commercial: '#f1e4e0', industrial: '#e9e4ea' } as Record<string, string>,
  /** Width in pixels at about zoom 15; z orders minor below major. */
  roads: {
    motorway: { color: '#f2b07e', casing: '#c98a5c', width: 5, z: 60 },
    trunk: { color: '#f6c48c', casing: '#c99a66', width: 4.5, z: 55 },
    primary: { color: '#fbdc98', casing: '#c9ad6e', width: 4, z: 50 },
    secondary: { color: '#fdf0b4', casing: '#c8bd88', width: 3.5, z: 45 },
    tertiary: { color: '#ffffff', casing: '#bdb6aa', width: 3, z: 40 },
    residential: { color: '#ffffff', casing: '#c9c3b8', width: 2.2, z: 30 },
    service: { color: '#ffffff', casing: '#d3cdc2', width: 1.5, z: 20 },
    footway: { color: '#faf8f4', casing: '#d8d2c8', width: 1.2, z: 10, dash: [4, 3] },
    path: { color: '#faf8f4', casing: '#d8d2c8', width: 1.2, z: 10, dash: [4, 3] },
    default: { color: '#ffffff', casing: '#cfc9be', width: 2, z: 25 },
  } as Record<string, { color: string; casing: string; width: number; z: number; dash?: number[] }>,
};
/** Service gaps: a red-orange that neither ramp below uses (viridis has no red, YlGnBu none either). */
export const gapColor = '#d7301f';
export const street = { fill: 'rgba(74,111,165,0.10)', stroke: '#2f4b7c', width: 2.5, label: '#1e2f4d' };
export const community = { stroke: '#7a8ca8', width: 1 };
export const grid = { fill: 'rgba(136,136,136,0.06)', stroke: '#a0a0a0', width: 0.6 };
export const foreignGrid = { fill: 'rgba(242,165,65,0.35)', stroke: '#e08a00', width: 1.2 };
export const gap = { fill: 'rgba(215,48,31,0.70)', stroke: gapColor, width: 1 };
/**
 * Service-area bands, nearest first: 5, 10, 15 minutes and the what-if bands 20 and 30, each its own
 * colour (ColorBrewer PuBuGn, dark to light, so nearer reads darker without relying on hue).
 */
export const serviceArea = [
  { minutes: 5, fill: 'rgba(1,108,89,0.45)', stroke: '#016c59' },
  { minutes: 10, fill: 'rgba(2,129,138,0.35)', stroke: '#02818a' },
  { minutes: 15, fill: 'rgba(54,144,192,0.28)', stroke: '#3690c0' },
  { minutes: 20, fill: 'rgba(103,169,207,0.22)', stroke: '#67a9cf' },
  { minutes: 30, fill: 'rgba(166,189,219,0.20)', stroke: '#a6bddb' },
];
/** Household points (grid workers only): ordinary, and with foreign residents. */
export const household = { fill: '#555555', foreign: '#e08a00' };
export const categoryColors = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666'];
export const symbols = ['circle', 'square', 'triangle', 'diamond', 'cross', 'star'] as const;
export type SymbolName = (typeof symbols)[number];

/** Heatmap ramp, low to high: ColorBrewer YlGnBu (7), lightness falling steadily, safe for colour-blind readers. */
export const heatRamp = ['#ffffcc', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#0c2c84'];
/**
 * Heatmap class breaks per metric (lower bounds, people per km²), one per ramp colour: fixed, so a
 * colour means the same density at every zoom and in every view.
 */
export const heatBreaks: Record<'foreign' | 'residents', number[]> = {
  foreign: [0, 50, 100, 250, 500, 1000, 2500],
  residents: [0, 2500, 5000, 10000, 15000, 20000, 30000],
};
/** Coverage choropleth ramp, 0% to 100% covered: viridis (6), dark purple to yellow. */
export const coverageRamp = ['#440154', '#414487', '#2a788e', '#22a884', '#7ad151', '#fde725'];

/** The colour of the class <c>value</c> falls in (breaks are lower bounds, ascending). */
export function classColor(ramp: string[], breaks: number[], value: number): string {
  let i = 0;
  while (i + 1 < breaks.length && value >= breaks[i + 1]) i++;
  return ramp[Math.min(i, ramp.length - 1)];
}

/** Streets whose share is withheld (fewer than 5 households) or not computed. */
export const withheldFill = 'rgba(200,200,200,0.4)';

/** The choropleth's legend: a swatch and its range per class, and the withheld swatch. */
export function coverageLegend(): HTMLElement {
  const n = coverageRamp.length;
  return legend([
    ...coverageRamp.map((c, i) => ({ symbol: swatch(c, '#555'), label: `${Math.round(i * 100 / n)}–${Math.round((i + 1) * 100 / n)}%` })),
    { symbol: swatch(withheldFill, '#555'), label: t('withheld') },
  ]);
}

export function rampColor(ramp: string[], t: number): string {
  const i = Math.max(0, Math.min(ramp.length - 1, Math.floor(t * ramp.length)));
  return ramp[i];
}

export function polygonStyle(s: { fill?: string; stroke: string; width: number }, label?: string, labelColor?: string): Style {
  return new Style({
    fill: s.fill ? new Fill({ color: s.fill }) : undefined,
    stroke: new Stroke({ color: s.stroke, width: s.width }),
    text: label ? new Text({ text: label, font: '600 13px sans-serif', fill: new Fill({ color: labelColor ?? '#222' }),
      stroke: new Stroke({ color: 'rgba(255,255,255,0.9)', width: 3 }), overflow: true }) : undefined,
  });
}

/** A facility symbol: the category's colour and shape, white outline, about 9 px across. */
export function symbolStyle(index: number, size = 9): Style {
  const color = categoryColors[index % categoryColors.length];
  const name = symbols[index % symbols.length];
  const fill = new Fill({ color });
  const stroke = new Stroke({ color: '#fff', width: 1.2 });
  const r = size / 2 + 1;
  const image = name === 'circle' ? new Circle({ radius: r, fill, stroke })
    : name === 'square' ? new RegularShape({ points: 4, radius: r * 1.3, angle: Math.PI / 4, fill, stroke })
    : name === 'triangle' ? new RegularShape({ points: 3, radius: r * 1.3, fill, stroke })
    : name === 'diamond' ? new RegularShape({ points: 4, radius: r * 1.3, fill, stroke })
    : name === 'cross' ? new RegularShape({ points: 4, radius: r * 1.3, radius2: r * 0.45, angle: Math.PI / 4, fill, stroke })
    : new RegularShape({ points: 5, radius: r * 1.4, radius2: r * 0.6, fill, stroke });
  return new Style({ image });
}

/** A small legend swatch for a polygon style. */
export function swatch(fill: string, stroke: string): HTMLElement {
  return h('span', { class: 'swatch', style: { background: fill, borderColor: stroke } });
}

/** A legend swatch for a facility symbol: the category's colour and shape. */
export function symbolSwatch(index: number): SVGElement {
  const color = categoryColors[index % categoryColors.length];
  const name = symbols[index % symbols.length];
  const shape: Record<SymbolName, () => SVGElement> = {
    circle: () => svg('circle', { cx: 7, cy: 7, r: 5 }),
    square: () => svg('rect', { x: 2.5, y: 2.5, width: 9, height: 9 }),
    triangle: () => svg('polygon', { points: '7,1.5 12.5,11.5 1.5,11.5' }),
    diamond: () => svg('polygon', { points: '7,1 13,7 7,13 1,7' }),
    cross: () => svg('polygon', { points: '5,1 9,1 9,5 13,5 13,9 9,9 9,13 5,13 5,9 1,9 1,5 5,5' }),
    star: () => svg('polygon', { points: '7,0.5 8.8,5 13.5,5.2 9.8,8.2 11.1,13 7,10.3 2.9,13 4.2,8.2 0.5,5.2 5.2,5' }),
  };
  return svg('svg', { class: 'sym', width: 14, height: 14, viewBox: '0 0 14 14', fill: color, stroke: '#fff' }, shape[name]());
}

/** A legend dot for household points. */
export function dot(fill: string, stroke = '#fff'): SVGElement {
  return svg('svg', { class: 'sym', width: 12, height: 12, viewBox: '0 0 12 12' }, svg('circle', { cx: 6, cy: 6, r: 4, fill, stroke }));
}
