// The device's copy of a grid worker's households, so that the list and the map work without a connection. Kept
// under the signed-in account's name only, and removed at sign-out (api.signOut calls clearHouseholdCaches), so a
// shared phone keeps no household data of a worker who has left it.
import type { Schemas } from '../api';

const prefix = 'gridgis.cache.households.';

export function readHouseholds(userName: string): Schemas['HouseholdListItem'][] | null {
  try {
    const text = localStorage.getItem(prefix + userName);
    return text ? JSON.parse(text) as Schemas['HouseholdListItem'][] : null;
  } catch { return null; }
}

export function writeHouseholds(userName: string, rows: Schemas['HouseholdListItem'][]): void {
  clearHouseholdCaches(userName);
  try { localStorage.setItem(prefix + userName, JSON.stringify(rows)); }
  catch (e) { console.warn(`households not kept for offline use: ${(e as Error).message}`); }
}

/** Removes every account's copy but <c>keep</c>'s (none at sign-out). */
export function clearHouseholdCaches(keep?: string): void {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (key?.startsWith(prefix) && key !== prefix + keep) localStorage.removeItem(key);
  }
}
