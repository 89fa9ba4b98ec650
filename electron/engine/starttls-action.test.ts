import { afterEach, describe, expect, it, vi } from 'vitest';

import { ERROR_CATALOG } from '../../shared/errors';
import type { SessionOptions } from '../../shared/session';
import { EngineProbe, refusalOf } from './test-support/engine-probe';
import {
  startFakeMailServer,
  type FakeMailServer,
  type FakeMailServerOptions,
} from './test-support/fake-mail-server';
import { useTlsFixtures } from './test-support/tls-fixture-hooks';

/** Polling for a condition on a machine that runs other test suites at the same time. */
const WAIT = { timeout: 15_000, interval: 10 };

const fixtures = useTlsFixtures();
let probe: EngineProbe;
let server: FakeMailServer | null = null;

afterEach(async () => {
  probe?.dispose();
  await server?.close();
  server = null;
});

/** Opens a plain session to a fake server and waits until it is ready. */
async function openPlain(
  options: Omit<FakeMailServerOptions, 'identity'>,
  extra: Partial<SessionOptions> = {},
): Promise<string> {
  probe = new EngineProbe();
  server = await startFakeMailServer({ identity: fixtures.valid, ...options });
  const { sessionId } = await probe.hub.open({
    host: '127.0.0.1',
    port: server.port,
    protocol: options.protocol,
    security: 'plain',
    ehloName: 'client.mailtap.test',
    caPem: fixtures.caPem,
    ...extra,
  });
  await probe.waitForPhase(sessionId, 'ready');
  return sessionId;
}

function plaintextOf(): string {
  return server!.connections[0]!.plaintext;
}

