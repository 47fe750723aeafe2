// What every view gets, and the shape of one: it draws into `root` and returns
// a function that stops its polling when the user navigates away.
import { ApiError, type Api } from '../api';
import { el } from '../dom';
import type { Session } from '../session';

export interface ViewContext {
  api: Api;
  session: Session;
  root: HTMLElement;
}

export type View = (context: ViewContext) => () => void;

/** The line shown when a request failed; a 401 is handled by signing out instead. */
export function errorBox(error: unknown): HTMLElement {
  const text = error instanceof ApiError ? (error.status ? `${error.status}: ${error.message}` : error.message) : `unexpected error: ${(error as Error).message}`;
  return el('div', { class: 'error', role: 'alert' }, text);
}
