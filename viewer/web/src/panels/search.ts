// The search box: streets, communities, grid codes and facility names, matched in the browser against the
// layers' own endpoints (names, codes and geometry only: no household data), fetched once on first use and
// bounded by their limits. Choosing a result fits the map to it.
import GeoJSON from 'ol/format/GeoJSON';
import type Feature from 'ol/Feature';
import type { App } from '../app';
import { get } from '../api';
import { nameOf, t, type Key } from '../i18n';
import { fill, h } from '../dom';

interface Entry { kind: Key; label: string; detail: string; haystack: string; feature: Feature }

const sources: [Key, string][] = [
  ['street', '/api/streets?limit=10000'], ['community', '/api/communities?limit=10000'],
  ['grids', '/api/grids?limit=10000'], ['facilities', '/api/facilities?limit=10000'],
];
const maxResults = 12;

/** A search box for this app; its index (built on first use) lives as long as the app does. */
export function createSearch(app: App): { render: () => HTMLElement } {
  let index: Promise<Entry[]> | null = null;
  const load = () => index ??= Promise.all(sources.map(async ([kind, url]) => {
    const features = new GeoJSON().readFeatures(await get<unknown>(url), { featureProjection: 'EPSG:3857' });
    return features.map(f => {
      const p = f.getProperties();
      const name = kind === 'grids' ? String(p.name ?? p.code ?? '') : kind === 'facilities' ? String(p.name ?? '') : nameOf(p);
      const code = String(p.code ?? '');
      const other = [p.nameZh, p.nameEn, p.name, code].filter(Boolean).join(' ');
      return { kind, label: name, detail: code, haystack: `${name} ${other}`.toLowerCase(), feature: f };
    });
  })).then(lists => lists.flat()).catch(e => { index = null; throw e; });

  const go = (e: Entry) => {
    const g = e.feature.getGeometry();
    if (g) app.map.getView().fit(g.getExtent(), { padding: [60, 60, 60, 60], maxZoom: 17, duration: 250 });
  };

  const render = () => {
    const results = h('ul', { id: 'search-results', role: 'listbox', 'data-testid': 'search-results', hidden: true });
    let timer: number | undefined;
    const run = async (q: string) => {
      const query = q.trim().toLowerCase();
      if (!query) { results.hidden = true; return; }
      const entries = await load();
      const hits = entries.filter(e => e.haystack.includes(query)).slice(0, maxResults);
      fill(results, hits.length ? hits.map(e => h('li', { role: 'option' }, h('button', { type: 'button', 'data-kind': e.kind,
        onclick: () => { results.hidden = true; go(e); } }, e.label, h('small', null, `${t(e.kind)}${e.detail && e.detail !== e.label ? ` · ${e.detail}` : ''}`))))
        : h('li', { class: 'note' }, t('noMatch')));
      results.hidden = false;
    };
    const input = h('input', { type: 'search', id: 'search', 'data-testid': 'search', 'aria-label': t('search'), placeholder: t('searchHint'),
      'aria-controls': 'search-results', autocomplete: 'off',
      oninput: () => { window.clearTimeout(timer); timer = window.setTimeout(() => void run(input.value).catch(err => console.warn(`search: ${(err as Error).message}`)), 200); },
      onkeydown: e => { if ((e as KeyboardEvent).key === 'Escape') results.hidden = true; } });
    return h('div', { class: 'search', role: 'search' }, input, results);
  };
  return { render };
}
