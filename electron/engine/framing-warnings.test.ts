import { afterEach, describe, expect, it, vi } from 'vitest';

import { MAX_FRAMING_WARNINGS } from './limits';
import { EngineProbe } from './test-support/engine-probe';
import { onLines, startFakeServer, type FakeServer } from './test-support/fake-server';

/** The stored message: its lines, and its size with CRLF line ends as RFC 1939 counts it. */
const MESSAGE = ['Subject: dots', '', '.02 test', '.', 'after'];
const MESSAGE_OCTETS = MESSAGE.reduce((total, line) => total + line.length + 2, 0);

let probe: EngineProbe | null = null;
let server: FakeServer | null = null;

afterEach(async () => {
  probe?.dispose();
  probe = null;
  await server?.close();
  server = null;
});

/** Opens a plain session to a fake server on loopback and waits until it is ready. */
async function openPlain(
  protocol: 'smtp' | 'pop3',
  port: number,
): Promise<{ probe: EngineProbe; sessionId: string }> {
  const opened = new EngineProbe();
  probe = opened;
  const { sessionId } = await opened.hub.open({
    host: '127.0.0.1',
    port,
    protocol,
    security: 'plain',
  });
  await opened.waitForPhase(sessionId, 'ready');
  return { probe: opened, sessionId };
}

/** Starts a POP3 server whose RETR stuffs leading dots or, like a broken server, does not. */
async function startPop3(stuffDots: boolean): Promise<number> {
  server = await startFakeServer((socket) => {
    socket.write('+OK fake POP3 ready\r\n');
    onLines(socket, (line) => {
      if (/^RETR /i.test(line)) {
        const body = MESSAGE.map((text) => (stuffDots && text.startsWith('.') ? `.${text}` : text));
        socket.write(`+OK ${MESSAGE_OCTETS} octets\r\n${body.join('\r\n')}\r\n.\r\n`);
      } else {
        socket.write('+OK\r\n');
      }
    });
  });
  return server.port;
}

async function retrieve(stuffDots: boolean): Promise<{ probe: EngineProbe; sessionId: string }> {
  const port = await startPop3(stuffDots);
  const { probe, sessionId } = await openPlain('pop3', port);
  probe.hub.sendLine(sessionId, 'RETR 1');
  probe.hub.sendLine(sessionId, 'NOOP');
  await probe.waitForServerText(sessionId, /\.\r\n\+OK\r\n$/);
  return { probe, sessionId };
}

describe('POP3 RETR from a server that does not dot-stuff', () => {
  it('says nothing when the server stuffs its dots', async () => {
    const { probe, sessionId } = await retrieve(true);
    expect(probe.notes(sessionId).join('\n')).not.toMatch(/dot/i);
  });

  it('warns of early end and stray lines', async () => {
    const { probe, sessionId } = await retrieve(false);
    await vi.waitFor(() => expect(probe.notes(sessionId).join('\n')).toContain('stray lines'));
    const notes = probe.notes(sessionId).join('\n');
    expect(notes).toContain(`announced ${MESSAGE_OCTETS}`);
    expect(notes).toContain('after the RETR response had ended');
    // The raw bytes stay exact: the unstuffed lines reach the terminal as sent.
    expect(probe.serverText(sessionId)).toContain('\r\n.02 test\r\n.\r\nafter\r\n');
    expect(probe.latest(sessionId)?.phase).toBe('ready');
  });
});

