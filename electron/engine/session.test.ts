import type { Socket } from 'node:net';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { SECRET_MASK } from '../../shared/protocol/secrets';
import type { SendLineResult, SessionOptions } from '../../shared/session';
import { MAX_INPUT_LINE_BYTES, UNACKED_HIGH_WATERMARK_BYTES } from './limits';
import { EngineProbe } from './test-support/engine-probe';
import { onLines, startFakeServer, type FakeServer } from './test-support/fake-server';

let probe: EngineProbe;

/** Returns the error code of a refused line, or null when the line was sent. */
function refusalCode(result: SendLineResult): string | null {
  return result.sent ? null : result.error.code;
}
let server: FakeServer | null = null;

afterEach(async () => {
  probe?.dispose();
  await server?.close();
  server = null;
});

function smtpOptions(port: number, extra: Partial<SessionOptions> = {}): SessionOptions {
  return {
    host: '127.0.0.1',
    port,
    protocol: 'smtp',
    security: 'plain',
    ehloName: 'client.example.com',
    ...extra,
  };
}

/** Returns a minimal SMTP server: greeting, EHLO with the given keywords, and a reply table. */
function scriptedSmtp(keywords: string[], replies: Record<string, string> = {}) {
  return (socket: Socket) => {
    socket.write('220 mail.example.test ESMTP\r\n');
    onLines(socket, (line) => {
      const verb = line.split(' ')[0]!.toUpperCase();
      if (verb === 'EHLO') {
        const lines = ['mail.example.test', ...keywords];
        socket.write(
          lines
            .map((text, index) => `250${index === lines.length - 1 ? ' ' : '-'}${text}\r\n`)
            .join(''),
        );
      } else if (replies[verb] !== undefined) {
        socket.write(replies[verb]);
      } else if (verb === 'QUIT') {
        socket.end('221 2.0.0 Bye\r\n');
      } else {
        socket.write('250 2.0.0 Ok\r\n');
      }
    });
  };
}

