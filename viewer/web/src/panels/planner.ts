// For planners: pick a category and minutes; coverage share per street as a choropleth and a
// table, gaps drawn, households outside counted; compare two runs (before/after). Minutes other than
// the category's own threshold are a "what if" question: the panel starts a run of that one category
// at those minutes (or reuses the one it started before) and shows its results and gaps.
import VectorLayer from 'ol/layer/Vector';
import { Fill, Stroke, Style } from 'ol/style';
import type { AppState } from '../main';
import { coverageRuns, get, startCoverageRun, type CoverageRun, type RunResults } from '../api';
import { fmt, nameOf, pct, t, type Key } from '../i18n';
import { geoJsonSource } from '../layers/source';
import { coverageRamp, rampColor, swatch } from '../styles';
import { fill, h, type Child } from '../dom';

const shares = new Map<string, number | null>();
/** Minutes the planner picked; null = each category's own threshold (the nightly runs). */
let whatIfMinutes: number | null = null;
/** What-if runs this page started: "category|minutes" -> run id. */
const whatIfRuns = new Map<string, number>();
const minuteChoices = [5, 10, 15, 20, 30];

/** The choropleth's legend: a swatch and its lower bound per class. */
function rampLegend(): Child[] {
  return coverageRamp.map((c, i) => [swatch(c, '#555'), `${Math.round(i * 100 / coverageRamp.length)}% `]);
}

/** Streets coloured by the share of their residents covered (the planner's choropleth). */
export function createCoverageChoroplethLayer(): VectorLayer {
  const cache = new Map<string, Style>();
  return new VectorLayer({
    source: geoJsonSource(bbox => `/api/streets?bbox=${bbox}&limit=10000`),
    style: f => {
      const share = shares.get(f.get('code') as string);
      const color = share === null || share === undefined ? 'rgba(200,200,200,0.4)' : rampColor(coverageRamp, share);
      let s = cache.get(color);
      if (!s) { s = new Style({ fill: new Fill({ color }), stroke: new Stroke({ color: '#555', width: 1 }) }); cache.set(color, s); }
      return s;
    },
    properties: { id: 'coverageChoropleth', title: () => t('coverageByStreet'), available: true,
      legend: rampLegend },
    opacity: 0.6, zIndex: 12,
  });
}

