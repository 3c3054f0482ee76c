// Moves a grid worker made that the server has not confirmed yet, kept on the device (localStorage, one list per
// signed-in account) until it answers: sent at once, again when the connection returns, and applied once however
// often they are sent, because each carries the idempotency key made here. A 409 (the household was moved
// meanwhile) turns a move into a conflict for the worker to resolve; nothing is dropped without their say.
import { ApiError, post, type Schemas } from '../api';

export type HouseholdMoved = Schemas['HouseholdMoved'];

export interface PendingMove {
  /** The idempotency key: a random UUID made when the move was made. */
  key: string;
  householdId: number;
  address: string | null;
  fromGridId: number | null;
  fromGridCode: string | null;
  toGridId: number;
  toGridCode: string;
  reason: string;
  /** ISO 8601, when the worker made it. */
  madeAt: string;
  state: 'pending' | 'conflict';
  /** The server's words for a conflict. */
  detail?: string;
}

export type SendResult =
  | { kind: 'moved'; moved: HouseholdMoved }
  | { kind: 'kept' }
  | { kind: 'conflict'; detail: string }
  | { kind: 'failed'; detail: string };

/** A random UUID (version 4); crypto.randomUUID where the page is a secure context, else from getRandomValues. */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map(v => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** Whether the server could not be reached at all (api.ts says so with status 0); an aborted request is not that. */
export function unreachable(e: unknown): boolean {
  if (e instanceof ApiError) return e.status === 0;
  return (e as Error)?.name !== 'AbortError';
}

/** Whether an error means "try again later": no connection, a timeout, the server busy or failing. */
function transient(e: unknown): boolean {
  return unreachable(e) || (e instanceof ApiError && (e.status >= 500 || e.status === 408 || e.status === 429));
}

export class Outbox extends EventTarget {
  readonly #storageKey: string;
  #sending = false;

  constructor(userName: string) {
    super();
    this.#storageKey = `gridgis.outbox.${userName}`;
  }

  list(): PendingMove[] {
    try { return JSON.parse(localStorage.getItem(this.#storageKey) ?? '[]') as PendingMove[]; } catch { return []; }
  }

  #save(moves: PendingMove[]): void {
    if (moves.length === 0) localStorage.removeItem(this.#storageKey);
    else localStorage.setItem(this.#storageKey, JSON.stringify(moves));
    this.dispatchEvent(new Event('change'));
  }

  #update(key: string, change: (m: PendingMove) => PendingMove | null): void {
    this.#save(this.list().flatMap(m => { if (m.key !== key) return [m]; const c = change(m); return c ? [c] : []; }));
  }

  /** Keeps <c>move</c> on the device, then sends it; the answer says what happened. */
  async submit(move: PendingMove): Promise<SendResult> {
    this.#save([...this.list(), move]);
    return this.#send(move);
  }

  discard(key: string): void { this.#update(key, () => null); }

  async #send(move: PendingMove): Promise<SendResult> {
    try {
      const moved = await post<HouseholdMoved>(`/api/households/${move.householdId}/move`, {
        toGridId: move.toGridId, reason: move.reason, fromGridId: move.fromGridId, idempotencyKey: move.key,
      });
      this.#update(move.key, () => null);
      this.dispatchEvent(new CustomEvent<HouseholdMoved>('moved', { detail: moved }));
      return { kind: 'moved', moved };
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        this.#update(move.key, m => ({ ...m, state: 'conflict', detail: e.detail }));
        return { kind: 'conflict', detail: e.detail };
      }
      if (transient(e)) return { kind: 'kept' };
      // Refused for good (no longer the worker's household, a grid gone): the worker is told; nothing to retry.
      this.#update(move.key, () => null);
      return { kind: 'failed', detail: (e as Error).message };
    }
  }

  /** Sends the pending moves in the order they were made, stopping at the first that cannot get through. */
  async flush(): Promise<void> {
    if (this.#sending) return;
    this.#sending = true;
    try {
      for (const m of this.list().filter(x => x.state === 'pending')) {
        if ((await this.#send(m)).kind === 'kept') break;
      }
    } finally { this.#sending = false; }
  }
}
