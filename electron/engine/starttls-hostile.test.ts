import { afterEach, describe, expect, it, vi } from 'vitest';

import type { ProtocolId, SecurityMode } from '../../shared/presets';
import type { SessionOptions } from '../../shared/session';
import { EngineProbe, refusalOf } from './test-support/engine-probe';
import {
  startFakeMailServer,
  type FakeMailServer,
  type FakeMailServerOptions,
} from './test-support/fake-mail-server';
import { useTlsFixtures } from './test-support/tls-fixture-hooks';

type MailProtocol = Exclude<ProtocolId, 'raw'>;

const fixtures = useTlsFixtures();
let probe: EngineProbe;
let server: FakeMailServer | null = null;

afterEach(async () => {
  probe?.dispose();
  await server?.close();
  server = null;
});

/** A credential line of each protocol, and the secret in it. */
const CREDENTIAL: Readonly<Record<MailProtocol, { line: string; secret: string }>> = {
  smtp: { line: 'AUTH PLAIN AGFsaWNlAHMzY3JldA==', secret: 'AGFsaWNlAHMzY3JldA==' },
  imap: { line: 'a1 LOGIN alice s3cret', secret: 's3cret' },
  pop3: { line: 'PASS s3cret', secret: 's3cret' },
};

/** The STARTTLS command a user types in each protocol. */
const TYPED_STARTTLS: Readonly<Record<MailProtocol, string>> = {
  smtp: 'STARTTLS',
  imap: 'a0 STARTTLS',
  pop3: 'STLS',
};

async function open(
  options: Omit<FakeMailServerOptions, 'identity'>,
  security: SecurityMode,
  extra: Partial<SessionOptions> = {},
): Promise<string> {
  probe = new EngineProbe();
  server = await startFakeMailServer({ identity: fixtures.valid, ...options });
  const snapshot = await probe.hub.open({
    host: '127.0.0.1',
    port: server.port,
    protocol: options.protocol,
    security,
    ehloName: 'client.mailtap.test',
    caPem: fixtures.caPem,
    ...extra,
  });
  return snapshot.sessionId;
}

function plaintextReceived(): string {
  return server!.connections[0]?.plaintext ?? '';
}

