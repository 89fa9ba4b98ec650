import { afterEach, describe, expect, it, vi } from 'vitest';

import { SECRET_MASK } from '../../shared/protocol/secrets';
import type { AuthProgress, AuthRequest } from '../../shared/sasl/types';
import type { SessionOptions } from '../../shared/session';
import { createDispatcher } from './dispatch';
import { createJsonLogger } from './logger';
import { EngineProbe } from './test-support/engine-probe';
import { rigOrSkipReason } from './test-support/rig';

const { rig, skipReason } = rigOrSkipReason();
const WRONG_PASSWORD = 'Wrong-pässword-42';

let probe: EngineProbe;
let logLines: string[] = [];

afterEach(() => probe?.dispose());

function request(changes: Partial<AuthRequest>): AuthRequest {
  return {
    method: 'sasl',
    mechanism: 'PLAIN',
    initialResponse: true,
    authzid: '',
    username: rig!.user.login,
    secret: rig!.user.password,
    loginCharset: 'utf-8',
    tag: 'A1',
    ...changes,
  };
}

async function openReady(options: SessionOptions): Promise<string> {
  logLines = [];
  probe = new EngineProbe(createJsonLogger((line) => logLines.push(line), 'debug'));
  const { sessionId } = await probe.hub.open(options);
  await probe.waitForPhase(sessionId, 'ready');
  return sessionId;
}

/**
 * Starts the helper through the dispatcher, as both adapters do, and waits for its outcome.
 * The new exchange is `running` as soon as the request returns, so an earlier outcome cannot
 * satisfy the wait. Dovecot delays a refusal by a few seconds.
 */
async function authenticate(sessionId: string, auth: AuthRequest): Promise<AuthProgress> {
  const dispatch = createDispatcher(
    probe.hub,
    createJsonLogger((line) => logLines.push(line)),
  );
  const { secret, ...settings } = auth;
  const request = { ...settings, secretSource: { kind: 'typed', secret } };
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
  return probe.latest(sessionId)!.auth!;
}

/**
 * Tries a wrong password, checks that the refusal is shown and explained, then logs in with the
 * right one in the same session. The success also resets Dovecot's growing delay for failures
 * from this address, which would otherwise slow every later test.
 */
async function refuseThenAccept(
  sessionId: string,
  changes: Partial<AuthRequest>,
  refusal: RegExp,
  acceptance: RegExp,
): Promise<void> {
  const wrong = await authenticate(sessionId, request({ ...changes, secret: WRONG_PASSWORD }));
  expect(wrong.state).toBe('failed');
  expect(wrong.finalReply).toMatch(refusal);
  expect(wrong.explanation).toContain('rejected the credentials');
  expect(probe.notes(sessionId).join('\n')).toContain('rejected the credentials');

  const right = await authenticate(sessionId, request(changes));
  expect(right.state).toBe('succeeded');
  expect(right.finalReply).toMatch(acceptance);
  expectNoSecret(sessionId, WRONG_PASSWORD, rig!.user.password);
}

/** Fails when a password appears in the terminal entries, transcript, snapshots or logs. */
function expectNoSecret(sessionId: string, ...secrets: string[]): void {
  const entries = (probe.entries.get(sessionId) ?? []).filter((entry) => entry.kind !== 'server');
  const transcript = probe.hub
    .find(sessionId)!
    .transcriptRecords.filter((record) => record.kind !== 'server');
  const everything = JSON.stringify([entries, transcript, probe.states.get(sessionId), logLines]);
  for (const secret of secrets) {
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(Buffer.from(secret).toString('base64'));
  }
}

function postfixSubmission(): SessionOptions {
  return {
    host: rig!.host,
    port: rig!.ports.submission,
    protocol: 'smtp',
    security: 'starttls',
    ehloName: 'client.mailtap.test',
    caFile: rig!.caFile,
  };
}

function dovecot(protocol: 'imap' | 'pop3'): SessionOptions {
  const port = protocol === 'imap' ? rig!.ports.imap : rig!.ports.pop3;
  return { host: rig!.host, port, protocol, security: 'starttls', caFile: rig!.caFile };
}

