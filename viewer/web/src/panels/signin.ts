// The sign-in form. A message above the form says why it is shown (a token revoked elsewhere, a
// session that expired), so the user is never dropped on a blank form without a word.
import * as api from '../api';
import { lang, setLang, t } from '../i18n';
import { fill, h } from '../dom';

export function renderSignIn(root: HTMLElement, onSignedIn: () => Promise<void>, error?: string, notice?: string): void {
  const form = h('form', { id: 'signin', class: 'signin' },
    h('h1', null, t('title')),
    notice && h('p', { class: 'notice', role: 'status', 'data-testid': 'signin-notice' }, notice),
    h('label', null, `${t('userName')} `, h('input', { name: 'userName', autocomplete: 'username', required: true })),
    h('label', null, `${t('password')} `, h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    h('button', { type: 'submit' }, t('signIn')),
    h('button', { type: 'button', class: 'link', id: 'lang', onclick: () => { setLang(lang() === 'zh' ? 'en' : 'zh'); renderSignIn(root, onSignedIn, error, notice); } }, t('language')),
    h('p', { class: 'error', role: 'alert' }, error ?? ''));
  fill(root, h('main', { class: 'signin-page' }, form));
  form.onsubmit = async e => {
    e.preventDefault();
    const data = new FormData(form);
    try {
      await api.signIn(String(data.get('userName')), String(data.get('password')));
      await onSignedIn();
    } catch (err) {
      // the message is in the chosen language (api.ts: the problem's code)
      renderSignIn(root, onSignedIn, t('signInFailed') + (err as Error).message, notice);
    }
  };
}
