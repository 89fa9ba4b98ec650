import type { ProtocolId, SecurityMode } from '../presets';

/** The settings of a saved connection, as the file and the renderer see them. */
export interface ConnectionSettings {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly protocol: ProtocolId;
  readonly security: SecurityMode;
  readonly ehloName?: string;
  /** Server name for the TLS ClientHello; absent means the host, empty means none. */
  readonly sni?: string;
  /** Path of a PEM file with extra trust anchors. */
  readonly caFile?: string;
  /** User name for logging in; the password is stored apart, and only in the desktop app. */
  readonly username?: string;
}

/** A saved connection as sent to the renderer, never with a password. */
export interface SavedConnection extends ConnectionSettings {
  readonly id: string;
  /** True when a password is stored, encrypted by the operating system's secret store. */
  readonly hasPassword: boolean;
}

/** Settings the renderer sends to create (no id) or update (with id) a saved connection. */
export interface ConnectionInput extends ConnectionSettings {
  readonly id?: string;
  /**
   * A new password to store, `null` to forget the stored one, absent to keep it. Rejected
   * where passwords cannot be stored safely.
   */
  readonly password?: string | null;
}

/**
 * Whether passwords can be saved. Only Electron's safeStorage with a real secret store
 * qualifies; its `basic_text` fallback on Linux obfuscates with a fixed key, so it does not.
 */
export type PasswordStorage =
  | { readonly available: true; readonly backend: string }
  | {
      readonly available: false;
      readonly reason: 'browser-mode' | 'basic-text' | 'unavailable';
      /** A sentence for the form, saying why no password is stored. */
      readonly detail: string;
    };

export interface ConnectionList {
  readonly connections: readonly SavedConnection[];
  readonly passwordStorage: PasswordStorage;
  /** Path of the connections file. */
  readonly file: string;
  /** Set when the file could not be used as it was: what happened and where the old one went. */
  readonly problem: string | null;
  /** False when the file is from a newer Mailtap and must not be overwritten. */
  readonly writable: boolean;
}

export interface ConnectionImportResult {
  readonly list: ConnectionList;
  readonly added: number;
  readonly updated: number;
  /** One sentence per entry that was not imported, with its reason. */
  readonly skipped: readonly string[];
}
