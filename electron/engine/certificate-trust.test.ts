import tls from 'node:tls';

import { afterEach, describe, expect, it, vi } from 'vitest';

import type { SessionOptions } from '../../shared/session';
import { RequestRejected } from './session-hub';
import { EngineProbe, refusalOf } from './test-support/engine-probe';
import {
  startFakeMailServer,
  type FakeMailServer,
  type ServerIdentity,
} from './test-support/fake-mail-server';
import { FIXTURE_HOST } from './test-support/tls-fixtures';
import { useTlsFixtures } from './test-support/tls-fixture-hooks';

const AUTH_LINE = 'AUTH PLAIN AGFsaWNlAHMzY3JldA==';
const AUTH_SECRET = 'AGFsaWNlAHMzY3JldA==';

const fixtures = useTlsFixtures();
let probe: EngineProbe;
let server: FakeMailServer | null = null;
let legacyServer: tls.Server | null = null;

afterEach(async () => {
  probe?.dispose();
  await server?.close();
  server = null;
  await new Promise<void>((resolve) =>
    legacyServer ? legacyServer.close(() => resolve()) : resolve(),
  );
  legacyServer = null;
});

async function openSmtp(
  identity: ServerIdentity,
  extra: Partial<SessionOptions> = {},
  host = '127.0.0.1',
): Promise<string> {
  probe = new EngineProbe();
  server = await startFakeMailServer({ protocol: 'smtp', identity, host });
  const snapshot = await probe.hub.open({
    host: host.includes(':') ? `[${host}]` : host,
    port: server.port,
    protocol: 'smtp',
    security: 'starttls',
    ehloName: 'client.mailtap.test',
    caPem: fixtures.caPem,
    verifyName: FIXTURE_HOST,
    ...extra,
  });
  return snapshot.sessionId;
}

