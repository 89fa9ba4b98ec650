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
  SECRET_FORMS,
  TOKEN,
  xoauthBlob,
} from './test-support/credential-cases';
import { EngineProbe } from './test-support/engine-probe';
import { onLines, startFakeServer, type FakeServer } from './test-support/fake-server';

const ECHO_WARNING = "The server's reply repeats a credential you sent";

let probe: EngineProbe;
let server: FakeServer | null = null;
/** Everything the fake server wrote, to show that it did repeat the credential. */
let written = '';
/** Replies the fake server wrote, one line each. */
let repliesWritten = 0;

afterEach(async () => {
  probe?.dispose();
  await server?.close();
  server = null;
  written = '';
  repliesWritten = 0;
});

function writeReply(socket: { write(bytes: Buffer): void }, reply: Buffer): void {
  written += reply.toString('utf8');
  repliesWritten++;
  socket.write(reply);
}

/**
 * A server that replies to the n-th client line with `replies[n]` and the line it received in
 * quotes, as servers do that quote an unrecognized command.
 */
async function startEchoing(protocol: ProtocolId, replies: readonly string[]): Promise<void> {
  server = await startFakeServer((socket) => {
    socket.write(GREETINGS[protocol]);
    let index = 0;
    onLines(socket, (line) => {
      const reply = (replies[index++] ?? '+OK\r\n').replace(/\r\n$/, '');
      writeReply(socket, Buffer.from(`${reply.trimEnd()} "${line}"\r\n`, 'latin1'));
    });
  });
}

async function openSession(protocol: ProtocolId): Promise<string> {
  const { sessionId } = await probe.hub.open({
    host: '127.0.0.1',
    port: server!.port,
    protocol,
    security: 'plain',
  });
  await probe.waitForPhase(sessionId, 'ready');
  return sessionId;
}

/**
 * Sends each line once the reply to the one before reached the terminal, so replies pair up in
 * order. Masking never touches CR or LF, so shown line ends count the replies that arrived.
 */
async function sendAll(sessionId: string, lines: readonly string[]): Promise<void> {
  for (const line of lines) {
    const expected = repliesWritten + 1;
    expect(probe.hub.sendLine(sessionId, line)).toEqual({ sent: true });
    await vi.waitFor(() => {
      const shownLineEnds = probe.serverText(sessionId).split('\r\n').length - 1;
      // The greeting is the first shown line.
      expect(shownLineEnds).toBe(expected + 1);
    });
  }
}

function exportAll(sessionId: string): Record<TranscriptFormat, string> {
  const formats: TranscriptFormat[] = ['text', 'json', 'html'];
  return Object.fromEntries(
    formats.map((format) => [
      format,
      probe.hub.exportTranscript(sessionId, { format, timestamps: false, credentials: 'masked' })
        .content,
    ]),
  ) as Record<TranscriptFormat, string>;
}

