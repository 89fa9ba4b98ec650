import type { MailtapApi } from '../../../shared/ipc/contract';
import type { EngineLink } from './engine-link';
import { WebSocketMailtapClient } from './websocket-client';

declare global {
  interface Window {
    /** Exposed by the Electron preload, and absent in browser mode. */
    readonly mailtap?: MailtapApi;
  }
}

/** Storage key of the token from the page address, kept so that a reload of the page still works. */
const TOKEN_STORAGE_KEY = 'mailtap.accessToken';

export interface ApiAccess {
  readonly api: MailtapApi;
  /** Browser mode's link to the engine, or null under Electron, whose IPC cannot drop. */
  readonly link: EngineLink | null;
  /** True in browser mode when neither the address nor this tab's storage has a token. */
  readonly missingToken: boolean;
}

/**
 * Returns the token from `?token=` in the page address, falling back to the one this tab stored
 * on an earlier load. A token found in the address replaces the stored one.
 */
export function readAccessToken(search: string, storage: Storage | null): string | null {
  const fromAddress = new URLSearchParams(search).get('token');
  if (fromAddress !== null && fromAddress !== '') {
    try {
      storage?.setItem(TOKEN_STORAGE_KEY, fromAddress);
    } catch {
      // Storage may be full or disabled, but the token still works for this load.
    }
    return fromAddress;
  }
  return storedToken(storage);
}

/**
 * Returns the page address without its `token` parameter, or null when it has none. Once the
 * token is in sessionStorage, it need not stay in the address bar, the history or a copied link,
 * because the cookie that browser mode set and sessionStorage keep a reload working.
 */
export function addressWithoutToken(href: string): string | null {
  const url = new URL(href);
  if (!url.searchParams.has('token')) {
    return null;
  }
  url.searchParams.delete('token');
  return `${url.pathname}${url.search}${url.hash}`;
}

function storedToken(storage: Storage | null): string | null {
  try {
    return storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Returns this tab's sessionStorage, or null when the browser blocks storage for the page. */
export function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    // Reading sessionStorage throws when storage is blocked.
    return null;
  }
}

/** Returns the Electron preload's API, or else connects browser mode's WebSocket client. */
export function getApi(): ApiAccess {
  if (window.mailtap !== undefined) {
    return { api: window.mailtap, link: null, missingToken: false };
  }

  const storage = sessionStorageOrNull();
  const token = readAccessToken(window.location.search, storage);
  const cleanAddress = addressWithoutToken(window.location.href);
  if (token !== null && cleanAddress !== null && storedToken(storage) === token) {
    window.history.replaceState(window.history.state, '', cleanAddress);
  }
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = `${scheme}//${window.location.host}/ws?token=${encodeURIComponent(token ?? '')}`;
  const client = new WebSocketMailtapClient(url);
  return { api: client, link: client, missingToken: token === null };
}
