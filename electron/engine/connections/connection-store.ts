import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import {
  checkConnectionSettings,
  connectionProblem,
  CONNECTIONS_VERSION,
  MAX_CONNECTIONS,
  parseConnectionsFile,
  serializeConnections,
  type StoredConnection,
} from '../../../shared/connections/connections-file';
import type {
  ConnectionImportResult,
  ConnectionInput,
  ConnectionList,
  PasswordStorage,
  SavedConnection,
} from '../../../shared/connections/connection-types';
import { makeError, type ErrorCode, type MailtapError } from '../../../shared/errors';
import type { ExportedFile } from '../../../shared/transcript';
import type { Logger } from '../logger';
import { BROWSER_MODE_STORAGE, type PasswordVault } from './password-vault';

export const CONNECTIONS_FILE_NAME = 'connections.json';

/** A failed request about saved connections, carrying its catalog error. */
export class ConnectionStoreError extends Error {
  constructor(readonly error: MailtapError) {
    super(error.message);
  }
}

function fail(code: ErrorCode, detail: string): never {
  throw new ConnectionStoreError(makeError(code, { detail }));
}

function timestamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

function viewOf(connection: StoredConnection): SavedConnection {
  const { password, ...settings } = connection;
  return { ...settings, hasPassword: password !== undefined };
}

/**
 * The saved connections in one versioned JSON file, read once on first use. A damaged file is
 * renamed aside and reported, never overwritten. A file from a newer version is left alone and
 * makes the store read-only. Writes go to a temporary file that replaces the old one in one
 * rename, so a crash leaves either file whole.
 */
export class ConnectionStore {
  private connections: StoredConnection[] = [];
  private loaded: Promise<void> | null = null;
  private problem: string | null = null;
  private writable = true;
  /** Requests run one at a time, so two saves never interleave their read and write. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly vault: PasswordVault | null,
    private readonly logger: Logger,
  ) {}

  list(): Promise<ConnectionList> {
    return this.serialized(() => this.snapshot());
  }

  save(input: ConnectionInput): Promise<ConnectionList> {
    return this.serialized(async () => {
      this.requireWritable();
      const problem = connectionProblem(input);
      if (problem !== null) {
        fail('CONNECTIONS_INVALID', `The connection cannot be saved: ${problem}.`);
      }
      const settings = checkConnectionSettings(input);
      const existing =
        input.id === undefined
          ? undefined
          : this.connections.find((entry) => entry.id === input.id);
      if (input.id !== undefined && existing === undefined) {
        fail('CONNECTION_NOT_FOUND', `No saved connection has id ${input.id}.`);
      }
      if (existing === undefined && this.connections.length >= MAX_CONNECTIONS) {
        fail('CONNECTIONS_INVALID', `At most ${MAX_CONNECTIONS} connections can be saved.`);
      }

      let password = existing?.password;
      if (input.password === null) {
        password = undefined;
      } else if (input.password !== undefined) {
        password = { scheme: 'electron-safe-storage', data: this.encrypt(input.password) };
      }
      const entry: StoredConnection = {
        ...settings,
        id: existing?.id ?? randomUUID(),
        ...(password === undefined ? {} : { password }),
      };
      await this.write(
        existing === undefined
          ? [...this.connections, entry]
          : this.connections.map((connection) => (connection.id === entry.id ? entry : connection)),
      );
      return this.snapshot();
    });
  }

  delete(id: string): Promise<ConnectionList> {
    return this.serialized(async () => {
      this.requireWritable();
      if (!this.connections.some((entry) => entry.id === id)) {
        fail('CONNECTION_NOT_FOUND', `No saved connection has id ${id}.`);
      }
      await this.write(this.connections.filter((entry) => entry.id !== id));
      return this.snapshot();
    });
  }

  /** Returns the connections as a file to share: the same layout, never with passwords. */
  exportFile(now = new Date()): Promise<ExportedFile> {
    return this.serialized(() => ({
      fileName: `mailtap-connections-${timestamp(now)}.json`,
      mediaType: 'application/json',
      content: serializeConnections(this.connections, false),
    }));
  }

  /**
   * Adds the connections of an exported file. An entry with the id, or else the name, of a saved
   * one updates it and keeps its stored password. Passwords in the file are ignored.
   */
  import(content: string): Promise<ConnectionImportResult> {
    return this.serialized(async () => {
      this.requireWritable();
      const parsed = parseConnectionsFile(content, randomUUID);
      if (!parsed.ok) {
        fail('CONNECTIONS_INVALID', `The file cannot be imported: ${parsed.problem}.`);
      }
      let added = 0;
      let updated = 0;
      const skipped: string[] = [];
      const connections = [...this.connections];
      for (const incoming of parsed.connections) {
        const { password: _ignored, ...settings } = incoming;
        const index = connections.findIndex(
          (entry) => entry.id === incoming.id || entry.name === incoming.name,
        );
        if (index >= 0) {
          const kept = connections[index]!;
          connections[index] = {
            ...settings,
            id: kept.id,
            ...(kept.password === undefined ? {} : { password: kept.password }),
          };
          updated++;
        } else if (connections.length >= MAX_CONNECTIONS) {
          skipped.push(`"${incoming.name}": at most ${MAX_CONNECTIONS} connections can be saved.`);
        } else {
          connections.push({ ...settings, id: randomUUID() });
          added++;
        }
      }
      await this.write(connections);
      return { list: this.snapshot(), added, updated, skipped };
    });
  }

