// The dashboard's entry point: sign-in, the navigation bar, and the hash router
// that swaps views (stopping the old view's polling first).
import { connectApi } from './api';
import { el, replaceChildren } from './dom';
import { parseRoute, sectionOf, type Route } from './routes';
import { clearSession, loadSession, saveSession, type Session } from './session';
import { hostView } from './views/host-view';
import { hostsView } from './views/hosts-view';
import { overviewView } from './views/overview-view';
import { reloadsView } from './views/reloads-view';
import { rolloutView } from './views/rollout-view';
import { rolloutsView } from './views/rollouts-view';
import { signInView } from './views/sign-in-view';
import type { View } from './views/view';
import { windowsView } from './views/windows-view';

function viewFor(route: Route): View {
  switch (route.view) {
    case 'hosts':
      return hostsView;
    case 'host':
      return hostView(route.name);
    case 'rollouts':
      return rolloutsView;
    case 'rollout':
      return rolloutView(route.id);
    case 'reloads':
      return reloadsView;
    case 'windows':
      return windowsView;
    case 'overview':
      return overviewView;
  }
}

function start(): void {
  const root = document.getElementById('app') as HTMLElement;
  const nav = document.getElementById('nav') as HTMLElement;
  const who = document.getElementById('who') as HTMLElement;
  let stopView: (() => void) | undefined;

  const signOut = (notice?: string) => {
    stopView?.();
    stopView = undefined;
    clearSession();
    nav.hidden = true;
    replaceChildren(who);
    signInView(root, notice, (session) => {
      saveSession(session);
      // A new fragment fires hashchange, which shows the view; otherwise show it here.
      if (!location.hash || location.hash === '#/') location.hash = '#/overview';
      else show(session);
    });
  };

  const show = (session: Session) => {
    stopView?.();
    const api = connectApi(session.token, (message) => signOut(`Signed out: the server no longer accepts this token (${message}).`));
    nav.hidden = false;
    replaceChildren(who, el('span', { 'data-testid': 'signed-in-as' }, `${session.name} (${session.role})`), el('button', { type: 'button', onclick: () => signOut() }, 'Sign out'));
    const route = parseRoute(location.hash);
    for (const a of Array.from(nav.querySelectorAll('a'))) a.classList.toggle('active', a.getAttribute('href') === `#/${sectionOf(route)}`);
    stopView = viewFor(route)({ api, session, root });
  };

  window.addEventListener('hashchange', () => {
    const session = loadSession();
    if (session) show(session);
  });
  const session = loadSession();
  if (session) show(session);
  else signOut();
}

start();
