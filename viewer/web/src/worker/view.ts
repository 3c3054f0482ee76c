// The grid worker's view (issue 18), phone first: their grids highlighted and fitted, the outbox of moves not yet
// confirmed, the household card, the searchable list linked to the map both ways (tap a row: the map goes there
// and the household is selected; tap a household or a cluster on the map: its row and card show), their load and
// topology problems a tap away on the map. An administrator gets the same over every grid, page by page.
import type { FeatureLike } from 'ol/Feature';
import type Feature from 'ol/Feature';
import type Point from 'ol/geom/Point';
import { boundingExtent, createEmpty, extend, isEmpty } from 'ol/extent';
import type MapBrowserEvent from 'ol/MapBrowserEvent';
import type { App } from '../app';
import type { Scope } from '../store';
import { t } from '../i18n';
import { fill, h } from '../dom';
import { wt } from './text';
import { gridIdOf, workerSession, type HouseholdItem, type WorkerSession } from './session';
import { createHouseholdList } from './list';
import { renderHouseholdCard } from './card';
import { focusOn, gridFeatures, renderTopology, renderWorkload } from './problems';
import { renderOutbox } from './outboxPanel';
import './worker.css';

export async function renderWorkerView(app: App, scope: Scope): Promise<void> {
  const panel = document.getElementById('panel')!;
  const session = workerSession(app);
  const signal = scope.signal();
  const grids = h('div', { id: 'w-grids' }, wt('loading'));
  const outbox = h('div', { id: 'w-outbox' });
  const card = h('section', { id: 'w-card', class: 'w-section card', hidden: true, 'aria-labelledby': 'w-card-h', 'data-testid': 'household-card' });
  const workload = h('div', { id: 'w-workload' });
  const topology = h('div', { id: 'w-topology' });
  const list = createHouseholdList(session, scope, row => pick(row, 'list'));
  fill(panel, h('div', { id: 'w-body', class: 'worker-view' },
    h('h2', null, t('worker')), outbox,
    h('section', { class: 'w-section', 'aria-labelledby': 'w-grids-h' }, h('h3', { id: 'w-grids-h' }, wt('myGrids')), grids),
    card, list.el,
    h('section', { class: 'w-section', 'aria-labelledby': 'w-load-h' }, h('h3', { id: 'w-load-h' }, wt('workload')), workload),
    h('section', { class: 'w-section', 'aria-labelledby': 'w-topo-h' }, h('h3', { id: 'w-topo-h' }, wt('topology')), topology)));
  if (!app.config.capabilities.households) { fill(grids, h('p', { class: 'note' }, `${t('households')}: ${t('notAvailable')}`)); return; }

  session.households.setVisible(true);
  session.ownGrids.setVisible(true);
  renderOutbox(outbox, session, scope, id => { const r = session.rows.get(id); if (r) pick(r, 'map'); else void list.search(String(id)); });

  async function pick(row: HouseholdItem, from: 'list' | 'map'): Promise<void> {
    session.select(row.id);
    card.hidden = false;
    const view = app.map.getView();
    if (from === 'list') {
      const at = session.points.getFeatureById(row.id)?.getGeometry() as Point | undefined;
      if (at) view.animate({ center: at.getCoordinates(), zoom: Math.max(view.getZoom() ?? 0, 18), duration: 300 });
    } else if (!list.shows(row.id)) await list.search(String(row.id));
    list.mark();
    await renderHouseholdCard(card, session, scope, row, () => { card.hidden = true; session.select(null); list.mark(); },
      updated => { session.rows.set(updated.id, updated); void list.load(); });
    if (from === 'map') card.scrollIntoView({ block: 'start' });
  }

  // A tap on the map: one household selects it; a cluster zooms in, or, where its households share a spot, lists them.
  scope.on(app.map, 'singleclick', e => {
    const event = e as MapBrowserEvent<PointerEvent>;
    let hit: FeatureLike | undefined;
    app.map.forEachFeatureAtPixel(event.pixel, f => { hit = f; return true; }, { layerFilter: l => l === session.households, hitTolerance: 6 });
    const members = (hit?.get('features') as Feature<Point>[] | undefined) ?? [];
    if (members.length === 0) return;
    const rows = members.map(m => session.rows.get(Number(m.getId()))).filter((r): r is HouseholdItem => !!r);
    if (rows.length === 1) { void pick(rows[0], 'map'); return; }
    const extent = boundingExtent(members.map(m => m.getGeometry()!.getCoordinates()));
    const view = app.map.getView();
    if ((view.getZoom() ?? 0) < view.getMaxZoom() - 1 && (extent[2] - extent[0] > 2 || extent[3] - extent[1] > 2)) {
      view.fit(extent, { padding: [60, 60, 60, 60], maxZoom: view.getMaxZoom(), duration: 250 });
      return;
    }
    card.hidden = false;
    fill(card, h('h3', { id: 'w-card-h' }, wt('cluster', { n: rows.length })),
      h('ul', { class: 'hh-list' }, rows.map(r => h('li', null, h('button', { type: 'button', class: 'hh-row', onclick: () => void pick(r, 'map') },
        h('span', { class: 'hh-main' }, `#${r.id}  ${r.address ?? ''}`))))));
    card.scrollIntoView({ block: 'start' });
  });

  try {
    const mine = await session.loadGrids(signal);
    if (scope.disposed) return;
    fill(grids, renderGridButtons(session, mine.length));
    const from = await session.loadAllHouseholds(signal);
    if (scope.disposed) return;
    if (!session.fitted) { fitOwn(session); session.fitted = true; }
    if (from === 'cache') grids.append(h('p', { class: 'note' }, wt('cachedList')));
  } catch (e) {
    if (!scope.disposed) fill(grids, h('p', { class: 'error' }, (e as Error).message));
  }
  await list.load();
  if (session.selected !== null) list.mark();
  void renderWorkload(workload, session, scope);
  void renderTopology(topology, session, scope);
  void session.outbox.flush();
}

/** The worker's grids as buttons (each fits the map to it); an administrator, who works every grid, gets the count. */
function renderGridButtons(session: WorkerSession, count: number): HTMLElement {
  if (session.app.me.role !== 'grid_worker') return h('p', { 'data-testid': 'worker-grids' }, `${t('grids')}: ${count}`);
  return h('ul', { class: 'w-chips', 'data-testid': 'worker-grids' },
    h('li', null, h('button', { type: 'button', class: 'w-btn', onclick: () => fitOwn(session) }, wt('fitGrids'))),
    (session.grids ?? []).map(g => h('li', null, h('button', { type: 'button', class: 'w-btn', 'data-grid': String(gridIdOf(g)),
      onclick: () => focusOn(session, gridFeatures(session, [gridIdOf(g)])) }, g.properties.name ?? g.properties.code))));
}

/** Fits the map to the worker's grids (a grid worker) or to the households on show (an administrator). */
function fitOwn(session: WorkerSession): void {
  const extent = createEmpty();
  const own = session.ownGrids.getSource()!;
  const from = own.getFeatures().length > 0 ? own.getExtent() : session.points.getFeatures().length > 0 ? session.points.getExtent() : null;
  if (from) extend(extent, from);
  if (!isEmpty(extent)) session.app.map.getView().fit(extent, { padding: [24, 24, 24, 24], maxZoom: 17 });
  session.focus.getSource()!.clear();
}
