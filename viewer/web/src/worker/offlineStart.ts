// Who is signed in and what the server offers, kept in the tab's sessionStorage beside the token (they go when
// the tab closes), so that a page reloaded without a connection starts as the same account: the service worker
// serves the page, this the account, the worker's view its households kept on the device.
import * as api from '../api';

const key = 'gridgis.session';

export interface Boot { me: api.Me; config: api.ViewerConfig; categories: api.Category[] }

/** The account, configuration and categories from the server; the ones kept in this tab when it cannot be reached. */
export async function bootSession(): Promise<Boot> {
  try {
    const boot: Boot = { me: await api.me(), config: await api.config(), categories: await api.categories() };
    sessionStorage.setItem(key, JSON.stringify(boot));
    return boot;
  } catch (e) {
    const kept = sessionStorage.getItem(key);
    // An answer from the server (401, 403) is final; only a missing connection falls back.
    if (!kept || !(e instanceof api.ApiError) || e.status !== 0) throw e;
    return JSON.parse(kept) as Boot;
  }
}
