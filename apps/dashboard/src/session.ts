// The signed-in token lives in sessionStorage: gone when the tab closes, never
// sent anywhere but this server's API.
import type { Role } from '@hitless/api-contract';

export interface Session {
  token: string;
  name: string;
  role: Role;
}

const KEY = 'hitless.session';

export function loadSession(): Session | undefined {
  const text = sessionStorage.getItem(KEY);
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Session>;
    if (typeof value.token === 'string' && typeof value.name === 'string' && (value.role === 'viewer' || value.role === 'operator' || value.role === 'admin')) {
      return { token: value.token, name: value.name, role: value.role };
    }
  } catch {
    // A damaged entry means signing in again, nothing worse.
  }
  sessionStorage.removeItem(KEY);
  return undefined;
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

/** Operators and admins may pause, resume and abort; viewers only watch. */
export function canControl(role: Role): boolean {
  return role === 'operator' || role === 'admin';
}
