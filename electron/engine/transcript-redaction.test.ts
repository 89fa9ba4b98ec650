import { createHash, createHmac } from 'node:crypto';

import { afterEach, describe, expect, it, vi } from 'vitest';

import type { ProtocolId } from '../../shared/presets';
import type { TranscriptFormat } from '../../shared/transcript';
import { EngineProbe } from './test-support/engine-probe';
import { onLines, startFakeServer, type FakeServer } from './test-support/fake-server';

const USER = 'alice@example.com';
const PASSWORD = 'Grüße-s3cret';
const TOKEN = 'ya29.EXAMPLE-TOKEN';
const CRAM_CHALLENGE = '<1896.697170952@postoffice.example.net>';
const APOP_STAMP = '<1896.697170952@dbc.mailcom.com>';

const base64 = (text: string, encoding: BufferEncoding = 'utf8') =>
  Buffer.from(text, encoding).toString('base64');
const plainBlob = base64(`\0${USER}\0${PASSWORD}`);
const xoauthBlob = base64(`user=${USER}\x01auth=Bearer ${TOKEN}\x01\x01`);
const cramDigest = createHmac('md5', PASSWORD).update(CRAM_CHALLENGE).digest('hex');
const cramResponse = base64(`${USER} ${cramDigest}`);
const apopDigest = createHash('md5').update(`${APOP_STAMP}${PASSWORD}`).digest('hex');

/** Every form in which the secret could leak: plain, base64 of UTF-8 and UTF-16, the SASL blobs and digests. */
const SECRET_FORMS = [
  PASSWORD,
  base64(PASSWORD),
  base64(PASSWORD, 'utf16le'),
  Buffer.from(PASSWORD, 'utf16le').toString('latin1'),
  Buffer.from(PASSWORD).toString('hex'),
  plainBlob,
  xoauthBlob,
  TOKEN,
  cramDigest,
  cramResponse,
  apopDigest,
  base64(USER), // AUTH LOGIN sends the user name as its own SASL response
];

const GREETINGS: Readonly<Record<ProtocolId, string>> = {
  smtp: '220 mail.example.test ESMTP\r\n',
  imap: '* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\r\n',
  pop3: `+OK POP3 ready ${APOP_STAMP}\r\n`,
  raw: '',
};

interface AuthCase {
  readonly name: string;
  readonly protocol: ProtocolId;
  /** Client lines, sent one by one with CRLF. */
  readonly lines: readonly string[];
  /** The server's reply to each line, by index; an empty string sends nothing. */
  readonly replies: readonly string[];
  /** Text the masked transcript must still show: verbs and mechanism names. */
  readonly kept: readonly string[];
}

