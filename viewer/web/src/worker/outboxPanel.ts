// The moves on the device that the server has not confirmed: how many wait, whether the connection is up, and each
// conflict with what the server said, to look at the household again or give the move up.
import { fill, h } from '../dom';
import type { Scope } from '../store';
import { wt } from './text';
import type { WorkerSession } from './session';

export function renderOutbox(el: HTMLElement, session: WorkerSession, scope: Scope, show: (householdId: number) => void): void {
  const render = () => {
    const moves = session.outbox.list();
    const online = navigator.onLine;
    el.className = `w-outbox ${online ? 'online' : 'offline'}`;
    fill(el,
      h('p', { class: 'w-net', 'data-testid': 'net-state', role: 'status' }, online ? wt('online') : wt('offline'),
        moves.length > 0 ? ` · ${wt('outbox')}: ${moves.length}` : ''),
      moves.length > 0 && h('ul', { class: 'w-pending', 'data-testid': 'outbox' }, moves.map(m => h('li', { class: `badge ${m.state}`, 'data-key': m.key },
        h('span', null, `#${m.householdId} → ${m.toGridCode} · ${m.state === 'pending' ? wt('pending') : wt('conflict', { detail: wt('movedMeanwhile') })}`),
        m.state === 'conflict' && m.detail && h('small', { class: 'w-detail', lang: 'en' }, m.detail),
        h('span', { class: 'w-actions' },
          h('button', { type: 'button', class: 'w-btn', onclick: () => show(m.householdId) }, wt('show')),
          h('button', { type: 'button', class: 'w-btn', 'data-action': 'discard', onclick: () => session.outbox.discard(m.key) }, wt('discard')))))),
      moves.some(m => m.state === 'pending') && h('button', { type: 'button', class: 'w-btn', id: 'w-send', onclick: () => void session.outbox.flush() }, wt('sendNow')));
  };
  scope.listen(session.outbox, 'change', render);
  scope.listen(window, 'online', render);
  scope.listen(window, 'offline', render);
  render();
}
