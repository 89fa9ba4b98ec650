import type { Socket } from 'node:net';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { explainServerLine } from '../../shared/explain/explain-line';
import type { SessionOptions } from '../../shared/session';
import { EngineProbe } from './test-support/engine-probe';
import { onLines, startFakeServer, type FakeServer } from './test-support/fake-server';

let probe: EngineProbe;
let server: FakeServer | null = null;

afterEach(async () => {
  probe?.dispose();
  await server?.close();
  server = null;
});

function options(port: number, protocol: SessionOptions['protocol']): SessionOptions {
  return { host: '127.0.0.1', port, protocol, security: 'plain', ehloName: 'client.example.com' };
}

/**
 * Returns an SMTP server that enforces synchronisation like Exim: bytes that arrive while a reply is
 * still owed (other than inside an advertised pipelined group) get `554 SMTP synchronization
 * error` and the connection closes. DATA content is read only after 354.
 */
function strictSmtp(keywords: readonly string[], dataReply = '354 Enter message\r\n') {
  return (socket: Socket) => {
    socket.write('220 mx.example.test ESMTP\r\n');
    let inData = false;
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\r\n'); end >= 0; end = pending.indexOf('\r\n')) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            socket.write('250 2.0.0 Ok: queued\r\n');
          }
          continue;
        }
        const verb = line.split(/[ :]/)[0]!.toUpperCase();
        const pipelined = keywords.includes('PIPELINING') && ['MAIL', 'RCPT'].includes(verb);
        if (pending !== '' && !pipelined) {
          socket.end('554 SMTP synchronization error\r\n');
          return;
        }
        if (verb === 'EHLO') {
          const lines = ['mx.example.test', ...keywords];
          socket.write(
            lines.map((text, i) => `250${i === lines.length - 1 ? ' ' : '-'}${text}\r\n`).join(''),
          );
        } else if (verb === 'DATA') {
          socket.write(dataReply);
          inData = dataReply.startsWith('354');
        } else if (verb === 'QUIT') {
          socket.end('221 Bye\r\n');
        } else {
          socket.write(`250 2.1.0 Ok ${verb}\r\n`);
        }
      }
    });
  };
}

const PASTE = [
  'MAIL FROM:<alice@example.com>',
  'RCPT TO:<bob@example.net>',
  'DATA',
  'Subject: test',
  '',
  'body',
  '.',
];

async function openReady(protocol: SessionOptions['protocol']): Promise<string> {
  const { sessionId } = await probe.hub.open(options(server!.port, protocol));
  await probe.waitForPhase(sessionId, 'ready');
  return sessionId;
}