const CASES: readonly AuthCase[] = [
  {
    name: 'SMTP AUTH PLAIN with initial response',
    protocol: 'smtp',
    lines: [`AUTH PLAIN ${plainBlob}`],
    replies: ['235 2.7.0 ok\r\n'],
    kept: ['AUTH PLAIN'],
  },
  {
    name: 'SMTP auth plain in lower case, response after 334',
    protocol: 'smtp',
    lines: ['auth plain', plainBlob],
    replies: ['334 \r\n', '235 2.7.0 ok\r\n'],
    kept: ['auth plain'],
  },
  {
    name: 'SMTP AUTH LOGIN in three steps',
    protocol: 'smtp',
    lines: ['AUTH LOGIN', base64(USER), base64(PASSWORD)],
    replies: ['334 VXNlcm5hbWU6\r\n', '334 UGFzc3dvcmQ6\r\n', '235 2.7.0 ok\r\n'],
    kept: ['AUTH LOGIN'],
  },
  {
    name: 'SMTP AUTH LOGIN with the user name on the command',
    protocol: 'smtp',
    lines: [`Auth Login ${base64(USER)}`, base64(PASSWORD)],
    replies: ['334 UGFzc3dvcmQ6\r\n', '235 2.7.0 ok\r\n'],
    kept: ['Auth Login'],
  },
  {
    name: 'SMTP AUTH XOAUTH2 with the error challenge',
    protocol: 'smtp',
    lines: [`AUTH XOAUTH2 ${xoauthBlob}`, ''],
    replies: ['334 eyJzdGF0dXMiOiI0MDAifQ==\r\n', '535 5.7.8 failed\r\n'],
    kept: ['AUTH XOAUTH2'],
  },
  {
    name: 'SMTP AUTH CRAM-MD5',
    protocol: 'smtp',
    lines: ['AUTH CRAM-MD5', cramResponse],
    replies: [`334 ${base64(CRAM_CHALLENGE)}\r\n`, '235 2.7.0 ok\r\n'],
    kept: ['AUTH CRAM-MD5'],
  },
  {
    name: 'IMAP LOGIN with atoms',
    protocol: 'imap',
    lines: [`a1 LOGIN ${USER} ${PASSWORD}`],
    replies: ['a1 OK done\r\n'],
    kept: ['a1 LOGIN alice@example.com'],
  },
  {
    name: 'IMAP login with quoted strings in lower case',
    protocol: 'imap',
    lines: [`a2 login "${USER}" "${PASSWORD} \\"quoted\\""`],
    replies: ['a2 OK done\r\n'],
    kept: ['a2 login "alice@example.com"'],
  },
  {
    name: 'IMAP LOGIN with literals',
    protocol: 'imap',
    lines: [
      `a3 LOGIN {${Buffer.byteLength(USER)}}`,
      `${USER} {${Buffer.byteLength(PASSWORD)}}`,
      PASSWORD,
    ],
    replies: ['+ go on\r\n', '+ go on\r\n', 'a3 OK done\r\n'],
    kept: ['a3 LOGIN {17}'],
  },
  {
    name: 'IMAP LOGIN without a tag',
    protocol: 'imap',
    lines: [`LOGIN ${USER} ${PASSWORD}`],
    replies: ['LOGIN BAD Error in IMAP command\r\n'],
    kept: ['LOGIN alice@example.com'],
  },
  {
    name: 'IMAP AUTHENTICATE PLAIN after a continuation',
    protocol: 'imap',
    lines: ['a4 AUTHENTICATE PLAIN', plainBlob],
    replies: ['+ \r\n', 'a4 OK done\r\n'],
    kept: ['a4 AUTHENTICATE PLAIN'],
  },
  {
    name: 'IMAP authenticate with SASL-IR',
    protocol: 'imap',
    lines: [`a5 authenticate plain ${plainBlob}`],
    replies: ['a5 OK done\r\n'],
    kept: ['a5 authenticate plain'],
  },
  {
    name: 'POP3 USER and PASS',
    protocol: 'pop3',
    lines: [`USER ${USER}`, `PASS ${PASSWORD}`],
    replies: ['+OK\r\n', '+OK logged in\r\n'],
    kept: ['USER alice@example.com', 'PASS'],
  },
  {
    name: 'POP3 apop in lower case',
    protocol: 'pop3',
    lines: [`apop ${USER} ${apopDigest}`],
    replies: ['+OK logged in\r\n'],
    kept: ['apop alice@example.com'],
  },
  {
    name: 'POP3 AUTH PLAIN after a continuation',
    protocol: 'pop3',
    lines: ['AUTH PLAIN', plainBlob],
    replies: ['+ \r\n', '+OK logged in\r\n'],
    kept: ['AUTH PLAIN'],
  },
  {
    name: 'POP3 AUTH LOGIN in three steps',
    protocol: 'pop3',
    lines: ['auth login', base64(USER), base64(PASSWORD)],
    replies: ['+ VXNlcm5hbWU6\r\n', '+ UGFzc3dvcmQ6\r\n', '+OK logged in\r\n'],
    kept: ['auth login'],
  },
];

let probe: EngineProbe;
let server: FakeServer | null = null;

