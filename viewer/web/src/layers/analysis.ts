// The analysis layers: service areas, gaps and the heatmap. Each one's title and legend say what is
// drawn: the category, its threshold, the run (id and time in the city's time zone), the classes and
// their units; words beside every colour, so a legend does not rely on colour alone.
import VectorLayer from 'ol/layer/Vector';
import type VectorSource from 'ol/source/Vector';
import { Fill, Stroke, Style } from 'ol/style';
import { geoJsonSource, zoomOf } from './source';
import * as S from '../styles';
import { fmt, t } from '../i18n';
import { legend } from '../legend';
import type { Store, ViewerState } from '../store';
import { categoryName, runText, thresholdText, type LayerContext } from './describe';

type Layer = VectorLayer<VectorSource>;

/** The bands drawn for <c>minutes</c>: 5, 10, 15 below it, then the minutes themselves (20: 5,10,15,20). */
export function bandsFor(minutes: number): number[] {
  return [...[5, 10, 15].filter(m => m < minutes), minutes];
}

/** A band's style entry: its own colour for 5, 10, 15, 20, 30 minutes; others take the next larger band's. */
function bandStyle(minutes: number): (typeof S.serviceArea)[number] {
  return S.serviceArea.find(s => s.minutes >= minutes) ?? S.serviceArea[S.serviceArea.length - 1];
}

/**
 * Service areas of one category along the walking network (/api/service-areas), as nested bands up to
 * the chosen minutes, nearest band on top.
 */
export function createServiceAreasLayer(store: Store<ViewerState>, ctx: LayerContext): Layer {
  const styles = new Map(S.serviceArea.map((s, i) => [s.minutes, new Style({
    fill: new Fill({ color: s.fill }), stroke: new Stroke({ color: s.stroke, width: 1 }), zIndex: S.serviceArea.length - i })]));
  return new VectorLayer({
    source: geoJsonSource(() => `/api/service-areas?category=${encodeURIComponent(store.state.category)}&bands=${bandsFor(store.state.minutes).join(',')}`, 'all'),
    style: f => styles.get(bandStyle(Number(f.get('minutes') ?? 15)).minutes),
    properties: {
      id: 'serviceAreas',
      title: () => `${t('serviceAreas')}: ${categoryName(ctx, store.state.category)}`,
      legend: () => legend(bandsFor(store.state.minutes).map(m => {
        const s = bandStyle(m);
        return { symbol: S.swatch(s.fill, s.stroke), label: `≤ ${m} ${t('min')}` };
      }), { source: thresholdText(ctx, store.state.category, null) }),
    },
    zIndex: 30, opacity: 0.9,
  });
}

/** Service gaps of one category from the run on show (store.run); nothing before a run. */
export function createGapsLayer(store: Store<ViewerState>, ctx: LayerContext): Layer {
  const style = S.polygonStyle(S.gap);
  return new VectorLayer({
    source: geoJsonSource(() => (store.state.run
      ? `/api/coverage/runs/${store.state.run}/gaps?category=${encodeURIComponent(store.state.category)}` : null), 'all'),
    style,
    properties: {
      id: 'gaps',
      title: () => `${t('gaps')}: ${categoryName(ctx, store.state.category)}`,
      legend: () => legend([{ symbol: S.swatch(S.gap.fill, S.gap.stroke), label: t('gaps') }], {
        source: `${runText(ctx, store.state)} · ${thresholdText(ctx, store.state.category, whatIfMinutesOf(store.state))}`,
      }),
    },
    zIndex: 35,
  });
}

/** The what-if minutes of the run on show, or null for a nightly run. */
function whatIfMinutesOf(state: Readonly<ViewerState>): number | null {
  const run = state.runs.find(r => r.id === state.run);
  if (run?.whatIf && run.minutes) return run.minutes;
  const key = Object.entries(state.whatIfRuns).find(([, id]) => id === state.run)?.[0];
  return key ? Number(key.split('|')[1]) : null;
}

/**
 * Heatmap cells computed on the server (/api/heatmap) for the view and zoom, coloured by persons per
 * km² in classes fixed per metric (styles.heatBreaks), so a colour means the same at every zoom.
 */
export function createHeatmapLayer(store: Store<ViewerState>): Layer {
  const source = geoJsonSource((bbox, resolution) =>
    `/api/heatmap?metric=${store.state.metric}&bbox=${bbox}&zoom=${zoomOf(resolution).toFixed(2)}`, 'view');
  // Cells are sized by zoom: a new resolution reloads them (debounced while zooming).
  let timer: number | undefined;
  let lastResolution: number | undefined;
  const onResolution = (resolution: number | undefined) => {
    if (resolution === lastResolution) return;
    lastResolution = resolution;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => source.refresh(), 200);
  };
  const cache = new Map<string, Style>();
  const breaks = () => S.heatBreaks[store.state.metric];
  const layer: Layer = new VectorLayer({
    source,
    style: f => {
      const color = S.classColor(S.heatRamp, breaks(), Number(f.get('valuePerKm2')));
      let s = cache.get(color);
      if (!s) { s = new Style({ fill: new Fill({ color: color + 'bb' }) }); cache.set(color, s); }
      return s;
    },
    properties: {
      id: 'heatmap',
      title: () => `${t('heatmap')} (${store.state.metric === 'foreign' ? t('heatForeign') : t('heatResidents')})`,
      legend: () => {
        const b = breaks();
        return legend(S.heatRamp.map((c, i) => ({
          symbol: S.swatch(c, '#888'),
          label: i + 1 < b.length ? `${fmt(b[i])}–${fmt(b[i + 1])}` : `≥ ${fmt(b[i])}`,
        })), { source: `${t('perKm2Unit')} · ${t('fixedBreaks')}`, note: t('privacyNote') });
      },
    },
    zIndex: 25, opacity: 0.85,
  });
  layer.on('prerender', e => { const r = e.frameState?.viewState.resolution; if (lastResolution === undefined) lastResolution = r; else onResolution(r); });
  return layer;
}
