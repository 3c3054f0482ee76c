// Click anything: a popup with its figures. Figures that need the server are fetched on click.
import type Map from 'ol/Map';
import Overlay from 'ol/Overlay';
import type { FeatureLike } from 'ol/Feature';
import type { AppState } from '../main';
import { get, type FacilityFigures, type GridFigures, type StreetFigures } from '../api';
import { fmt, nameOf, pct, t } from '../i18n';

type Props = Record<string, unknown>;

export function attachPopup(map: Map, state: AppState): void {
  const el = document.createElement('div');
  el.className = 'popup';
  el.dataset.testid = 'popup';
  const overlay = new Overlay({ element: el, autoPan: { animation: { duration: 150 } }, positioning: 'bottom-center', offset: [0, -10] });
  map.addOverlay(overlay);
  map.on('singleclick', async e => {
    const hits: FeatureLike[] = [];
    map.forEachFeatureAtPixel(e.pixel, f => { hits.push(f); }, { hitTolerance: 4 });
    if (hits.length === 0) { overlay.setPosition(undefined); return; }
    // The most specific thing under the pointer: points before small polygons before large ones.
    const order = ['household', 'facility', 'gap', 'heatmap', 'service_area', 'grid', 'community', 'street'];
    hits.sort((a, b) => rank(a) - rank(b));
    function rank(f: FeatureLike) { const i = order.indexOf(kindOf(f.getProperties())); return i < 0 ? 99 : i; }
    const f = hits[0];
    el.innerHTML = `<button class="close" aria-label="${t('close')}">×</button><div class="body">${describe(f.getProperties())}</div>`;
    (el.querySelector('.close') as HTMLButtonElement).onclick = () => overlay.setPosition(undefined);
    overlay.setPosition(e.coordinate);
    const more = await figures(f, state).catch(err => `<small>${(err as Error).message}</small>`);
    if (more) el.querySelector('.body')!.insertAdjacentHTML('beforeend', more);
  });
}

/** What a feature is: its 'layer' property, or recognised from its properties (coverage gaps carry none). */
function kindOf(p: Props): string {
  if (typeof p.layer === 'string') return p.layer;
  if (p.gapNo !== undefined) return 'gap';
  if (p.minutes !== undefined && p.metres !== undefined) return 'service_area';
  return '';
}

function row(label: string, value: string): string { return `<tr><th>${label}</th><td>${value}</td></tr>`; }

function describe(p: Props): string {
  switch (kindOf(p)) {
    case 'street': return `<h3>${nameOf(p)}</h3><table>${row(t('code'), String(p.code))}</table>`;
    case 'community': return `<h3>${nameOf(p)}</h3><table>${row(t('code'), String(p.code))}${row(t('street'), nameOf(p, 'street'))}</table>`;
    case 'grid': return `<h3>${p.name ?? p.code}</h3><table>${row(t('code'), String(p.code))}
      ${row(t('grids'), p.kind === 'foreign_resident' ? t('foreignGrid') : t('ordinaryGrid'))}
      ${row(t('workerName'), String(p.worker ?? '–'))}${row(t('languages'), ((p.workerLanguages as string[] | null) ?? []).join(', '))}</table>`;
    case 'facility': return `<h3>${p.name}</h3><table>${row(t('category'), nameOf(p, 'category'))}
      ${row(t('capacity'), fmt(p.capacity as number))}${p.load !== undefined ? row(t('load'), fmt(p.load as number)) : ''}
      ${row(t('languages'), ((p.languages as string[] | null) ?? []).join(', '))}</table>`;
    case 'heatmap': return `<h3>${t('heatmap')}${p.merged ? t('merged') : ''}</h3><table>${row(t('households'), fmt(p.households as number))}
      ${row(t('residents'), fmt(p.value as number))}${row(t('perKm2'), fmt(p.valuePerKm2 as number))}</table>`;
    case 'gap': return `<h3>${t('gaps')} #${p.gapNo}</h3><table>${row(t('households'), fmt(p.households as number | null))}
      ${row(t('householdsOutside'), fmt(p.householdsNotCovered as number | null))}${row(t('residents'), fmt(p.residents as number | null))}
      ${row(t('foreignResidents'), fmt(p.foreignResidents as number | null))}${row('m²', fmt(p.areaM2 as number))}</table>`;
    case 'service_area': return `<h3>${t('serviceAreas')}</h3><table>${row(t('category'), nameOf(p, 'category'))}${row(t('minutes'), fmt(p.minutes as number))}
      ${row('m', fmt(p.metres as number))}${row(t('facilities'), fmt(p.facilities as number))}</table>`;
    case 'household': return `<h3>${t('households')} ${p.id ?? ''}</h3><table>${row(t('residents'), fmt(p.residents as number))}
      ${row(t('foreignResidents'), fmt(p.foreignResidents as number))}</table>`;
    default: return `<h3>${String(p.layer ?? '')}</h3><table>${Object.entries(p)
      .filter(([k, v]) => k !== 'geometry' && typeof v !== 'object').map(([k, v]) => row(k, String(v))).join('')}</table>`;
  }
}

async function figures(f: FeatureLike, state: AppState): Promise<string> {
  const p = f.getProperties();
  const id = f.getId();
  if (p.layer === 'street') {
    const s = await get<StreetFigures>(`/api/streets/${id}/figures`);
    return `<table>${row(t('households'), fmt(s.loaded.households))}${row(t('residents'), fmt(s.loaded.residents))}
      ${row(t('foreignResidents'), fmt(s.loaded.foreignResidents))}${row(t('foreignShare'), pct(s.loaded.foreignShare))}
      ${row(t('grids'), fmt(s.loaded.grids))}</table>`;
  }
  if (p.layer === 'household') {
    // Hand the household to the worker panel's move form, when it is open.
    const input = document.querySelector<HTMLInputElement>('#w-move input[name=household]');
    if (input) input.value = String(id);
    return '';
  }
  if (p.layer === 'facility') {
    const f = await get<FacilityFigures>(`/api/viewer/facilities/${id}/figures`);
    if (!f.load) return `<table>${row(t('load'), t('noRun'))}</table>`;
    return `<table data-testid="facility-load">${row(t('households'), fmt(f.load.households))}${row(t('residents'), fmt(f.load.residents))}
      ${row(`${t('load')} / ${t('capacity')}`, f.load.loadRatio === null ? '–' : `${fmt(f.load.loadRatio * 100, 0)}%${f.load.overloaded ? ' ⚠' : ''}`)}</table>`;
  }
  if (p.layer === 'grid') {
    const g = await get<GridFigures>(`/api/viewer/grids/${id}/figures`);
    const cov = g.coverage ? Object.entries(g.coverage).map(([code, share]) =>
      row(`${t('coverage')}: ${nameOf((state.categories.find(c => c.code === code) ?? { nameZh: code }) as unknown as Props)}`, pct(share))).join('')
      : row(t('coverage'), t('noRun'));
    return `<table data-testid="grid-figures">${row(t('households'), fmt(g.households))}${row(t('residents'), fmt(g.residents))}
      ${row(t('foreignResidents'), fmt(g.foreignResidents))}${cov}</table>`;
  }
  return '';
}
