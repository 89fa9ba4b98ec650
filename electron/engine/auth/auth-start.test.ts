import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { PasswordStorage } from '../../../shared/connections/connection-types';
import type { ErrorCode } from '../../../shared/errors';
import type { AuthSettings, SecretSource } from '../../../shared/sasl/types';
import type { SessionOptions } from '../../../shared/session';
import { ConnectionStore, CONNECTIONS_FILE_NAME } from '../connections/connection-store';
import type { PasswordVault } from '../connections/password-vault';
import { createDispatcher } from '../dispatch';
import type { EngineServices } from '../feature-handlers';
import { createJsonLogger } from '../logger';
import { EngineProbe } from '../test-support/engine-probe';
import {
  startFakeMailServer,
  type FakeMailServer,
  type ServerIdentity,
} from '../test-support/fake-mail-server';
import { FIXTURE_HOST } from '../test-support/tls-fixtures';
import { useTlsFixtures } from '../test-support/tls-fixture-hooks';

const STORED_PASSWORD = 'Stored-pässword-42';
const KEYRING: PasswordStorage = { available: true, backend: 'gnome_libsecret' };
const SETTINGS: AuthSettings = {
  method: 'sasl',
  mechanism: 'PLAIN',
  initialResponse: true,
  authzid: '',
  username: 'alice',
  loginCharset: 'utf-8',
  tag: 'A1',
};

/** A reversible stand-in for safeStorage, which needs Electron, that counts its decryptions. */
class FakeVault implements PasswordVault {
  decryptions = 0;
  failDecrypt = false;
  available: PasswordStorage = KEYRING;

  storage(): PasswordStorage {
    return this.available;
  }
  encrypt(password: string): string {
    return Buffer.from(password, 'utf8').reverse().toString('base64');
  }
  decrypt(data: string): string {
    this.decryptions++;
    if (this.failDecrypt) {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage');
    }
    return Buffer.from(data, 'base64').reverse().toString('utf8');
  }
}

const fixtures = useTlsFixtures();
let folder: string;
let vault: FakeVault;
let store: ConnectionStore;
let probe: EngineProbe;
let server: FakeMailServer | null = null;
let logLines: string[];

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'mailtap-auth-start-'));
  vault = new FakeVault();
  logLines = [];
  const logger = createJsonLogger((line) => logLines.push(line), 'debug');
  store = new ConnectionStore(path.join(folder, CONNECTIONS_FILE_NAME), vault, logger);
  probe = new EngineProbe(logger);
});

afterEach(async () => {
  probe.dispose();
  await server?.close();
  server = null;
  await rm(folder, { recursive: true, force: true });
});

function plainBlob(password: string): string {
  return Buffer.from(`\0alice\0${password}`, 'utf8').toString('base64');
}

/** Saves a connection to the fake server; `changes` can point it elsewhere or drop the password. */
async function saveConnection(
  changes: { port?: number; password?: string | null } = {},
): Promise<string> {
  const { password = STORED_PASSWORD, port = server!.port } = changes;
  const list = await store.save({
    name: 'Fake submission',
    host: '127.0.0.1',
    port,
    protocol: 'smtp',
    security: 'plain',
    username: 'alice',
    ...(password === null ? {} : { password }),
  });
  return list.connections.at(-1)!.id;
}

async function openSession(
  identity: ServerIdentity | null,
  extra: Partial<SessionOptions> = {},
): Promise<string> {
  server = await startFakeMailServer({
    protocol: 'smtp',
    capabilitiesBeforeTls: ['PIPELINING', 'STARTTLS', 'AUTH PLAIN'],
    ...(identity === null ? {} : { identity }),
  });
  const { sessionId } = await probe.hub.open({
    host: '127.0.0.1',
    port: server.port,
    protocol: 'smtp',
    security: identity === null ? 'plain' : 'starttls',
    ehloName: 'client.mailtap.test',
    ...extra,
  });
  await probe.waitForPhase(sessionId, 'ready');
  return sessionId;
}

function dispatchAuth(
  sessionId: string,
  secretSource: SecretSource,
  services: EngineServices = { connections: store },
) {
  const logger = createJsonLogger((line) => logLines.push(line), 'debug');
  const dispatch = createDispatcher(probe.hub, logger, services);
  return dispatch('auth:start', { sessionId, request: { ...SETTINGS, secretSource } });
}

async function waitForOutcome(sessionId: string) {
  await vi.waitFor(() => {
    const state = probe.latest(sessionId)?.auth?.state;
    if (state === undefined || state === 'running') {
      throw new Error(`auth is ${state ?? 'not started'}`);
    }
  });
  return probe.latest(sessionId)!.auth!;
}

/** Everything sent toward the renderer, recorded, or logged, as one text. */
function everythingVisible(sessionId: string, ...extra: unknown[]): string {
  const entries = (probe.entries.get(sessionId) ?? []).filter((entry) => entry.kind !== 'server');
  const records = probe.hub
    .find(sessionId)!
    .transcriptRecords.filter((record) => record.kind !== 'server');
  return JSON.stringify([entries, records, probe.states.get(sessionId), logLines, extra]);
}

