import { createContext, useContext, useSyncExternalStore } from 'react';

import type { TerminalView } from '../terminal/terminal-view';
import type { SessionStore } from './session-store';
import type { StoreState } from './store-state';

export const StoreContext = createContext<SessionStore | null>(null);

/** Gives components the terminal of a session. In the app this is the OutputRouter. */
export interface TerminalLookup {
  sinkOf(sessionId: string): TerminalView | undefined;
}

export const TerminalsContext = createContext<TerminalLookup | null>(null);

export function useSessionStore(): SessionStore {
  const store = useContext(StoreContext);
  if (store === null) {
    throw new Error('useSessionStore needs a StoreContext provider around the component tree.');
  }
  return store;
}

/**
 * Reads part of the store and re-renders when it changes. The selector must return a value that
 * stays identical while the state does (a field, not a new object), or React renders forever.
 */
export function useStoreState<T>(select: (state: StoreState) => T): T {
  const store = useSessionStore();
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}

export function useTerminals(): TerminalLookup {
  const terminals = useContext(TerminalsContext);
  if (terminals === null) {
    throw new Error('useTerminals needs a TerminalsContext provider around the component tree.');
  }
  return terminals;
}
