import type { SessionOptions } from '../session';

/** The session options a saved connection keeps; SNI and CA file mean what they mean there. */
export type SavedSessionOptions = Pick<
  SessionOptions,
  'host' | 'port' | 'protocol' | 'security' | 'ehloName' | 'sni' | 'caFile'
>;

/** The settings of a saved connection, as stored in the file and sent to the renderer. */
export interface ConnectionSettings extends SavedSessionOptions {
  readonly name: string;
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
