// Legends: every entry is a symbol AND its words (never colour alone), under a title that says what
// is drawn; an optional line says which run and threshold, an optional note what is withheld.
import { h, type Child } from './dom';

export interface LegendEntry {
  /** A swatch, symbol or ramp cell (styles.ts: swatch, symbolSwatch, dot). */
  symbol: Child;
  /** What the symbol stands for, in words (a class's range with its unit, a category's name). */
  label: string;
}

export interface LegendOptions {
  /** What is drawn ("Service gaps: kindergarten"). */
  title?: string;
  /** Which run, threshold, time ("run #12, 2026-12-07 02:00 (Asia/Shanghai), 300 m"). */
  source?: string;
  note?: Child;
}

/** A legend as a list (screen readers read each entry as symbol and words). */
export function legend(entries: LegendEntry[], options: LegendOptions = {}): HTMLElement {
  return h('div', { class: 'legend-block' },
    options.title && h('div', { class: 'legend-title' }, options.title),
    options.source && h('div', { class: 'legend-source', 'data-testid': 'legend-source' }, options.source),
    h('ul', { class: 'legend-items' }, entries.map(e => h('li', null, e.symbol, h('span', null, e.label)))),
    options.note && h('small', { class: 'legend-note' }, options.note));
}
