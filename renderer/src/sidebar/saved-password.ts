import type { ConnectionList, SavedConnection } from '../../../shared/connections/connection-types';
import type { TabUi } from '../store/tab-ui-store';

/**
 * Returns the saved connection whose stored password the Auth tab of a session may offer, or
 * null. It must have a password, and the engine must be able to decrypt it: browser mode and a
 * desktop app without a keyring report password storage as unavailable, so they offer none.
 */
export function savedPasswordOffer(
  list: ConnectionList | null,
  connectionId: string | null,
): SavedConnection | null {
  if (list === null || connectionId === null || !list.passwordStorage.available) {
    return null;
  }
  const connection = list.connections.find((entry) => entry.id === connectionId);
  return connection?.hasPassword === true ? connection : null;
}

/**
 * Returns the tab state of a session just opened from a saved connection: the link to it, and
 * its user name in the Auth tab when it has one.
 */
export function tabUiOpenedFrom(connection: SavedConnection, current: TabUi): Partial<TabUi> {
  if (connection.username === undefined) {
    return { savedConnectionId: connection.id };
  }
  return {
    savedConnectionId: connection.id,
    authForm: { ...current.authForm, username: connection.username },
  };
}
