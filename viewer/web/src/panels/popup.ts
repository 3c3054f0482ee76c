// Click anything: a popup with its figures. Figures that need the server are fetched on click.
import Overlay from 'ol/Overlay';
import type { FeatureLike } from 'ol/Feature';
import type { App } from '../app';
import { get, type FacilityFigures, type GridFigures, type StreetFigures } from '../api';
import { area, count, fmt, nameOf, pct, t } from '../i18n';
import { showFacilityArea } from '../layers/facilityArea';
import { fill, h, type Child } from '../dom';

type Props = Record<string, unknown>;

export function attachPopup(app: App): void {
  const { map } = app;
  const el = document.createElement('div');
  el.className = 'popup';
  el.dataset.testid = 'popup';
  el.setAttribute('role', 'dialog');
  el.setAttribute('aria-label', t('popupOpened'));
  const overlay = new Overlay({ element: el, autoPan: { animation: { duration: 150 } }, positioning: 'bottom-center', offset: [0, -10] });
  map.addOverlay(overlay);
  // A popup's figures belong to one run, category and language: it closes when they change.
  app.store.subscribe(() => overlay.setPosition(undefined), ['run', 'category', 'minutes', 'whatIfMinutes', 'lang', 'metric']);
  map.on('singleclick', async e => {
    const hits: FeatureLike[] = [];
    map.forEachFeatureAtPixel(e.pixel, f => { hits.push(f); }, { hitTolerance: 4 });
    if (hits.length === 0) { overlay.setPosition(undefined); return; }
    // The most specific thing under the pointer: points before small polygons before large ones.
    const order = ['household', 'facility', 'gap', 'heatmap', 'service_area', 'grid', 'community', 'street'];
    hits.sort((a, b) => rank(a) - rank(b));
    function rank(f: FeatureLike) { const i = order.indexOf(kindOf(f.getProperties())); return i < 0 ? 99 : i; }
    const f = hits[0];
    const body = h('div', { class: 'body' }, describe(f.getProperties(), app));
    fill(el, h('button', { class: 'close', 'aria-label': t('close'), onclick: () => overlay.setPosition(undefined) }, '×'), body);
    overlay.setPosition(e.coordinate);
    // Screen readers hear what opened (the popup itself sits in the map's overlay container).
    const announce = document.getElementById('announce');
    if (announce) announce.textContent = `${t('popupOpened')}${body.querySelector('h3')?.textContent ?? ''}`;
    const more = await figures(f, app).catch(err => h('small', null, (err as Error).message));
    if (more && body.isConnected) body.append(more);
    if (kindOf(f.getProperties()) === 'facility' && f.getId() !== undefined) {
      // The facility's own 5/10/15-minute area on the map, its bands' walk distances here.
      const areas = await showFacilityArea(app.byId('facilityArea'), f.getId()!).catch(err => h('small', null, (err as Error).message));
      if (!body.isConnected) return;
      body.append(Array.isArray(areas)
        ? h('table', { 'data-testid': 'facility-bands' }, areas.map(a => h('tr', null, h('th', null, `≤ ${fmt(a.minutes as number)} ${t('min')}`),
          h('td', null, `${fmt(a.metres as number)} ${t('metres')}`))))
        : areas);
    }
  });
}

/** What a feature is: its 'layer' property, or recognised from its properties (coverage gaps carry none). */
function kindOf(p: Props): string {
  if (typeof p.layer === 'string') return p.layer;
  if (p.gapNo !== undefined) return 'gap';
  if (p.minutes !== undefined && p.metres !== undefined) return 'service_area';
  return '';
}

function row(label: string, value: string): HTMLTableRowElement { return h('tr', null, h('th', null, label), h('td', null, value)); }

/** A heading and a table of rows: the popup's body for one feature. */
function card(title: string, ...rows: Child[]): Child[] { return [h('h3', null, title), h('table', null, rows)]; }

