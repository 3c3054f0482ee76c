// The one way the viewer talks to the server: same-origin HTTP with the bearer token kept in
// sessionStorage (gone when the tab closes). Request and response types are the server's own records,
// generated from its OpenAPI document into api-types.ts (scripts/api-types; a server test fails when
// they are stale), so a field the server stops sending fails the viewer's type check.
import type { components } from './api-types';
import { problemText, t } from './i18n';

const tokenKey = 'gridgis.token';

/** The records the server answers with, by their OpenAPI schema names. */
export type Schemas = components['schemas'];
export type ViewerConfig = Schemas['ViewerConfig'];
export type Me = Schemas['Me'];
export type Problem = Schemas['ProblemDetails'];
export type Category = Schemas['CategoryInfo'];
/** A coverage run in the list; `percent` is 0..100 while it is under way. */
export type CoverageRun = Schemas['RunSummary'];
export type RunResults = Schemas['RunResults'];
export type UnitResult = Schemas['UnitResult'];
export type RunStarted = Schemas['RunStarted'];
export type StartRunRequest = Schemas['StartRequest'];
export type StreetComparison = Schemas['StreetComparison'];
export type CompareStreet = Schemas['CompareStreet'];
export type StreetFigures = Schemas['StreetFigures'];
export type GridFigures = Schemas['GridFigures'];
export type FacilityFigures = Schemas['FacilityFigures'];
export type StreetLayer = Schemas['LayerCollectionOfStreetProperties'];
export type WorkerGrids = Schemas['GeoJsonCollectionOfWorkerGridProperties'];
export type Topology = Schemas['TopologyCollection'];
export type Workload = Schemas['WorkloadReportDto'];

export class ApiError extends Error {
  constructor(public status: number, public detail: string) { super(detail); }
}

export function token(): string | null { return sessionStorage.getItem(tokenKey); }

/** Forgets the token here (it no longer works, or the user leaves). */
export function dropToken(): void { sessionStorage.removeItem(tokenKey); location.reload(); }

let unauthorized: (() => void) | null = null;
/**
 * What happens when the server says the token no longer works (401: revoked elsewhere, expired): the
 * signed-in screen saves the user's place and asks them to sign in again. Unset: the page starts over.
 */
export function onUnauthorized(handler: (() => void) | null): void { unauthorized = handler; }

/** A 401 to a request sent with <c>sentWith</c>: acted on only while that token is still the current one (not a stale request's). */
function signedOut(sentWith: string | null): never {
  if (sentWith !== null && token() === sentWith) {
    sessionStorage.removeItem(tokenKey);
    if (unauthorized) unauthorized(); else location.reload();
  }
  throw new ApiError(401, 'signed out');
}

/** Signs out: the server revokes every token of the account (all devices), then the token is forgotten here. */
export async function signOut(): Promise<void> {
  const t = token();
  if (t) await fetch('/api/auth/signout', { method: 'POST', headers: { authorization: `Bearer ${t}` } }).catch(() => undefined);
  dropToken();
}

export async function signIn(userName: string, password: string): Promise<void> {
  const r = await send('/api/auth/token', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userName, password }),
  });
  if (!r.ok) throw new ApiError(r.status, await problem(r));
  const body = await r.json() as { accessToken: string };
  sessionStorage.setItem(tokenKey, body.accessToken);
}

/**
 * A refused request's message in the chosen language: from the problem's machine-readable code and args
 * (Http/Problems.cs); in English the server's own detail follows, which says exactly what to send instead.
 */
async function problem(r: Response): Promise<string> {
  let p: (Problem & { code?: string; args?: Record<string, string> }) | null = null;
  try { p = await r.json() as Problem & { code?: string; args?: Record<string, string> }; } catch { p = null; }
  const retry = r.headers.get('retry-after');
  return problemText(p?.code ?? null, p?.args ?? {}, r.status, p?.detail ?? p?.title ?? r.statusText, retry);
}

/** fetch() with a network failure ("Failed to fetch") said in the chosen language. */
async function send(url: string, init: RequestInit): Promise<Response> {
  try { return await fetch(url, init); }
  catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, t('err_network'));
  }
}

function headers(): HeadersInit {
  const t = token();
  return t ? { authorization: `Bearer ${t}` } : {};
}

export async function get<T>(url: string, signal?: AbortSignal): Promise<T> {
  const sent = token();
  const r = await send(url, { headers: headers(), signal });
  if (r.status === 401) signedOut(sent);
  if (!r.ok) throw new ApiError(r.status, await problem(r));
  return await r.json() as T;
}

export async function getBlob(url: string): Promise<Blob> {
  const sent = token();
  const r = await send(url, { headers: headers() });
  if (r.status === 401) signedOut(sent);
  if (!r.ok) throw new ApiError(r.status, await problem(r));
  return await r.blob();
}

export async function post<T>(url: string, body: unknown): Promise<T> {
  const sent = token();
  const r = await send(url, { method: 'POST', headers: { ...headers(), 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (r.status === 401) signedOut(sent);
  if (!r.ok) throw new ApiError(r.status, await problem(r));
  return await r.json() as T;
}

export const config = (): Promise<ViewerConfig> => get<ViewerConfig>('/api/viewer/config');
export const me = (): Promise<Me> => get<Me>('/api/auth/me');

export const categories = (): Promise<Category[]> => get<Category[]>('/api/categories');

export const coverageRuns = (): Promise<CoverageRun[]> =>
  get<Schemas['RunList']>('/api/coverage/runs?limit=50').then(r => r.runs);
/** Starts a coverage run now (planners, administrators): all categories at their own thresholds, or a what-if. */
export const startCoverageRun = (body: StartRunRequest): Promise<RunStarted> =>
  post<RunStarted>('/api/coverage/runs', body);