describe('SMTP input pacing', () => {
  it('sends a pasted message one step at a time without PIPELINING', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(strictSmtp(['8BITMIME']));
    const sessionId = await openReady('smtp');
    probe.hub.sendLine(sessionId, 'EHLO client.example.com');
    for (const line of PASTE) {
      expect(probe.hub.sendLine(sessionId, line)).toEqual({ sent: true });
    }
    await probe.waitForServerText(sessionId, /250 2\.0\.0 Ok: queued/);
    expect(probe.serverText(sessionId)).not.toContain('synchronization');
    expect(probe.clientLines(sessionId)).toEqual(['EHLO client.example.com', ...PASTE]);
    expect(probe.notes(sessionId).join('\n')).toMatch(/did not offer PIPELINING/);
  });

  it('pipelines MAIL and RCPT but stops after DATA when PIPELINING is offered', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(strictSmtp(['PIPELINING']));
    const sessionId = await openReady('smtp');
    probe.hub.sendLine(sessionId, 'EHLO client.example.com');
    await vi.waitFor(() =>
      expect(probe.latest(sessionId)?.capabilities?.keywords).toEqual(['PIPELINING']),
    );
    for (const line of PASTE) {
      probe.hub.sendLine(sessionId, line);
    }
    await probe.waitForServerText(sessionId, /250 2\.0\.0 Ok: queued/);
    // MAIL, RCPT and DATA left in one group; the content waited for 354.
    const received = server.received[0]!.toString('latin1');
    expect(received).toContain(
      'MAIL FROM:<alice@example.com>\r\nRCPT TO:<bob@example.net>\r\nDATA\r\n',
    );
    expect(probe.notes(sessionId).join('\n')).toMatch(/DATA must end a pipelined group/);
  });

  it('drops the message content when DATA is refused', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(strictSmtp(['PIPELINING'], '554 5.5.1 No valid recipients\r\n'));
    const sessionId = await openReady('smtp');
    probe.hub.sendLine(sessionId, 'EHLO client.example.com');
    await vi.waitFor(() => expect(probe.latest(sessionId)?.capabilities).not.toBeNull());
    for (const line of [...PASTE, 'QUIT']) {
      probe.hub.sendLine(sessionId, line);
    }
    await probe.waitForServerText(sessionId, /221 Bye/);
    const received = server.received[0]!.toString('latin1');
    expect(received).not.toContain('Subject: test');
    expect(received).not.toContain('body');
    expect(probe.clientLines(sessionId).at(-1)).toBe('QUIT');
    expect(probe.notes(sessionId).filter((note) => note.includes('refused DATA'))).toHaveLength(4);
  });

  it('drops command-like content lines when DATA is refused', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(strictSmtp(['PIPELINING'], '554 5.5.1 No valid recipients\r\n'));
    const sessionId = await openReady('smtp');
    probe.hub.sendLine(sessionId, 'EHLO client.example.com');
    await vi.waitFor(() => expect(probe.latest(sessionId)?.capabilities).not.toBeNull());
    const paste = [
      'MAIL FROM:<a@example.com>',
      'RCPT TO:<b@example.com>',
      'DATA',
      'Subject: test',
      '',
      'RSET',
      'RCPT TO:<c@example.com>',
      'QUIT',
      '.',
    ];
    // One request, as a paste into the Command box sends it.
    probe.hub.sendLines(sessionId, paste);
    await probe.waitForServerText(sessionId, /554 5\.5\.1/);
    probe.hub.sendLine(sessionId, 'NOOP');
    await probe.waitForServerText(sessionId, /250 [^\r]*\r\n$/);

    const received = server.received[0]!.toString('latin1');
    expect(received).not.toContain('RSET');
    expect(received).not.toContain('c@example.com');
    expect(received).not.toContain('QUIT');
    expect(received.endsWith('NOOP\r\n')).toBe(true);
    expect(probe.notes(sessionId).filter((note) => note.includes('refused DATA'))).toHaveLength(6);
  });

  it('warns of a content line that loses its leading dot', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(strictSmtp([]));
    const sessionId = await openReady('smtp');
    for (const line of ['MAIL FROM:<a@example.com>', 'RCPT TO:<b@example.com>', 'DATA']) {
      probe.hub.sendLine(sessionId, line);
    }
    await probe.waitForServerText(sessionId, /354 Enter message\r\n$/);
    for (const line of ['.leading', '..kept', '.']) {
      probe.hub.sendLine(sessionId, line);
    }
    await probe.waitForServerText(sessionId, /250 2\.0\.0 Ok: queued\r\n$/);

    const warnings = probe.notes(sessionId).filter((note) => note.includes('starts with one dot'));
    expect(warnings).toHaveLength(1);
    // Sent exactly as typed all the same.
    expect(server.received[0]!.toString('latin1')).toContain('\r\n.leading\r\n..kept\r\n.\r\n');
  });

  it('does not send SASL data as a command after a refused AUTH', async () => {
    probe = new EngineProbe();
    server = await startFakeServer((socket) => {
      socket.write('220 mx ESMTP\r\n');
      onLines(socket, (line) => {
        socket.write(
          line.startsWith('AUTH') ? '504 5.5.4 Unrecognized authentication type\r\n' : '250 Ok\r\n',
        );
      });
    });
    const sessionId = await openReady('smtp');
    for (const line of ['AUTH LOGIN', 'YWxpY2U=', 'czNjcmV0', 'NOOP']) {
      probe.hub.sendLine(sessionId, line);
    }
    await vi.waitFor(() => expect(probe.clientLines(sessionId)).toEqual(['AUTH LOGIN', 'NOOP']));
    await probe.waitForServerText(sessionId, /250 Ok/);
    expect(server.received[0]!.toString()).not.toContain('czNjcmV0');
    expect(probe.notes(sessionId).join('\n')).not.toContain('czNjcmV0');
  });

  it('tells a client LF from the CRLF it always sends', async () => {
    probe = new EngineProbe();
    server = await startFakeServer((socket) => {
      socket.write('220 mx ESMTP\r\n');
      socket.on('data', (chunk: Buffer) => {
        const text = chunk.toString('latin1');
        socket.write(
          /(^|[^\r])\n/.test(text) ? '521 5.5.2 mx Error: bare <LF> received\r\n' : '250 Ok\r\n',
        );
      });
    });
    const sessionId = await openReady('smtp');
    probe.hub.sendLine(sessionId, 'EHLO client.example.com');
    await probe.waitForServerText(sessionId, /250 Ok/);
    expect(server.received[0]!.toString('latin1')).toBe('EHLO client.example.com\r\n');
    const explanation = explainServerLine('smtp', '521 5.5.2 mx Error: bare <LF> received')!;
    expect(explanation.summary).toMatch(/line endings/i);
  });

  it('takes the HELO fallback as a list without extensions', async () => {
    probe = new EngineProbe();
    server = await startFakeServer((socket) => {
      socket.write('220 old.example.test SMTP\r\n');
      onLines(socket, (line) =>
        socket.write(
          line.startsWith('EHLO')
            ? '502 5.5.1 EHLO not implemented\r\n'
            : '250 old.example.test\r\n',
        ),
      );
    });
    const sessionId = await openReady('smtp');
    probe.hub.sendLine(sessionId, 'EHLO client.example.com');
    probe.hub.sendLine(sessionId, 'HELO client.example.com');
    await vi.waitFor(() => expect(probe.latest(sessionId)?.capabilities?.source).toBe('helo'));
    expect(probe.latest(sessionId)?.capabilities?.keywords).toEqual([]);
    expect(probe.latest(sessionId)?.input?.lastReply).toEqual({
      command: 'HELO',
      status: '250',
      line: '250 old.example.test',
    });
  });
});

