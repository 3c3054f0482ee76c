// For planners: pick a category and minutes; coverage share per street as a choropleth and a
// table, gaps drawn, households outside counted; compare two runs.
import VectorLayer from 'ol/layer/Vector';
import { Fill, Stroke, Style } from 'ol/style';
import type { AppState } from '../main';
import { get } from '../api';
import { fmt, nameOf, pct, t } from '../i18n';
import { geoJsonSource } from '../layers/source';
import { coverageRamp, rampColor, swatch } from '../styles';

export interface StreetCoverage {
  code: string; nameZh: string; nameEn: string; households: number | null; householdsOutside: number | null; coveredShare: number | null;
}
interface CoverageTable { run: { id: string | number; finishedAt?: string } | null; streets: StreetCoverage[]; note?: string }
interface RunInfo { id: string | number; finishedAt?: string }

const shares = new Map<string, number | null>();

/** Streets coloured by the share of their households covered (planner's choropleth). */
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
    properties: { id: 'coverageChoropleth', layer: 'street', title: () => t('coverageByStreet'),
      legend: () => coverageRamp.map((c, i) => `${swatch(c, '#555')} ${Math.round(i * 100 / coverageRamp.length)}%+`).join(' '), available: true },
    opacity: 0.65, zIndex: 12,
  });
}

export async function renderPlannerPanel(state: AppState): Promise<void> {
  const panel = document.getElementById('panel')!;
  const caps = state.config.capabilities;
  const options = state.categories.map(c =>
    `<option value="${c.code}" ${c.code === state.category ? 'selected' : ''}>${nameOf(c as unknown as Record<string, unknown>)}</option>`).join('');
  panel.innerHTML = `
    <h2>${t('planner')}</h2>
    <label class="row">${t('category')} <select id="p-category" data-testid="planner-category">${options}</select></label>
    <label class="row">${t('minutes')} <select id="p-minutes" data-testid="planner-minutes">
      ${[5, 10, 15].map(m => `<option ${m === state.minutes ? 'selected' : ''}>${m}</option>`).join('')}</select></label>
    <div id="p-runs"></div>
    <h3>${t('coverageByStreet')}</h3>
    <div id="p-table" data-testid="planner-table">${t('loading')}</div>`;
  let choropleth = state.map.getLayers().getArray().find(l => l.get('id') === 'coverageChoropleth') as VectorLayer | undefined;
  if (!choropleth) { choropleth = createCoverageChoroplethLayer(); state.map.addLayer(choropleth); }
  choropleth.setVisible(true);
  for (const id of ['serviceAreas', 'gaps']) if (state.byId(id).get('available')) state.byId(id).setVisible(true);

  const load = async () => {
    const table = document.getElementById('p-table')!;
    if (!caps.coverage) {
      table.innerHTML = `<p class="note">${t('noRun')} (${t('notAvailable')})</p>`;
      shares.clear(); choropleth!.changed();
      return;
    }
    const runs = await get<RunInfo[]>(`/api/viewer/coverage/runs`).catch(() => [] as RunInfo[]);
    const runsDiv = document.getElementById('p-runs')!;
    if (runs.length > 1 && !runsDiv.innerHTML) {
      const opts = runs.map(r => `<option value="${r.id}">${r.id} ${r.finishedAt ?? ''}</option>`).join('');
      runsDiv.innerHTML = `<details><summary>${t('compareRuns')}</summary>
        <label class="row">${t('before')} <select id="p-before">${opts}</select></label>
        <label class="row">${t('after')} <select id="p-after">${opts}</select></label></details>`;
      runsDiv.querySelectorAll('select').forEach(s => { s.onchange = load; });
    }
    const before = (document.getElementById('p-before') as HTMLSelectElement | null)?.value;
    const after = (document.getElementById('p-after') as HTMLSelectElement | null)?.value;
    const q = `category=${encodeURIComponent(state.category)}&minutes=${state.minutes}`;
    const current = await get<CoverageTable>(`/api/viewer/coverage/streets?${q}${after ? `&run=${after}` : ''}`);
    const previous = before && before !== after ? await get<CoverageTable>(`/api/viewer/coverage/streets?${q}&run=${before}`) : null;
    shares.clear();
    for (const s of current.streets) shares.set(s.code, s.coveredShare);
    choropleth!.changed();
    const prev = new Map(previous?.streets.map(s => [s.code, s]) ?? []);
    const totalOutside = current.streets.reduce((n, s) => n + (s.householdsOutside ?? 0), 0);
    table.innerHTML = current.run === null ? `<p class="note">${t('noRun')}</p>` : `
      <p>${t('run')}: ${current.run.id} · ${t('householdsOutside')}: <b data-testid="households-outside">${fmt(totalOutside)}</b></p>
      <table class="figures"><thead><tr><th>${t('street')}</th><th>${t('coverage')}</th>${previous ? `<th>${t('before')}</th>` : ''}
        <th>${t('householdsOutside')}</th></tr></thead><tbody>
      ${current.streets.map(s => `<tr data-street="${s.code}"><td>${nameOf(s as unknown as Record<string, unknown>)}</td>
        <td>${pct(s.coveredShare)}</td>${previous ? `<td>${pct(prev.get(s.code)?.coveredShare)}</td>` : ''}
        <td>${fmt(s.householdsOutside)}</td></tr>`).join('')}</tbody></table>
      ${current.note ? `<p class="note">${current.note}</p>` : ''}`;
  };
  (document.getElementById('p-category') as HTMLSelectElement).onchange = e => {
    state.category = (e.target as HTMLSelectElement).value; state.refresh(); void load();
  };
  (document.getElementById('p-minutes') as HTMLSelectElement).onchange = e => {
    state.minutes = Number((e.target as HTMLSelectElement).value); state.refresh(); void load();
  };
  await load().catch(e => { document.getElementById('p-table')!.textContent = (e as Error).message; });
}
