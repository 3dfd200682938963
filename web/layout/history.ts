/**
 * The app's states in the browser's history, so that Back closes what was opened last.
 *
 * The URL of an entry holds the view (filters, chosen point, open item: state/filters.ts); the
 * entry's `history.state` holds what the URL does not: how far the phone's sheet is open, whether
 * the filters sheet is open, and what this entry opened (so that a close button goes back to the
 * entry before it instead of piling up entries). Opening something pushes an entry; changing what
 * is open (a filter, another item) replaces the current one.
 */

/** the phone's sheet over the map: a peek of the list, half the screen, or the whole screen */
export type Sheet = 'peek' | 'half' | 'full';
/** what an entry opened: its close button goes back to the entry before it */
export type Opened = 'details' | 'filters' | 'sheet' | null;

export interface UiState {
  sheet: Sheet;
  filters: boolean;
  opened: Opened;
  /** how many entries this app pushed before this one (0: the entry the app was opened on) */
  depth: number;
}

export const INITIAL_UI: UiState = { sheet: 'half', filters: false, opened: null, depth: 0 };

const SHEETS: Sheet[] = ['peek', 'half', 'full'];
const OPENED: Opened[] = ['details', 'filters', 'sheet', null];

/** the UI state of a history entry (anything else — another app's state, none — is the initial one) */
export function readUi(state: unknown): UiState {
  const cm = (state as { cm?: Partial<UiState> } | null)?.cm;
  if (!cm || typeof cm !== 'object') return INITIAL_UI;
  return {
    sheet: SHEETS.includes(cm.sheet as Sheet) ? (cm.sheet as Sheet) : 'half',
    filters: cm.filters === true,
    opened: OPENED.includes(cm.opened as Opened) ? (cm.opened as Opened) : null,
    depth: Number.isInteger(cm.depth) && (cm.depth as number) > 0 ? (cm.depth as number) : 0,
  };
}

export function sameUi(a: UiState, b: UiState): boolean {
  return a.sheet === b.sheet && a.filters === b.filters && a.opened === b.opened && a.depth === b.depth;
}

/** writes the entry: a new one (`push`) or the current one; nothing when it holds this already */
export function writeEntry(url: string, ui: UiState, mode: 'push' | 'replace'): void {
  const here = `${window.location.pathname}${window.location.search}`;
  if (mode === 'push') {
    window.history.pushState({ cm: ui }, '', url);
    return;
  }
  if (url === here && sameUi(readUi(window.history.state), ui)) return;
  window.history.replaceState({ cm: ui }, '', url);
}

/** the state after opening `what` with `patch`: one entry deeper */
export function opening(ui: UiState, what: Exclude<Opened, null>, patch: Partial<UiState>): UiState {
  return { ...ui, ...patch, opened: what, depth: ui.depth + 1 };
}

/** whether closing `what` is going back one entry (it was opened by the entry we are on) */
export function closesByBack(ui: UiState, what: Exclude<Opened, null>): boolean {
  return ui.opened === what && ui.depth > 0;
}
