// The household card: everything the worker may see of one household, its move history, the moves of it still on
// the device, and the move form, which starts from the household's current grid, requires a reason and says in
// one message what happened to the last move (moved, kept on the device, a conflict, refused), never two.
import { get, type Schemas } from '../api';
import { fmt, lang } from '../i18n';
import { fill, h } from '../dom';
import type { Scope } from '../store';
import { wt } from './text';
import { newKey, unreachable, type PendingMove } from './outbox';
import { nationalitiesText } from './list';
import { gridIdOf, type HouseholdItem, type WorkerSession } from './session';

type Move = Schemas['HouseholdMove'];

function gridLabel(session: WorkerSession, id: number | null | undefined, code?: string | null): string {
  if (id == null) return wt('noGrid');
  const g = session.grids?.find(x => gridIdOf(x) === id);
  const name = g?.properties.name;
  return name ? `${name} (${g.properties.code})` : code ?? g?.properties.code ?? String(id);
}

/** Renders the card of <c>row</c> into <c>el</c>; <c>close</c> when the worker closes it, <c>changed</c> after a move. */
export async function renderHouseholdCard(el: HTMLElement, session: WorkerSession, scope: Scope, row: HouseholdItem,
  close: () => void, changed: (row: HouseholdItem) => void, message?: { kind: string; text: string }): Promise<void> {
  const result = h('p', { id: 'w-move-result', role: 'status', 'aria-live': 'polite', class: message ? `result ${message.kind}` : 'result' }, message?.text ?? '');
  const history = h('div', { id: 'w-history', 'data-testid': 'move-history' }, wt('loading'));
  const pending = session.outbox.list().filter(m => m.householdId === row.id);
  const target = h('select', { id: 'w-to', name: 'toGrid', required: true },
    (session.grids ?? []).map(g => h('option', { value: String(gridIdOf(g)), selected: gridIdOf(g) === row.gridId },
      `${g.properties.name ?? g.properties.code}${gridIdOf(g) === row.gridId ? wt('current') : ''}`)));
  const reason = h('textarea', { id: 'w-reason', name: 'reason', required: true, maxlength: 500, rows: 2 });
  const submit = h('button', { class: 'w-btn primary', id: 'w-move-submit' }, wt('move'));
  const form = h('form', { id: 'w-move', class: 'w-move', novalidate: true },
    h('h4', null, wt('moveTitle')),
    h('label', { for: 'w-to' }, wt('toGrid')), target,
    h('label', { for: 'w-reason' }, wt('reason')), reason,
    submit, result);
  const dataRow = (label: string, value: string, id?: string) => h('tr', null, h('th', { scope: 'row' }, label), h('td', id ? { 'data-testid': id } : null, value));
  fill(el,
    h('div', { class: 'card-head' },
      h('h3', { id: 'w-card-h' }, `${wt('household')} #${row.id}`),
      h('button', { type: 'button', class: 'w-btn close', 'aria-label': wt('closeCard'), onclick: close }, '×')),
    h('table', { class: 'figures card-figures' }, h('tbody', null,
      dataRow(wt('address'), row.address ?? '–', 'card-address'),
      dataRow(wt('grid'), gridLabel(session, row.gridId, row.gridCode), 'card-grid'),
      dataRow(wt('residents'), fmt(row.residents)),
      dataRow(wt('foreign'), fmt(row.foreignResidents)),
      dataRow(wt('nationalities'), nationalitiesText(row.nationalities) || '–'),
      dataRow(wt('languages'), row.languages.join(', ') || '–'))),
    row.generated && h('p', { class: 'note' }, wt('generated')),
    pending.length > 0 && h('ul', { class: 'w-pending', 'data-testid': 'card-pending' }, pending.map(m =>
      h('li', { class: `badge ${m.state}` }, m.state === 'pending' ? wt('pendingMove', { to: gridLabel(session, m.toGridId, m.toGridCode) }) : wt('conflict', { detail: wt('movedMeanwhile') })))),
    h('h4', null, wt('history')), history,
    form);

  form.onsubmit = async e => {
    e.preventDefault();
    const say = (kind: string, text: string) => { result.className = `result ${kind}`; fill(result, text); };
    const to = Number(target.value);
    if (to === row.gridId) { say('error', wt('chooseOther')); target.focus(); return; }
    if (!reason.value.trim()) { say('error', wt('reasonRequired')); reason.focus(); return; }
    const toGrid = session.grids?.find(g => gridIdOf(g) === to);
    const move: PendingMove = {
      key: newKey(), householdId: row.id, address: row.address ?? null, fromGridId: row.gridId ?? null, fromGridCode: row.gridCode ?? null,
      toGridId: to, toGridCode: toGrid?.properties.code ?? String(to), reason: reason.value.trim(), madeAt: new Date().toISOString(), state: 'pending',
    };
    submit.disabled = true;
    say('sending', wt('sending'));
    const sent = await session.outbox.submit(move);
    if (scope.disposed || !el.isConnected) return;
    submit.disabled = false;
    if (sent.kind === 'moved') {
      const updated = { ...row, gridId: sent.moved.toGridId ?? null, gridCode: sent.moved.toGridCode };
      changed(updated);
      await renderHouseholdCard(el, session, scope, updated, close, changed, {
        kind: 'success', text: wt('moved', { id: row.id, from: gridLabel(session, sent.moved.fromGridId, sent.moved.fromGridCode), to: gridLabel(session, sent.moved.toGridId, sent.moved.toGridCode) }) });
      return;
    }
    if (sent.kind === 'conflict') {
      // Where it is now: the card and its form start from there, and the message names it.
      const now = await fresh(row);
      if (scope.disposed || !el.isConnected) return;
      if (now !== row) changed(now);
      await renderHouseholdCard(el, session, scope, now, close, changed,
        { kind: 'conflict', text: wt('conflictNow', { id: row.id, grid: gridLabel(session, now.gridId, now.gridCode) }) });
      return;
    }
    await renderHouseholdCard(el, session, scope, row, close, changed,
      sent.kind === 'kept' ? { kind: 'pending', text: wt('keptOffline') } : { kind: 'error', text: wt('failed', { detail: sent.detail }) });
  };

  /** The household as the server has it now (its grid may have changed), or as we had it when that fails. */
  async function fresh(r: HouseholdItem): Promise<HouseholdItem> {
    try {
      const f = await get<Schemas['HouseholdFeature']>(`/api/households/${r.id}`, scope.signal());
      return { ...r, gridId: f.properties.gridId ?? null, gridCode: f.properties.gridCode ?? null };
    } catch { return r; }
  }

  try {
    const moves = await get<Move[]>(`/api/households/${row.id}/moves`, scope.signal());
    if (scope.disposed) return;
    fill(history, moves.length === 0 ? h('p', { class: 'note' }, wt('noMoves'))
      : h('ol', { class: 'w-history' }, moves.slice().reverse().map(m => h('li', null,
        h('span', { class: 'hh-main' }, `${new Date(m.at).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB')} · ${m.by}`),
        h('span', { class: 'hh-meta' }, `${gridLabel(session, m.fromGridId, m.fromGridCode)} → ${gridLabel(session, m.toGridId, m.toGridCode)}`),
        h('span', { class: 'hh-reason' }, m.reason ?? '')))));
  } catch (e) {
    if (!scope.disposed) fill(history, h('p', { class: 'note' }, unreachable(e) ? wt('historyOffline') : (e as Error).message));
  }
}
