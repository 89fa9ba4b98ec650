import { MAX_HOST_LENGTH, MAX_NAME_LENGTH, MAX_PATH_LENGTH } from '../ipc/validate';
import type { ProtocolId, SecurityMode } from '../presets';
import type { ConnectionSettings } from './connection-types';

/** Identifies the saved-connections file; `version` changes whenever its layout does. */
export const CONNECTIONS_FORMAT = 'mailtap-connections';
export const CONNECTIONS_VERSION = 2;
/** A saved name longer than this is a paste gone wrong. */
export const MAX_CONNECTION_NAME_LENGTH = 120;
/** More connections than this in one file or import is not a list a person keeps. */
export const MAX_CONNECTIONS = 1000;

/** A password encrypted by Electron's safeStorage, base64 of its ciphertext. */
export interface StoredPassword {
  readonly scheme: 'electron-safe-storage';
  readonly data: string;
}

/** One connection as the current file version stores it. */
export interface StoredConnection extends ConnectionSettings {
  readonly id: string;
  readonly password?: StoredPassword;
}

export interface ConnectionsFile {
  readonly format: typeof CONNECTIONS_FORMAT;
  readonly version: typeof CONNECTIONS_VERSION;
  readonly connections: readonly StoredConnection[];
}

export type ParsedConnectionsFile =
  | {
      readonly ok: true;
      readonly connections: StoredConnection[];
      /** The version the text had; lower than the current one when it was migrated. */
      readonly fromVersion: number;
    }
  | { readonly ok: false; readonly kind: 'damaged' | 'newer'; readonly problem: string };

const PROTOCOLS: readonly ProtocolId[] = ['smtp', 'imap', 'pop3', 'raw'];
const SECURITY_MODES: readonly SecurityMode[] = ['plain', 'tls', 'starttls'];

class InvalidEntry extends Error {}

function field(
  record: Record<string, unknown>,
  key: string,
  maxLength: number,
  required: boolean,
): string | undefined {
  const value = record[key];
  if (value === undefined && !required) {
    return undefined;
  }
  if (typeof value !== 'string' || value.length > maxLength || (required && value.trim() === '')) {
    throw new InvalidEntry(
      `${key} must be a${required ? ' non-empty' : ''} string of at most ${maxLength} characters`,
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new InvalidEntry(`${key} contains control characters`);
  }
  return value;
}

/**
 * Checks one entry's settings, from a file or an import. Returns a clean copy without unknown
 * fields, or throws with the reason.
 */
export function checkConnectionSettings(value: unknown): ConnectionSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidEntry('the entry is not an object');
  }
  const record = value as Record<string, unknown>;
  const port = record['port'];
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidEntry('port must be a whole number from 1 to 65535');
  }
  const protocol = record['protocol'];
  const security = record['security'];
  if (!PROTOCOLS.includes(protocol as ProtocolId)) {
    throw new InvalidEntry(`protocol must be one of ${PROTOCOLS.join(', ')}`);
  }
  if (!SECURITY_MODES.includes(security as SecurityMode)) {
    throw new InvalidEntry(`security must be one of ${SECURITY_MODES.join(', ')}`);
  }
  const optional = {
    ehloName: field(record, 'ehloName', MAX_NAME_LENGTH, false),
    sni: field(record, 'sni', MAX_HOST_LENGTH, false),
    caFile: field(record, 'caFile', MAX_PATH_LENGTH, false),
    username: field(record, 'username', MAX_NAME_LENGTH, false),
  };
  return {
    name: field(record, 'name', MAX_CONNECTION_NAME_LENGTH, true)!.trim(),
    host: field(record, 'host', MAX_HOST_LENGTH, true)!.trim(),
    port,
    protocol: protocol as ProtocolId,
    security: security as SecurityMode,
    ...Object.fromEntries(Object.entries(optional).filter(([, text]) => text !== undefined)),
  };
}

/** Explains why `checkConnectionSettings` rejected a value, or returns null when it passes. */
export function connectionProblem(value: unknown): string | null {
  try {
    checkConnectionSettings(value);
    return null;
  } catch (error) {
    if (error instanceof InvalidEntry) {
      return error.message;
    }
    throw error;
  }
}