describe.skipIf(rig === null)(
  `auth helper against Postfix${rig === null ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const cases: readonly { name: string; changes: Partial<AuthRequest> }[] = [
      { name: 'AUTH PLAIN with an initial response', changes: { mechanism: 'PLAIN' } },
      { name: 'AUTH LOGIN in two steps', changes: { mechanism: 'LOGIN', initialResponse: false } },
      { name: 'AUTH CRAM-MD5', changes: { mechanism: 'CRAM-MD5' } },
      { name: 'AUTH SCRAM-SHA-256', changes: { mechanism: 'SCRAM-SHA-256' } },
    ];

    it.each(cases)('refuses a wrong password, then logs in with $name', async ({ changes }) => {
      const sessionId = await openReady(postfixSubmission());
      await refuseThenAccept(sessionId, changes, /^535 5\.7\.8 /, /^235 2\.7\.0 /);
    });

    it('shows each LOGIN prompt decoded in the progress', async () => {
      const sessionId = await openReady(postfixSubmission());
      const auth = await authenticate(
        sessionId,
        request({ mechanism: 'LOGIN', initialResponse: false }),
      );
      expect(auth.state).toBe('succeeded');
      expect(auth.sentLines).toEqual(['AUTH LOGIN', SECRET_MASK, SECRET_MASK]);
      expect(auth.lastChallenge?.text).toBe('Password:');
    });
  },
);

describe.skipIf(rig === null)(
  `auth helper against Dovecot IMAP${rig === null ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const cases: readonly { name: string; changes: Partial<AuthRequest> }[] = [
      { name: 'AUTHENTICATE PLAIN with SASL-IR', changes: { mechanism: 'PLAIN' } },
      {
        name: 'AUTHENTICATE PLAIN without SASL-IR',
        changes: { mechanism: 'PLAIN', initialResponse: false },
      },
      { name: 'AUTHENTICATE LOGIN', changes: { mechanism: 'LOGIN', initialResponse: false } },
      { name: 'AUTHENTICATE CRAM-MD5', changes: { mechanism: 'CRAM-MD5' } },
      { name: 'AUTHENTICATE SCRAM-SHA-1', changes: { mechanism: 'SCRAM-SHA-1' } },
      { name: 'AUTHENTICATE SCRAM-SHA-256', changes: { mechanism: 'SCRAM-SHA-256' } },
      { name: 'LOGIN with a literal password', changes: { method: 'imap-login' } },
    ];

    it.each(cases)('refuses a wrong password, then logs in with $name', async ({ changes }) => {
      const sessionId = await openReady(dovecot('imap'));
      await refuseThenAccept(
        sessionId,
        { ...changes, tag: 'A1' },
        /^A1 NO \[AUTHENTICATIONFAILED\]/,
        /^A1 OK /,
      );
    });

    it('verifies the SCRAM server signature', async () => {
      const sessionId = await openReady(dovecot('imap'));
      const auth = await authenticate(sessionId, request({ mechanism: 'SCRAM-SHA-256' }));
      expect(auth.serverSignature).toBe('verified');
      expect(probe.notes(sessionId).join('\n')).toContain('server signature is valid');
    });

    it('sends the non-ASCII password as a literal and masks it', async () => {
      const sessionId = await openReady(dovecot('imap'));
      const auth = await authenticate(sessionId, request({ method: 'imap-login' }));
      const size = Buffer.byteLength(rig!.user.password);
      // Dovecot offers LITERAL+, so the literal needs no go-ahead.
      expect(auth.sentLines).toEqual([`A1 LOGIN "${rig!.user.login}" {${size}+}`, SECRET_MASK]);
      expect(auth.state).toBe('succeeded');
    });
  },
);

describe.skipIf(rig === null)(
  `auth helper against Dovecot POP3${rig === null ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const cases: readonly { name: string; changes: Partial<AuthRequest> }[] = [
      { name: 'APOP', changes: { method: 'pop3-apop' } },
      { name: 'USER and PASS', changes: { method: 'pop3-user' } },
      { name: 'AUTH PLAIN', changes: { mechanism: 'PLAIN' } },
    ];

    it.each(cases)('refuses a wrong password, then logs in with $name', async ({ changes }) => {
      const sessionId = await openReady(dovecot('pop3'));
      await refuseThenAccept(
        sessionId,
        changes,
        /^-ERR \[AUTH\] Authentication failed/,
        /^\+OK Logged in/,
      );
    });
  },
);
