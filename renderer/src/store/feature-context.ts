import { createContext, useContext, useSyncExternalStore } from 'react';

import type { MailtapApi } from '../../../shared/ipc/contract';
import type { ConnectionsState, ConnectionsStore } from './connections-store';
import type { LayoutStore } from './layout-store';
import type { TabUi, TabUiStore } from './tab-ui-store';

/** The stores and API of the transcript, tab and saved-connection features. */
export interface Features {
  readonly api: MailtapApi;
  readonly tabs: TabUiStore;
  readonly connections: ConnectionsStore;
  readonly layout: LayoutStore;
}

export const FeaturesContext = createContext<Features | null>(null);

export function useFeatures(): Features {
  const features = useContext(FeaturesContext);
  if (features === null) {
    throw new Error('useFeatures needs a FeaturesContext provider around the component tree.');
  }
  return features;
}

/** Reads one tab's view state and re-renders when it changes. */
export function useTabUi(sessionId: string): TabUi {
  const { tabs } = useFeatures();
  return useSyncExternalStore(tabs.subscribe, () => tabs.get(sessionId));
}

export function useConnections(): ConnectionsState {
  const { connections } = useFeatures();
  return useSyncExternalStore(connections.subscribe, connections.getState);
}

/** Reads whether the session sidebar is hidden, and re-renders when that changes. */
export function useSidebarHidden(): boolean {
  const { layout } = useFeatures();
  return useSyncExternalStore(layout.subscribe, layout.sidebarHidden);
}
