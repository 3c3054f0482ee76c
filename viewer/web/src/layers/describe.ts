// What an analysis layer shows, in words: the category, its walk threshold (minutes and metres), the
// run (its id and time in the city's time zone, and whether it is a what-if). Layer titles, legends and
// the planner's heading all take their words from here, so they never disagree.
import type { Category, CoverageRun } from '../api';
import { dateTime, fmt, nameOf, t } from '../i18n';
import type { ViewerState } from '../store';

/** What the analysis layers need besides the store: the categories and the city's time zone. */
export interface LayerContext {
  categories: Category[];
  /** IANA time zone of the city (config.timeZone). */
  timeZone: string;
}

export function categoryOf(ctx: LayerContext, code: string): Category | undefined {
  return ctx.categories.find(c => c.code === code);
}

export function categoryName(ctx: LayerContext, code: string): string {
  const c = categoryOf(ctx, code);
  return c ? nameOf(c as unknown as Record<string, unknown>) : code;
}

/** "threshold 15 min / 1,000 m" (the category's own), or the what-if minutes. */
export function thresholdText(ctx: LayerContext, code: string, whatIfMinutes: number | null): string {
  const c = categoryOf(ctx, code);
  if (whatIfMinutes !== null) return `${t('whatIf')} ${whatIfMinutes} ${t('min')}`;
  if (!c) return '';
  const metres = c.walkMetres ?? c.walkMinutes * c.walkSpeedKmh * 1000 / 60;
  return `${t('threshold')} ${fmt(c.walkMinutes)} ${t('min')} / ${fmt(metres)} ${t('metres')}`;
}

/** "run #12 · 2026-12-07 02:00 (Asia/Shanghai)", saying when it is a what-if run; '' with no run. */
export function runText(ctx: LayerContext, state: Readonly<ViewerState>): string {
  if (state.run === null) return t('noRun');
  const run: CoverageRun | undefined = state.runs.find(r => r.id === state.run);
  const whatIf = Object.values(state.whatIfRuns).includes(state.run);
  const kind = whatIf ? t('whatIfRunOf') : t('nightlyRun');
  return `${kind} #${state.run}${run ? ` · ${dateTime(run.finishedAt ?? run.createdAt, ctx.timeZone)}` : ''}`;
}
