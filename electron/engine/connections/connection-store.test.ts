import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { PasswordStorage } from '../../../shared/connections/connection-types';
import { createJsonLogger, silentLogger } from '../logger';
import { ConnectionStore, ConnectionStoreError, CONNECTIONS_FILE_NAME } from './connection-store';
import type { PasswordVault } from './password-vault';

let folder: string;
let file: string;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'mailtap-connections-'));
  file = path.join(folder, CONNECTIONS_FILE_NAME);
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const SUBMISSION = {
  name: 'Submission',
  host: 'mail.example.test',
  port: 587,
  protocol: 'smtp',
  security: 'starttls',
  ehloName: 'client.example.test',
} as const;

/** A reversible stand-in for safeStorage, so tests can see what would be stored. */
function fakeVault(storage: PasswordStorage): PasswordVault {
  return {
    storage: () => storage,
    encrypt: (password) => Buffer.from(password, 'utf8').reverse().toString('base64'),
    decrypt: (data) => Buffer.from(data, 'base64').reverse().toString('utf8'),
  };
}

async function errorCodeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectionStoreError) {
      return error.error.code;
    }
    throw error;
  }
  return 'no error';
}

describe('ConnectionStore', () => {
  it('saves, lists and deletes across instances', async () => {
    const store = new ConnectionStore(file, null, silentLogger);
    const saved = await store.save(SUBMISSION);
    expect(saved.connections).toHaveLength(1);
    const id = saved.connections[0]!.id;

    const reopened = new ConnectionStore(file, null, silentLogger);
    expect((await reopened.list()).connections).toEqual([
      { ...SUBMISSION, id, hasPassword: false },
    ]);
    await reopened.save({ ...SUBMISSION, id, name: 'Renamed' });
    expect((await reopened.list()).connections[0]!.name).toBe('Renamed');
    expect((await reopened.delete(id)).connections).toEqual([]);
    expect(await errorCodeOf(reopened.delete(id))).toBe('CONNECTION_NOT_FOUND');
  });

  it('writes a versioned file only the owner can read', async () => {
    await new ConnectionStore(file, null, silentLogger).save(SUBMISSION);
    const document = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    expect(document['format']).toBe('mailtap-connections');
    expect(document['version']).toBe(2);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('rejects an invalid connection', async () => {
    const store = new ConnectionStore(file, null, silentLogger);
    expect(await errorCodeOf(store.save({ ...SUBMISSION, port: 70000 }))).toBe(
      'CONNECTIONS_INVALID',
    );
    expect(await errorCodeOf(store.save({ ...SUBMISSION, host: ' ' }))).toBe('CONNECTIONS_INVALID');
  });

  it('migrates a version 1 file and keeps the old one', async () => {
    await writeFile(
      file,
      JSON.stringify({
        format: 'mailtap-connections',
        version: 1,
        connections: {
          Work: {
            host: 'mx.example.test',
            port: 25,
            protocol: 'smtp',
            security: 'starttls',
            ehlo: 'me.example.test',
          },
          Mailbox: { host: 'imap.example.test', port: 993, protocol: 'imap', security: 'tls' },
        },
      }),
    );
    const list = await new ConnectionStore(file, null, silentLogger).list();
    expect(list.problem).toBeNull();
    expect(list.connections.map((entry) => [entry.name, entry.ehloName])).toEqual([
      ['Work', 'me.example.test'],
      ['Mailbox', undefined],
    ]);
    const document = JSON.parse(await readFile(file, 'utf8')) as {
      version: number;
      connections: { id: string }[];
    };
    expect(document.version).toBe(2);
    expect(document.connections.every((entry) => entry.id.length > 0)).toBe(true);
    expect(
      (await readdir(folder)).some((name) => name.startsWith(`${CONNECTIONS_FILE_NAME}.v1-`)),
    ).toBe(true);
  });

  it.each([
    ['invalid JSON', '{"format": "mailtap-connections", '],
    ['a list', '[]'],
    ['another format', '{"format":"other","version":2,"connections":[]}'],
    [
      'a bad entry',
      '{"format":"mailtap-connections","version":2,"connections":[{"id":"a","name":"x","host":"h","port":0,"protocol":"smtp","security":"plain"}]}',
    ],
  ])('moves aside a file with %s and reports it', async (_name, text) => {
    await writeFile(file, text);
    const store = new ConnectionStore(file, null, silentLogger);
    const list = await store.list();
    expect(list.connections).toEqual([]);
    expect(list.problem).toMatch(/was damaged .* It was moved to .*connections\.json\.damaged-/);

    const aside = (await readdir(folder)).find((name) => name.includes('.damaged-'))!;
    expect(await readFile(path.join(folder, aside), 'utf8')).toBe(text);
    // Saving afterwards writes a new file and leaves the damaged copy untouched.
    await store.save(SUBMISSION);
    expect(await readFile(path.join(folder, aside), 'utf8')).toBe(text);
  });

  it('leaves a file from a newer version unchanged and read-only', async () => {
    const text = '{"format":"mailtap-connections","version":3,"connections":[]}';
    await writeFile(file, text);
    const store = new ConnectionStore(file, null, silentLogger);
    const list = await store.list();
    expect(list.writable).toBe(false);
    expect(list.problem).toMatch(/version 3/);
    expect(await errorCodeOf(store.save(SUBMISSION))).toBe('CONNECTIONS_READ_ONLY');
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('reports a write that fails and keeps the list as stored', async () => {
    // A folder where the temporary file should go makes the write fail, even for root.
    await mkdir(`${file}.${process.pid}.tmp`);
    const store = new ConnectionStore(file, null, silentLogger);
    expect(await errorCodeOf(store.save(SUBMISSION))).toBe('CONNECTIONS_WRITE_FAILED');
    expect((await store.list()).connections).toEqual([]);
  });

  it('turns read-only when the file cannot be read', async () => {
    const notAFolder = path.join(folder, 'not-a-folder');
    await writeFile(notAFolder, '');
    const store = new ConnectionStore(
      path.join(notAFolder, CONNECTIONS_FILE_NAME),
      null,
      silentLogger,
    );
    const list = await store.list();
    expect(list.writable).toBe(false);
    expect(list.problem).toMatch(/could not be read/);
    expect(await errorCodeOf(store.save(SUBMISSION))).toBe('CONNECTIONS_READ_ONLY');
  });
});

describe('ConnectionStore passwords', () => {
  it('stores no password in browser mode', async () => {
    const store = new ConnectionStore(file, null, silentLogger);
    expect((await store.list()).passwordStorage).toMatchObject({
      available: false,
      reason: 'browser-mode',
    });
    expect(await errorCodeOf(store.save({ ...SUBMISSION, password: 's3cret' }))).toBe(
      'PASSWORD_STORAGE_UNAVAILABLE',
    );
  });

  it('stores no password with the basic_text fallback', async () => {
    const vault = fakeVault({ available: false, reason: 'basic-text', detail: 'No keyring.' });
    const store = new ConnectionStore(file, vault, silentLogger);
    expect(await errorCodeOf(store.save({ ...SUBMISSION, password: 's3cret' }))).toBe(
      'PASSWORD_STORAGE_UNAVAILABLE',
    );
    expect((await store.list()).connections).toEqual([]);
  });

  it('encrypts a password and never lists or exports it', async () => {
    const vault = fakeVault({ available: true, backend: 'gnome_libsecret' });
    const store = new ConnectionStore(file, vault, silentLogger);
    const { connections } = await store.save({ ...SUBMISSION, password: 'Grüße-s3cret' });
    const id = connections[0]!.id;
    expect(connections[0]!.hasPassword).toBe(true);
    expect(await readFile(file, 'utf8')).not.toContain('s3cret');
    expect((await store.storedPassword(id)).password).toBe('Grüße-s3cret');

    // Saving without a password field keeps it; null forgets it.
    await store.save({ ...SUBMISSION, id, name: 'Renamed' });
    expect((await store.storedPassword(id)).password).toBe('Grüße-s3cret');
    const exported = await store.exportFile();
    expect(exported.content).not.toContain('password');
    await store.save({ ...SUBMISSION, id, password: null });
    expect(await errorCodeOf(store.storedPassword(id))).toBe('SAVED_PASSWORD_MISSING');
  });
});

describe('ConnectionStore storedPassword', () => {
  async function savedWithPassword(vault: PasswordVault): Promise<string> {
    const store = new ConnectionStore(file, vault, silentLogger);
    const { connections } = await store.save({ ...SUBMISSION, password: 'Grüße-s3cret' });
    return connections[0]!.id;
  }

  it('returns the connection with its password', async () => {
    const vault = fakeVault({ available: true, backend: 'kwallet' });
    const id = await savedWithPassword(vault);
    const store = new ConnectionStore(file, vault, silentLogger);
    const stored = await store.storedPassword(id);
    expect(stored.password).toBe('Grüße-s3cret');
    expect(stored.connection).toMatchObject({ id, host: SUBMISSION.host, hasPassword: true });
  });

  it('rejects an unknown connection', async () => {
    const store = new ConnectionStore(
      file,
      fakeVault({ available: true, backend: 'kwallet' }),
      silentLogger,
    );
    expect(await errorCodeOf(store.storedPassword('gone'))).toBe('CONNECTION_NOT_FOUND');
  });

  it('rejects a connection without a password', async () => {
    const store = new ConnectionStore(
      file,
      fakeVault({ available: true, backend: 'kwallet' }),
      silentLogger,
    );
    const { connections } = await store.save(SUBMISSION);
    expect(await errorCodeOf(store.storedPassword(connections[0]!.id))).toBe(
      'SAVED_PASSWORD_MISSING',
    );
  });

  it('rejects when decryption fails, without the ciphertext', async () => {
    const id = await savedWithPassword(fakeVault({ available: true, backend: 'kwallet' }));
    const lines: string[] = [];
    const logger = createJsonLogger((line) => lines.push(line), 'debug');
    const broken: PasswordVault = {
      ...fakeVault({ available: true, backend: 'kwallet' }),
      decrypt: () => {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage');
      },
    };
    const store = new ConnectionStore(file, broken, logger);
    expect(await errorCodeOf(store.storedPassword(id))).toBe('SAVED_PASSWORD_UNREADABLE');
    expect(lines.join('\n')).toContain(id);
    expect(lines.join('\n')).not.toContain('s3cret');
  });

  it.each([
    ['browser mode', null],
    [
      'a vault that lost its keyring',
      fakeVault({ available: false, reason: 'unavailable', detail: 'No keyring.' }),
    ],
  ])('rejects a stored password in %s', async (_name, vault) => {
    const id = await savedWithPassword(fakeVault({ available: true, backend: 'kwallet' }));
    const store = new ConnectionStore(file, vault, silentLogger);
    expect(await errorCodeOf(store.storedPassword(id))).toBe('SAVED_PASSWORD_UNREADABLE');
  });
});

describe('ConnectionStore import and export', () => {
  it('round-trips connections through an export', async () => {
    const source = new ConnectionStore(file, null, silentLogger);
    await source.save(SUBMISSION);
    await source.save({
      name: 'IMAP',
      host: 'imap.example.test',
      port: 143,
      protocol: 'imap',
      security: 'starttls',
      username: 'alice',
    });
    const exported = await source.exportFile(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)));
    expect(exported.fileName).toBe('mailtap-connections-20260102T030405Z.json');

    const target = new ConnectionStore(path.join(folder, 'other.json'), null, silentLogger);
    const result = await target.import(exported.content);
    expect([result.added, result.updated, result.skipped]).toEqual([2, 0, []]);
    const strip = ({ id: _id, ...rest }: { id: string }) => rest;
    expect(result.list.connections.map(strip)).toEqual(
      (await source.list()).connections.map(strip),
    );

    // Importing again updates the entries with the same names instead of adding copies.
    const again = await target.import(exported.content);
    expect([again.added, again.updated]).toEqual([0, 2]);
  });

  it('ignores passwords in an imported file', async () => {
    const vault = fakeVault({ available: true, backend: 'kwallet' });
    const store = new ConnectionStore(file, vault, silentLogger);
    const text = JSON.stringify({
      format: 'mailtap-connections',
      version: 2,
      connections: [
        { ...SUBMISSION, id: 'x', password: { scheme: 'electron-safe-storage', data: 'AAAA' } },
      ],
    });
    const result = await store.import(text);
    expect(result.list.connections[0]!.hasPassword).toBe(false);
  });

  it('rejects a damaged import without changing anything', async () => {
    const store = new ConnectionStore(file, null, silentLogger);
    await store.save(SUBMISSION);
    expect(await errorCodeOf(store.import('not json'))).toBe('CONNECTIONS_INVALID');
    expect((await store.list()).connections).toHaveLength(1);
  });
});