describe('STARTTLS at connect fails closed', () => {
  it.each([
    ['smtp', ['PIPELINING', 'AUTH PLAIN LOGIN']],
    ['imap', ['IMAP4rev1', 'AUTH=PLAIN']],
    ['pop3', ['USER', 'SASL PLAIN']],
  ] as const)('stops %s when STARTTLS is not offered', async (protocol, capabilities) => {
    const sessionId = await open({ protocol, capabilitiesBeforeTls: capabilities }, 'starttls');
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error?.code).toBe('STARTTLS_NOT_OFFERED');
    expect(probe.notes(sessionId).join('\n')).toContain('STARTTLS_NOT_OFFERED');
    expect(plaintextReceived()).not.toMatch(/AUTH|LOGIN|PASS|STARTTLS|STLS/i);
  });

  it.each([
    ['smtp', '454 4.7.0 TLS not available due to local problem'],
    ['smtp', '354 Start mail input'],
    ['smtp', '250 2.0.0 Ok'],
    ['smtp', '501 5.5.4 Syntax error'],
    ['imap', '{tag} NO STARTTLS unavailable'],
    ['imap', '{tag} BAD unknown command'],
    ['imap', '+ continue'],
    ['pop3', '-ERR STLS unavailable'],
    ['pop3', '+ '],
  ] as const)('stops %s when STARTTLS is answered %j', async (protocol, answer) => {
    const sessionId = await open({ protocol, starttls: { answer } }, 'starttls');
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error?.code).toBe('STARTTLS_REJECTED');
    expect(state.tls).toBeNull();
    expect(probe.hub.find(sessionId)!.sendLine(CREDENTIAL[protocol].line).sent).toBe(false);
    expect(plaintextReceived()).not.toContain(CREDENTIAL[protocol].secret);
  });

  it.each([
    ['smtp', '250-mail.example.test\r\n250 AUTH LOGIN PLAIN\r\n'],
    ['smtp', '250 AUTH PLAIN'],
    ['imap', '* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n'],
    ['imap', 'MT9 OK injected\r\n'],
    ['pop3', '+OK\r\nPLAIN\r\n.\r\n'],
    ['pop3', '+'],
  ] as const)(
    'stops %s when bytes follow the go-ahead in its segment: %j',
    async (protocol, injected) => {
      const sessionId = await open(
        { protocol, starttls: { injectWithAnswer: injected } },
        'starttls',
      );
      const state = await probe.waitForPhase(sessionId, 'closed');
      expect(state.error?.code).toBe('STARTTLS_INJECTION');
      expect(state.capabilities).toBeNull();
      expect(state.tls).toBeNull();
      expect(server!.connections[0]!.upgraded).toBe(false);
    },
  );

  it.each(['smtp', 'imap', 'pop3'] as const)(
    'stops %s when plaintext arrives before the handshake',
    async (protocol) => {
      const injected =
        protocol === 'imap' ? '* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n' : '250 AUTH PLAIN\r\n';
      const sessionId = await open(
        { protocol, starttls: { injectBeforeHandshake: injected } },
        'starttls',
      );
      const state = await probe.waitForPhase(sessionId, 'closed');
      expect(state.error?.code).toBe('STARTTLS_INJECTION');
      expect(state.error?.message).toContain(injected.slice(0, 12));
      expect(state.capabilities).toBeNull();
    },
  );

  it.each([['* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] welcome'], ['* preauth logged in']])(
    'stops IMAP on the greeting %j',
    async (greeting) => {
      const sessionId = await open({ protocol: 'imap', greeting }, 'starttls');
      const state = await probe.waitForPhase(sessionId, 'closed');
      expect(state.error?.code).toBe('STARTTLS_PREAUTH');
      expect(plaintextReceived()).toBe('');
    },
  );

  it.each(['smtp', 'imap', 'pop3'] as const)(
    'takes %s capabilities only from the TLS session',
    async (protocol) => {
      const sessionId = await open(
        {
          protocol,
          capabilitiesBeforeTls:
            protocol === 'imap'
              ? ['IMAP4rev1', 'STARTTLS', 'AUTH=PLAIN', 'X-PLAINTEXT-ONLY']
              : protocol === 'smtp'
                ? ['STARTTLS', 'AUTH PLAIN', 'X-PLAINTEXT-ONLY']
                : ['STLS', 'X-PLAINTEXT-ONLY'],
        },
        'starttls',
      );
      const state = await probe.waitForPhase(sessionId, 'ready');
      expect(state.tls?.trusted).toBe(true);
      expect(state.capabilities?.underTls).toBe(true);
      expect(state.capabilities?.keywords).not.toContain('X-PLAINTEXT-ONLY');

      // The go-ahead is the last plaintext record; everything after it is labelled TLS.
      const records = probe.hub
        .find(sessionId)!
        .transcriptRecords.filter((record) => record.kind !== 'note');
      const starttls = records.findIndex(
        (record) => record.kind === 'client' && /STARTTLS|STLS/.test(record.text),
      );
      expect(records.slice(0, starttls + 2).every((record) => !record.tls)).toBe(true);
      const afterHandshake = records.slice(starttls + 2);
      expect(afterHandshake.length).toBeGreaterThan(0);
      expect(afterHandshake.every((record) => record.tls)).toBe(true);
    },
  );

  it('treats untagged IMAP responses around STARTTLS as untrusted plaintext', async () => {
    const answer = [
      '* OK [ALERT] Your account is locked; log in at https://attacker.example/',
      '* OK [REFERRAL imaps://attacker.example/] try elsewhere',
      '* CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=LOGIN',
      '* 1 FETCH (FLAGS (\\Seen))',
      '{tag} OK Begin TLS negotiation now',
    ].join('\r\n');
    const sessionId = await open({ protocol: 'imap', starttls: { answer } }, 'starttls');
    const state = await probe.waitForPhase(sessionId, 'ready');

    expect(state.tls?.trusted).toBe(true);
    expect(state.capabilities?.keywords).toEqual(['IMAP4REV1', 'AUTH=PLAIN']);
    expect(probe.notes(sessionId).join('\n')).toMatch(
      /4 response\(s\) arrived in plaintext between STARTTLS and its answer/,
    );
    // The referral is not followed: the engine opened no other connection or session.
    expect(server!.connections).toHaveLength(1);
    expect(probe.hub.sessionCount).toBe(1);
    const alert = probe.hub
      .find(sessionId)!
      .transcriptRecords.find(
        (record) =>
          record.kind === 'server' && Buffer.from(record.bytes).toString().includes('[ALERT]'),
      );
    expect(alert?.tls).toBe(false);
  });

  it('keeps untagged IMAP responses sent before STARTTLS out of the TLS session', async () => {
    const greeting = [
      '* OK fake IMAP ready',
      '* OK [ALERT] Your account is locked; log in at https://attacker.example/',
      '* OK [REFERRAL imaps://attacker.example/] try elsewhere',
      '* CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=LOGIN STARTTLS',
      '* 1 FETCH (FLAGS (\\Seen))',
    ].join('\r\n');
    const sessionId = await open({ protocol: 'imap', greeting }, 'starttls');
    const state = await probe.waitForPhase(sessionId, 'ready');

    expect(state.tls?.trusted).toBe(true);
    // The capabilities in force come from the CAPABILITY command sent under TLS.
    expect(state.capabilities?.underTls).toBe(true);
    expect(state.capabilities?.keywords).toEqual(['IMAP4REV1', 'AUTH=PLAIN']);
    expect(server!.connections).toHaveLength(1);
    expect(probe.hub.sessionCount).toBe(1);
    const records = probe.hub.find(sessionId)!.transcriptRecords;
    const plaintextText = records
      .filter((record) => record.kind === 'server' && !record.tls)
      .map((record) => Buffer.from((record as { bytes: Uint8Array }).bytes).toString())
      .join('');
    expect(plaintextText).toContain('[ALERT]');
    expect(plaintextText).toContain('[REFERRAL');
    const tlsText = records
      .filter((record) => record.kind === 'server' && record.tls)
      .map((record) => Buffer.from((record as { bytes: Uint8Array }).bytes).toString())
      .join('');
    expect(tlsText).not.toMatch(/ALERT|REFERRAL|FETCH/);
  });
});