describe('untrusted certificate after STARTTLS', () => {
  it.each([
    ['self-signed', () => fixtures.selfSigned, 'DEPTH_ZERO_SELF_SIGNED_CERT', false],
    ['unknown root', () => fixtures.unknownRoot, 'SELF_SIGNED_CERT_IN_CHAIN', false],
    ['wrong host', () => fixtures.wrongHost, null, true],
    ['expired', () => fixtures.expired, 'CERT_HAS_EXPIRED', false],
  ] as const)(
    '%s: reports why and sends no credential',
    async (_name, identity, chainError, nameFails) => {
      const sessionId = await openSmtp(identity());
      const state = await probe.waitForPhase(sessionId, 'ready');

      expect(state.tls?.trusted).toBe(false);
      expect(state.tls?.chainError).toBe(chainError);
      expect(state.tls?.nameError !== null).toBe(nameFails);
      expect(probe.notes(sessionId).join('\n')).toMatch(/Certificate NOT trusted/);

      const refused = probe.hub.sendLine(sessionId, AUTH_LINE);
      expect(refusalOf(refused).code).toBe('CREDENTIALS_UNTRUSTED_CERTIFICATE');
      expect(refusalOf(refused).message).toContain(state.tls!.leafFingerprint256!);
      expect(probe.hub.sendLine(sessionId, 'NOOP')).toEqual({ sent: true });
      await vi.waitFor(() => expect(server!.connections[0]!.encrypted).toContain('NOOP'));
      expect(server!.connections[0]!.encrypted).not.toContain('AUTH');
    },
  );

  it('sends credentials only for the fingerprint the user accepted', async () => {
    const sessionId = await openSmtp(fixtures.selfSigned);
    const state = await probe.waitForPhase(sessionId, 'ready');
    const fingerprint = state.tls!.leafFingerprint256!;
    expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

    const other = fingerprint.replace(/^../, fingerprint.startsWith('00') ? '01' : '00');
    expect(() => probe.hub.acceptCertificate(sessionId, other)).toThrow(RequestRejected);
    expect(probe.hub.sendLine(sessionId, AUTH_LINE).sent).toBe(false);

    probe.hub.acceptCertificate(sessionId, fingerprint.toLowerCase());
    await vi.waitFor(() => expect(probe.latest(sessionId)?.acceptedFingerprint).toBe(fingerprint));
    expect(probe.hub.sendLine(sessionId, AUTH_LINE)).toEqual({ sent: true });
    await vi.waitFor(() => expect(server!.connections[0]!.encrypted).toContain(AUTH_SECRET));
    expect(server!.connections[0]!.plaintext).not.toContain(AUTH_SECRET);
  });

  it.each([
    ['AUTH PLAIN with its initial response', `${AUTH_LINE}\r\n`],
    ['AUTH LOGIN with its answers pipelined', 'AUTH LOGIN\r\nYWxpY2U=\r\nczNjcmV0\r\n'],
    ['AUTH PLAIN split over two lines', 'auth plain\r\nAGFsaWNlAHMzY3JldA==\r\n'],
  ])('refuses exact bytes with %s', async (_name, text) => {
    const sessionId = await openSmtp(fixtures.selfSigned);
    await probe.waitForPhase(sessionId, 'ready');
    const refused = probe.hub.sendBytes(sessionId, Buffer.from(text));
    expect(refusalOf(refused).code).toBe('CREDENTIALS_UNTRUSTED_CERTIFICATE');
    // The refused bytes left no trace in the driver: the next line is an ordinary command.
    expect(probe.hub.sendBytes(sessionId, Buffer.from('NOOP\r\n'))).toEqual({ sent: true });
    await vi.waitFor(() => expect(server!.connections[0]!.encrypted).toContain('NOOP'));
    expect(server!.connections[0]!.encrypted).not.toMatch(/AUTH/i);
    expect(probe.clientLines(sessionId).join('\n')).not.toContain('********');
  });

  it('refuses a typed line that completes an open AUTH line', async () => {
    const sessionId = await openSmtp(fixtures.selfSigned);
    await probe.waitForPhase(sessionId, 'ready');
    expect(probe.hub.sendBytes(sessionId, Buffer.from('AUTH PL'))).toEqual({ sent: true });
    const refused = probe.hub.sendLine(sessionId, 'AIN AGFsaWNlAHMzY3JldA==');
    expect(refusalOf(refused).code).toBe('CREDENTIALS_UNTRUSTED_CERTIFICATE');
    expect(server!.connections[0]!.encrypted).not.toContain('AGFsaWNl');
  });

  it('refuses a PLAIN blob typed alone', async () => {
    const sessionId = await openSmtp(fixtures.selfSigned);
    await probe.waitForPhase(sessionId, 'ready');
    const refused = probe.hub.sendLine(sessionId, 'AGFsaWNlAHMzY3JldA==');
    expect(refusalOf(refused).code).toBe('CREDENTIALS_UNTRUSTED_CERTIFICATE');
    expect(probe.hub.sendLine(sessionId, 'NOOP')).toEqual({ sent: true });
    await vi.waitFor(() => expect(server!.connections[0]!.encrypted).toContain('NOOP'));
    expect(server!.connections[0]!.encrypted).not.toContain('AGFsaWNl');
  });

  it('refuses the auth helper until the certificate is accepted', async () => {
    const sessionId = await openSmtp(fixtures.selfSigned);
    const state = await probe.waitForPhase(sessionId, 'ready');
    const request = {
      method: 'sasl',
      mechanism: 'PLAIN',
      initialResponse: true,
      authzid: '',
      username: 'alice',
      secret: 's3cret',
      loginCharset: 'utf-8',
      tag: 'a1',
    } as const;

    expect(refusalOf(probe.hub.startAuth(sessionId, request)).code).toBe(
      'CREDENTIALS_UNTRUSTED_CERTIFICATE',
    );
    expect(server!.connections[0]!.encrypted).not.toContain('AUTH');

    probe.hub.acceptCertificate(sessionId, state.tls!.leafFingerprint256!);
    expect(probe.hub.startAuth(sessionId, request)).toEqual({ sent: true });
    await vi.waitFor(() => expect(server!.connections[0]!.encrypted).toContain(AUTH_LINE));
  });

  it('checks a held SASL response again when it is written', async () => {
    probe = new EngineProbe();
    // Without PIPELINING the engine keeps each line back until the reply to the one before.
    server = await startFakeMailServer({
      protocol: 'smtp',
      identity: fixtures.selfSigned,
      capabilitiesAfterTls: ['AUTH LOGIN'],
      replies: { AUTH: '334 VXNlcm5hbWU6' },
    });
    const { sessionId } = await probe.hub.open({
      host: '127.0.0.1',
      port: server.port,
      protocol: 'smtp',
      security: 'starttls',
      caPem: fixtures.caPem,
    });
    await probe.waitForPhase(sessionId, 'ready');

    // Typed before AUTH went out, the response does not look like a credential yet.
    for (const line of ['NOOP', 'AUTH LOGIN', 'YWxpY2U=']) {
      expect(probe.hub.sendLine(sessionId, line)).toEqual({ sent: true });
    }
    await vi.waitFor(() =>
      expect(probe.notes(sessionId).join('\n')).toContain(
        'A held line with a credential was not sent',
      ),
    );
    expect(server.connections[0]!.encrypted).toContain('AUTH LOGIN\r\n');
    expect(server.connections[0]!.encrypted).not.toContain('YWxpY2U=');
  });

  it('sends credentials at once to a trusted server', async () => {
    const sessionId = await openSmtp(fixtures.valid);
    const state = await probe.waitForPhase(sessionId, 'ready');
    expect(state.tls?.trusted).toBe(true);
    expect(probe.hub.sendLine(sessionId, AUTH_LINE)).toEqual({ sent: true });
  });
});