export async function renderPlannerPanel(state: AppState): Promise<void> {
  const panel = document.getElementById('panel')!;
  const options = state.categories.map(c =>
    h('option', { value: c.code, selected: c.code === state.category }, nameOf(c as unknown as Record<string, unknown>)));
  const runOptions = (selected: number | null) => state.runs.map(r =>
    h('option', { value: r.id, selected: r.id === selected }, `#${r.id} ${(r.finishedAt ?? '').slice(0, 16).replace('T', ' ')}`));
  const canRun = ['administrator', 'planner'].includes(state.me.role);
  fill(panel,
    h('h2', null, t('planner')),
    h('label', { class: 'row' }, `${t('category')} `, h('select', { id: 'p-category', 'data-testid': 'planner-category' }, options)),
    h('label', { class: 'row' }, `${t('minutes')} `, h('select', { id: 'p-minutes', 'data-testid': 'planner-minutes' },
      h('option', { value: '', selected: whatIfMinutes === null }, t('ownThreshold')),
      minuteChoices.map(m => h('option', { value: m, selected: m === whatIfMinutes, disabled: !canRun }, String(m))))),
    state.runs.length > 0 && whatIfMinutes === null && [
      h('label', { class: 'row' }, `${t('after')} `, h('select', { id: 'p-after', 'data-testid': 'planner-after' }, runOptions(state.runs[0].id))),
      h('label', { class: 'row' }, `${t('before')} `, h('select', { id: 'p-before', 'data-testid': 'planner-before' },
        h('option', { value: '' }, '–'), runOptions(null)))],
    canRun && h('div', { class: 'row' },
      h('button', { id: 'p-run', type: 'button', 'data-testid': 'planner-run' }, t('runNow')),
      h('span', { id: 'p-run-state', 'data-testid': 'planner-run-state', class: 'note' })),
    h('div', { class: 'legend' }, rampLegend()),
    h('h3', null, t('coverageByStreet')),
    h('div', { id: 'p-table', 'data-testid': 'planner-table' }, t('loading')));
  let choropleth = state.map.getLayers().getArray().find(l => l.get('id') === 'coverageChoropleth') as VectorLayer | undefined;
  if (!choropleth) { choropleth = createCoverageChoroplethLayer(); state.map.addLayer(choropleth); }
  choropleth.setVisible(true);
  // Gaps on; service areas stay as the user set them (they are computed along the network on request).
  if (state.byId('gaps').get('available')) state.byId('gaps').setVisible(true);
  const streets = await get<{ features: { properties: Record<string, unknown> }[] }>('/api/streets?limit=10000');
  const names = new Map(streets.features.map(f => [f.properties.code as string, f.properties]));

  const showRun = (runId: number) => {
    if (state.run !== runId) { state.run = runId; state.byId('gaps').getSource()?.refresh(); }
  };
  const load = async () => {
    const table = document.getElementById('p-table')!;
    const q = `level=street&category=${encodeURIComponent(state.category)}`;
    let after: number | null;
    let before: number | null = null;
    let heading: string;
    if (whatIfMinutes !== null) {
      after = await whatIfRun(state.category, whatIfMinutes);
      if (after === null) { table.textContent = t('state_failed'); return; }   // the run's state line says why
      heading = `${t('whatIf')} ${whatIfMinutes} ${t('min')} · ${t('run')} #${after}`;
    } else {
      after = Number((document.getElementById('p-after') as HTMLSelectElement | null)?.value) || null;
      before = Number((document.getElementById('p-before') as HTMLSelectElement | null)?.value) || null;
      heading = `${t('run')} #${after}`;
    }
    if (after === null) {
      fill(table, h('p', { class: 'note' }, t('noRun')));
      shares.clear(); choropleth!.changed();
      return;
    }
    showRun(after);
    const current = await get<RunResults>(`/api/coverage/runs/${after}?${q}`);
    const previous = before && before !== after ? await get<RunResults>(`/api/coverage/runs/${before}?${q}`) : null;
    shares.clear();
    // units is null only for a run that is not complete; a street's code is null only at the district level
    const units = (current.units ?? []).map(u => ({ ...u, code: u.code ?? '' }));
    for (const u of units) shares.set(u.code, u.shareCovered);
    choropleth!.changed();
    const prev = new Map(previous?.units?.map(u => [u.code, u]) ?? []);
    const outside = units.reduce((n, u) => n + (u.householdsNotCovered ?? 0), 0);
    const rows = [...units].sort((a, b) => (a.shareCovered ?? 2) - (b.shareCovered ?? 2));
    const streetName = (code: string) => (names.has(code) ? nameOf(names.get(code)!) : code);
    fill(table,
      h('p', { 'data-testid': 'planner-heading' }, `${heading} · ${t('householdsOutside')}: `, h('b', { 'data-testid': 'households-outside' }, fmt(outside))),
      h('table', { class: 'figures' },
        h('thead', null, h('tr', null, h('th', null, t('street')), h('th', null, t('coverage')), previous && h('th', null, t('before')),
          h('th', null, t('householdsOutside')))),
        h('tbody', null, rows.map(u => h('tr', { 'data-street': u.code },
          h('td', null, streetName(u.code)),
          h('td', { 'data-figure': 'share' }, pct(u.shareCovered)),
          previous && h('td', null, pct(prev.get(u.code)?.shareCovered)),
          h('td', { 'data-figure': 'outside' }, fmt(u.householdsNotCovered)))))),
      current.privacy && h('p', { class: 'note', title: current.privacy }, t('countsWithheld')),
      h('p', { class: 'note' }, t(whatIfMinutes === null ? 'minutesNote' : 'whatIfNote')));
  };
  const fail = (e: unknown) => { document.getElementById('p-table')!.textContent = (e as Error).message; };
  const reload = () => { state.refresh(); load().catch(fail); };
  (document.getElementById('p-category') as HTMLSelectElement).onchange = e => { state.category = (e.target as HTMLSelectElement).value; reload(); };
  (document.getElementById('p-minutes') as HTMLSelectElement).onchange = e => {
    const v = (e.target as HTMLSelectElement).value;
    whatIfMinutes = v === '' ? null : Number(v);
    state.minutes = whatIfMinutes ?? 15;          // the service-area layer draws the same minutes
    void renderPlannerPanel(state).then(() => state.refresh());
  };
  document.getElementById('p-run')?.addEventListener('click', () => void runNow(state));
  document.getElementById('p-after')?.addEventListener('change', () => void load());
  document.getElementById('p-before')?.addEventListener('change', () => void load());
  await load().catch(fail);
}

