import type { Socket } from 'node:net';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { SECRET_MASK } from '../../../shared/protocol/secrets';
import type { AuthRequest } from '../../../shared/sasl/types';
import type { SessionOptions } from '../../../shared/session';
import { EngineProbe } from '../test-support/engine-probe';
import { onLines, startFakeServer, type FakeServer } from '../test-support/fake-server';
import { guardDisplay } from './auth-exchange';

let probe: EngineProbe;
let server: FakeServer | null = null;

afterEach(async () => {
  probe?.dispose();
  await server?.close();
  server = null;
});

const REQUEST: AuthRequest = {
  method: 'sasl',
  mechanism: 'PLAIN',
  initialResponse: true,
  authzid: '',
  username: 'alice@example.com',
  secret: 's3cret',
  loginCharset: 'utf-8',
  tag: 'A1',
};

/** The PLAIN message for alice@example.com / s3cret, the only one the fake servers accept. */
const PLAIN_BLOB = 'AGFsaWNlQGV4YW1wbGUuY29tAHMzY3JldA==';

/**
 * Returns a fake server that greets and passes every line to `answer`, which returns the reply
 * to write, or undefined to stay silent.
 */
function scripted(greeting: string, answer: (line: string) => string | undefined) {
  return (socket: Socket) => {
    socket.write(greeting);
    onLines(socket, (line) => {
      const reply = answer(line);
      if (reply !== undefined) {
        socket.write(reply);
      }
    });
  };
}