describe('session lifecycle', () => {
  it('waits for a greeting split over several writes', async () => {
    probe = new EngineProbe();
    server = await startFakeServer((socket) => {
      socket.write('220-mail.example.com ESMTP Exim 4.98\r\n');
      setTimeout(() => socket.write('220-This system does not relay,\r\n'), 50);
      setTimeout(() => socket.write('220 and abuse will be reported.\r\n'), 100);
    });
    const { sessionId } = await probe.hub.open(smtpOptions(server.port));
    await probe.waitForPhase(sessionId, 'greeting');
    const early = probe.hub.sendLine(sessionId, 'EHLO early');
    expect(early.sent).toBe(false);
    expect(refusalCode(early)).toBe('INPUT_NOT_READY');

    await probe.waitForPhase(sessionId, 'ready');
    expect(probe.serverText(sessionId)).toContain('and abuse will be reported.');
    expect(server.received[0]!.length).toBe(0);
  });

  it('sends every line exactly as typed with CRLF', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(scriptedSmtp(['PIPELINING']));
    const { sessionId } = await probe.hub.open(smtpOptions(server.port));
    await probe.waitForPhase(sessionId, 'ready');
    // Lines that openssl s_client would take as its own R (renegotiate) and Q (quit) commands.
    for (const line of [
      'RCPT TO:<bob@example.net>',
      'rcpt to:<carol@example.net>',
      'R',
      'Q',
      'QUIT ',
    ]) {
      expect(probe.hub.sendLine(sessionId, line)).toEqual({ sent: true });
    }
    await vi.waitFor(() => expect(server!.received[0]!.toString('latin1')).toContain('QUIT \r\n'));
    expect(server.received[0]!.toString('latin1')).toBe(
      'RCPT TO:<bob@example.net>\r\nrcpt to:<carol@example.net>\r\nR\r\nQ\r\nQUIT \r\n',
    );
  });

  it('rejects lines with CR or LF and lines over the cap', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(scriptedSmtp([]));
    const { sessionId } = await probe.hub.open(smtpOptions(server.port));
    await probe.waitForPhase(sessionId, 'ready');

    for (const line of ['EHLO a\r\nMAIL FROM:<x>', 'NOOP\n', 'NOOP\r']) {
      const result = probe.hub.sendLine(sessionId, line);
      expect(refusalCode(result)).toBe('INPUT_INVALID');
    }
    const atCap = probe.hub.sendLine(sessionId, 'X'.repeat(MAX_INPUT_LINE_BYTES));
    expect(atCap.sent).toBe(true);
    const pastCap = probe.hub.sendLine(sessionId, 'X'.repeat(MAX_INPUT_LINE_BYTES + 1));
    expect(refusalCode(pastCap)).toBe('INPUT_TOO_LONG');
    // A multi-byte character counts as its UTF-8 bytes.
    const wide = probe.hub.sendLine(sessionId, 'ü'.repeat(MAX_INPUT_LINE_BYTES / 2 + 1));
    expect(refusalCode(wide)).toBe('INPUT_TOO_LONG');
  });

  it('reports a refused connection', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(() => undefined);
    const port = server.port;
    await server.close();
    server = null;
    const { sessionId } = await probe.hub.open(smtpOptions(port));
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error?.code).toBe('CONNECT_REFUSED');
    expect(state.error?.context.address).toBe('127.0.0.1');
  });

  it('connects over IPv6 to a bracketed literal', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(scriptedSmtp([]), '::1');
    const { sessionId } = await probe.hub.open(smtpOptions(server.port, { host: '[::1]' }));
    const state = await probe.waitForPhase(sessionId, 'ready');
    expect(state.remoteAddress).toBe('::1');
    expect(probe.notes(sessionId).join('\n')).toContain(`Trying [::1]:${server.port} (IPv6)`);
  });

  it('keeps to the requested address family', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(scriptedSmtp([]), '::1');
    const { sessionId } = await probe.hub.open(
      smtpOptions(server.port, { host: '::1', family: 'ipv4' }),
    );
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error?.code).toBe('NO_ADDRESS_FOR_FAMILY');
  });

  it('reports a host that does not resolve', async () => {
    probe = new EngineProbe();
    const { sessionId } = await probe.hub.open(smtpOptions(25, { host: 'no-such-host.invalid' }));
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(['DNS_NOT_FOUND', 'DNS_FAILED']).toContain(state.error?.code);
  });

  it('times out a greeting that trickles without ending', async () => {
    probe = new EngineProbe();
    server = await startFakeServer((socket) => {
      const timer = setInterval(() => socket.write('2'), 20);
      socket.on('close', () => clearInterval(timer));
    });
    const { sessionId } = await probe.hub.open(
      smtpOptions(server.port, { deadlines: { greetingMs: 300 } }),
    );
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error?.code).toBe('GREETING_TIMEOUT');
  });

  it('ends cleanly when the server closes after QUIT', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(scriptedSmtp([]));
    const { sessionId } = await probe.hub.open(smtpOptions(server.port));
    await probe.waitForPhase(sessionId, 'ready');
    probe.hub.sendLine(sessionId, 'QUIT');
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error).toBeNull();
    expect(state.closeReason).toMatch(/server closed/i);
    expect(probe.serverText(sessionId)).toContain('221 2.0.0 Bye');
  });

  it('reports a reset by the server', async () => {
    probe = new EngineProbe();
    server = await startFakeServer((socket) => {
      socket.write('220 ready\r\n');
      onLines(socket, () => socket.resetAndDestroy());
    });
    const { sessionId } = await probe.hub.open(smtpOptions(server.port));
    await probe.waitForPhase(sessionId, 'ready');
    probe.hub.sendLine(sessionId, 'DATA');
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error?.code).toBe('CONNECTION_RESET');
  });

  it('answers requests for closed or unknown sessions with a code', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(scriptedSmtp([]));
    const { sessionId } = await probe.hub.open(smtpOptions(server.port));
    await probe.waitForPhase(sessionId, 'ready');
    probe.hub.close(sessionId);
    expect(() => probe.hub.sendLine(sessionId, 'NOOP')).toThrow(/No session has this id/);
    expect(probe.hub.sessionCount).toBe(0);
  });
});