describe('STARTTLS action', () => {
  it('runs EHLO, STARTTLS and EHLO on plain SMTP', async () => {
    const sessionId = await openPlain({ protocol: 'smtp' });

    expect(probe.hub.requestStarttls(sessionId)).toEqual({ sent: true });

    await vi.waitFor(
      () => expect(probe.latest(sessionId)?.capabilities?.underTls).toBe(true),
      WAIT,
    );
    expect(plaintextOf()).toBe('EHLO client.mailtap.test\r\nSTARTTLS\r\n');
    expect(server!.connections[0]!.encrypted).toBe('EHLO client.mailtap.test\r\n');
    const state = probe.latest(sessionId)!;
    expect(state.phase).toBe('ready');
    expect(state.tls?.viaStarttls).toBe(true);
    expect(state.capabilities?.keywords).toContain('AUTH PLAIN LOGIN');
  });

  it('skips EHLO when capabilities are known', async () => {
    const sessionId = await openPlain({ protocol: 'smtp' });
    probe.hub.sendLine(sessionId, 'EHLO typed.mailtap.test');
    await vi.waitFor(() => expect(probe.latest(sessionId)?.capabilities).not.toBeNull(), WAIT);

    expect(probe.hub.requestStarttls(sessionId)).toEqual({ sent: true });

    await vi.waitFor(
      () => expect(probe.latest(sessionId)?.capabilities?.underTls).toBe(true),
      WAIT,
    );
    expect(plaintextOf()).toBe('EHLO typed.mailtap.test\r\nSTARTTLS\r\n');
  });

  it.each([
    ['imap', /^MT\d+ CAPABILITY\r\nMT\d+ STARTTLS\r\n$/, /^MT\d+ CAPABILITY\r\n$/],
    ['pop3', /^CAPA\r\nSTLS\r\n$/, /^CAPA\r\n$/],
  ] as const)('runs the %s dialogue', async (protocol, plaintext, encrypted) => {
    const sessionId = await openPlain({ protocol });

    expect(probe.hub.requestStarttls(sessionId)).toEqual({ sent: true });

    await vi.waitFor(
      () => expect(probe.latest(sessionId)?.capabilities?.underTls).toBe(true),
      WAIT,
    );
    expect(plaintextOf()).toMatch(plaintext);
    expect(server!.connections[0]!.encrypted).toMatch(encrypted);
  });

  it('keeps the session open when STARTTLS is refused', async () => {
    const sessionId = await openPlain({
      protocol: 'smtp',
      starttls: { answer: '454 4.7.0 TLS not available due to local problem' },
    });

    expect(probe.hub.requestStarttls(sessionId)).toEqual({ sent: true });

    await vi.waitFor(
      () => expect(probe.notes(sessionId).join('\n')).toMatch(/refused STARTTLS/),
      WAIT,
    );
    const state = probe.latest(sessionId)!;
    expect(state.phase).toBe('ready');
    expect(state.upgrading).toBe(false);
    expect(state.tls).toBeNull();
    expect(probe.hub.sendLine(sessionId, 'NOOP')).toEqual({ sent: true });
    const credential = probe.hub.sendLine(sessionId, 'AUTH PLAIN AGFsaWNlAHMzY3JldA==');
    expect(refusalOf(credential).code).toBe('CREDENTIALS_NEED_TLS');
  });

  it('keeps the session open when STARTTLS is not offered', async () => {
    const sessionId = await openPlain({ protocol: 'smtp', capabilitiesBeforeTls: [] });

    expect(probe.hub.requestStarttls(sessionId)).toEqual({ sent: true });

    await vi.waitFor(
      () => expect(probe.notes(sessionId).join('\n')).toContain('STARTTLS_NOT_OFFERED'),
      WAIT,
    );
    expect(probe.latest(sessionId)?.phase).toBe('ready');
    expect(plaintextOf()).toBe('EHLO client.mailtap.test\r\n');
    const credential = probe.hub.sendLine(sessionId, 'AUTH PLAIN AGFsaWNlAHMzY3JldA==');
    expect(refusalOf(credential).code).toBe('CREDENTIALS_NEED_TLS');
  });

  it('rejects at once when known capabilities lack STARTTLS', async () => {
    const sessionId = await openPlain({ protocol: 'smtp', capabilitiesBeforeTls: ['PIPELINING'] });
    probe.hub.sendLine(sessionId, 'EHLO typed.mailtap.test');
    await vi.waitFor(() => expect(probe.latest(sessionId)?.capabilities).not.toBeNull(), WAIT);

    const result = probe.hub.requestStarttls(sessionId);

    const error = refusalOf(result);
    expect(error.code).toBe('STARTTLS_NOT_OFFERED');
    expect(error.message).toContain('PIPELINING');
    expect(probe.latest(sessionId)?.phase).toBe('ready');
  });

  it('still closes the session on an injection', async () => {
    const sessionId = await openPlain({
      protocol: 'smtp',
      starttls: { injectWithAnswer: '250-injected\r\n' },
    });

    probe.hub.requestStarttls(sessionId);

    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error?.code).toBe('STARTTLS_INJECTION');
  });

  it('notes the start of the TLS handshake', async () => {
    const sessionId = await openPlain({ protocol: 'smtp', starttls: { onClientHello: 'silence' } });

    probe.hub.requestStarttls(sessionId);

    await vi.waitFor(() => expect(probe.latest(sessionId)?.phase).toBe('tls-handshake'), WAIT);
    await vi.waitFor(
      () => expect(probe.notes(sessionId)).toContain('Starting TLS handshake…'),
      WAIT,
    );
  });

  it('rejects typed lines while the dialogue runs', async () => {
    const sessionId = await openPlain({ protocol: 'smtp', starttls: { onClientHello: 'silence' } });

    probe.hub.requestStarttls(sessionId);
    const typed = probe.hub.sendLine(sessionId, 'MAIL FROM:<alice@example.test>');

    const error = refusalOf(typed);
    expect(error.code).toBe('INPUT_HELD_FOR_STARTTLS');
    expect(error.message).toMatch(/nothing was sent/i);
    expect(error.message).not.toMatch(/is held/);
    await vi.waitFor(() => expect(probe.latest(sessionId)?.phase).toBe('tls-handshake'), WAIT);
    expect(plaintextOf()).not.toContain('MAIL FROM');
  });
});

describe('input held for STARTTLS', () => {
  it('says the input was not sent and what to do', () => {
    const sentence = ERROR_CATALOG.INPUT_HELD_FOR_STARTTLS;
    expect(sentence).toMatch(/nothing was sent/i);
    expect(sentence).toMatch(/once TLS is up/);
  });
});
