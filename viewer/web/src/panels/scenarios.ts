// Scenarios (情景) for planners: edits of facilities over the latest coverage run (add by clicking the map, drag a
// facility to move it, click one to close it), each answered at once with the figures beside the base run; and
// suggested sites (maximal covering) with what each newly covers. Officials read scenarios. Everything the server
// sends reaches the page as text (dom.ts); the panel's layer, map listeners and requests go with its scope.
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Feature from 'ol/Feature';
import Point from 'ol/geom/Point';
import Collection from 'ol/Collection';
import Translate, { type TranslateEvent } from 'ol/interaction/Translate';
import type MapBrowserEvent from 'ol/MapBrowserEvent';
import { fromLonLat, toLonLat } from 'ol/proj';
import { Circle, Fill, Stroke, Style, Text } from 'ol/style';
import type { App } from '../app';
import { get, post, type Schemas } from '../api';
import { fmt, nameOf, pct, t } from '../i18n';
import { fill, h } from '../dom';
import type { Scope } from '../store';
import { scenarioCompareSection } from './scenarioCompare';

type ScenarioView = Schemas['ScenarioView'];
type ScenarioSummary = Schemas['ScenarioSummary'];
type CategoryFigures = Schemas['CategoryFigures'];
type SuggestionView = Schemas['SuggestionView'];
type Mode = 'add' | 'move' | 'close';

const colours: Record<string, string> = { added: '#1a9850', moved: '#2166ac', closed: '#d73027', suggested: '#762a83' };

function facilityStyle(state: string, label: string): Style {
  return new Style({
    image: new Circle({ radius: 8, fill: new Fill({ color: colours[state] ?? '#555' }), stroke: new Stroke({ color: '#fff', width: 2 }) }),
    text: new Text({ text: label, offsetY: -15, font: 'bold 12px sans-serif', fill: new Fill({ color: '#222' }), stroke: new Stroke({ color: '#fff', width: 3 }) }),
  });
}

