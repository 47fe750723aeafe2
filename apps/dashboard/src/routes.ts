// The dashboard's addresses are URL fragments (#/rollouts/ID), so a page can be
// bookmarked and reloaded without the server knowing any of them.
export type Route =
  | { view: 'overview' }
  | { view: 'hosts' }
  | { view: 'host'; name: string }
  | { view: 'rollouts' }
  | { view: 'rollout'; id: string }
  | { view: 'reloads' }
  | { view: 'windows' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  switch (parts[0]) {
    case 'hosts':
      return parts[1] ? { view: 'host', name: parts[1] } : { view: 'hosts' };
    case 'rollouts':
      return parts[1] ? { view: 'rollout', id: parts[1] } : { view: 'rollouts' };
    case 'reloads':
      return { view: 'reloads' };
    case 'windows':
      return { view: 'windows' };
    default:
      return { view: 'overview' };
  }
}

/** The top-level section a route belongs to, for the navigation bar. */
export function sectionOf(route: Route): string {
  if (route.view === 'host') return 'hosts';
  if (route.view === 'rollout') return 'rollouts';
  return route.view;
}