describe('auth:start with a saved connection', () => {
  it('logs in with the stored password', async () => {
    const sessionId = await openSession(null);
    const connectionId = await saveConnection();

    const envelope = await dispatchAuth(sessionId, { kind: 'saved-connection', connectionId });

    expect(envelope).toEqual({ ok: true, value: { sent: true } });
    expect((await waitForOutcome(sessionId)).state).toBe('succeeded');
    expect(server!.connections[0]!.plaintext).toContain(
      `AUTH PLAIN ${plainBlob(STORED_PASSWORD)}\r\n`,
    );
    expect(vault.decryptions).toBe(1);
  });

  it('keeps the stored password out of events, transcript and logs', async () => {
    const sessionId = await openSession(null);
    const connectionId = await saveConnection();

    const envelope = await dispatchAuth(sessionId, { kind: 'saved-connection', connectionId });
    await waitForOutcome(sessionId);

    const visible = everythingVisible(sessionId, envelope);
    expect(visible).toContain('AUTH PLAIN ********');
    expect(visible).not.toContain(STORED_PASSWORD);
    expect(visible).not.toContain(plainBlob(STORED_PASSWORD));
    expect(visible).not.toContain(Buffer.from(STORED_PASSWORD).toString('base64'));
    expect(logLines.join('')).toContain('auth helper uses a stored password');
  });

  const failures: readonly (readonly [string, ErrorCode, () => Promise<string>])[] = [
    ['an unknown connection', 'CONNECTION_NOT_FOUND', () => Promise.resolve('deleted-id')],
    [
      'a connection without a password',
      'SAVED_PASSWORD_MISSING',
      () => saveConnection({ password: null }),
    ],
    [
      'a failed decryption',
      'SAVED_PASSWORD_UNREADABLE',
      async () => {
        vault.failDecrypt = true;
        return saveConnection();
      },
    ],
    [
      'a keyring that went away',
      'SAVED_PASSWORD_UNREADABLE',
      async () => {
        const id = await saveConnection();
        vault.available = { available: false, reason: 'unavailable', detail: 'No keyring.' };
        return id;
      },
    ],
    [
      'a connection saved for another port',
      'SAVED_PASSWORD_WRONG_SERVER',
      () => saveConnection({ port: 1 }),
    ],
  ];

  it.each(failures)('rejects %s and keeps the session', async (_case, code, connectionFor) => {
    const sessionId = await openSession(null);
    const connectionId = await connectionFor();

    const envelope = await dispatchAuth(sessionId, { kind: 'saved-connection', connectionId });

    expect(envelope).toMatchObject({ ok: true, value: { sent: false, error: { code } } });
    expect(server!.connections[0]!.plaintext).not.toContain('AUTH');
    expect(everythingVisible(sessionId)).not.toContain(STORED_PASSWORD);

    // The session survives: a typed password still logs in.
    const typed = await dispatchAuth(sessionId, { kind: 'typed', secret: 'typed-s3cret' });
    expect(typed).toEqual({ ok: true, value: { sent: true } });
    expect((await waitForOutcome(sessionId)).state).toBe('succeeded');
    expect(probe.latest(sessionId)!.phase).toBe('ready');
  });

  it('rejects a stored password where the engine has no saved connections', async () => {
    const sessionId = await openSession(null);
    const connectionId = await saveConnection();

    const envelope = await dispatchAuth(sessionId, { kind: 'saved-connection', connectionId }, {});

    expect(envelope).toMatchObject({
      ok: true,
      value: { sent: false, error: { code: 'SAVED_PASSWORD_UNREADABLE' } },
    });
  });

  it('decrypts nothing until an untrusted certificate is accepted', async () => {
    const sessionId = await openSession(fixtures.selfSigned, {
      caPem: fixtures.caPem,
      verifyName: FIXTURE_HOST,
    });
    const connectionId = await saveConnection();
    const source: SecretSource = { kind: 'saved-connection', connectionId };

    const refused = await dispatchAuth(sessionId, source);

    expect(refused).toMatchObject({
      ok: true,
      value: { sent: false, error: { code: 'CREDENTIALS_UNTRUSTED_CERTIFICATE' } },
    });
    expect(vault.decryptions).toBe(0);

    const fingerprint = probe.latest(sessionId)!.tls!.leafFingerprint256!;
    probe.hub.acceptCertificate(sessionId, fingerprint);
    expect(await dispatchAuth(sessionId, source)).toEqual({ ok: true, value: { sent: true } });
    expect((await waitForOutcome(sessionId)).state).toBe('succeeded');
    expect(server!.connections[0]!.encrypted).toContain(plainBlob(STORED_PASSWORD));
    expect(everythingVisible(sessionId)).not.toContain(STORED_PASSWORD);
  });
});
