// The device's copy of a grid worker's grids and households, so that the list, the map and the move form work
// without a connection. Kept under the signed-in account's name only, and removed at sign-out (api.signOut removes
// every gridgis.cache.* key), so a shared phone keeps no household data of a worker who has left it.
const prefix = 'gridgis.cache.';

export type Kind = 'households' | 'grids';

export function readCached<T>(kind: Kind, userName: string): T | null {
  try {
    const text = localStorage.getItem(`${prefix}${kind}.${userName}`);
    return text ? JSON.parse(text) as T : null;
  } catch { return null; }
}

/** Keeps <c>value</c> for <c>userName</c>, and removes any other account's copies. */
export function writeCached(kind: Kind, userName: string, value: unknown): void {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (key?.startsWith(prefix) && !key.endsWith(`.${userName}`)) localStorage.removeItem(key);
  }
  try { localStorage.setItem(`${prefix}${kind}.${userName}`, JSON.stringify(value)); }
  catch (e) { console.warn(`${kind} not kept for offline use: ${(e as Error).message}`); }
}
