import { afterEach, describe, expect, it, vi } from 'vitest';

import type { ProtocolId } from '../../shared/presets';
import type { TranscriptFormat } from '../../shared/transcript';
import {
  base64,
  CASES,
  expectNoSecret,
  GREETINGS,
  PASSWORD,
  plainBlob,
  readableForms,
  USER,
} from './test-support/credential-cases';
import { EngineProbe } from './test-support/engine-probe';
import { onLines, startFakeServer, type FakeServer } from './test-support/fake-server';

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