const runStates = ['queued', 'running', 'complete', 'failed', 'interrupted'];

/** Shows a run's state and <paramref name="percent"/> done (0..100, as the server sends it) in the panel (looked up each time: the panel may be re-rendered). */
function showState(s: string, percent: number, error?: string | null, final = true): void {
  const label = document.getElementById('p-run-state');
  if (!label) return;
  // a run that completed shows "complete" at once, but says so in data-state only once its results are on show
  label.dataset.state = s === 'complete' && !final ? 'finishing' : s;
  fill(label, `${t('runState')}: ${runStates.includes(s) ? t(`state_${s}` as Key) : s} `,
    h('progress', { max: 100, value: Math.round(percent) }), ` ${Math.round(percent)}%${error ? ` – ${error}` : ''}`);
}

/** Polls run <paramref name="id"/> once a second (at most 15 minutes) until it ends; its last state. */
async function watch(id: number): Promise<CoverageRun | undefined> {
  showState('queued', 0);
  let run: CoverageRun | undefined;
  for (let i = 0; i < 900; i++) {
    await new Promise(r => setTimeout(r, 1000));
    run = (await coverageRuns()).find(r => r.id === id);
    if (!run) continue;
    showState(run.state, run.state === 'complete' ? 100 : run.percent, run.error, false);
    if (!['queued', 'running'].includes(run.state)) break;
  }
  return run;
}

/** The complete what-if run of one category at some minutes: started (and watched) the first time. */
async function whatIfRun(category: string, minutes: number): Promise<number | null> {
  const key = `${category}|${minutes}`;
  const known = whatIfRuns.get(key);
  if (known !== undefined) return known;
  const { id } = await startCoverageRun({ categories: [category], minutes });
  const run = await watch(id);
  if (run?.state !== 'complete') return null;
  showState('complete', 100);
  whatIfRuns.set(key, id);
  return id;
}

/** Starts a full coverage run (every category, their own thresholds); when it completes it becomes "after". */
async function runNow(state: AppState): Promise<void> {
  const button = document.getElementById('p-run') as HTMLButtonElement;
  button.disabled = true;
  try {
    const { id } = await startCoverageRun({});
    await watch(id);
    state.runs = (await coverageRuns()).filter(r => r.state === 'complete' && !r.noOp && !r.whatIf);
    if (state.runs.some(r => r.id === id)) {
      whatIfMinutes = null; state.minutes = 15; state.run = null;
      await renderPlannerPanel(state);
      showState('complete', 100);
    }
  } catch (e) {
    const label = document.getElementById('p-run-state');
    if (label) { label.dataset.state = 'failed'; label.textContent = (e as Error).message; }
  } finally {
    const again = document.getElementById('p-run') as HTMLButtonElement | null;
    if (again) again.disabled = false;
  }
}
