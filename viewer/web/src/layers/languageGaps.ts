// The "served in their language" layer (issue 19): the run's language gaps of the category on show, one colour per
// language group, beside the physical gaps. Its legend lists the language groups drawn, each with its colour and name.
import VectorLayer from 'ol/layer/Vector';
import type VectorSource from 'ol/source/Vector';
import { Fill, Stroke, Style } from 'ol/style';
import { geoJsonSource } from './source';
import * as S from '../styles';
import { legend } from '../legend';
import type { Store, ViewerState } from '../store';
import { categoryName, runText, type LayerContext } from './describe';
import { languageColor, languageName, lt } from '../languageText';

type Layer = VectorLayer<VectorSource>;

/** Language gaps of one category from the run on show (/api/coverage/runs/{run}/language-gaps); nothing before a run. */
export function createLanguageGapsLayer(store: Store<ViewerState>, ctx: LayerContext): Layer {
  const styles = new Map<string, Style>();
  const styleOf = (code: string) => {
    let s = styles.get(code);
    if (!s) {
      const c = languageColor(code);
      s = new Style({ fill: new Fill({ color: c + 'b3' }), stroke: new Stroke({ color: c, width: 1.5 }) });
      styles.set(code, s);
    }
    return s;
  };
  const layer: Layer = new VectorLayer({
    source: geoJsonSource(() => (store.state.run
      ? `/api/coverage/runs/${store.state.run}/language-gaps?category=${encodeURIComponent(store.state.category)}` : null), 'all'),
    style: f => styleOf(String(f.get('language') ?? '')),
    properties: {
      id: 'languageGaps',
      title: () => `${lt('languageGaps')}: ${categoryName(ctx, store.state.category)}`,
      legend: () => {
        const codes = [...new Set((layer.getSource()?.getFeatures() ?? []).map(f => String(f.get('language'))))].sort();
        return legend(codes.map(c => ({ symbol: S.swatch(languageColor(c) + 'b3', languageColor(c)), label: `${languageName(c)} (${c})` })), {
          source: runText(ctx, store.state), note: codes.length === 0 ? lt('noLanguageGaps') : lt('languageGapsOf'),
        });
      },
    },
    zIndex: 36,
  });
  // Two loads may overlap (the run and the category change together): keep each gap of the run and category on show once.
  const source = layer.getSource()!;
  source.on('featuresloadend', () => {
    const seen = new Set<unknown>();
    for (const f of source.getFeatures()) {
      const stale = f.get('run') !== store.state.run || f.get('category') !== store.state.category;
      if (stale || seen.has(f.get('gapNo'))) source.removeFeature(f); else seen.add(f.get('gapNo'));
    }
  });
  return layer;
}