describe('typed STARTTLS', () => {
  it.each(['smtp', 'imap', 'pop3'] as const)(
    'blocks %s credentials after STARTTLS was refused',
    async (protocol) => {
      const refusal = { smtp: '454 4.7.0 not now', imap: '{tag} NO not now', pop3: '-ERR no' };
      const sessionId = await open({ protocol, starttls: { answer: refusal[protocol] } }, 'plain');
      await probe.waitForPhase(sessionId, 'ready');
      probe.hub.sendLine(sessionId, TYPED_STARTTLS[protocol]);
      await vi.waitFor(() => expect(probe.notes(sessionId).join('\n')).toMatch(/refused STARTTLS/));

      const credential = probe.hub.sendLine(sessionId, CREDENTIAL[protocol].line);
      expect(refusalOf(credential).code).toBe('CREDENTIALS_NEED_TLS');
      const exact = probe.hub.sendBytes(sessionId, Buffer.from(`${CREDENTIAL[protocol].line}\r\n`));
      expect(refusalOf(exact).code).toBe('CREDENTIALS_NEED_TLS');
      // Lines without a secret still go out: the session stays useful for diagnosis.
      expect(probe.hub.sendLine(sessionId, protocol === 'imap' ? 'a2 NOOP' : 'NOOP')).toEqual({
        sent: true,
      });
      await vi.waitFor(() => expect(plaintextReceived()).toMatch(/NOOP\r\n$/));
      expect(plaintextReceived()).not.toContain(CREDENTIAL[protocol].secret);
    },
  );

  it.each([
    ['smtp', '250 AUTH PLAIN\r\n'],
    ['imap', '* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n'],
    ['pop3', '+OK\r\n'],
  ] as const)(
    'closes %s when bytes follow the go-ahead in its segment',
    async (protocol, injected) => {
      const sessionId = await open({ protocol, starttls: { injectWithAnswer: injected } }, 'plain');
      await probe.waitForPhase(sessionId, 'ready');
      probe.hub.sendLine(sessionId, TYPED_STARTTLS[protocol]);
      const state = await probe.waitForPhase(sessionId, 'closed');
      expect(state.error?.code).toBe('STARTTLS_INJECTION');
    },
  );

  it.each(['smtp', 'imap', 'pop3'] as const)(
    'rejects %s exact bytes after STARTTLS',
    async (protocol) => {
      const sessionId = await open({ protocol }, 'plain');
      await probe.waitForPhase(sessionId, 'ready');
      const typeAhead = `${TYPED_STARTTLS[protocol]}\r\n${protocol === 'imap' ? 'a1 NOOP' : 'NOOP'}\r\n`;
      const refused = probe.hub.sendBytes(sessionId, Buffer.from(typeAhead));
      expect(refusalOf(refused).code).toBe('INPUT_HELD_FOR_STARTTLS');

      expect(
        probe.hub.sendBytes(sessionId, Buffer.from(`${TYPED_STARTTLS[protocol]}\r\n`)),
      ).toEqual({
        sent: true,
      });
      await vi.waitFor(() => expect(probe.latest(sessionId)?.tls?.trusted).toBe(true));
      expect(plaintextReceived()).not.toContain('NOOP');
    },
  );

  it.each(['smtp', 'imap', 'pop3'] as const)(
    'holds %s type-ahead and upgrades',
    async (protocol) => {
      const sessionId = await open({ protocol }, 'plain');
      await probe.waitForPhase(sessionId, 'ready');
      expect(probe.hub.sendLine(sessionId, TYPED_STARTTLS[protocol])).toEqual({ sent: true });
      const held = probe.hub.sendLine(sessionId, CREDENTIAL[protocol].line);
      expect(refusalOf(held).code).toBe('INPUT_HELD_FOR_STARTTLS');

      await vi.waitFor(() => expect(probe.latest(sessionId)?.tls?.trusted).toBe(true));
      expect(probe.latest(sessionId)?.upgrading).toBe(false);
      expect(probe.hub.sendLine(sessionId, CREDENTIAL[protocol].line)).toEqual({ sent: true });
      await vi.waitFor(() =>
        expect(server!.connections[0]!.encrypted).toContain(CREDENTIAL[protocol].secret),
      );
      expect(plaintextReceived()).not.toContain(CREDENTIAL[protocol].secret);

      const clientRecords = probe.hub
        .find(sessionId)!
        .transcriptRecords.filter((record) => record.kind === 'client');
      expect(clientRecords.map((record) => record.tls)).toEqual([false, true]);
    },
  );
});
