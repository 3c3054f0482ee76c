// The pilot comparison's rows of issue 19, per category: foreign residents covered and served in their language (where
// language applies to the category), and the spread of accessibility (Gini, Palma) over the street's households.
import type { CompareStreet, StreetComparison } from '../api';
import { fmt, pct } from '../i18n';
import { lt } from '../languageText';

type Cell = (s: CompareStreet, figure: string, text: string) => HTMLElement;

export function languageRows(data: StreetComparison, code: string, name: string, cell: Cell): [string, (s: CompareStreet) => HTMLElement][] {
  const of = (s: CompareStreet) => s.coverage?.[code];
  const applies = data.streets.some(s => of(s)?.foreignInLanguageShare != null);
  return [
    [`${lt('foreignCovered')}: ${name}`, s => cell(s, `foreignCovered:${code}`, pct(of(s)?.foreignCoveredShare))],
    ...(applies ? [[`${lt('inLanguage')}: ${name}`, (s: CompareStreet) => cell(s, `inLanguage:${code}`, pct(of(s)?.foreignInLanguageShare))] as [string, (s: CompareStreet) => HTMLElement]] : []),
    [`${lt('gini')} / ${lt('palma')}: ${name}`, s => cell(s, `gini:${code}`, `${fmt(of(s)?.gini, 2)} / ${fmt(of(s)?.palma, 2)}`)],
  ];
}