function describe(p: Props, app: App): Child {
  switch (kindOf(p)) {
    case 'street': return card(nameOf(p), row(t('code'), String(p.code)));
    case 'community': return card(nameOf(p), row(t('code'), String(p.code)), row(t('street'), nameOf(p, 'street')));
    case 'grid': return card(String(p.name ?? p.code), row(t('code'), String(p.code)),
      row(t('grids'), p.kind === 'foreign_resident' ? t('foreignGrid') : t('ordinaryGrid')),
      row(t('workerName'), String(p.worker ?? '–')), row(t('languages'), ((p.workerLanguages as string[] | null) ?? []).join(', ')));
    case 'facility': return card(String(p.name), row(t('category'), nameOf(p, 'category')),
      row(t('capacity'), count(p.capacity as number | null, 'persons')), p.load !== undefined && row(t('load'), count(p.load as number | null, 'persons')),
      row(t('languages'), ((p.languages as string[] | null) ?? []).join(', ')));
    case 'heatmap': {
      // The cell's value is of the metric on show: foreign residents or all residents.
      const label = app.store.state.metric === 'foreign' ? t('foreignResidents') : t('residents');
      return card(`${t('heatmap')}${p.merged ? t('merged') : ''}`, row(t('households'), count(p.households as number, 'households_unit')),
        h('tr', { 'data-figure': 'heat-value' }, h('th', null, label), h('td', null, count(p.value as number, 'persons'))),
        row(`${label}${t('density')}`, `${fmt(p.valuePerKm2 as number)} ${t('perKm2Unit')}`));
    }
    case 'gap': return card(`${t('gaps')} #${p.gapNo}`, row(t('households'), fmt(p.households as number | null)),
      row(t('householdsOutside'), fmt(p.householdsNotCovered as number | null)), row(t('residents'), fmt(p.residents as number | null)),
      row(t('foreignResidents'), fmt(p.foreignResidents as number | null)),
      h('tr', { 'data-figure': 'gap-area' }, h('th', null, t('gapArea1')), h('td', null, area(p.areaM2 as number))));
    case 'service_area': return card(t('serviceAreas'), row(t('category'), nameOf(p, 'category')), row(t('minutes'), fmt(p.minutes as number)),
      row(t('metres'), `${fmt(p.metres as number)} ${t('metres')}`), row(t('facilities'), fmt(p.facilities as number)));
    case 'household': return card(`${t('households')} ${String(p.id ?? '')}`, row(t('residents'), fmt(p.residents as number)),
      row(t('foreignResidents'), fmt(p.foreignResidents as number)));
    default: return card(String(p.layer ?? ''), Object.entries(p)
      .filter(([k, v]) => k !== 'geometry' && typeof v !== 'object').map(([k, v]) => row(k, String(v))));
  }
}

async function figures(f: FeatureLike, state: App): Promise<Node | null> {
  const p = f.getProperties();
  const id = f.getId();
  if (p.layer === 'street') {
    const s = await get<StreetFigures>(`/api/streets/${id}/figures`);
    return h('table', null, row(t('households'), fmt(s.loaded.households)), row(t('residents'), fmt(s.loaded.residents)),
      row(t('foreignResidents'), fmt(s.loaded.foreignResidents)), row(t('foreignShare'), pct(s.loaded.foreignShare)),
      row(t('grids'), fmt(s.loaded.grids)));
  }
  if (p.layer === 'household') {
    // Hand the household to the worker panel's move form, when it is open.
    const input = document.querySelector<HTMLInputElement>('#w-move input[name=household]');
    if (input) input.value = String(id);
    return null;
  }
  if (p.layer === 'facility') {
    const f = await get<FacilityFigures>(`/api/viewer/facilities/${id}/figures`);
    if (!f.load) return h('table', null, row(t('load'), t('noRun')));
    // Load is residents within the walk, capacity is places: both in persons, then their ratio.
    const ratio = f.load.loadRatio === null || f.load.loadRatio === undefined ? '' : ` (${fmt(f.load.loadRatio * 100, 0)}%${f.load.overloaded ? ' ⚠' : ''})`;
    return h('table', { 'data-testid': 'facility-load' }, row(t('households'), count(f.load.households, 'households_unit')),
      row(t('residents'), count(f.load.residents, 'persons')),
      h('tr', { 'data-figure': 'load' }, h('th', null, t('loadOfCapacity')),
        h('td', null, `${count(f.load.residents, 'persons')} / ${count(f.load.capacity, 'persons')}${ratio}`)),
      h('tr', null, h('td', { colspan: 2, class: 'note' }, t('loadNote'))));
  }
  if (p.layer === 'grid') {
    const g = await get<GridFigures>(`/api/viewer/grids/${id}/figures`);
    const cov = g.coverage ? Object.entries(g.coverage).map(([code, share]) =>
      row(`${t('coverage')}: ${nameOf((state.categories.find(c => c.code === code) ?? { nameZh: code }) as unknown as Props)}`, pct(share)))
      : row(t('coverage'), t('noRun'));
    return h('table', { 'data-testid': 'grid-figures' }, row(t('households'), fmt(g.households)), row(t('residents'), fmt(g.residents)),
      row(t('foreignResidents'), fmt(g.foreignResidents)), cov);
  }
  return null;
}
