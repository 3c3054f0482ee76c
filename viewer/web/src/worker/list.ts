// The household list: search by id or address, sort, page by the server's cursor through any number of households
// (never a silent cut: the total is always shown), each row a button that shows the household on the map.
import { get } from '../api';
import { fmt } from '../i18n';
import { fill, h } from '../dom';
import type { Scope } from '../store';
import { wt, type WorkerKey } from './text';
import { unreachable } from './outbox';
import { pageSize, type HouseholdItem, type HouseholdPage, type Sort, type WorkerSession } from './session';

const sorts: Sort[] = ['grid', 'id', 'address', 'residents', 'foreign_residents'];

export interface HouseholdList {
  el: HTMLElement;
  /** Loads the page the session's query and cursor name. */
  load(): Promise<void>;
  /** Marks the selected household's row (and scrolls it into view when it is on this page). */
  mark(): void;
  /** Whether the household's row is on the page on show. */
  shows(id: number): boolean;
  /** Searches for <c>text</c> from the first page. */
  search(text: string): Promise<void>;
}

export function nationalitiesText(n: Record<string, number>): string {
  return Object.entries(n).sort((a, b) => b[1] - a[1]).map(([c, p]) => `${c} ${p}`).join(', ');
}

export function createHouseholdList(session: WorkerSession, scope: Scope, pick: (row: HouseholdItem) => void): HouseholdList {
  const q = session.query;
  const input = h('input', { type: 'search', id: 'w-q', name: 'q', value: q.q, placeholder: wt('search'), 'aria-label': wt('search'), enterkeyhint: 'search' });
  const sort = h('select', { id: 'w-sort', 'aria-label': wt('sortBy') },
    sorts.map(s => h('option', { value: s, selected: s === q.sort }, wt(`sort_${s}` as WorkerKey))));
  const dir = h('button', { type: 'button', id: 'w-dir', class: 'w-btn', 'aria-label': q.dir === 'asc' ? wt('ascending') : wt('descending') }, q.dir === 'asc' ? '↑' : '↓');
  const status = h('p', { class: 'note', id: 'w-list-status', role: 'status' });
  const list = h('ul', { class: 'hh-list', id: 'w-list', 'aria-label': wt('listLabel'), 'data-testid': 'household-list' });
  const prev = h('button', { type: 'button', class: 'w-btn', id: 'w-prev' }, wt('previous'));
  const next = h('button', { type: 'button', class: 'w-btn', id: 'w-next' }, wt('next'));
  const form = h('form', { class: 'w-search', role: 'search' }, input, h('button', { class: 'w-btn' }, wt('searchButton')));
  const el = h('section', { class: 'w-section', 'aria-labelledby': 'w-list-h' },
    h('h3', { id: 'w-list-h' }, wt('householdList')), form,
    h('div', { class: 'w-sortbar' }, h('label', { for: 'w-sort' }, wt('sortBy')), sort, dir),
    status, list, h('div', { class: 'w-pager' }, prev, next));
  let page: HouseholdPage | null = null;
  let token = 0;

  const restart = () => { session.cursors = []; session.cursor = null; return api.load(); };
  form.onsubmit = e => { e.preventDefault(); q.q = input.value.trim(); void restart(); };
  sort.onchange = () => { q.sort = sort.value as Sort; void restart(); };
  dir.onclick = () => { q.dir = q.dir === 'asc' ? 'desc' : 'asc'; fill(dir, q.dir === 'asc' ? '↑' : '↓'); dir.setAttribute('aria-label', q.dir === 'asc' ? wt('ascending') : wt('descending')); void restart(); };
  next.onclick = () => { if (!page?.next) return; session.cursors.push(session.cursor); session.cursor = page.next; void api.load(); };
  prev.onclick = () => { if (session.cursors.length === 0) return; session.cursor = session.cursors.pop() ?? null; void api.load(); };
  scope.listen(session.outbox, 'change', () => render());

  function row(r: HouseholdItem): HTMLElement {
    const pending = session.outbox.list().find(m => m.householdId === r.id);
    return h('li', null, h('button', {
      type: 'button', class: 'hh-row', 'data-id': String(r.id), 'aria-current': session.selected === r.id ? 'true' : false, onclick: () => pick(r),
    },
    h('span', { class: 'hh-main' }, `#${r.id}  ${r.address ?? ''}`),
    h('span', { class: 'hh-meta' }, [
      `${wt('grid')} ${r.gridCode ?? wt('noGrid')}`, `${wt('residents')} ${fmt(r.residents)}`, `${wt('foreign')} ${fmt(r.foreignResidents)}`,
      Object.keys(r.nationalities).length ? `${wt('nationalities')} ${nationalitiesText(r.nationalities)}` : '',
      r.languages.length ? `${wt('languages')} ${r.languages.join(', ')}` : '',
    ].filter(Boolean).join(' · ')),
    pending && h('span', { class: `badge ${pending.state}` }, pending.state === 'pending' ? wt('pending') : wt('conflictState'))));
  }

  function render(offline = false): void {
    if (!page) return;
    const first = session.cursors.length * pageSize;
    fill(status, page.total === 0 ? wt('noneFound')
      : wt('pageOf', { a: fmt(first + 1), b: fmt(first + page.returned), n: fmt(page.total) }), offline ? ` · ${wt('cachedList')}` : '');
    fill(list, page.households.map(row));
    prev.disabled = session.cursors.length === 0;
    next.disabled = !page.next;
  }

  /** The device's copy, searched and sorted here, when the server cannot be reached. */
  function local(): HouseholdPage | null {
    if (!session.mapsAll || session.rows.size === 0) return null;
    const text = q.q.toLowerCase();
    const key = (r: HouseholdItem): string | number => q.sort === 'address' ? r.address ?? '' : q.sort === 'grid' ? r.gridCode ?? ''
      : q.sort === 'residents' ? r.residents : q.sort === 'foreign_residents' ? r.foreignResidents : 0;
    const all = [...session.rows.values()]
      .filter(r => !text || String(r.id) === text || (r.address ?? '').toLowerCase().includes(text))
      .sort((a, b) => { const x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : a.id - b.id) * (q.dir === 'asc' ? 1 : -1); });
    const start = session.cursors.length * pageSize;
    const households = all.slice(start, start + pageSize);
    return { total: all.length, returned: households.length, next: start + pageSize < all.length ? String(start + pageSize) : null, households };
  }

  const api: HouseholdList = {
    el,
    async load() {
      const mine = ++token;
      fill(status, wt('loading'));
      const params = new URLSearchParams({ sort: q.sort, dir: q.dir, limit: String(pageSize) });
      if (q.q) params.set('q', q.q);
      if (q.grid !== null) params.set('grid', String(q.grid));
      if (session.cursor) params.set('cursor', session.cursor);
      try {
        const p = await get<HouseholdPage>(`/api/households?${params}`, scope.signal());
        if (mine !== token || scope.disposed) return;
        page = p;
        if (!session.mapsAll) session.setPoints(p.households);
        render();
      } catch (e) {
        if (mine !== token || scope.disposed) return;
        const copy = unreachable(e) ? local() : null;
        if (copy) { page = copy; render(true); return; }
        fill(status, h('span', { class: 'error' }, (e as Error).message));
      }
    },
    shows: id => page?.households.some(r => r.id === id) ?? false,
    search(text) { q.q = text; input.value = text; return restart(); },
    mark() {
      for (const b of list.querySelectorAll<HTMLElement>('.hh-row')) {
        const on = Number(b.dataset.id) === session.selected;
        if (on) { b.setAttribute('aria-current', 'true'); b.scrollIntoView({ block: 'nearest' }); } else b.removeAttribute('aria-current');
      }
    },
  };
  return api;
}
