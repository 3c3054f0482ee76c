// The planner's language section (issue 19), under the coverage table: per street, the share of all residents covered
// beside foreign residents covered and served in their language, the gap between the two, and Gini and Palma of
// accessibility; the legend of the "served in their language" layer per language group (district figures); and the
// greedy plan of which facilities should gain which language, with its bound and the link to worker matching.
import type { App } from '../app';
import { get } from '../api';
import type { components } from '../api-types';
import { fmt, pct } from '../i18n';
import { fill, h } from '../dom';
import type { Scope } from '../store';
import * as S from '../styles';
import { legend } from '../legend';
import { languageColor, languageName, lt } from '../languageText';

type Schemas = components['schemas'];

/** Fills #p-languages for <c>run</c> and <c>category</c>; street names from <c>streetName</c>. */
export async function renderLanguageSection(app: App, scope: Scope, run: number, category: string,
  streetName: (code: string) => string): Promise<void> {
  const box = document.getElementById('p-languages');
  if (!box) return;
  const signal = scope.signal();
  const q = encodeURIComponent(category);
  const applies = app.categories.find(c => c.code === category)?.languageApplies ?? false;
  const [equity, streets, district, staffing] = await Promise.all([
    get<Schemas['EquityResults']>(`/api/coverage/runs/${run}/equity?category=${q}`, signal),
    applies ? get<Schemas['LanguageResults']>(`/api/coverage/runs/${run}/languages?level=street&language=all&category=${q}`, signal) : null,
    applies ? get<Schemas['LanguageResults']>(`/api/coverage/runs/${run}/languages?level=district&category=${q}`, signal) : null,
    applies ? get<Schemas['StaffingAnswer']>(`/api/coverage/runs/${run}/language-staffing?category=${q}&staff=3`, signal) : null,
  ]);
  if (scope.disposed) return;
  const byStreet = new Map((streets?.units ?? []).map(u => [u.unitId, u]));
  const rows = equity.units.filter(u => u.level === 'street')
    .sort((a, b) => (a.foreignInLanguageShare ?? 2) - (b.foreignInLanguageShare ?? 2) || (a.coveredShare ?? 2) - (b.coveredShare ?? 2));
  const groups = (district?.units ?? []).filter(u => u.language !== 'all');
  fill(box,
    h('h3', null, lt('languageSection')),
    !applies && h('p', { class: 'note', 'data-testid': 'language-not-applicable' }, lt('languageNotApplicable')),
    applies && h('div', { class: 'legend', 'data-testid': 'language-legend' }, legend(groups.map(g => ({
      symbol: S.swatch(languageColor(g.language) + 'b3', languageColor(g.language)),
      label: `${languageName(g.language)}: ${lt('inLanguage')} ${pct(g.inLanguageShare)} · ${lt('foreignCovered')} ${pct(g.coveredShare)}`,
    })), { title: lt('languageGapsOf') })),
    // Five narrow columns (the side panel): all residents' share is in the coverage table above; the persons covered but not
    // in their language are in each row's title.
    h('table', { class: 'figures compact', 'data-testid': 'planner-language-table' },
      h('thead', null, h('tr', null, h('th', null, ''), h('th', null, lt('foreignCovered')),
        applies && h('th', null, lt('inLanguage')), h('th', null, lt('gini')), h('th', null, lt('palma')))),
      h('tbody', null, rows.map(u => {
        const l = byStreet.get(u.unitId);
        return h('tr', { 'data-street': u.code ?? '', title: `${lt('allResidents')} ${pct(u.coveredShare)} · ${lt('languageGap')} ${fmt(l?.foreignResidentsLanguageGap)}` },
          h('td', null, streetName(u.code ?? '').replace(/街道$/, '')),
          h('td', { 'data-figure': 'foreignCovered' }, pct(u.foreignCoveredShare)),
          applies && h('td', { 'data-figure': 'inLanguage' }, pct(u.foreignInLanguageShare)),
          h('td', { 'data-figure': 'gini' }, fmt(u.gini, 2)),
          h('td', { 'data-figure': 'palma' }, fmt(u.palma, 2)));
      }))),
    h('p', { class: 'note' }, lt('equityNote')),
    staffing && h('div', { 'data-testid': 'planner-staffing' },
      h('h3', null, lt('staffing')),
      h('ol', null, staffing.steps.map(s => h('li', null,
        `${s.facilityName ?? `#${s.facilityId}`}: + ${languageName(s.language)} (${s.language}) · ${lt('staffingServed')} ${fmt(s.persons)}`))),
      staffing.upperBound != null && h('p', { class: 'note' }, `${lt('staffingBound')} ${fmt(staffing.upperBound)} (${staffing.method})`),
      h('p', { class: 'note' }, `${lt('workerMatching')}: ${staffing.workerMatching}`)));
}
