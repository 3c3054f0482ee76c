// Interface text of the language-aware coverage (issue 19): the planner's language table, the "served in their
// language" layer and the comparison's rows. Language names come from the browser (Intl.DisplayNames).
import { lang } from './i18n';

const text = {
  languageGaps: ['未以母语服务', 'Not served in their language'],
  languageGapsOf: ['未以母语服务的住户', 'Households not served in their language'],
  languageSection: ['境外人员：覆盖与母语服务', 'Foreign residents: covered and served in their language'],
  foreignCovered: ['境外人员覆盖率', 'Foreign residents covered'],
  inLanguage: ['母语服务率', 'In their language'],
  languageGap: ['覆盖但无母语服务（人）', 'Covered, not in their language (persons)'],
  allResidents: ['全部居民覆盖率', 'All residents covered'],
  gini: ['基尼系数', 'Gini'],
  palma: ['帕尔马比值', 'Palma'],
  equityNote: ['基尼系数与帕尔马比值：各住户可达性（E2SFCA）按人口加权的离散程度（IPEA accessibility 包的定义）；帕尔马比值为可达性最高10%与最低40%的平均值之比',
    'Gini and Palma: the spread of households\' accessibility (E2SFCA) weighted by residents, as IPEA\'s accessibility package defines them; Palma: mean of the best-served 10 % over the worst-served 40 %'],
  languageNotApplicable: ['此类设施不考虑语言', 'language does not apply to this category'],
  staffing: ['最能弥补语言缺口的安排', 'What closes the most language gaps'],
  staffingStep: ['设施增加语言', 'facility gains language'],
  staffingServed: ['新增母语服务人数', 'more served in their language'],
  staffingBound: ['最优方案至多', 'the best plan serves at most'],
  workerMatching: ['网格员语言匹配', 'Grid workers whose languages would close a grid\'s mismatch'],
  noLanguageGaps: ['无未以母语服务的住户（或不足5户未显示）', 'no households left unserved in their language (or fewer than 5, not shown)'],
} as const;

export type LanguageKey = keyof typeof text;

/** The text of <c>key</c> in the chosen language. */
export function lt(key: LanguageKey): string { return text[key][lang() === 'zh' ? 0 : 1]; }

/** A language's name in the chosen language (ko: 韩语 / Korean); the code itself where the browser has none. */
export function languageName(code: string): string {
  try { return new Intl.DisplayNames([lang() === 'zh' ? 'zh-CN' : 'en'], { type: 'language' }).of(code) ?? code; } catch { return code; }
}

/** One colour per language group, the same on the map and in every legend (the most common first; others cycle). */
const palette: Record<string, string> = { ko: '#7b3294', ja: '#e66101', en: '#1b7837', fr: '#2166ac', ru: '#b2182b', de: '#4d4d4d', ar: '#8c510a' };
const others = ['#01665e', '#c51b7d', '#5e3c99', '#a6611a', '#35978f'];

export function languageColor(code: string): string {
  if (palette[code]) return palette[code];
  let n = 0;
  for (const ch of code) n = (n * 31 + ch.charCodeAt(0)) >>> 0;
  return others[n % others.length];
}
