// The viewer's one state store: the user's choices (language, tab, category, minutes, run, metric),
// typed, changed only through set(), and observed through subscribe(), which returns the function that
// stops observing. Panels subscribe when they render and unsubscribe when they go (a Scope does both),
// so nothing keeps module-level state of its own and nothing listens after its panel is gone.
import type OlTarget from 'ol/events/Target';
import type BaseEvent from 'ol/events/Event';
import type { CoverageRun } from './api';
import type { Lang } from './i18n';

/** What the user has chosen; every panel and layer reads it from here. */
export interface ViewerState {
  lang: Lang;
  /** The panel on show: 'layers', 'planner', 'compare', 'worker' (or another panel's id). */
  tab: string;
  /** The facility category the analysis layers and tables follow (its code). */
  category: string;
  /** Service areas are drawn in bands up to these minutes (5..30). */
  minutes: number;
  /** Minutes of the planner's what-if question; null = each category's own threshold (the nightly runs). */
  whatIfMinutes: number | null;
  /** The coverage run whose results and gaps are on show, or null before any. */
  run: number | null;
  /** Complete nightly runs (not what-if, not no-op), newest first. */
  runs: CoverageRun[];
  /** What-if runs this page started: "category|minutes" -> run id. */
  whatIfRuns: Readonly<Record<string, number>>;
  metric: 'foreign' | 'residents';
  /** Facility categories the user switched off on the map (codes). */
  hiddenCategories: readonly string[];
}

export type Listener<S> = (state: Readonly<S>, changed: ReadonlySet<keyof S>) => void;

export class Store<S extends object> {
  #state: S;
  readonly #listeners = new Set<{ fn: Listener<S>; keys: ReadonlySet<keyof S> | null }>();

  constructor(initial: S) { this.#state = { ...initial }; }

  /** The current state (a fresh object after every change; never mutate it). */
  get state(): Readonly<S> { return this.#state; }

  /**
   * Changes the keys of <c>patch</c> whose values differ (by ===) and tells the listeners of those keys,
   * once each, after the whole patch is applied. A listener may call set() again.
   */
  set(patch: Partial<S>): void {
    const changed = new Set<keyof S>();
    for (const key of Object.keys(patch) as (keyof S)[]) {
      if (patch[key] !== this.#state[key]) changed.add(key);
    }
    if (changed.size === 0) return;
    this.#state = { ...this.#state, ...patch };
    for (const l of [...this.#listeners]) {
      if (!this.#listeners.has(l)) continue;      // unsubscribed by an earlier listener
      if (l.keys === null || [...changed].some(k => l.keys!.has(k))) l.fn(this.#state, changed);
    }
  }

  /** Calls <c>fn</c> after each change of <c>keys</c> (any key when omitted); returns the unsubscribe. */
  subscribe(fn: Listener<S>, keys?: readonly (keyof S)[]): () => void {
    const entry = { fn, keys: keys ? new Set(keys) : null };
    this.#listeners.add(entry);
    return () => { this.#listeners.delete(entry); };
  }

  /** How many listeners are subscribed (tests check that a panel that goes leaves none behind). */
  get listenerCount(): number { return this.#listeners.size; }
}

/**
 * What one panel render holds on to: store subscriptions, OpenLayers listeners, timers, DOM listeners
 * outside the panel. dispose() releases all of it when the panel goes (tab switch, language switch,
 * re-render), so a panel rendered a hundred times listens once.
 */
export class Scope {
  readonly #disposers: (() => void)[] = [];
  #disposed = false;

  get disposed(): boolean { return this.#disposed; }

  /** Runs <c>fn</c> on dispose (at once when already disposed). */
  add(fn: () => void): void {
    if (this.#disposed) fn(); else this.#disposers.push(fn);
  }

  subscribe<S extends object>(store: Store<S>, fn: Listener<S>, keys?: readonly (keyof S)[]): void {
    this.add(store.subscribe(fn, keys));
  }

  /** An OpenLayers listener (on a Map, View, source, layer), removed on dispose. */
  on(target: OlTarget, type: string, listener: (e: Event | BaseEvent) => void): void {
    target.addEventListener(type, listener);
    this.add(() => target.removeEventListener(type, listener));
  }

  /** A DOM listener, removed on dispose. */
  listen(target: EventTarget, type: string, listener: EventListener): void {
    target.addEventListener(type, listener);
    this.add(() => target.removeEventListener(type, listener));
  }

  /** An AbortSignal that aborts on dispose: requests of a panel that went stop. */
  signal(): AbortSignal {
    const c = new AbortController();
    this.add(() => c.abort());
    return c.signal;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const fn of this.#disposers.splice(0).reverse()) {
      try { fn(); } catch (e) { console.warn(`dispose: ${(e as Error).message}`); }
    }
  }
}
