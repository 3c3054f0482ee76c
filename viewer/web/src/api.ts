// The one way the viewer talks to the server: same-origin HTTP with the bearer token kept in
// sessionStorage (gone when the tab closes).
const tokenKey = 'gridgis.token';

export interface ViewerConfig {
  tileUrl: string | null;
  tileAttribution: string | null;
  center: [number, number];
  zoom: number;
  pilotStreets: string[];
  capabilities: Record<string, boolean>;
}

export interface Me { userName: string; role: 'administrator' | 'planner' | 'official' | 'grid_worker' }

export class ApiError extends Error {
  constructor(public status: number, public detail: string) { super(detail); }
}

export function token(): string | null { return sessionStorage.getItem(tokenKey); }

/** Forgets the token here (it no longer works, or the user leaves). */
export function dropToken(): void { sessionStorage.removeItem(tokenKey); location.reload(); }

/** Signs out: the server revokes every token of the account (all devices), then the token is forgotten here. */
export async function signOut(): Promise<void> {
  const t = token();
  if (t) await fetch('/api/auth/signout', { method: 'POST', headers: { authorization: `Bearer ${t}` } }).catch(() => undefined);
  dropToken();
}

export async function signIn(userName: string, password: string): Promise<void> {
  const r = await fetch('/api/auth/token', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userName, password }),
  });
  if (!r.ok) throw new ApiError(r.status, await problem(r));
  const body = await r.json() as { accessToken: string };
  sessionStorage.setItem(tokenKey, body.accessToken);
}

async function problem(r: Response): Promise<string> {
  try { const p = await r.json() as { detail?: string; title?: string }; return p.detail ?? p.title ?? r.statusText; }
  catch { return r.statusText; }
}

function headers(): HeadersInit {
  const t = token();
  return t ? { authorization: `Bearer ${t}` } : {};
}

export async function get<T>(url: string, signal?: AbortSignal): Promise<T> {
  const r = await fetch(url, { headers: headers(), signal });
  if (r.status === 401) { dropToken(); throw new ApiError(401, 'signed out'); }
  if (!r.ok) throw new ApiError(r.status, await problem(r));
  return await r.json() as T;
}

export async function getBlob(url: string): Promise<Blob> {
  const r = await fetch(url, { headers: headers() });
  if (!r.ok) throw new ApiError(r.status, await problem(r));
  return await r.blob();
}

export async function post<T>(url: string, body: unknown): Promise<T> {
  const r = await fetch(url, { method: 'POST', headers: { ...headers(), 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!r.ok) throw new ApiError(r.status, await problem(r));
  return await r.json() as T;
}

export const config = (): Promise<ViewerConfig> => get<ViewerConfig>('/api/viewer/config');
export const me = (): Promise<Me> => get<Me>('/api/auth/me');

export interface Category { code: string; nameZh: string; nameEn: string; walkMinutes: number; facilities: number }
export const categories = (): Promise<Category[]> => get<Category[]>('/api/categories');

export interface CoverageRun {
  id: number; state: string; mode: string; finishedAt: string | null; noOp: boolean;
  /** 0..1 while a run is under way (parts complete / parts). */
  progress: number; error: string | null;
  /** A "what if" run: some categories at other minutes than their own; never served as "latest". */
  whatIf: boolean; minutes: number | null; categories: string[] | null;
}
export const coverageRuns = (): Promise<CoverageRun[]> =>
  get<{ runs: CoverageRun[] }>('/api/coverage/runs?limit=50').then(r => r.runs);
/** Starts a coverage run now (planners, administrators): all categories at their own thresholds, or a what-if. */
export const startCoverageRun = (body: { categories?: string[]; minutes?: number }): Promise<{ id: number; state: string }> =>
  post<{ id: number; state: string }>('/api/coverage/runs', body);
