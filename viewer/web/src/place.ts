// The user's place (view, tab, choices, visible layers), kept across a sign-in that a revoked or
// expired token forced: saved in sessionStorage when the server answers 401, restored after the same
// account signs in again, then forgotten.
import type { App } from './app';
import type { ViewerState } from './store';

const placeKey = 'gridgis.place';

interface Place {
  userName: string;
  center: number[];
  zoom: number;
  visible: string[];
  state: Pick<ViewerState, 'tab' | 'category' | 'metric' | 'minutes' | 'hiddenCategories'>;
}

export function savePlace(app: App): void {
  const view = app.map.getView();
  const { tab, category, metric, minutes, hiddenCategories } = app.store.state;
  const place: Place = {
    userName: app.me.userName, center: view.getCenter() ?? [0, 0], zoom: view.getZoom() ?? 12,
    visible: app.layers.filter(l => l.getVisible()).map(l => l.get('id') as string),
    state: { tab, category, metric, minutes, hiddenCategories },
  };
  sessionStorage.setItem(placeKey, JSON.stringify(place));
}

/** The saved place of <c>userName</c>, forgotten as it is read; null when there is none (or another account's). */
export function takePlace(userName: string): Place | null {
  const text = sessionStorage.getItem(placeKey);
  sessionStorage.removeItem(placeKey);
  if (!text) return null;
  try {
    const place = JSON.parse(text) as Place;
    return place.userName === userName ? place : null;
  } catch { return null; }
}

/** Puts the map back where the place was: centre, zoom, visible layers. */
export function restoreView(app: App, place: Place): void {
  app.map.getView().setCenter(place.center);
  app.map.getView().setZoom(place.zoom);
  for (const l of app.layers) if (l.get('available')) l.setVisible(place.visible.includes(l.get('id') as string));
}