describe('IP literal targets', () => {
  it.each([['127.0.0.1'], ['::1']])(
    '%s: sends no SNI and checks the IP address SAN',
    async (address) => {
      const warnings: Error[] = [];
      const onWarning = (warning: Error): void => void warnings.push(warning);
      process.on('warning', onWarning);
      try {
        const sessionId = await openSmtp(fixtures.valid, { verifyName: undefined }, address);
        const state = await probe.waitForPhase(sessionId, 'ready');
        expect(state.tls?.sniSent).toBeNull();
        expect(state.tls?.verifyName).toBe(address);
        expect(state.tls?.trusted).toBe(true);
        await vi.waitFor(() => expect(server!.connections[0]!.upgraded).toBe(true));
        expect(server!.connections[0]!.servername).toBeNull();
      } finally {
        process.off('warning', onWarning);
      }
      expect(warnings.map((warning) => (warning as { code?: string }).code)).not.toContain(
        'DEP0123',
      );
    },
  );

  it('rejects a certificate without the IP address SAN', async () => {
    const sessionId = await openSmtp(fixtures.wrongHost, { verifyName: undefined });
    const state = await probe.waitForPhase(sessionId, 'ready');
    expect(state.tls?.nameError).toContain('not for 127.0.0.1');
    expect(state.tls?.trusted).toBe(false);
  });
});

describe('NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment', () => {
  it('changes no verdict', async () => {
    const saved = process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
    process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
    try {
      const sessionId = await openSmtp(fixtures.wrongHost);
      const state = await probe.waitForPhase(sessionId, 'ready');
      expect(state.tls?.trusted).toBe(false);
      expect(state.tls?.nameError).toContain(FIXTURE_HOST);
      const refused = probe.hub.sendLine(sessionId, AUTH_LINE);
      expect(refusalOf(refused).code).toBe('CREDENTIALS_UNTRUSTED_CERTIFICATE');
    } finally {
      if (saved === undefined) {
        delete process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
      } else {
        process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = saved;
      }
    }
  });
});

describe('legacy TLS servers', () => {
  async function startLegacy(
    options: tls.TlsOptions,
  ): Promise<{ port: number; accepted: () => number }> {
    let accepted = 0;
    legacyServer = tls.createServer(options, (socket) => {
      socket.end('* OK legacy\r\n');
    });
    legacyServer.on('connection', () => accepted++);
    legacyServer.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => legacyServer!.listen(0, '127.0.0.1', resolve));
    const port = (legacyServer.address() as { port: number }).port;
    return { port, accepted: () => accepted };
  }

  async function openImplicit(port: number, extra: Partial<SessionOptions> = {}): Promise<string> {
    probe = new EngineProbe();
    const snapshot = await probe.hub.open({
      host: '127.0.0.1',
      port,
      protocol: 'imap',
      security: 'tls',
      caPem: fixtures.caPem,
      ...extra,
    });
    return snapshot.sessionId;
  }

  it('explains a TLS 1.0-only server and does not downgrade', async () => {
    const legacy = await startLegacy({
      ...fixtures.valid,
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    const sessionId = await openImplicit(legacy.port);
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error?.code).toBe('TLS_VERSION_TOO_OLD');
    expect(state.error?.message).toMatch(/server supports at most TLS 1\.1/);
    expect(state.error?.message).toMatch(/this client's minimum is TLS 1\.2/);
    expect(state.tls).toBeNull();
    expect(legacy.accepted()).toBe(1);
  });

  it('ignores a lowered process-wide minimum', async () => {
    const legacy = await startLegacy({
      ...fixtures.valid,
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    const saved = tls.DEFAULT_MIN_VERSION;
    // What `node --tls-min-v1.0` does for every connection of the process.
    tls.DEFAULT_MIN_VERSION = 'TLSv1';
    try {
      const sessionId = await openImplicit(legacy.port);
      const state = await probe.waitForPhase(sessionId, 'closed');
      expect(state.error?.code).toBe('TLS_VERSION_TOO_OLD');
      expect(state.tls).toBeNull();
    } finally {
      tls.DEFAULT_MIN_VERSION = saved;
    }
  });

  it('connects to TLS 1.0 in legacy mode', async () => {
    const legacy = await startLegacy({
      ...fixtures.valid,
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    const sessionId = await openImplicit(legacy.port, { legacyTls: true });
    const state = await probe.waitForPhase(sessionId, 'ready');
    expect(state.tls?.version).toBe('TLSv1');
    expect(state.tls?.legacyTls).toBe(true);
  });

  it('explains a server whose only cipher suites this client does not offer', async () => {
    // Camellia with DHE: OpenSSL still has it, Node's default cipher list excludes it, and
    // Electron's BoringSSL has neither, so a server like this is unreachable without a downgrade.
    const legacy = await startLegacy({
      ...fixtures.validRsa,
      maxVersion: 'TLSv1.2',
      ciphers: 'DHE-RSA-CAMELLIA128-SHA:@SECLEVEL=0',
      dhparam: 'auto',
    });
    const sessionId = await openImplicit(legacy.port);
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error?.code).toBe('TLS_HANDSHAKE_FAILED');
    expect(state.error?.message).toMatch(/share no cipher suite/);
    expect(legacy.accepted()).toBe(1);
  });
});