async function openSession(
  protocol: 'smtp' | 'imap' | 'pop3',
  extra: Partial<SessionOptions> = {},
): Promise<string> {
  const { sessionId } = await probe.hub.open({
    host: '127.0.0.1',
    port: server!.port,
    protocol,
    security: 'plain',
    ehloName: 'client.example.com',
    ...extra,
  });
  await probe.waitForPhase(sessionId, 'ready');
  return sessionId;
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

function received(): string {
  return server!.received[0]!.toString('utf8');
}

/** Everything a person could see or save: terminal entries and transcript records. */
function visibleText(sessionId: string): string {
  const entries = JSON.stringify(
    (probe.entries.get(sessionId) ?? []).filter((entry) => entry.kind !== 'server'),
  );
  const records = probe.hub
    .find(sessionId)!
    .transcriptRecords.filter((record) => record.kind !== 'server');
  return entries + JSON.stringify(records) + JSON.stringify(probe.states.get(sessionId));
}

describe('SMTP auth exchange', () => {
  it('sends AUTH PLAIN with the exact bytes and shows it masked', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(
      scripted('220 mx ESMTP\r\n', (line) =>
        line === `AUTH PLAIN ${PLAIN_BLOB}`
          ? '235 2.7.0 Authentication successful\r\n'
          : '535 5.7.8 Error: authentication failed\r\n',
      ),
    );
    const sessionId = await openSession('smtp');
    expect(probe.hub.startAuth(sessionId, REQUEST)).toEqual({ sent: true });

    const auth = await waitForOutcome(sessionId);
    expect(auth.state).toBe('succeeded');
    expect(auth.sentLines).toEqual([`AUTH PLAIN ${SECRET_MASK}`]);
    expect(received()).toBe(`AUTH PLAIN ${PLAIN_BLOB}\r\n`);
    expect(probe.clientLines(sessionId)).toEqual([`AUTH PLAIN ${SECRET_MASK}`]);
    expect(visibleText(sessionId)).not.toContain(PLAIN_BLOB);
    expect(visibleText(sessionId)).not.toContain('s3cret');
  });

  it('waits for the empty 334 when PLAIN goes without an initial response', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(
      scripted('220 mx ESMTP\r\n', (line) => {
        if (line === 'AUTH PLAIN') return '334 \r\n';
        return line === PLAIN_BLOB ? '235 2.7.0 Ok\r\n' : '535 5.7.8 failed\r\n';
      }),
    );
    const sessionId = await openSession('smtp');
    probe.hub.startAuth(sessionId, { ...REQUEST, initialResponse: false });

    const auth = await waitForOutcome(sessionId);
    expect(auth.state).toBe('succeeded');
    expect(received()).toBe(`AUTH PLAIN\r\n${PLAIN_BLOB}\r\n`);
    expect(auth.sentLines).toEqual(['AUTH PLAIN', SECRET_MASK]);
  });

  it('falls back to the two-step LOGIN when the server rejects an initial response', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(
      scripted('220 mx ESMTP\r\n', (line) => {
        if (line.startsWith('AUTH LOGIN ')) return '502 Invalid/unsupported command\r\n';
        if (line === 'AUTH LOGIN') return '334 VXNlcm5hbWU6\r\n';
        if (line === 'YWxpY2VAZXhhbXBsZS5jb20=') return '334 UGFzc3dvcmQ6\r\n';
        return line === 'czNjcmV0' ? '235 2.7.0 Ok\r\n' : '535 5.7.8 failed\r\n';
      }),
    );
    const sessionId = await openSession('smtp');
    probe.hub.startAuth(sessionId, { ...REQUEST, mechanism: 'LOGIN' });

    const auth = await waitForOutcome(sessionId);
    expect(auth.state).toBe('succeeded');
    expect(received()).toBe(
      'AUTH LOGIN YWxpY2VAZXhhbXBsZS5jb20=\r\nAUTH LOGIN\r\nYWxpY2VAZXhhbXBsZS5jb20=\r\nczNjcmV0\r\n',
    );
    expect(auth.lastChallenge).toEqual({ base64: 'UGFzc3dvcmQ6', text: 'Password:' });
    expect(probe.notes(sessionId).join('\n')).toContain('trying again without it');
  });

  it('explains a 535 to PLAIN sent without an initial response', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(
      scripted('220 mx ESMTP\r\n', () => '535 Incorrect authentication data\r\n'),
    );
    const sessionId = await openSession('smtp');
    probe.hub.startAuth(sessionId, { ...REQUEST, initialResponse: false });

    const auth = await waitForOutcome(sessionId);
    expect(auth.state).toBe('failed');
    expect(auth.finalReply).toBe('535 Incorrect authentication data');
    expect(auth.explanation).toContain('rejected the credentials');
    expect(auth.explanation).toContain('without TLS');
  });

  it('answers the RFC 2195 CRAM-MD5 challenge', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(
      scripted('220 mx ESMTP\r\n', (line) => {
        if (line === 'AUTH CRAM-MD5') {
          return '334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n';
        }
        return line === 'dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw'
          ? '235 2.7.0 Ok\r\n'
          : '535 5.7.8 failed\r\n';
      }),
    );
    const sessionId = await openSession('smtp');
    probe.hub.startAuth(sessionId, {
      ...REQUEST,
      mechanism: 'CRAM-MD5',
      username: 'tim',
      secret: 'tanstaaftanstaaf',
    });

    const auth = await waitForOutcome(sessionId);
    expect(auth.state).toBe('succeeded');
    expect(auth.lastChallenge?.text).toBe('<1896.697170952@postoffice.reston.mci.net>');
    expect(auth.sentLines).toEqual(['AUTH CRAM-MD5', SECRET_MASK]);
  });

  it('answers an XOAUTH2 error challenge with an empty line and explains the 535', async () => {
    probe = new EngineProbe();
    const error =
      'eyJzdGF0dXMiOiI0MDAiLCJzY2hlbWVzIjoiQmVhcmVyIiwic2NvcGUiOiJodHRwczovL21haWwuZ29vZ2xlLmNvbS8ifQ==';
    server = await startFakeServer(
      scripted('220 mx ESMTP\r\n', (line) => {
        if (line.startsWith('AUTH XOAUTH2 ')) return `334 ${error}\r\n`;
        return line === ''
          ? '535-5.7.8 Username and Password not accepted.\r\n535 5.7.8 Learn more\r\n'
          : undefined;
      }),
    );
    const sessionId = await openSession('smtp');
    probe.hub.startAuth(sessionId, { ...REQUEST, mechanism: 'XOAUTH2', secret: 'ya29.EXPIRED' });

    const auth = await waitForOutcome(sessionId);
    expect(auth.state).toBe('failed');
    expect(received()).toMatch(/^AUTH XOAUTH2 \S+\r\n\r\n$/);
    expect(auth.sentLines).toEqual([`AUTH XOAUTH2 ${SECRET_MASK}`, '']);
    expect(auth.explanation).toContain('token');
    expect(probe.notes(sessionId).join('\n')).toContain('"status":"400"');
    expect(visibleText(sessionId)).not.toContain('ya29.EXPIRED');
  });

  it('acknowledges an OAUTHBEARER error with ^A', async () => {
    probe = new EngineProbe();
    const error = Buffer.from('{"status":"invalid_token","scope":"mail"}').toString('base64');
    server = await startFakeServer(
      scripted('220 mx ESMTP\r\n', (line) => {
        if (line.startsWith('AUTH OAUTHBEARER ')) return `334 ${error}\r\n`;
        return line === 'AQ==' ? '535 5.7.8 Authentication failed\r\n' : undefined;
      }),
    );
    const sessionId = await openSession('smtp');
    probe.hub.startAuth(sessionId, { ...REQUEST, mechanism: 'OAUTHBEARER', secret: 'vF9dft4qmT' });

    const auth = await waitForOutcome(sessionId);
    expect(auth.state).toBe('failed');
    const firstLine = received().split('\r\n')[0]!;
    const message = Buffer.from(firstLine.split(' ')[2]!, 'base64').toString('latin1');
    expect(message).toBe(
      `n,a=alice@example.com,\x01host=127.0.0.1\x01port=${server.port}\x01auth=Bearer vF9dft4qmT\x01\x01`,
    );
    expect(received().endsWith('\r\nAQ==\r\n')).toBe(true);
    expect(auth.lastChallenge?.text).toBe('{"status":"invalid_token","scope":"mail"}');
  });

  it('cancels with * when the SCRAM server signature is wrong', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(
      scripted('220 mx ESMTP\r\n', (line) => {
        if (line.startsWith('AUTH SCRAM-SHA-256 ')) {
          const clientFirst = Buffer.from(line.split(' ')[2]!, 'base64').toString();
          const nonce = /r=([^,]+)/.exec(clientFirst)![1]!;
          const serverFirst = `r=${nonce}server,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096`;
          return `334 ${Buffer.from(serverFirst).toString('base64')}\r\n`;
        }
        if (line.startsWith('Yz1')) {
          return `334 ${Buffer.from('v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=').toString('base64')}\r\n`;
        }
        return line === '*' ? '501 5.7.0 Authentication aborted\r\n' : undefined;
      }),
    );
    const sessionId = await openSession('smtp');
    probe.hub.startAuth(sessionId, { ...REQUEST, mechanism: 'SCRAM-SHA-256' });

    const auth = await waitForOutcome(sessionId);
    expect(auth.state).toBe('failed');
    expect(auth.serverSignature).toBe('mismatch');
    expect(auth.explanation).toContain('server signature is wrong');
    expect(received().endsWith('\r\n*\r\n')).toBe(true);
  });

  it('holds typed lines, then times out', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(scripted('220 mx ESMTP\r\n', () => undefined));
    const sessionId = await openSession('smtp', { deadlines: { replyMs: 300 } });
    probe.hub.startAuth(sessionId, REQUEST);

    const typed = probe.hub.sendLine(sessionId, 'NOOP');
    expect(!typed.sent && typed.error.code).toBe('AUTH_IN_PROGRESS');
    const auth = await waitForOutcome(sessionId);
    expect(auth.state).toBe('failed');
    expect(auth.explanation).toContain('did not answer');
    expect(probe.hub.sendLine(sessionId, 'NOOP')).toEqual({ sent: true });
  });

  it('refuses credentials that SASLprep prohibits, before sending anything', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(scripted('220 mx ESMTP\r\n', () => undefined));
    const sessionId = await openSession('smtp');
    const result = probe.hub.startAuth(sessionId, { ...REQUEST, secret: 'bell\u0007' });
    expect(!result.sent && result.error.code).toBe('AUTH_INVALID_INPUT');
    expect(!result.sent && result.error.message).toContain('U+0007');
    expect(received()).toBe('');
  });
});