describe('SMTP replies outside the reply grammar', () => {
  async function openSmtp(greeting: string): Promise<{ probe: EngineProbe; sessionId: string }> {
    server = await startFakeServer((socket) => {
      socket.write(greeting);
      onLines(socket, () => socket.write('250 2.0.0 Ok\r\n'));
    });
    return openPlain('smtp', server.port);
  }

  it('warns of a blank line in a reply', async () => {
    const { probe, sessionId } = await openSmtp('220-fake.test ESMTP\r\n\r\n220 ready\r\n');
    await vi.waitFor(() => expect(probe.notes(sessionId).join('\n')).toContain('Irregular'));
    expect(probe.notes(sessionId).join('\n')).toContain('the 220 reply: a blank line');
  });

  it('stays quiet for a regular multi-line reply', async () => {
    const { probe, sessionId } = await openSmtp('220-fake.test ESMTP\r\n220 ready\r\n');
    probe.hub.sendLine(sessionId, 'NOOP');
    await probe.waitForServerText(sessionId, /250 2\.0\.0 Ok\r\n$/);
    expect(probe.notes(sessionId).join('\n')).not.toContain('Irregular');
  });

  it('caps the warnings of a flood of lines without a code', async () => {
    const flood = Array.from({ length: MAX_FRAMING_WARNINGS + 5 }, (_, n) => `junk ${n}\r\n`);
    const { probe, sessionId } = await openSmtp(`220 ready\r\n${flood.join('')}`);
    await probe.waitForServerText(sessionId, new RegExp(`junk ${MAX_FRAMING_WARNINGS + 4}\\r\\n$`));
    probe.hub.sendLine(sessionId, 'NOOP');
    await probe.waitForServerText(sessionId, /250 2\.0\.0 Ok\r\n$/);

    const warnings = probe.notes(sessionId).filter((note) => note.startsWith('Irregular'));
    expect(warnings).toHaveLength(MAX_FRAMING_WARNINGS);
    expect(warnings.at(-1)).toContain('Further framing warnings on this session are not shown');
    expect(warnings.at(-2)).not.toContain('Further');
  });
});

describe('replies that arrive together', () => {
  it('pairs pipelined SMTP replies with their commands', async () => {
    server = await startFakeServer((socket) => {
      socket.write('220 fake.test ESMTP\r\n');
      onLines(socket, (line) => {
        if (line.startsWith('EHLO')) {
          socket.write('250-fake.test\r\n250 PIPELINING\r\n');
        } else if (line === 'DATA') {
          // The replies to MAIL, RCPT and DATA leave in one write, as a pipelining server sends them.
          socket.write(
            '250 2.1.0 Ok\r\n550 5.1.1 <b@example.test>: unknown\r\n554 5.5.1 No valid recipients\r\n',
          );
        }
      });
    });
    const { probe, sessionId } = await openPlain('smtp', server.port);
    probe.hub.sendLine(sessionId, 'EHLO client.mailtap.test');
    await probe.waitForServerText(sessionId, /250 PIPELINING\r\n$/);
    for (const line of ['MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA']) {
      probe.hub.sendLine(sessionId, line);
    }

    await vi.waitFor(() =>
      expect(probe.notes(sessionId).join('\n')).toContain(
        '3 replies arrived together: MAIL → 250 2.1.0 Ok; RCPT → 550 5.1.1 <b@example.test>: unknown; DATA → 554 5.5.1 No valid recipients.',
      ),
    );
  });
});

describe('a POP3 response that never ends', () => {
  it('warns that a new line waits behind the open LIST', async () => {
    server = await startFakeServer((socket) => {
      socket.write('+OK ready\r\n');
      onLines(socket, (line) => {
        // The LIST response never gets its final dot.
        socket.write(line === 'LIST' ? '+OK 1 messages\r\n1 120\r\n' : '+OK\r\n');
      });
    });
    const { probe, sessionId } = await openPlain('pop3', server.port);
    probe.hub.sendLine(sessionId, 'LIST');
    await probe.waitForServerText(sessionId, /1 120\r\n$/);
    expect(probe.notes(sessionId).join('\n')).not.toContain('still sending');
    probe.hub.sendLine(sessionId, 'NOOP');
    await vi.waitFor(() =>
      expect(probe.notes(sessionId).join('\n')).toContain(
        'The server is still sending its LIST response',
      ),
    );
  });
});
