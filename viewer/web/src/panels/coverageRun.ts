// Coverage runs started from the planner panel: a full run now, or a what-if run of one category at
// some minutes; the run's state and percent (0..100, as the server sends it) shown until it ends.
import { coverageRuns, startCoverageRun, type CoverageRun } from '../api';
import { t, type Key } from '../i18n';
import { fill, h } from '../dom';
import type { Store, ViewerState } from '../store';

const runStates = ['queued', 'running', 'complete', 'failed', 'interrupted'];

/** Shows a run's state and <paramref name="percent"/> done (0..100) in the panel (looked up each time: the panel may be re-rendered). */
export function showState(s: string, percent: number, error?: string | null, final = true): void {
  const label = document.getElementById('p-run-state');
  if (!label) return;
  // a run that completed shows "complete" at once, but says so in data-state only once its results are on show
  label.dataset.state = s === 'complete' && !final ? 'finishing' : s;
  const p = Math.max(0, Math.min(100, Math.round(percent)));
  fill(label, `${t('runState')}: ${runStates.includes(s) ? t(`state_${s}` as Key) : s} `,
    h('progress', { max: 100, value: p, 'aria-label': t('runState') }), ` ${p}%${error ? ` – ${error}` : ''}`);
}

/** Polls run <paramref name="id"/> once a second (at most 15 minutes) until it ends; its last state. */
export async function watch(id: number, signal?: AbortSignal): Promise<CoverageRun | undefined> {
  showState('queued', 0);
  let run: CoverageRun | undefined;
  for (let i = 0; i < 900 && !signal?.aborted; i++) {
    await new Promise(r => setTimeout(r, 1000));
    run = (await coverageRuns()).find(r => r.id === id);
    if (!run) continue;
    showState(run.state, run.state === 'complete' ? 100 : run.percent, run.error, false);
    if (!['queued', 'running'].includes(run.state)) break;
  }
  return run;
}

/** The complete what-if run of one category at some minutes: started (and watched) the first time. */
export async function whatIfRun(store: Store<ViewerState>, category: string, minutes: number): Promise<number | null> {
  const key = `${category}|${minutes}`;
  const known = store.state.whatIfRuns[key];
  if (known !== undefined) return known;
  const { id } = await startCoverageRun({ categories: [category], minutes });
  const run = await watch(id);
  if (run?.state !== 'complete') return null;
  showState('complete', 100);
  store.set({ whatIfRuns: { ...store.state.whatIfRuns, [key]: id } });
  return id;
}

/** Starts a full coverage run (every category, their own thresholds); when it completes it becomes the run on show. */
export async function runNow(store: Store<ViewerState>): Promise<void> {
  const button = document.getElementById('p-run') as HTMLButtonElement;
  button.disabled = true;
  try {
    const { id } = await startCoverageRun({});
    await watch(id);
    const runs = (await coverageRuns()).filter(r => r.state === 'complete' && !r.noOp && !r.whatIf);
    if (runs.some(r => r.id === id)) {
      store.set({ runs, whatIfMinutes: null, minutes: 15, run: id });
      showState('complete', 100);
    } else store.set({ runs });
  } catch (e) {
    const label = document.getElementById('p-run-state');
    if (label) { label.dataset.state = 'failed'; label.textContent = (e as Error).message; }
  } finally {
    const again = document.getElementById('p-run') as HTMLButtonElement | null;
    if (again) again.disabled = false;
  }
}