describe('IMAP typing aids', () => {
  function imapServer(onLine: (socket: Socket, line: string) => void) {
    return (socket: Socket) => {
      socket.write('* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n');
      onLines(socket, (line) => onLine(socket, line));
    };
  }

  it('adds a visible tag to a command typed without one', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(
      imapServer((socket, line) => {
        const [tag] = line.split(' ');
        socket.write(`* CAPABILITY IMAP4rev1\r\n${tag} OK done\r\n`);
      }),
    );
    const sessionId = await openReady('imap');
    probe.hub.sendLine(sessionId, 'CAPABILITY');
    probe.hub.sendLine(sessionId, 'x9 NOOP');
    probe.hub.sendLine(sessionId, 'noop');
    await vi.waitFor(() =>
      expect(probe.clientLines(sessionId)).toEqual(['a1 CAPABILITY', 'x9 NOOP', 'a2 noop']),
    );
    await vi.waitFor(() =>
      expect(server!.received[0]!.toString()).toBe('a1 CAPABILITY\r\nx9 NOOP\r\na2 noop\r\n'),
    );
    expect(probe.notes(sessionId).join('\n')).toMatch(/added one: "a1"/);
    await vi.waitFor(() => expect(probe.latest(sessionId)?.input?.lastReply?.command).toBe('NOOP'));
  });

  it('holds literal data until the server sends +', async () => {
    probe = new EngineProbe();
    let sawLiteralAnnouncement = 0;
    server = await startFakeServer((socket) => {
      socket.write('* OK ready\r\n');
      socket.on('data', (chunk: Buffer) => {
        const text = chunk.toString('latin1');
        if (text.includes('{5}\r\n') && sawLiteralAnnouncement === 0) {
          sawLiteralAnnouncement = server!.received[0]!.length;
          setTimeout(() => socket.write('+ Ready for literal data\r\n'), 50);
        }
        if (text.includes('hello\r\n')) {
          socket.write('a1 OK APPEND completed\r\n');
        }
      });
    });
    const sessionId = await openReady('imap');
    probe.hub.sendLine(sessionId, 'a1 APPEND INBOX {5}');
    probe.hub.sendLine(sessionId, 'hello');
    await probe.waitForServerText(sessionId, /a1 OK APPEND/);
    // Nothing after the announcement left before the continuation request.
    expect(sawLiteralAnnouncement).toBe('a1 APPEND INBOX {5}\r\n'.length);
    expect(probe.notes(sessionId).join('\n')).toMatch(/until the server answers "\+"/);
  });

  it('drops literal data when the server refuses the command', async () => {
    probe = new EngineProbe();
    server = await startFakeServer((socket) => {
      socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n');
      onLines(socket, (line) => {
        socket.write(
          line.endsWith('{6}')
            ? 'a1 NO [PRIVACYREQUIRED] Plaintext authentication disallowed\r\n'
            : `${line.split(' ')[0]} OK\r\n`,
        );
      });
    });
    const sessionId = await openReady('imap');
    probe.hub.sendLine(sessionId, 'a1 LOGIN alice {6}');
    probe.hub.sendLine(sessionId, 's3cret');
    await vi.waitFor(() =>
      expect(probe.notes(sessionId).join('\n')).toMatch(/instead of asking for its literal data/),
    );
    expect(server.received[0]!.toString()).toBe('a1 LOGIN alice {6}\r\n');
    probe.hub.sendLine(sessionId, 'a2 NOOP');
    await probe.waitForServerText(sessionId, /a2 OK/);
  });

  it('keeps LOGIN from a server that advertised LOGINDISABLED', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(
      imapServer((socket, line) => socket.write(`${line.split(' ')[0]} OK\r\n`)),
    );
    const sessionId = await openReady('imap');
    probe.hub.sendLine(sessionId, 'LOGIN alice s3cret');
    probe.hub.sendLine(sessionId, 'b1 login alice s3cret');
    probe.hub.sendLine(sessionId, 'b2 NOOP');
    await probe.waitForServerText(sessionId, /b2 OK/);
    expect(server.received[0]!.toString()).toBe('b2 NOOP\r\n');
    expect(probe.notes(sessionId).filter((note) => note.includes('LOGINDISABLED'))).toHaveLength(2);
  });

  it('tags an untagged STARTTLS so the server can answer it', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(
      imapServer((socket, line) => {
        const [tag, command] = line.split(' ');
        socket.write(
          command === 'STARTTLS'
            ? `${tag} NO TLS not configured\r\n`
            : `${tag} BAD Error in IMAP command\r\n`,
        );
      }),
    );
    const sessionId = await openReady('imap');
    probe.hub.sendLine(sessionId, 'STARTTLS');
    await vi.waitFor(() => expect(probe.notes(sessionId).join('\n')).toMatch(/refused STARTTLS/));
    expect(probe.clientLines(sessionId)).toEqual(['a1 STARTTLS']);
  });
});
