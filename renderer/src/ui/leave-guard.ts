import type { Disposer } from '../../../shared/ipc/contract';
import type { StoreState } from '../store/store-state';

/** Returns true while a tab contains a session that a reload would end. */
export function hasOpenSessions(state: StoreState): boolean {
  return state.sessions.some((session) => session.phase !== 'closed');
}

/**
 * Makes the browser ask before the page is reloaded or left while `shouldAsk` returns true,
 * because leaving ends every session with its scrollback and typed text. Browsers show their
 * own wording and only after the user has interacted with the page.
 */
export function askBeforeLeaving(target: Window, shouldAsk: () => boolean): Disposer {
  const handler = (event: BeforeUnloadEvent): void => {
    if (shouldAsk()) {
      event.preventDefault();
      // Chromium before version 119 shows the dialog only when returnValue is set as well.
      event.returnValue = '';
    }
  };
  target.addEventListener('beforeunload', handler);
  return () => target.removeEventListener('beforeunload', handler);
}