describe('typed STARTTLS', () => {
  it('closes the session when the go-ahead carries extra bytes', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(
      scriptedSmtp(['STARTTLS'], {
        STARTTLS: '220 2.0.0 Ready\r\n250-mail.example.test\r\n250 AUTH LOGIN PLAIN\r\n',
      }),
    );
    const { sessionId } = await probe.hub.open(smtpOptions(server.port));
    await probe.waitForPhase(sessionId, 'ready');
    probe.hub.sendLine(sessionId, 'EHLO client.example.com');
    await vi.waitFor(() =>
      expect(probe.latest(sessionId)?.capabilities?.keywords).toEqual(['STARTTLS']),
    );
    probe.hub.sendLine(sessionId, 'STARTTLS');
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error?.code).toBe('STARTTLS_INJECTION');
    expect(state.capabilities).toBeNull();
    expect(state.tls).toBeNull();
    // The injected lines are shown as evidence.
    expect(probe.serverText(sessionId)).toContain('250 AUTH LOGIN PLAIN');
  });

  it('closes the session when plaintext follows the go-ahead before the handshake', async () => {
    probe = new EngineProbe();
    server = await startFakeServer((socket) => {
      socket.write('220 ready\r\n');
      let starttlsSeen = false;
      socket.on('data', (chunk: Buffer) => {
        if (starttlsSeen) {
          // The client's ClientHello arrived; reply to it with plaintext instead of TLS.
          socket.write('250-mail.example.test\r\n250 AUTH PLAIN\r\n');
        } else if (chunk.toString().startsWith('STARTTLS')) {
          starttlsSeen = true;
          socket.write('220 2.0.0 Ready\r\n');
        }
      });
    });
    const { sessionId } = await probe.hub.open(smtpOptions(server.port));
    await probe.waitForPhase(sessionId, 'ready');
    probe.hub.sendLine(sessionId, 'STARTTLS');
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error?.code).toBe('STARTTLS_INJECTION');
    expect(state.error?.message).toContain('250-mail.example.test');
  });

  it('explains plaintext on an implicit TLS connection', async () => {
    probe = new EngineProbe();
    server = await startFakeServer((socket) => socket.write('* OK IMAP4rev1 ready\r\n'));
    const { sessionId } = await probe.hub.open({
      host: '127.0.0.1',
      port: server.port,
      protocol: 'imap',
      security: 'tls',
    });
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error?.code).toBe('TLS_PLAINTEXT_REPLY');
  });

  it('holds typed-ahead input until the upgrade ends', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(scriptedSmtp(['STARTTLS'], { STARTTLS: '' }));
    const { sessionId } = await probe.hub.open(smtpOptions(server.port));
    await probe.waitForPhase(sessionId, 'ready');
    probe.hub.sendLine(sessionId, 'STARTTLS');
    const held = probe.hub.sendLine(sessionId, 'AUTH PLAIN AGFsaWNlAHMzY3JldA==');
    expect(refusalCode(held)).toBe('INPUT_HELD_FOR_STARTTLS');
    expect(probe.latest(sessionId)?.upgrading).toBe(true);
    await vi.waitFor(() => expect(server!.received[0]!.toString()).toContain('STARTTLS'));
    expect(server.received[0]!.toString()).not.toContain('AUTH');
  });

  it('keeps the session in plaintext when STARTTLS is refused', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(
      scriptedSmtp(['STARTTLS'], {
        STARTTLS: '454 4.7.0 TLS not available due to local problem\r\n',
      }),
    );
    const { sessionId } = await probe.hub.open(smtpOptions(server.port));
    await probe.waitForPhase(sessionId, 'ready');
    probe.hub.sendLine(sessionId, 'STARTTLS');
    await vi.waitFor(() => expect(probe.notes(sessionId).join('\n')).toMatch(/refused STARTTLS/));
    const state = probe.latest(sessionId)!;
    expect(state.phase).toBe('ready');
    expect(state.upgrading).toBe(false);
    expect(state.tls).toBeNull();
    expect(probe.hub.sendLine(sessionId, 'NOOP')).toEqual({ sent: true });
  });

  it('does not take an earlier reply as the STARTTLS answer', async () => {
    probe = new EngineProbe();
    server = await startFakeServer((socket) => {
      socket.write('220 ready\r\n');
      let count = 0;
      onLines(socket, () => {
        count++;
        // Reply to NOOP only after STARTTLS arrived, then reject STARTTLS.
        if (count === 2) {
          socket.write('250 2.0.0 Ok\r\n454 4.7.0 not now\r\n');
        }
      });
    });
    const { sessionId } = await probe.hub.open(smtpOptions(server.port));
    await probe.waitForPhase(sessionId, 'ready');
    probe.hub.sendLine(sessionId, 'NOOP');
    probe.hub.sendLine(sessionId, 'STARTTLS');
    await vi.waitFor(() => expect(probe.notes(sessionId).join('\n')).toMatch(/refused STARTTLS/));
    expect(probe.latest(sessionId)?.error).toBeNull();
  });
});

