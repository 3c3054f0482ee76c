// Two scenarios side by side (两个情景对比): per street, the base run, scenario a, scenario b and b minus a, from
// GET /api/scenarios/compare (the privacy rule applied by the server: a withheld figure arrives as null and shows '–').
// The base run's column comes from scenario a's own view. Everything reaches the page as text (dom.ts).
import { get, type Schemas } from '../api';
import { fmt, pct, t } from '../i18n';
import { fill, h } from '../dom';

type ScenarioSummary = Schemas['ScenarioSummary'];
type ScenarioComparison = Schemas['ScenarioComparison'];
type ScenarioView = Schemas['ScenarioView'];

/** The comparison's controls: two pickers and a button; the table goes into its own box. */
export function scenarioCompareSection(scenarios: ScenarioSummary[], category: () => string, signal: AbortSignal): HTMLElement[] {
  const pick = (id: string) => h('select', { id, 'data-testid': id },
    h('option', { value: '' }, '–'), scenarios.map(s => h('option', { value: s.id }, `#${s.id} ${s.name}`)));
  const box = h('div', { id: 's-compare-table', 'data-testid': 's-compare-table' });
  async function compare(): Promise<void> {
    const a = Number((document.getElementById('s-compare-a') as HTMLSelectElement).value);
    const b = Number((document.getElementById('s-compare-b') as HTMLSelectElement).value);
    if (!a || !b) { fill(box, h('p', { class: 'note' }, t('pickTwo'))); return; }
    fill(box, t('loading'));
    try {
      const c = encodeURIComponent(category());
      const [cmp, viewA] = await Promise.all([
        get<ScenarioComparison>(`/api/scenarios/compare?a=${a}&b=${b}&category=${c}`, signal),
        get<ScenarioView>(`/api/scenarios/${a}?category=${c}`, signal)]);
      const baseUnits = viewA.categories.find(x => x.category === cmp.category)?.units ?? [];
      const base = (level: string, id: number) => baseUnits.find(u => u.level === level && u.unitId === id)?.base.shareCovered;
      const rows = cmp.units.filter(u => u.level === 'street' || u.level === 'district');
      fill(box,
        h('table', { class: 'figures', 'data-testid': 'scenario-compare' },
          h('thead', null, h('tr', null, h('th', null, t('street')), h('th', null, t('baseRun')),
            h('th', null, `${t('scenario')} #${cmp.a}`), h('th', null, `${t('scenario')} #${cmp.b}`), h('th', null, t('compareChange')))),
          h('tbody', null, rows.map(u => h('tr', { class: (u.householdsCoveredChange ?? 0) !== 0 ? 'changed' : '', 'data-unit': `${u.level}:${u.unitId}` },
            h('td', null, u.level === 'district' ? t('district') : u.name ?? String(u.unitId)),
            h('td', null, pct(base(u.level, u.unitId))), h('td', null, pct(u.base.shareCovered)), h('td', null, pct(u.scenario.shareCovered)),
            h('td', { 'data-testid': 'compare-change' }, u.householdsCoveredChange == null ? '–' : `${u.householdsCoveredChange > 0 ? '+' : ''}${fmt(u.householdsCoveredChange)}`))))),
        cmp.privacy ? h('p', { class: 'note' }, cmp.privacy) : null);
    } catch (e) { fill(box, (e as Error).message); }
  }
  return [h('h3', null, t('compareScenarios')),
    h('div', { class: 'row' }, 'a ', pick('s-compare-a'), ' b ', pick('s-compare-b'),
      h('button', { type: 'button', 'data-testid': 's-compare-run', onclick: () => void compare() }, t('compareRun'))),
    box];
}