describe('credentials a server repeats', () => {
  it.each(CASES)('$name: masked in exports, views and terminal', async (authCase) => {
    probe = new EngineProbe();
    await startEchoing(authCase.protocol, authCase.replies);
    const sessionId = await openSession(authCase.protocol);
    await sendAll(sessionId, authCase.lines);

    // The echo really carried a credential, so the checks below can fail.
    expect(SECRET_FORMS.some((secret) => written.includes(secret))).toBe(true);
    await vi.waitFor(() => expect(probe.notes(sessionId).join('\n')).toContain(ECHO_WARNING));

    for (const [format, content] of Object.entries(exportAll(sessionId))) {
      expectNoSecret(content, `${format} export`);
    }
    expectNoSecret(probe.serverText(sessionId), 'terminal server bytes');
    expectNoSecret(JSON.stringify(probe.notes(sessionId)), 'terminal notes');
    expectNoSecret(JSON.stringify(probe.states.get(sessionId)), 'session states');
    const page = probe.hub.readTranscript(sessionId, 0, 1 << 20);
    const pageText = page.records.map((record) =>
      record.kind === 'server' ? Buffer.from(record.bytes).toString('latin1') : record,
    );
    expectNoSecret(JSON.stringify(pageText), 'transcript page');
  });

  it('marks masked server bytes in every export format', async () => {
    probe = new EngineProbe();
    await startEchoing('smtp', ['334 \r\n', '235 2.7.0 ok\r\n']);
    const sessionId = await openSession('smtp');
    await sendAll(sessionId, ['AUTH PLAIN', plainBlob]);

    const exports = exportAll(sessionId);
    expect(exports.text).toContain('s (credential masked): 235 2.7.0 ok "********"');
    expect(exports.text).toContain('s: 334 "AUTH PLAIN"');
    expect(exports.text).toContain('those server bytes are not exact');
    expect(exports.html).toContain('class="s masked"');

    const records = (JSON.parse(exports.json) as { records: Record<string, unknown>[] }).records;
    const servers = records.filter((record) => record['kind'] === 'server');
    const maskedRecords = servers.filter((record) => record['masked'] === true);
    expect(maskedRecords).toHaveLength(1);
    expect(maskedRecords[0]!['escaped']).toBe('235 2.7.0 ok "********"\\r\\n');
    expect(servers.filter((record) => record['masked'] === undefined).length).toBeGreaterThan(0);
  });

  it('warns once per session', async () => {
    probe = new EngineProbe();
    await startEchoing('pop3', []);
    const sessionId = await openSession('pop3');
    await sendAll(sessionId, [`PASS ${PASSWORD}`, `PASS ${PASSWORD}`]);

    const warnings = probe.notes(sessionId).filter((note) => note.startsWith(ECHO_WARNING));
    expect(warnings).toHaveLength(1);
  });

  it.each([
    ['the PLAIN password, decoded', `AUTH PLAIN ${plainBlob}`, `535 bad password: ${PASSWORD}`],
    ['the XOAUTH2 bearer token', `AUTH XOAUTH2 ${xoauthBlob}`, `535 token ${TOKEN} expired`],
    ['the base64 of a PASS password', `PASS ${PASSWORD}`, `-ERR <${base64(PASSWORD)}>`],
    ['a password at the start of a line', `PASS ${PASSWORD}`, `${PASSWORD} is wrong`],
  ])('masks %s', async (_name, line, reply) => {
    const protocol: ProtocolId = line.startsWith('PASS') ? 'pop3' : 'smtp';
    probe = new EngineProbe();
    server = await startFakeServer((socket) => {
      socket.write(GREETINGS[protocol]);
      onLines(socket, () => writeReply(socket, Buffer.from(`${reply}\r\n`, 'utf8')));
    });
    const sessionId = await openSession(protocol);
    await sendAll(sessionId, [line]);

    expect(probe.serverText(sessionId)).toContain('********');
    expectNoSecret(probe.serverText(sessionId), 'terminal server bytes');
    expectNoSecret(exportAll(sessionId).text, 'text export');
  });
});

describe('repeated credentials and credential keeping', () => {
  it('includes only an echo of a kept credential, on request', async () => {
    probe = new EngineProbe();
    await startEchoing('pop3', []);
    const sessionId = await openSession('pop3');
    await sendAll(sessionId, ['PASS before-keeping']);
    expect(probe.hub.keepCredentials(sessionId, true)).toBe(true);
    await sendAll(sessionId, [`PASS ${PASSWORD}`]);

    const masked = probe.hub.exportTranscript(sessionId, {
      format: 'text',
      timestamps: false,
      credentials: 'masked',
    });
    expectNoSecret(masked.content, 'masked export');

    const included = probe.hub.exportTranscript(sessionId, {
      format: 'text',
      timestamps: false,
      credentials: 'included',
    });
    expect(included.content).toContain(`s: +OK "PASS ${PASSWORD}"`);
    expect(included.credentialCount).toBe(2);
    // Sent before keeping was on, so neither the line nor its echo was stored.
    expect(included.content).not.toContain('before-keeping');
    expect(included.content).toContain('s (credential masked): +OK "PASS ********"');

    expectNoSecret(probe.serverText(sessionId), 'terminal server bytes');
    const page = probe.hub.readTranscript(sessionId, 0, 1 << 20);
    expect(page.records.some((record) => 'unmasked' in record)).toBe(false);
  });
});
