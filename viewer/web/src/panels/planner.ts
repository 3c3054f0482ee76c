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

const shares = new Map<string, number | null>();
/** Minutes the planner picked; null = each category's own threshold (the nightly runs). */
let whatIfMinutes: number | null = null;
/** What-if runs this page started: "category|minutes" -> run id. */
const whatIfRuns = new Map<string, number>();
const minuteChoices = [5, 10, 15, 20, 30];

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
      legend: () => coverageRamp.map((c, i) => `${swatch(c, '#555')}${Math.round(i * 100 / coverageRamp.length)}%`).join(' ') },
    opacity: 0.6, zIndex: 12,
  });
}

export async function renderPlannerPanel(state: AppState): Promise<void> {
  const panel = document.getElementById('panel')!;
  const options = state.categories.map(c =>
    `<option value="${c.code}" ${c.code === state.category ? 'selected' : ''}>${nameOf(c as unknown as Record<string, unknown>)}</option>`).join('');
  const runOptions = (selected: number | null) => state.runs.map(r =>
    `<option value="${r.id}" ${r.id === selected ? 'selected' : ''}>#${r.id} ${(r.finishedAt ?? '').slice(0, 16).replace('T', ' ')}</option>`).join('');
  const canRun = ['administrator', 'planner'].includes(state.me.role);
  panel.innerHTML = `
    <h2>${t('planner')}</h2>
    <label class="row">${t('category')} <select id="p-category" data-testid="planner-category">${options}</select></label>
    <label class="row">${t('minutes')} <select id="p-minutes" data-testid="planner-minutes">
      <option value="" ${whatIfMinutes === null ? 'selected' : ''}>${t('ownThreshold')}</option>
      ${minuteChoices.map(m => `<option value="${m}" ${m === whatIfMinutes ? 'selected' : ''} ${canRun ? '' : 'disabled'}>${m}</option>`).join('')}
    </select></label>
    ${state.runs.length && whatIfMinutes === null ? `
      <label class="row">${t('after')} <select id="p-after" data-testid="planner-after">${runOptions(state.runs[0].id)}</select></label>
      <label class="row">${t('before')} <select id="p-before" data-testid="planner-before"><option value="">–</option>${runOptions(null)}</select></label>` : ''}
    ${canRun ? `
      <div class="row"><button id="p-run" type="button" data-testid="planner-run">${t('runNow')}</button>
        <span id="p-run-state" data-testid="planner-run-state" class="note"></span></div>` : ''}
    <div class="legend">${coverageRamp.map((c, i) => `${swatch(c, '#555')}${Math.round(i * 100 / coverageRamp.length)}%`).join(' ')}</div>
    <h3>${t('coverageByStreet')}</h3>
    <div id="p-table" data-testid="planner-table">${t('loading')}</div>`;
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
      table.innerHTML = `<p class="note">${t('noRun')}</p>`;
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
    table.innerHTML = `
      <p data-testid="planner-heading">${heading} · ${t('householdsOutside')}: <b data-testid="households-outside">${fmt(outside)}</b></p>
      <table class="figures"><thead><tr><th>${t('street')}</th><th>${t('coverage')}</th>${previous ? `<th>${t('before')}</th>` : ''}
        <th>${t('householdsOutside')}</th></tr></thead><tbody>
      ${rows.map(u => `<tr data-street="${u.code}"><td>${names.has(u.code) ? nameOf(names.get(u.code)!) : u.code}</td>
        <td data-figure="share">${pct(u.shareCovered)}</td>${previous ? `<td>${pct(prev.get(u.code)?.shareCovered)}</td>` : ''}
        <td data-figure="outside">${fmt(u.householdsNotCovered)}</td></tr>`).join('')}</tbody></table>
      ${current.privacy ? `<p class="note" title="${current.privacy.replace(/"/g, '&quot;')}">${t('countsWithheld')}</p>` : ''}
      <p class="note">${t(whatIfMinutes === null ? 'minutesNote' : 'whatIfNote')}</p>`;
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
  label.innerHTML = `${t('runState')}: ${runStates.includes(s) ? t(`state_${s}` as Key) : s} <progress max="100" value="${Math.round(percent)}"></progress>
    ${Math.round(percent)}%${error ? ` – ${error}` : ''}`;
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
