import { afterEach, describe, expect, it, vi } from 'vitest';

import { describeError, ERROR_CATALOG, makeError } from '../../shared/errors';
import type { SessionOptions } from '../../shared/session';
import { EngineProbe, refusalOf } from './test-support/engine-probe';
import { startFakeServer, type FakeServer } from './test-support/fake-server';
import {
  startFakeMailServer,
  type FakeMailServer,
  type FakeMailServerOptions,
} from './test-support/fake-mail-server';
import { FIXTURE_HOST } from './test-support/tls-fixtures';
import type { TlsFixtures } from './test-support/tls-fixtures';
import { useTlsFixtures } from './test-support/tls-fixture-hooks';

/** Polling for a condition on a machine that runs other test suites at the same time. */
const WAIT = { timeout: 15_000, interval: 10 };

const fixtures = useTlsFixtures();
let probe: EngineProbe;
let server: FakeServer | FakeMailServer | null = null;

afterEach(async () => {
  probe?.dispose();
  await server?.close();
  server = null;
});

async function openMail(
  options: FakeMailServerOptions,
  security: SessionOptions['security'],
  extra: Partial<SessionOptions> = {},
): Promise<string> {
  probe = new EngineProbe();
  server = await startFakeMailServer(options);
  const { sessionId } = await probe.hub.open({
    host: '127.0.0.1',
    port: server.port,
    protocol: options.protocol,
    security,
    ehloName: 'client.mailtap.test',
    ...extra,
  });
  return sessionId;
}

/** Returns the warning that the session's certificate is not trusted. */
function untrustedNote(sessionId: string): string {
  return probe.notes(sessionId).find((note) => note.includes('NOT trusted')) ?? '';
}

describe('catalog sentences', () => {
  it.each([
    ['DNS_NOT_FOUND', /spelling|IP address/],
    ['DNS_TIMEOUT', /DNS servers|IP address/],
    ['TLS_HANDSHAKE_TIMEOUT', /STARTTLS|Plain/],
  ] as const)('%s says what to do next', (code, nextStep) => {
    expect(ERROR_CATALOG[code]).toMatch(nextStep);
  });

  it('brackets an IPv6 host before its port', () => {
    const error = makeError('CONNECT_REFUSED', { host: '::1', port: 2525, phase: 'connecting' });

    expect(describeError(error)).toContain('([::1]:2525, during connecting)');
  });

  it('keeps a bracketed IPv6 host as typed', () => {
    const error = makeError('CONNECT_REFUSED', { host: '[::1]', port: 2525, address: '::1' });

    expect(describeError(error)).toContain('([::1]:2525)');
  });
});

describe('session error wording', () => {
  it('reports a refused connection once', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(() => undefined);
    const port = server.port;
    await server.close();
    server = null;

    const { sessionId } = await probe.hub.open({
      host: '127.0.0.1',
      port,
      protocol: 'smtp',
      security: 'plain',
    });

    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error?.code).toBe('CONNECT_REFUSED');
    const mentions = probe.notes(sessionId).filter((note) => note.includes('ECONNREFUSED'));
    expect(mentions).toHaveLength(1);
  });

  it('says when the server listed no capabilities', async () => {
    const sessionId = await openMail({ protocol: 'smtp', capabilitiesBeforeTls: [] }, 'starttls');

    const state = await probe.waitForPhase(sessionId, 'closed');

    expect(state.error?.code).toBe('STARTTLS_NOT_OFFERED');
    expect(state.error?.message).toContain('listed no capabilities');
    expect(state.error?.message).not.toContain('Capabilities: .');
  });

  it('counts injected replies without "(ies)" or zero bytes', async () => {
    const sessionId = await openMail(
      { protocol: 'smtp', identity: fixtures.valid, starttls: { injectWithAnswer: '250 x\r\n' } },
      'starttls',
    );

    const state = await probe.waitForPhase(sessionId, 'closed');

    expect(state.error?.code).toBe('STARTTLS_INJECTION');
    expect(state.error?.message).toContain('1 more reply');
    expect(state.error?.message).not.toContain('(ies)');
    expect(state.error?.message).not.toContain('0 byte');
  });

  it('calls a FIN during the handshake a close, not a reset', async () => {
    const sessionId = await openMail(
      { protocol: 'smtp', starttls: { onClientHello: 'close' } },
      'starttls',
    );

    const state = await probe.waitForPhase(sessionId, 'closed');

    expect(state.error?.code).toBe('TLS_HANDSHAKE_FAILED');
    expect(state.error?.message).toContain('FIN');
    expect(state.error?.message).not.toMatch(/reset/i);
  });
});

describe('untrusted certificate wording', () => {
  async function openUntrusted(
    identity: keyof Pick<TlsFixtures, 'selfSigned' | 'unknownRoot' | 'wrongHost'>,
  ): Promise<string> {
    const sessionId = await openMail(
      { protocol: 'pop3', identity: fixtures[identity] },
      'starttls',
      { caPem: fixtures.caPem },
    );
    await probe.waitForPhase(sessionId, 'ready');
    return sessionId;
  }

  it.each(['selfSigned', 'unknownRoot'] as const)(
    'suggests the CA file for a %s certificate',
    async (identity) => {
      const sessionId = await openUntrusted(identity);

      await vi.waitFor(() => expect(untrustedNote(sessionId)).not.toBe(''), WAIT);
      expect(untrustedNote(sessionId)).toContain('set CA file');
    },
  );

  it('lists the certificate names and suggests SNI on a name mismatch', async () => {
    const sessionId = await openUntrusted('wrongHost');

    await vi.waitFor(() => expect(untrustedNote(sessionId)).not.toBe(''), WAIT);
    expect(untrustedNote(sessionId)).toContain('other.mailtap.test');
    expect(untrustedNote(sessionId)).toContain('set SNI');
  });

  it('names the problem in words when a credential is blocked', async () => {
    const sessionId = await openUntrusted('selfSigned');

    const error = refusalOf(probe.hub.sendLine(sessionId, 'PASS s3cret'));

    expect(error.code).toBe('CREDENTIALS_UNTRUSTED_CERTIFICATE');
    expect(error.message).toContain('self-signed');
    expect(error.message).toContain('set CA file');
    expect(error.message).not.toContain('..');
  });

  it('lists the names when a credential is blocked for a name mismatch', async () => {
    const sessionId = await openUntrusted('wrongHost');

    const error = refusalOf(probe.hub.sendLine(sessionId, 'PASS s3cret'));

    expect(error.message).toContain('other.mailtap.test');
    expect(error.message).not.toContain(FIXTURE_HOST);
    expect(error.message).not.toContain('..');
  });
});
