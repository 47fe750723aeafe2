// Sign-in with an API token: checked against /whoami before it is kept, so a
// mistyped or revoked token is refused here with the server's reason.
import { ApiError, connectApi } from '../api';
import { el, replaceChildren } from '../dom';
import type { Session } from '../session';

export function signInView(root: HTMLElement, notice: string | undefined, onSignedIn: (session: Session) => void): void {
  const token = el('input', { type: 'password', name: 'token', id: 'token', autocomplete: 'off', required: true, placeholder: 'hlt_…' });
  const submit = el('button', { type: 'submit' }, 'Sign in');
  const message = el('div', { 'aria-live': 'polite' }, notice ? el('div', { class: 'notice' }, notice) : null);
  const form = el('form', {
    onsubmit: async (event: Event) => {
      event.preventDefault();
      const value = token.value.trim();
      if (!value) return;
      submit.disabled = true;
      try {
        const who = await connectApi(value).call('whoami', {});
        onSignedIn({ token: value, name: who.name, role: who.role });
      } catch (error) {
        const text =
          error instanceof ApiError && error.status === 401
            ? `This token was not accepted (401): ${error.message}. Check that it was copied whole and has not been revoked.`
            : error instanceof ApiError && error.status !== 0
              ? `Sign-in failed (${error.status}): ${error.message}`
              : `Sign-in failed: ${(error as Error).message}`;
        replaceChildren(message, el('div', { class: 'error', role: 'alert', 'data-testid': 'sign-in-error' }, text));
      } finally {
        submit.disabled = false;
      }
    },
  }, el('label', { for: 'token' }, 'API token'), token, submit);
  replaceChildren(root, el('section', { class: 'signin card' }, el('h1', {}, 'Sign in to Hitless'),
    el('p', { class: 'muted' }, 'Use an API token (hitless-server api-token, or an admin\'s `hitless tokens create`). Viewers can watch; operators and admins can also pause, resume and abort rollouts.'),
    form, message));
  token.focus();
}
