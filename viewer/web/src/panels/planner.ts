// For planners: pick a category and minutes; coverage share per street as a choropleth and a
// table, gaps drawn, households outside counted; compare two runs (before/after). Minutes other than
// the category's own threshold are a "what if" question: the panel starts a run of that one category
// at those minutes (or reuses the one it started before) and shows its results and gaps.
import type { App } from '../app';
import { get, type RunResults } from '../api';
import { count, dateTime, fmt, nameOf, pct, t } from '../i18n';
import { categoryName, runText, thresholdText } from '../layers/describe';
import { fill, h } from '../dom';
import type { Scope } from '../store';
import { setShares } from '../layers/choropleth';
import { coverageLegend } from '../styles';
import { runNow, whatIfRun } from './coverageRun';

const minuteChoices = [5, 10, 15, 20, 30];

export async function renderPlannerPanel(app: App, scope: Scope, rerender: () => Promise<void>): Promise<void> {
  const { store } = app;
  const panel = document.getElementById('panel')!;
  const state = store.state;
  const ctx = { categories: app.categories, timeZone: app.config.timeZone };
  const options = app.categories.map(c =>
    h('option', { value: c.code, selected: c.code === state.category }, nameOf(c as unknown as Record<string, unknown>)));
  const runOptions = (selected: number | null) => state.runs.map(r =>
    h('option', { value: r.id, selected: r.id === selected }, `#${r.id} ${dateTime(r.finishedAt, app.config.timeZone)}`));
  const canRun = ['administrator', 'planner'].includes(app.me.role);
  const afterId = state.runs.some(r => r.id === state.run) ? state.run : state.runs[0]?.id ?? null;
  fill(panel,
    h('h2', null, t('planner')),
    h('label', { class: 'row' }, `${t('category')} `, h('select', { id: 'p-category', 'data-testid': 'planner-category' }, options)),
    h('label', { class: 'row' }, `${t('minutes')} `, h('select', { id: 'p-minutes', 'data-testid': 'planner-minutes' },
      h('option', { value: '', selected: state.whatIfMinutes === null }, t('ownThreshold')),
      minuteChoices.map(m => h('option', { value: m, selected: m === state.whatIfMinutes, disabled: !canRun }, String(m))))),
    state.runs.length > 0 && state.whatIfMinutes === null && [
      h('label', { class: 'row' }, `${t('after')} `, h('select', { id: 'p-after', 'data-testid': 'planner-after' }, runOptions(afterId))),
      h('label', { class: 'row' }, `${t('before')} `, h('select', { id: 'p-before', 'data-testid': 'planner-before' },
        h('option', { value: '' }, '–'), runOptions(null)))],
    canRun && h('div', { class: 'row' },
      h('button', { id: 'p-run', type: 'button', 'data-testid': 'planner-run' }, t('runNow')),
      h('span', { id: 'p-run-state', 'data-testid': 'planner-run-state', class: 'note', role: 'status' })),
    h('div', { class: 'legend' }, coverageLegend()),
    h('h3', null, t('coverageByStreet')),
    h('div', { id: 'p-table', 'data-testid': 'planner-table' }, t('loading')));
  const choropleth = app.byId('coverageChoropleth');
  choropleth.setVisible(true);
  // Gaps on; service areas stay as the user set them (they are computed along the network on request).
  if (app.byId('gaps').get('available')) app.byId('gaps').setVisible(true);
  const signal = scope.signal();
  // Street names for the table: fetched once per render, while the pickers already answer.
  const names = get<{ features: { properties: Record<string, unknown> }[] }>('/api/streets?limit=10000', signal)
    .then(streets => new Map(streets.features.map(f => [f.properties.code as string, f.properties])));

  const load = async () => {
    const table = document.getElementById('p-table')!;
    const { category, whatIfMinutes } = store.state;
    const q = `level=street&category=${encodeURIComponent(category)}`;
    let after: number | null;
    let before: number | null = null;
    if (whatIfMinutes !== null) {
      after = await whatIfRun(store, category, whatIfMinutes);
      if (after === null) { table.textContent = t('state_failed'); return; }   // the run's state line says why
    } else {
      after = Number((document.getElementById('p-after') as HTMLSelectElement | null)?.value) || null;
      before = Number((document.getElementById('p-before') as HTMLSelectElement | null)?.value) || null;
    }
    if (scope.disposed) return;
    if (after === null) {
      fill(table, h('p', { class: 'note' }, t('noRun')));
      setShares(choropleth, []);
      return;
    }
    store.set({ run: after });
    const heading = `${categoryName(ctx, category)} · ${thresholdText(ctx, category, whatIfMinutes)} · ${runText(ctx, store.state)}`;
    const current = await get<RunResults>(`/api/coverage/runs/${after}?${q}`, signal);
    const previous = before && before !== after ? await get<RunResults>(`/api/coverage/runs/${before}?${q}`, signal) : null;
    // units is null only for a run that is not complete; a street's code is null only at the district level
    const units = (current.units ?? []).map(u => ({ ...u, code: u.code ?? '' }));
    setShares(choropleth, units.map(u => [u.code, u.shareCovered]));
    const prev = new Map(previous?.units?.map(u => [u.code, u]) ?? []);
    // A withheld count is never summed as 0: with any withheld, the total is a lower bound and says so.
    const outside = units.reduce((n, u) => n + (u.householdsNotCovered ?? 0), 0);
    const withheld = units.filter(u => u.householdsNotCovered === null || u.householdsNotCovered === undefined).length;
    const outsideText = `${withheld > 0 ? `${t('atLeast')} ` : ''}${count(outside, 'households_unit')}`;
    const rows = [...units].sort((a, b) => (a.shareCovered ?? 2) - (b.shareCovered ?? 2));
    const byCode = await names;
    if (scope.disposed) return;
    const streetName = (code: string) => (byCode.has(code) ? nameOf(byCode.get(code)!) : code);
    fill(table,
      h('p', { 'data-testid': 'planner-heading' }, `${heading} · ${t('householdsOutside')}: `, h('b', { 'data-testid': 'households-outside', 'data-withheld': withheld }, outsideText)),
      h('table', { class: 'figures' },
        h('thead', null, h('tr', null, h('th', null, t('street')), h('th', null, t('coverage')), previous && h('th', null, t('before')),
          h('th', null, t('householdsOutside')))),
        h('tbody', null, rows.map(u => h('tr', { 'data-street': u.code, tabindex: 0, title: t('zoomTo'),
          onclick: () => zoomToStreet(u.code), onkeydown: e => { if ((e as KeyboardEvent).key === 'Enter') zoomToStreet(u.code); } },
          h('td', null, streetName(u.code)),
          h('td', { 'data-figure': 'share' }, pct(u.shareCovered)),
          previous && h('td', null, pct(prev.get(u.code)?.shareCovered)),
          h('td', { 'data-figure': 'outside' }, fmt(u.householdsNotCovered)))))),
      current.privacy && h('p', { class: 'note', title: current.privacy }, t('countsWithheld')),
      h('p', { class: 'note' }, t(whatIfMinutes === null ? 'minutesNote' : 'whatIfNote')));
  };
  /** A table row's street, fitted on the map (its polygon from the choropleth's or the streets layer's loaded features). */
  const zoomToStreet = (code: string) => {
    const f = [choropleth, app.byId('streets')].flatMap(l => l.getSource()?.getFeatures() ?? []).find(x => x.get('code') === code);
    const g = f?.getGeometry();
    if (g) app.map.getView().fit(g.getExtent(), { padding: [40, 40, 40, 40], duration: 250 });
  };
  const fail = (e: unknown) => { if (!scope.disposed) document.getElementById('p-table')!.textContent = (e as Error).message; };
  const reload = () => { load().catch(fail); };
  document.getElementById('p-category')!.onchange = e => store.set({ category: (e.target as HTMLSelectElement).value });
  document.getElementById('p-minutes')!.onchange = e => {
    const v = (e.target as HTMLSelectElement).value;
    const whatIfMinutes = v === '' ? null : Number(v);
    store.set({ whatIfMinutes, minutes: whatIfMinutes ?? 15 });   // the service-area layer draws the same minutes
  };
  document.getElementById('p-run')?.addEventListener('click', () => void runNow(store));
  document.getElementById('p-after')?.addEventListener('change', reload);
  document.getElementById('p-before')?.addEventListener('change', reload);
  scope.subscribe(store, reload, ['category']);
  scope.subscribe(store, () => void rerender(), ['whatIfMinutes', 'runs']);
  await load().catch(fail);
}
