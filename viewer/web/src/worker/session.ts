// What the worker's view keeps while the account is signed in, whichever tab is on show: the list's query and
// page, the household selected, the worker's grids, the map layers it fills, the outbox of moves not yet
// confirmed, and the copy of the worker's households kept on the device for offline use. One per App.
import Feature from 'ol/Feature';
import Point from 'ol/geom/Point';
import type VectorSource from 'ol/source/Vector';
import GeoJSON from 'ol/format/GeoJSON';
import { fromLonLat } from 'ol/proj';
import { get, type Schemas, type WorkerGrids } from '../api';
import type { App } from '../app';
import type { Layer } from '../layers/layers';
import { createFocusLayer, createOwnGridsLayer } from './layers';
import { Outbox, unreachable } from './outbox';
import { readCached, writeCached } from './cache';

export type HouseholdItem = Schemas['HouseholdListItem'];
export type HouseholdPage = Schemas['HouseholdPage'];
export type GridFeature = WorkerGrids['features'][number];
export type Sort = 'grid' | 'id' | 'address' | 'residents' | 'foreign_residents';

export interface ListQuery { q: string; sort: Sort; dir: 'asc' | 'desc'; grid: number | null }

export const pageSize = 50;

/** A grid feature's id (GeoJSON ids are typed loosely). */
export const gridIdOf = (g: GridFeature): number => Number(g.id);

export class WorkerSession {
  readonly outbox: Outbox;
  readonly households: Layer;
  readonly points: VectorSource;
  readonly ownGrids: Layer = createOwnGridsLayer();
  readonly focus: Layer = createFocusLayer();
  query: ListQuery = { q: '', sort: 'grid', dir: 'asc', grid: null };
  /** Cursors of the pages before the one on show (null: the first page), so that "previous" goes back. */
  cursors: (string | null)[] = [];
  cursor: string | null = null;
  selected: number | null = null;
  grids: GridFeature[] | null = null;
  /** Every household of the worker's grids (a grid worker) or of the page on show (an administrator). */
  rows = new Map<number, HouseholdItem>();
  /** A grid worker's households go on the map all at once; an administrator's, the list page on show. */
  readonly mapsAll: boolean;
  fitted = false;

  constructor(readonly app: App) {
    this.outbox = new Outbox(app.me.userName);
    this.households = app.byId('households');
    this.points = this.households.get('points') as VectorSource;
    this.mapsAll = app.me.role === 'grid_worker';
    app.map.addLayer(this.ownGrids);
    app.map.addLayer(this.focus);
    // Moves go out whenever the connection returns, and every 20 s while some wait.
    window.addEventListener('online', () => void this.outbox.flush());
    window.setInterval(() => { if (navigator.onLine && this.outbox.list().some(m => m.state === 'pending')) void this.outbox.flush(); }, 20_000);
    this.outbox.addEventListener('moved', e => this.applyMove((e as CustomEvent<Schemas['HouseholdMoved']>).detail));
  }

  /** The worker's grids (an administrator: all grids), drawn on the own-grids layer once. */
  async loadGrids(signal: AbortSignal): Promise<GridFeature[]> {
    if (this.grids) return this.grids;
    const worker = this.app.me.role === 'grid_worker';
    let mine: WorkerGrids;
    try {
      mine = await get<WorkerGrids>('/api/viewer/my-grids', signal);
      if (worker) writeCached('grids', this.app.me.userName, mine);
    } catch (e) {
      const kept = worker && unreachable(e) ? readCached<WorkerGrids>('grids', this.app.me.userName) : null;
      if (!kept) throw e;
      mine = kept;
    }
    this.grids = mine.features;
    if (this.app.me.role === 'grid_worker') {
      const source = this.ownGrids.getSource()!;
      source.clear();
      source.addFeatures(new GeoJSON().readFeatures(mine, { featureProjection: 'EPSG:3857' }));
    }
    return this.grids;
  }

  /** A grid worker's households, all pages of them, onto the map and into the device's copy; the copy when offline. */
  async loadAllHouseholds(signal: AbortSignal): Promise<'server' | 'cache'> {
    if (!this.mapsAll) return 'server';
    try {
      const all: HouseholdItem[] = [];
      let cursor: string | null = null;
      do {
        const page: HouseholdPage = await get<HouseholdPage>(`/api/households?sort=id&limit=10000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, signal);
        all.push(...page.households);
        cursor = page.next ?? null;
      } while (cursor);
      this.setPoints(all);
      writeCached('households', this.app.me.userName, all);
      return 'server';
    } catch (e) {
      const cached = unreachable(e) ? readCached<HouseholdItem[]>('households', this.app.me.userName) : null;
      if (!cached) throw e;
      this.setPoints(cached);
      return 'cache';
    }
  }

  setPoints(items: HouseholdItem[]): void {
    if (this.mapsAll) this.rows = new Map(items.map(i => [i.id, i]));
    else for (const i of items) this.rows.set(i.id, i);
    const features = items.map(i => {
      const f = new Feature({ geometry: new Point(fromLonLat([i.lon, i.lat])), ...i, layer: 'household' });
      f.setId(i.id);
      return f;
    });
    this.points.clear();
    this.points.addFeatures(features);
  }

  /** A move the server confirmed: the household's grid here, on the map and in the device's copy. */
  applyMove(moved: Schemas['HouseholdMoved']): void {
    const row = this.rows.get(moved.householdId);
    if (!row) return;
    const updated = { ...row, gridId: moved.toGridId ?? null, gridCode: moved.toGridCode };
    this.rows.set(row.id, updated);
    this.points.getFeatureById(row.id)?.setProperties({ gridId: updated.gridId, gridCode: updated.gridCode });
    if (this.mapsAll) writeCached('households', this.app.me.userName, [...this.rows.values()]);
  }

  select(id: number | null): void {
    this.selected = id;
    this.households.set('selected', id);
    this.households.changed();
  }
}

const sessions = new WeakMap<App, WorkerSession>();

/** The worker's view's session of this sign-in, made on first use. */
export function workerSession(app: App): WorkerSession {
  let s = sessions.get(app);
  if (!s) { s = new WorkerSession(app); sessions.set(app, s); }
  return s;
}