  /**
   * Returns a saved connection with its decrypted password, for a login that the engine runs in
   * this process. Throws ConnectionStoreError when the connection is unknown, has no password,
   * or the password cannot be decrypted. The error names the connection, not the password.
   */
  storedPassword(id: string): Promise<{ connection: SavedConnection; password: string }> {
    return this.serialized(() => {
      const entry = this.connections.find((connection) => connection.id === id);
      if (entry === undefined) {
        fail(
          'CONNECTION_NOT_FOUND',
          `No saved connection has id ${id}. Type the password instead.`,
        );
      }
      if (entry.password === undefined) {
        fail('SAVED_PASSWORD_MISSING', `Connection: "${entry.name}".`);
      }
      const storage = this.passwordStorage();
      if (!storage.available || this.vault === null) {
        fail('SAVED_PASSWORD_UNREADABLE', storage.available ? '' : storage.detail);
      }
      const password = this.decrypt(entry, entry.password.data, this.vault);
      return { connection: viewOf(entry), password };
    });
  }

  private decrypt(entry: StoredConnection, data: string, vault: PasswordVault): string {
    try {
      return vault.decrypt(data);
    } catch (error) {
      // The vault's message names the failure, never the plaintext, so it is safe to log.
      this.logger.warn('decrypting a stored password failed', {
        connection: entry.id,
        error: String(error),
      });
      const reason = error instanceof Error ? error.message : String(error);
      fail('SAVED_PASSWORD_UNREADABLE', `Connection "${entry.name}": ${reason}.`);
    }
  }

  private passwordStorage(): PasswordStorage {
    return this.vault?.storage() ?? BROWSER_MODE_STORAGE;
  }

  private encrypt(password: string): string {
    const storage = this.passwordStorage();
    if (!storage.available || this.vault === null) {
      fail('PASSWORD_STORAGE_UNAVAILABLE', storage.available ? '' : storage.detail);
    }
    return this.vault.encrypt(password);
  }

  private snapshot(): ConnectionList {
    return {
      connections: this.connections.map(viewOf),
      passwordStorage: this.passwordStorage(),
      file: this.file,
      problem: this.problem,
      writable: this.writable,
    };
  }

  private requireWritable(): void {
    if (!this.writable) {
      fail('CONNECTIONS_READ_ONLY', this.problem ?? `${this.file} cannot be written.`);
    }
  }

  private serialized<T>(operation: () => T | Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      await this.load();
      return operation();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private load(): Promise<void> {
    this.loaded ??= this.readFile();
    return this.loaded;
  }

  private async readFile(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return;
      }
      this.writable = false;
      this.problem = `${this.file} could not be read (${(error as Error).message}), so saving is disabled to keep it intact.`;
      this.logger.warn('connections file unreadable', { file: this.file, error: String(error) });
      return;
    }

    const parsed = parseConnectionsFile(text, randomUUID);
    if (parsed.ok) {
      this.connections = parsed.connections;
      if (parsed.fromVersion < CONNECTIONS_VERSION) {
        // The old file stays beside the new one, so a downgrade can still read it.
        const aside = await this.keepAside(`v${parsed.fromVersion}`);
        await this.write(parsed.connections);
        this.logger.info('connections file migrated', {
          file: this.file,
          fromVersion: parsed.fromVersion,
          oldFile: aside,
        });
      }
      return;
    }
    if (parsed.kind === 'newer') {
      this.writable = false;
      this.problem = `${this.file} was not loaded because ${parsed.problem}. It is left unchanged and saving is disabled.`;
      this.logger.warn('connections file from a newer version', { file: this.file });
      return;
    }
    const aside = await this.keepAside('damaged');
    this.problem = `${this.file} was damaged (${parsed.problem}). It was moved to ${aside}; the list starts empty.`;
    this.logger.warn('connections file damaged', { file: this.file, movedTo: aside });
  }

  /** Renames the current file next to itself with a suffix and returns the new path. */
  private async keepAside(suffix: string): Promise<string> {
    const aside = `${this.file}.${suffix}-${timestamp(new Date())}`;
    await rename(this.file, aside);
    return aside;
  }

  /** Writes the list and adopts it; on failure the list in memory stays as the file has it. */
  private async write(connections: StoredConnection[]): Promise<void> {
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      await writeFile(temporary, serializeConnections(connections, true), { mode: 0o600 });
      await rename(temporary, this.file);
    } catch (error) {
      this.logger.error('writing connections failed', { file: this.file, error: String(error) });
      fail(
        'CONNECTIONS_WRITE_FAILED',
        `${this.file}: ${(error as Error).message}. Check that the folder is writable.`,
      );
    }
    this.connections = connections;
  }
}