describe('POP3 and IMAP logins', () => {
  it('computes APOP from the greeting timestamp of RFC 1939', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(
      scripted('+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n', (line) =>
        line === 'APOP mrose c4c9334bac560ecc979e58001b3e22fb'
          ? '+OK maildrop has 1 message\r\n'
          : '-ERR [AUTH] permission denied\r\n',
      ),
    );
    const sessionId = await openSession('pop3');
    probe.hub.startAuth(sessionId, {
      ...REQUEST,
      method: 'pop3-apop',
      username: 'mrose',
      secret: 'tanstaaf',
    });

    const auth = await waitForOutcome(sessionId);
    expect(auth.state).toBe('succeeded');
    expect(auth.sentLines).toEqual([`APOP mrose ${SECRET_MASK}`]);
  });

  it('refuses APOP when the greeting has no timestamp', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(scripted('+OK ready\r\n', () => undefined));
    const sessionId = await openSession('pop3');
    const result = probe.hub.startAuth(sessionId, { ...REQUEST, method: 'pop3-apop' });
    expect(!result.sent && result.error.code).toBe('AUTH_INVALID_INPUT');
  });

  it('sends USER, waits for +OK, then PASS', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(
      scripted('+OK ready\r\n', (line) =>
        line.startsWith('USER') ? '+OK\r\n' : '-ERR [AUTH] Authentication failed.\r\n',
      ),
    );
    const sessionId = await openSession('pop3');
    probe.hub.startAuth(sessionId, { ...REQUEST, method: 'pop3-user' });

    const auth = await waitForOutcome(sessionId);
    expect(auth.state).toBe('failed');
    expect(received()).toBe('USER alice@example.com\r\nPASS s3cret\r\n');
    expect(auth.sentLines).toEqual(['USER alice@example.com', `PASS ${SECRET_MASK}`]);
    expect(auth.explanation).toContain('rejected the credentials');
  });

  it('sends a non-ASCII password as an IMAP literal after the + go-ahead', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(
      scripted('* OK ready\r\n', (line) => {
        if (line.endsWith('{14}')) return '+ OK\r\n';
        return line === Buffer.from('Grüße-s3cret').toString('latin1')
          ? 'A1 OK Logged in\r\n'
          : 'A1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n';
      }),
    );
    const sessionId = await openSession('imap');
    probe.hub.startAuth(sessionId, { ...REQUEST, method: 'imap-login', secret: 'Grüße-s3cret' });

    const auth = await waitForOutcome(sessionId);
    expect(auth.state).toBe('succeeded');
    expect(auth.sentLines).toEqual(['A1 LOGIN "alice@example.com" {14}', SECRET_MASK]);
    expect(visibleText(sessionId)).not.toContain('Grüße-s3cret');
  });

  it('is not available in a raw session', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(() => undefined);
    const { sessionId } = await probe.hub.open({
      host: '127.0.0.1',
      port: server.port,
      protocol: 'raw',
      security: 'plain',
    });
    await probe.waitForPhase(sessionId, 'ready');
    const result = probe.hub.startAuth(sessionId, REQUEST);
    expect(!result.sent && result.error.code).toBe('AUTH_UNSUPPORTED');
  });
});

