// The load and the topology problems of the worker's own grids, each row a button that shows its grid or problem
// on the map. Administrators see every worker's load (the workload report) and every community's problems.
import GeoJSON from 'ol/format/GeoJSON';
import type Feature from 'ol/Feature';
import { createEmpty, extend, isEmpty, type Extent } from 'ol/extent';
import { get, type Schemas, type Topology, type Workload } from '../api';
import { area, fmt, topologyKind } from '../i18n';
import { fill, h } from '../dom';
import type { Scope } from '../store';
import { wt } from './text';
import { gridIdOf, type WorkerSession } from './session';

const format = new GeoJSON();

/** Shows <c>features</c> on the focus layer and fits the map to them. */
export function focusOn(session: WorkerSession, features: Feature[]): void {
  const source = session.focus.getSource()!;
  source.clear();
  source.addFeatures(features);
  const extent: Extent = createEmpty();
  for (const f of features) { const g = f.getGeometry(); if (g) extend(extent, g.getExtent()); }
  if (!isEmpty(extent)) session.app.map.getView().fit(extent, { padding: [30, 30, 30, 30], maxZoom: 17, duration: 250 });
}

/** The grids with these ids, as map features (from the grids the session loaded). */
export function gridFeatures(session: WorkerSession, ids: number[]): Feature[] {
  const wanted = new Set(ids);
  const grids = (session.grids ?? []).filter(g => wanted.has(gridIdOf(g)));
  return format.readFeatures({ type: 'FeatureCollection', features: grids }, { featureProjection: 'EPSG:3857' }) as Feature[];
}

export async function renderWorkload(el: HTMLElement, session: WorkerSession, scope: Scope): Promise<void> {
  fill(el, wt('loading'));
  try {
    if (session.app.me.role === 'grid_worker') {
      const w = await get<Schemas['OwnWorkload']>('/api/viewer/my-workload', scope.signal());
      if (scope.disposed) return;
      fill(el,
        h('p', { 'data-testid': 'own-load', class: w.overLimit ? 'error' : '' },
          `${fmt(w.households)} ${wt('households')} · ${wt('residents')} ${fmt(w.residents)} · ${wt('foreign')} ${fmt(w.foreignResidents)} · ${wt('limit', { n: fmt(w.householdLimit) })}`,
          w.overLimit ? ` · ${wt('overLimit')}` : ''),
        h('ul', { class: 'w-buttons', 'data-testid': 'worker-load' }, w.grids.map(g => h('li', null, h('button', {
          type: 'button', class: 'hh-row', onclick: () => focusOn(session, gridFeatures(session, [g.gridId])),
        }, h('span', { class: 'hh-main' }, `${g.name ?? g.code}${g.overLimit ? ' ⚠' : ''}`),
        h('span', { class: 'hh-meta' }, `${g.code} · ${fmt(g.households)} ${wt('households')} · ${wt('residents')} ${fmt(g.residents)} · ${wt('foreign')} ${fmt(g.foreignResidents)}`))))));
      return;
    }
    const w = await get<Workload>('/api/grids/workload', scope.signal());
    if (scope.disposed) return;
    const workers = [...w.workers].sort((a, b) => Number(b.overLimit) - Number(a.overLimit) || (b.households ?? 0) - (a.households ?? 0));
    fill(el, h('ul', { class: 'w-buttons', 'data-testid': 'worker-load' }, workers.slice(0, 30).map(x => h('li', null, h('button', {
      type: 'button', class: 'hh-row', onclick: () => focusOn(session, gridFeatures(session, x.gridIds)),
    }, h('span', { class: 'hh-main' }, `${x.worker.name}${x.overLimit ? ` ⚠ ${wt('overLimit')}` : ''}`),
    h('span', { class: 'hh-meta' }, `${fmt(x.households)} ${wt('households')} · ${wt('foreign')} ${fmt(x.foreignResidents)}`))))));
  } catch (e) { if (!scope.disposed) fill(el, h('p', { class: 'error' }, (e as Error).message)); }
}

export async function renderTopology(el: HTMLElement, session: WorkerSession, scope: Scope): Promise<void> {
  fill(el, wt('loading'));
  try {
    const signal = scope.signal();
    const grids = session.grids ?? [];
    const reports = session.app.me.role === 'grid_worker'
      ? await Promise.all([...new Set(grids.map(g => g.properties.communityId))].map(c => get<Topology>(`/api/communities/${c}/topology`, signal)))
      : [await get<Topology>('/api/communities/topology', signal)];
    if (scope.disposed) return;
    const own = new Set(grids.map(g => g.properties.code));
    // A worker's problems: those touching one of their grids (a gap names none: it is their community's).
    const problems = reports.flatMap(r => r.features)
      .filter(p => session.app.me.role !== 'grid_worker' || p.properties.gridCodes.length === 0 || p.properties.gridCodes.some(c => own.has(c)));
    fill(el, problems.length === 0 ? h('p', { 'data-testid': 'worker-topology' }, wt('noProblems'))
      : h('ul', { class: 'w-buttons', 'data-testid': 'worker-topology' }, problems.slice(0, 200).map(p => h('li', null, h('button', {
        type: 'button', class: 'hh-row', onclick: () => focusOn(session, format.readFeatures(p, { featureProjection: 'EPSG:3857' }) as Feature[]),
      }, h('span', { class: 'hh-main' }, topologyKind(p.properties.kind)),
      h('span', { class: 'hh-meta' }, `${p.properties.communityCode} · ${p.properties.gridCodes.join(', ') || '–'} · ${area(p.properties.areaM2)}`))))));
  } catch (e) { if (!scope.disposed) fill(el, h('p', { class: 'error' }, (e as Error).message)); }
}