describe('STARTTLS at connect', () => {
  it('stops before STARTTLS when the server does not offer it', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(scriptedSmtp(['PIPELINING', 'AUTH PLAIN LOGIN']));
    const { sessionId } = await probe.hub.open(smtpOptions(server.port, { security: 'starttls' }));
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error?.code).toBe('STARTTLS_NOT_OFFERED');
    expect(server.received[0]!.toString()).toBe('EHLO client.example.com\r\n');
    expect(probe.clientLines(sessionId)).toEqual(['EHLO client.example.com']);
  });

  it('refuses an IMAP PREAUTH greeting', async () => {
    probe = new EngineProbe();
    server = await startFakeServer((socket) =>
      socket.write('* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] welcome\r\n'),
    );
    const { sessionId } = await probe.hub.open({
      host: '127.0.0.1',
      port: server.port,
      protocol: 'imap',
      security: 'starttls',
    });
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error?.code).toBe('STARTTLS_PREAUTH');
    expect(server.received[0]!.length).toBe(0);
  });

  it('aborts when the server refuses STARTTLS', async () => {
    probe = new EngineProbe();
    server = await startFakeServer((socket) => {
      socket.write('+OK ready\r\n');
      onLines(socket, (line) => {
        if (line === 'CAPA') {
          socket.write('+OK\r\nSTLS\r\nUSER\r\n.\r\n');
        } else if (line === 'STLS') {
          socket.write('-ERR not now\r\n');
        }
      });
    });
    const { sessionId } = await probe.hub.open({
      host: '127.0.0.1',
      port: server.port,
      protocol: 'pop3',
      security: 'starttls',
    });
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error?.code).toBe('STARTTLS_REJECTED');
    expect(probe.clientLines(sessionId)).toEqual(['CAPA', 'STLS']);
  });
});

describe('credentials', () => {
  it('masks typed credentials but sends them unchanged', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(
      scriptedSmtp(['AUTH PLAIN LOGIN'], { AUTH: '334 VXNlcm5hbWU6\r\n' }),
    );
    const { sessionId } = await probe.hub.open(smtpOptions(server.port));
    await probe.waitForPhase(sessionId, 'ready');
    probe.hub.sendLine(sessionId, 'AUTH PLAIN AGFsaWNlAHMzY3JldA==');
    await probe.waitForServerText(sessionId, /334 VXNlcm5hbWU6/);
    probe.hub.sendLine(sessionId, 'YWxpY2U=');
    await vi.waitFor(() => expect(server!.received[0]!.toString()).toContain('YWxpY2U=\r\n'));

    expect(probe.clientLines(sessionId)).toEqual([`AUTH PLAIN ${SECRET_MASK}`, SECRET_MASK]);
    const records = probe.hub.find(sessionId)!.transcriptRecords;
    const saved = JSON.stringify(records.map((record) => ('text' in record ? record.text : '')));
    expect(saved).not.toContain('AGFsaWNlAHMzY3JldA==');
    expect(saved).not.toContain('YWxpY2U=');
  });
});

describe('flow control', () => {
  it('stops reading while output is unacknowledged and resumes on acknowledgement', async () => {
    probe = new EngineProbe();
    probe.autoAcknowledge = false;
    const flood = Buffer.alloc(32 * 1024 * 1024, 'x');
    server = await startFakeServer((socket) => {
      socket.write('220 ready\r\n');
      onLines(socket, () => socket.write(flood));
    });
    const { sessionId } = await probe.hub.open(smtpOptions(server.port));
    await probe.waitForPhase(sessionId, 'ready');
    probe.hub.sendLine(sessionId, 'GO');

    const session = probe.hub.find(sessionId)!;
    await vi.waitFor(() => expect(session.readingPaused).toBe(true), { timeout: 15_000 });
    // Pausing happens as soon as the watermark is passed, so at most one more read arrives.
    const atPause = session.serverBytesReceived;
    expect(atPause).toBeGreaterThan(UNACKED_HIGH_WATERMARK_BYTES);
    expect(atPause).toBeLessThan(UNACKED_HIGH_WATERMARK_BYTES + 1024 * 1024);
    expect(server.connections[0]!.writableLength).toBeGreaterThan(0);

    probe.hub.acknowledge(sessionId, atPause);
    expect(session.readingPaused).toBe(false);
    await vi.waitFor(
      () =>
        expect(session.serverBytesReceived).toBeGreaterThan(atPause + UNACKED_HIGH_WATERMARK_BYTES),
      {
        timeout: 15_000,
      },
    );
    await vi.waitFor(() => expect(session.readingPaused).toBe(true), { timeout: 15_000 });
    expect(session.closed).toBe(false);
  });
});
