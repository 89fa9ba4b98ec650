import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { SECRET_MASK } from '../../shared/protocol/secrets';
import type { AuthProgress, AuthSettings } from '../../shared/sasl/types';
import type { SessionOptions } from '../../shared/session';
import { ConnectionStore, CONNECTIONS_FILE_NAME } from './connections/connection-store';
import type { PasswordVault } from './connections/password-vault';
import { createDispatcher } from './dispatch';
import { createJsonLogger } from './logger';
import { EngineProbe } from './test-support/engine-probe';
import { plainAuthBlob, rigOrSkipReason } from './test-support/rig';

const { rig, skipReason } = rigOrSkipReason();

let folder: string;
let probe: EngineProbe;
let logLines: string[];

/** A reversible stand-in for safeStorage, which needs Electron and a keyring. */
const VAULT: PasswordVault = {
  storage: () => ({ available: true, backend: 'gnome_libsecret' }),
  encrypt: (password) => Buffer.from(password, 'utf8').reverse().toString('base64'),
  decrypt: (data) => Buffer.from(data, 'base64').reverse().toString('utf8'),
};

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'mailtap-saved-password-'));
  logLines = [];
});

afterEach(async () => {
  probe?.dispose();
  await rm(folder, { recursive: true, force: true });
});

/**
 * Saves the rig user's password with the session's server, opens the session and runs the helper
 * with the stored password through the dispatcher, as both adapters do.
 */
async function loginWithStoredPassword(
  options: SessionOptions,
  settings: Partial<AuthSettings>,
): Promise<{ sessionId: string; auth: AuthProgress }> {
  const logger = createJsonLogger((line) => logLines.push(line), 'debug');
  const store = new ConnectionStore(path.join(folder, CONNECTIONS_FILE_NAME), VAULT, logger);
  const list = await store.save({
    name: 'Rig',
    host: options.host,
    port: options.port,
    protocol: options.protocol,
    security: options.security,
    username: rig!.user.login,
    password: rig!.user.password,
  });
  probe = new EngineProbe(logger);
  const { sessionId } = await probe.hub.open(options);
  await probe.waitForPhase(sessionId, 'ready');

  const dispatch = createDispatcher(probe.hub, logger, { connections: store });
  const request = {
    method: 'sasl',
    mechanism: 'PLAIN',
    initialResponse: true,
    authzid: '',
    username: rig!.user.login,
    loginCharset: 'utf-8',
    tag: 'A1',
    ...settings,
    secretSource: { kind: 'saved-connection', connectionId: list.connections[0]!.id },
  };
  const envelope = await dispatch('auth:start', { sessionId, request });
  expect(envelope).toEqual({ ok: true, value: { sent: true } });
  await vi.waitFor(
    () => {
      const state = probe.latest(sessionId)?.auth?.state;
      if (state === undefined || state === 'running') {
        throw new Error(`auth is ${state ?? 'not started'}:\n${probe.serverText(sessionId)}`);
      }
    },
    { timeout: 30_000, interval: 20 },
  );
  return { sessionId, auth: probe.latest(sessionId)!.auth! };
}

/** Fails when the password appears in the terminal entries, transcript, snapshots or logs. */
function expectNoSecret(sessionId: string): void {
  const password = rig!.user.password;
  const entries = (probe.entries.get(sessionId) ?? []).filter((entry) => entry.kind !== 'server');
  const transcript = probe.hub
    .find(sessionId)!
    .transcriptRecords.filter((record) => record.kind !== 'server');
  const everything = JSON.stringify([entries, transcript, probe.states.get(sessionId), logLines]);
  expect(everything).not.toContain(password);
  expect(everything).not.toContain(Buffer.from(password).toString('base64'));
  expect(everything).not.toContain(plainAuthBlob(rig!.user.login, password));
}

describe.skipIf(rig === null)(
  `stored password against the rig${rig === null ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it('logs in to Postfix with SCRAM-SHA-256', async () => {
      const { sessionId, auth } = await loginWithStoredPassword(
        {
          host: rig!.host,
          port: rig!.ports.submission,
          protocol: 'smtp',
          security: 'starttls',
          ehloName: 'client.mailtap.test',
          caFile: rig!.caFile,
        },
        { mechanism: 'SCRAM-SHA-256' },
      );
      expect(auth.state).toBe('succeeded');
      expect(auth.finalReply).toMatch(/^235 2\.7\.0 /);
      expect(auth.serverSignature).toBe('verified');
      expectNoSecret(sessionId);
    });

    it('logs in to Dovecot with IMAP LOGIN and a literal', async () => {
      const { sessionId, auth } = await loginWithStoredPassword(
        {
          host: rig!.host,
          port: rig!.ports.imap,
          protocol: 'imap',
          security: 'starttls',
          caFile: rig!.caFile,
        },
        { method: 'imap-login' },
      );
      const size = Buffer.byteLength(rig!.user.password);
      expect(auth.state).toBe('succeeded');
      expect(auth.sentLines).toEqual([`A1 LOGIN "${rig!.user.login}" {${size}+}`, SECRET_MASK]);
      expectNoSecret(sessionId);
    });
  },
);