export async function renderScenariosPanel(app: App, scope: Scope): Promise<void> {
  const panel = document.getElementById('panel')!;
  const canWrite = ['administrator', 'planner'].includes(app.me.role);
  const signal = scope.signal();
  const source = new VectorSource();
  const layer = new VectorLayer({ source, zIndex: 90, properties: { id: 'scenario' }, style: f => facilityStyle(f.get('state') as string, f.get('label') as string) });
  app.map.addLayer(layer);
  scope.add(() => app.map.removeLayer(layer));
  app.byId('facilities').setVisible(true);

  let scenario: ScenarioView | null = null;
  let mode: Mode = 'add';
  const category = () => (document.getElementById('s-category') as HTMLSelectElement | null)?.value ?? app.store.state.category;
  const status = (text: string) => { const s = document.getElementById('s-status'); if (s) s.textContent = text; };
  const list = await get<Schemas['ScenarioList']>('/api/scenarios?limit=50', signal);

  const categoryOptions = app.categories.map(c => h('option', { value: c.code, selected: c.code === app.store.state.category }, nameOf(c as unknown as Record<string, unknown>)));
  fill(panel,
    h('h2', null, t('scenarios')),
    h('label', { class: 'row' }, `${t('scenario')} `, h('select', { id: 's-pick', 'data-testid': 'scenario-pick',
      onchange: e => void open(Number((e.target as HTMLSelectElement).value)) },
      h('option', { value: '' }, '–'), list.scenarios.map((s: ScenarioSummary) => h('option', { value: s.id }, `#${s.id} ${s.name}`)))),
    canWrite && h('div', { class: 'row' },
      h('input', { id: 's-name', 'data-testid': 'scenario-name', placeholder: t('scenarioName'), maxlength: 200 }),
      h('button', { type: 'button', 'data-testid': 'scenario-create', onclick: () => void create() }, t('newScenario'))),
    h('label', { class: 'row' }, `${t('category')} `, h('select', { id: 's-category', 'data-testid': 'scenario-category', onchange: () => void refresh() }, categoryOptions)),
    canWrite && h('div', { class: 'row', role: 'radiogroup' }, (['add', 'move', 'close'] as Mode[]).map(m => h('label', null,
      h('input', { type: 'radio', name: 's-mode', value: m, checked: m === mode, 'data-testid': `scenario-mode-${m}`, onchange: () => { mode = m; translate.setActive(m === 'move'); } }),
      ` ${t(m === 'add' ? 'addFacility' : m === 'move' ? 'moveFacility' : 'closeFacility')} `))),
    canWrite && h('label', { class: 'row' }, `${t('capacity')} `, h('input', { id: 's-capacity', type: 'number', min: 0, value: 200, 'data-testid': 'scenario-capacity' })),
    h('p', { class: 'note' }, t('scenarioHint')),
    h('span', { id: 's-status', class: 'note', role: 'status', 'data-testid': 'scenario-status' }),
    h('div', { id: 's-figures', 'data-testid': 'scenario-figures' }),
    canWrite && [h('h3', null, t('suggestSites')),
      h('label', { class: 'row' }, 'k ', h('input', { id: 's-k', type: 'number', min: 1, max: 50, value: 3, 'data-testid': 'suggest-k' }),
        h('button', { type: 'button', 'data-testid': 'suggest-run', onclick: () => void suggest() }, t('suggest'))),
      h('div', { id: 's-suggestion', 'data-testid': 'suggestion' })],
    scenarioCompareSection(list.scenarios, category, signal));

  // Dragging: the scenario's own facilities and the real ones (a real one dragged becomes "moved").
  const draggable = new Collection<Feature>();
  const translate = new Translate({ features: draggable });
  translate.setActive(false);
  app.map.addInteraction(translate);
  scope.add(() => app.map.removeInteraction(translate));
  const facilitiesAt = (pixel: number[]) => app.map.getFeaturesAtPixel(pixel, { layerFilter: l => l === layer || l.get('id') === 'facilities', hitTolerance: 6 }) as Feature[];
  scope.on(app.map, 'pointerdown', e => {
    if (mode !== 'move' || !scenario) return;
    draggable.clear();
    const f = facilitiesAt((e as MapBrowserEvent<PointerEvent>).pixel)[0];
    if (f) draggable.push(f);
  });
  scope.on(translate, 'translateend', e => {
    const f = (e as TranslateEvent).features.item(0) as Feature<Point> | undefined;
    if (!f) return;
    const [lon, lat] = toLonLat(f.getGeometry()!.getCoordinates());
    void edit({ kind: 'move', category: (f.get('category') as string | undefined) ?? category(), facilityId: facilityId(f), lon, lat });
  });
  scope.on(app.map, 'singleclick', e => {
    if (!canWrite || !scenario) return;
    const ev = e as MapBrowserEvent<PointerEvent>;
    if (mode === 'add') {
      const [lon, lat] = toLonLat(ev.coordinate);
      const capacity = Number((document.getElementById('s-capacity') as HTMLInputElement).value);
      void edit({ kind: 'add', category: category(), lon, lat, capacity: Number.isFinite(capacity) ? capacity : null });
    } else if (mode === 'close') {
      const f = facilitiesAt(ev.pixel)[0];
      if (f && f.get('state') !== 'closed') void edit({ kind: 'close', category: (f.get('category') as string | undefined) ?? category(), facilityId: facilityId(f) });
    }
  });

  function facilityId(f: Feature): number { return Number(f.get('facilityId') ?? f.getId() ?? f.get('id')); }

  async function create(): Promise<void> {
    const name = (document.getElementById('s-name') as HTMLInputElement).value.trim();
    if (!name) return;
    try {
      const made = await post<ScenarioSummary>('/api/scenarios', { name });
      const pick = document.getElementById('s-pick') as HTMLSelectElement;
      pick.append(h('option', { value: made.id, selected: true }, `#${made.id} ${made.name}`));
      await open(made.id);
    } catch (e) { status((e as Error).message); }
  }

  async function open(id: number): Promise<void> {
    if (!id) return;
    try {
      scenario = await get<ScenarioView>(`/api/scenarios/${id}?category=${encodeURIComponent(category())}`, signal);
      show(scenario.categories[0] ?? null);
    } catch (e) { status((e as Error).message); }
  }

  async function refresh(): Promise<void> { if (scenario) await open(scenario.id); }

  async function edit(body: Partial<Schemas['EditRequest']>): Promise<void> {
    if (!scenario) return;
    status(t('loading'));
    try {
      scenario = await post<ScenarioView>(`/api/scenarios/${scenario.id}/edits`, body);
      const figures = scenario.categories.find(c => c.category === category()) ?? scenario.categories[0] ?? null;
      show(figures);
    } catch (e) { status((e as Error).message); await refresh(); }
  }

  function show(figures: CategoryFigures | null): void {
    source.clear();
    if (!figures) { fill(document.getElementById('s-figures')!, h('p', { class: 'note' }, t('noEdits'))); status(''); return; }
    for (const f of figures.facilities) {
      if (f.lon == null || f.lat == null) continue;
      const feature = new Feature({ geometry: new Point(fromLonLat([f.lon, f.lat])), state: f.state, facilityId: f.facilityId, category: figures.category,
        label: f.facilityId < 0 ? `+${-f.facilityId}` : f.state === 'closed' ? '×' : '→' });
      source.addFeature(feature);
    }
    const streets = figures.units.filter(u => u.level === 'street' || u.level === 'district');
    fill(document.getElementById('s-figures')!,
      h('p', { 'data-testid': 'scenario-newly' }, `${t('newlyCovered')} ${fmt(figures.newlyCovered.households)} · ${t('newlyUncovered')} ${fmt(figures.newlyUncovered.households)}`),
      h('table', { class: 'figures' },
        h('thead', null, h('tr', null, h('th', null, t('street')), h('th', null, t('baseRun')), h('th', null, t('scenario')), h('th', null, t('change')))),
        h('tbody', null, streets.map(u => h('tr', { class: (u.householdsCoveredChange ?? 0) !== 0 ? 'changed' : '' },
          h('td', null, u.level === 'district' ? t('district') : u.name ?? String(u.unitId)),
          h('td', null, pct(u.base.shareCovered)), h('td', null, pct(u.scenario.shareCovered)),
          h('td', null, u.householdsCoveredChange == null ? '–' : `${u.householdsCoveredChange > 0 ? '+' : ''}${fmt(u.householdsCoveredChange)}`))))),
      h('ul', { class: 'facility-changes' }, figures.facilities.map(f => h('li', null,
        `${f.facilityId < 0 ? `+${-f.facilityId}` : `#${f.facilityId}`} ${t(f.state === 'added' ? 'addFacility' : f.state === 'moved' ? 'moveFacility' : 'closeFacility')}: ${fmt(f.households)} ${t('households')}${f.loadRatio != null ? `, ${t('load')} ${pct(f.loadRatio)}` : ''}`))));
    status(`${t('editAnswered')} ${fmt(figures.milliseconds, 1)} ms`);
  }

  async function suggest(): Promise<void> {
    const k = Number((document.getElementById('s-k') as HTMLInputElement).value) || 3;
    const box = document.getElementById('s-suggestion')!;
    fill(box, t('loading'));
    try {
      const s = await post<SuggestionView>('/api/scenarios/suggest', { category: category(), k, timeLimitSeconds: 10 });
      const answer = s.answered === 'exact' ? s.exact : s.greedy;
      for (const site of answer.sites) {
        source.addFeature(new Feature({ geometry: new Point(fromLonLat([site.lon, site.lat])), state: 'suggested', label: String(site.rank) }));
      }
      fill(box,
        h('p', { 'data-testid': 'suggestion-answer', 'data-answered': s.answered, 'data-objective': answer.objective }, `${t('answeredBy')} ${s.answered}: ${fmt(answer.objective)} ${t('households')}; ${t('greedy')} ${fmt(s.greedy.objective)}, ${t('exact')} ${fmt(s.exact.objective)} (${s.exact.status}, ${t('gap')} ${pct(s.exact.gap)})`),
        h('ol', { 'data-testid': 'suggestion-sites' }, answer.sites.map(site => h('li', { 'data-households': site.newlyCovered.households }, `${t('newlyCovered')} ${fmt(site.newlyCovered.households)} ${t('households')}`))),
        h('p', null, `${t('allBuilt')}: ${t('newlyCovered')} ${fmt(s.allBuilt.newlyCovered.households)}`));
    } catch (e) { fill(box, (e as Error).message); }
  }
}