describe('guardDisplay', () => {
  it('replaces a secret that a display still contains', () => {
    expect(guardDisplay('PASS hunter22', 'hunter22')).toBe(`PASS ${SECRET_MASK}`);
    expect(guardDisplay(`PASS ${SECRET_MASK}`, 'hunter22')).toBe(`PASS ${SECRET_MASK}`);
  });

  it('ignores secrets too short to mean anything', () => {
    expect(guardDisplay('USER alice', 'a')).toBe('USER alice');
  });
});

describe('stopping the auth helper', () => {
  it('ends a silent exchange and lets typed lines go out', async () => {
    probe = new EngineProbe();
    // The server never replies to AUTH, like one whose unfinished LIST swallows the reply.
    server = await startFakeServer(
      scripted('+OK ready\r\n', (line) => (line.startsWith('AUTH') ? undefined : '+OK noop\r\n')),
    );
    const sessionId = await openSession('pop3');
    expect(probe.hub.startAuth(sessionId, REQUEST)).toEqual({ sent: true });
    await vi.waitFor(() => expect(received()).toContain('AUTH PLAIN'));
    expect(probe.latest(sessionId)?.auth?.state).toBe('running');

    probe.hub.stopAuth(sessionId);
    await vi.waitFor(() => expect(probe.latest(sessionId)?.auth?.state).toBe('failed'));
    expect(probe.latest(sessionId)?.auth?.explanation).toContain('You stopped the helper');
    expect(probe.hub.sendLine(sessionId, 'NOOP')).toEqual({ sent: true });
    await probe.waitForServerText(sessionId, /\+OK noop\r\n$/);
  });

  it('does nothing once the exchange has ended', async () => {
    probe = new EngineProbe();
    server = await startFakeServer(scripted('220 mx ESMTP\r\n', () => '235 2.7.0 Ok\r\n'));
    const sessionId = await openSession('smtp');
    probe.hub.startAuth(sessionId, REQUEST);
    await vi.waitFor(() => expect(probe.latest(sessionId)?.auth?.state).toBe('succeeded'));
    probe.hub.stopAuth(sessionId);
    expect(probe.latest(sessionId)?.auth?.state).toBe('succeeded');
  });
});