afterEach(async () => {
  probe?.dispose();
  await server?.close();
  server = null;
});

/** A server that greets, then answers the n-th client line with `replies[n]`. */
async function startScripted(
  protocol: ProtocolId,
  replies: readonly string[],
): Promise<FakeServer> {
  return startFakeServer((socket) => {
    socket.write(GREETINGS[protocol]);
    let index = 0;
    onLines(socket, () => {
      const reply = replies[index++] ?? '';
      if (reply !== '') {
        socket.write(reply);
      }
    });
  });
}

async function openSession(protocol: ProtocolId, port: number): Promise<string> {
  const { sessionId } = await probe.hub.open({
    host: '127.0.0.1',
    port,
    protocol,
    security: 'plain',
  });
  await probe.waitForPhase(sessionId, 'ready');
  return sessionId;
}

/** Undoes the escaping of the HTML and JSON exports, so a secret cannot hide behind it. */
function readableForms(content: string): string[] {
  const html = content
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return [content, html, content.replace(/\\"/g, '"').replace(/\\\\/g, '\\')];
}

function expectNoSecret(content: string, where: string): void {
  for (const form of readableForms(content)) {
    for (const secret of SECRET_FORMS) {
      expect(form.includes(secret), `${where} contains ${JSON.stringify(secret)}`).toBe(false);
    }
  }
}

function exportAll(sessionId: string): Record<TranscriptFormat, string> {
  const formats: TranscriptFormat[] = ['text', 'json', 'html'];
  return Object.fromEntries(
    formats.map((format) => [
      format,
      probe.hub.exportTranscript(sessionId, { format, timestamps: true, credentials: 'masked' })
        .content,
    ]),
  ) as Record<TranscriptFormat, string>;
}

async function expectWireReceived(line: string): Promise<void> {
  await vi.waitFor(() => expect(server!.received[0]!.toString('utf8')).toContain(`${line}\r\n`));
}

describe.each([
  ['one line at a time', false],
  ['pipelined', true],
])('transcript redaction, %s', (_mode, pipelined) => {
  it.each(CASES)('$name', async (authCase) => {
    probe = new EngineProbe();
    server = await startScripted(authCase.protocol, authCase.replies);
    const sessionId = await openSession(authCase.protocol, server.port);

    for (const [index, line] of authCase.lines.entries()) {
      expect(probe.hub.sendLine(sessionId, line)).toEqual({ sent: true });
      const reply = authCase.replies[index]!;
      if (!pipelined && reply !== '') {
        const escaped = reply.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        await probe.waitForServerText(sessionId, new RegExp(escaped));
      }
    }
    // The server got the real credentials, so the checks below can fail.
    await expectWireReceived(authCase.lines.at(-1)!);

    const exports = exportAll(sessionId);
    for (const [format, content] of Object.entries(exports)) {
      expectNoSecret(content, `${format} export`);
      for (const kept of authCase.kept) {
        const found = readableForms(content).some((form) => form.includes(kept));
        expect(found, `${format} export keeps ${kept}`).toBe(true);
      }
    }
    expectNoSecret(JSON.stringify(probe.clientLines(sessionId)), 'terminal output');
  });
});

describe('redaction of exact bytes', () => {
  it('masks credentials inside one send of several lines', async () => {
    probe = new EngineProbe();
    server = await startScripted('smtp', [
      '334 VXNlcm5hbWU6\r\n',
      '334 UGFzc3dvcmQ6\r\n',
      '235 ok\r\n',
    ]);
    const sessionId = await openSession('smtp', server.port);
    const bytes = Buffer.from(`AUTH LOGIN\r\n${base64(USER)}\r\n${base64(PASSWORD)}\r\n`);
    expect(probe.hub.sendBytes(sessionId, bytes)).toEqual({ sent: true });
    await expectWireReceived(base64(PASSWORD));

    for (const [format, content] of Object.entries(exportAll(sessionId))) {
      expectNoSecret(content, `${format} export`);
    }
    expect(exportAll(sessionId).text).toContain(
      'c (exact bytes): AUTH LOGIN\\r\\n********\\r\\n********\\r\\n',
    );
  });

  it('masks a payload sent separately from its command', async () => {
    probe = new EngineProbe();
    server = await startScripted('smtp', ['235 ok\r\n']);
    const sessionId = await openSession('smtp', server.port);
    probe.hub.sendBytes(sessionId, Buffer.from('AUTH PLAIN '));
    probe.hub.sendBytes(sessionId, Buffer.from(`${plainBlob}\r\n`));
    await expectWireReceived(plainBlob);

    const text = exportAll(sessionId).text;
    expectNoSecret(text, 'text export');
    expect(text).toContain('c (exact bytes): AUTH PLAIN ');
  });

  it('masks a typed line that completes an open AUTH line', async () => {
    probe = new EngineProbe();
    server = await startScripted('smtp', ['235 ok\r\n']);
    const sessionId = await openSession('smtp', server.port);
    probe.hub.sendBytes(sessionId, Buffer.from('AUTH PL'));
    await vi.waitFor(() =>
      expect(probe.notes(sessionId).join('\n')).toContain('next line you send continues it'),
    );
    expect(probe.hub.sendLine(sessionId, `AIN ${plainBlob}`)).toEqual({ sent: true });
    await expectWireReceived(`AUTH PLAIN ${plainBlob}`);

    await vi.waitFor(() =>
      expect(probe.notes(sessionId).join('\n')).toContain(
        'so the server receives one line: AUTH PLAIN ********',
      ),
    );

    expect(probe.clientLines(sessionId)).toContain('********');
    for (const [format, content] of Object.entries(exportAll(sessionId))) {
      expectNoSecret(content, `${format} export`);
    }
  });

  it('masks an IMAP password literal that contains a line break', async () => {
    probe = new EngineProbe();
    server = await startScripted('imap', ['+ go\r\n', 'a1 OK\r\n']);
    const sessionId = await openSession('imap', server.port);
    const password = 'pa\r\nss-Grüße-s3cret';
    const bytes = Buffer.from(`a1 LOGIN alice {${Buffer.byteLength(password)}}\r\n${password}\r\n`);
    probe.hub.sendBytes(sessionId, bytes);
    await vi.waitFor(() => expect(server!.received[0]!.length).toBe(bytes.length));

    const text = exportAll(sessionId).text;
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('pa\\r\\nss');
  });
});

describe('credential keeping', () => {
  it('includes kept credentials only on request and warns', async () => {
    probe = new EngineProbe();
    server = await startScripted('pop3', ['+OK\r\n', '+OK\r\n', '+OK\r\n']);
    const sessionId = await openSession('pop3', server.port);
    probe.hub.sendLine(sessionId, 'PASS before-keeping');
    expect(probe.hub.keepCredentials(sessionId, true)).toBe(true);
    probe.hub.sendLine(sessionId, `PASS ${PASSWORD}`);
    await expectWireReceived(`PASS ${PASSWORD}`);

    const masked = probe.hub.exportTranscript(sessionId, {
      format: 'text',
      timestamps: false,
      credentials: 'masked',
    });
    expectNoSecret(masked.content, 'masked export');
    expect(masked.credentialCount).toBe(0);

    const included = probe.hub.exportTranscript(sessionId, {
      format: 'text',
      timestamps: false,
      credentials: 'included',
    });
    expect(included.credentialCount).toBe(1);
    expect(included.content).toContain(`c: PASS ${PASSWORD}`);
    expect(included.content).toContain('WARNING: this transcript contains 1 credential line(s)');
    // A line sent before keeping was turned on was never stored, so it stays masked.
    expect(included.content).not.toContain('before-keeping');

    const page = probe.hub.readTranscript(sessionId, 0, 1024 * 1024);
    expectNoSecret(JSON.stringify(page.records), 'transcript page');
  });
});