function checkStoredPassword(value: unknown): StoredPassword | undefined {
  if (value === undefined) {
    return undefined;
  }
  const record = value as Record<string, unknown> | null;
  if (record?.['scheme'] !== 'electron-safe-storage' || typeof record['data'] !== 'string') {
    throw new InvalidEntry('password is not an encrypted password record');
  }
  return { scheme: 'electron-safe-storage', data: record['data'] };
}

/**
 * Version 1 kept connections in an object keyed by their names, and called the EHLO name
 * `ehlo`. Version 2 keeps a list with an id per entry, so that two entries may share a name
 * and a rename keeps the entry, and adds the user name and the encrypted password.
 */
function migrateVersion1(document: Record<string, unknown>, newId: () => string): unknown[] {
  const byName = document['connections'];
  if (typeof byName !== 'object' || byName === null || Array.isArray(byName)) {
    throw new InvalidEntry('version 1 connections must be an object keyed by name');
  }
  return Object.entries(byName as Record<string, unknown>).map(([name, value]) => {
    const { ehlo, ...rest } = (value ?? {}) as Record<string, unknown>;
    return { ...rest, ...(ehlo === undefined ? {} : { ehloName: ehlo }), name, id: newId() };
  });
}

/**
 * Reads the saved-connections file, upgrading older versions. Any problem with the layout or
 * with one entry makes the whole file `damaged`, so the caller keeps it aside instead of
 * writing back a file that lost the entry. A file from a newer version is `newer`: it may be
 * fine, but this version must not rewrite it.
 */
export function parseConnectionsFile(text: string, newId: () => string): ParsedConnectionsFile {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      kind: 'damaged',
      problem: `it is not valid JSON (${(error as Error).message})`,
    };
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return { ok: false, kind: 'damaged', problem: 'it is not a JSON object' };
  }
  const record = document as Record<string, unknown>;
  if (record['format'] !== CONNECTIONS_FORMAT) {
    return { ok: false, kind: 'damaged', problem: `its format is not "${CONNECTIONS_FORMAT}"` };
  }
  const version = record['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, kind: 'damaged', problem: 'its version is not a positive whole number' };
  }
  if (version > CONNECTIONS_VERSION) {
    return {
      ok: false,
      kind: 'newer',
      problem: `it has version ${version}, written by a newer Mailtap; this one reads up to version ${CONNECTIONS_VERSION}`,
    };
  }

  try {
    const entries = version === 1 ? migrateVersion1(record, newId) : record['connections'];
    if (!Array.isArray(entries)) {
      throw new InvalidEntry('connections is not a list');
    }
    if (entries.length > MAX_CONNECTIONS) {
      throw new InvalidEntry(`it has more than ${MAX_CONNECTIONS} connections`);
    }
    const connections = entries.map((entry: unknown, index) => {
      try {
        const id = (entry as Record<string, unknown> | null)?.['id'];
        if (typeof id !== 'string' || id === '' || id.length > 64) {
          throw new InvalidEntry('id is missing');
        }
        const password = checkStoredPassword((entry as Record<string, unknown>)['password']);
        return {
          ...checkConnectionSettings(entry),
          id,
          ...(password === undefined ? {} : { password }),
        };
      } catch (error) {
        if (error instanceof InvalidEntry) {
          throw new InvalidEntry(`connection ${index + 1}: ${error.message}`);
        }
        throw error;
      }
    });
    return { ok: true, connections, fromVersion: version };
  } catch (error) {
    if (error instanceof InvalidEntry) {
      return { ok: false, kind: 'damaged', problem: error.message };
    }
    throw error;
  }
}

/** Writes the current file version; with `withPasswords` false it is the secret-free export. */
export function serializeConnections(
  connections: readonly StoredConnection[],
  withPasswords: boolean,
): string {
  const file: ConnectionsFile = {
    format: CONNECTIONS_FORMAT,
    version: CONNECTIONS_VERSION,
    connections: connections.map(({ password, ...settings }) =>
      withPasswords && password !== undefined ? { ...settings, password } : settings,
    ),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}
