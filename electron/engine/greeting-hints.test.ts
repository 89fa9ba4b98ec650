import type net from 'node:net';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { SessionOptions } from '../../shared/session';
import { looksLikeTlsRecord, silentGreetingHint } from './implicit-tls-hints';
import { GREETING_SILENCE_HINT_MS } from './limits';
import { EngineProbe } from './test-support/engine-probe';
import { until } from './test-support/real-time';
import { startFakeServer, type FakeServer } from './test-support/fake-server';

/** Polling for a condition on a machine that runs other test suites at the same time. */
const WAIT = { timeout: 15_000, interval: 10 };

let probe: EngineProbe;
let server: FakeServer | null = null;

afterEach(async () => {
  vi.useRealTimers();
  probe?.dispose();
  await server?.close();
  server = null;
});

async function open(
  onConnection: (socket: net.Socket) => void,
  extra: Partial<SessionOptions> = {},
): Promise<string> {
  probe = new EngineProbe();
  server = await startFakeServer(onConnection);
  const { sessionId } = await probe.hub.open({
    host: '127.0.0.1',
    port: server.port,
    protocol: 'smtp',
    security: 'plain',
    ehloName: 'client.mailtap.test',
    ...extra,
  });
  return sessionId;
}

/** Returns the notes from the session's transcript, which records them before output batching. */
function notesOf(sessionId: string): string {
  return probe.hub
    .find(sessionId)!
    .transcriptRecords.flatMap((record) => (record.kind === 'note' ? [record.text] : []))
    .join('\n');
}

describe('silent greeting', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });

  it('suggests implicit TLS after the named delay', async () => {
    const sessionId = await open(() => undefined);
    await until(() => probe.latest(sessionId)?.phase === 'greeting', 'the greeting phase');

    await vi.advanceTimersByTimeAsync(GREETING_SILENCE_HINT_MS - 1);
    expect(notesOf(sessionId)).not.toContain('Implicit TLS');
    await vi.advanceTimersByTimeAsync(1);

    await until(() => notesOf(sessionId).includes('Implicit TLS'), 'the hint');
    expect(notesOf(sessionId)).toContain('No greeting after 10 s');
    expect(probe.latest(sessionId)?.phase).toBe('greeting');
  });

  it('says partial bytes are not a greeting yet', async () => {
    let serverSocket: net.Socket | null = null;
    const sessionId = await open((socket) => {
      serverSocket = socket;
    });
    await until(() => serverSocket !== null, 'the connection');
    serverSocket!.write('220-mail.example.test');
    const session = probe.hub.find(sessionId)!;
    await until(() => session.serverBytesReceived > 0, 'the partial greeting');

    await vi.advanceTimersByTimeAsync(GREETING_SILENCE_HINT_MS);

    await until(() => notesOf(sessionId).includes('no complete greeting line'), 'the hint');
    expect(notesOf(sessionId)).toContain('has sent 21 byte(s) in 10 s');
    expect(notesOf(sessionId)).not.toContain('No greeting after');
    expect(probe.latest(sessionId)?.phase).toBe('greeting');
  });

  it('says "no complete greeting" after partial bytes', async () => {
    let serverSocket: net.Socket | null = null;
    const sessionId = await open(
      (socket) => {
        serverSocket = socket;
      },
      { deadlines: { greetingMs: 1_000 } },
    );
    await until(() => serverSocket !== null, 'the connection');
    serverSocket!.write('220-mail.example.test');
    const session = probe.hub.find(sessionId)!;
    await until(() => session.serverBytesReceived > 0, 'the partial greeting');

    await vi.advanceTimersByTimeAsync(1_000);

    await until(() => probe.latest(sessionId)?.phase === 'closed', 'the timeout');
    const error = probe.latest(sessionId)!.error!;
    expect(error.code).toBe('GREETING_TIMEOUT');
    expect(error.message).toContain('no complete greeting');
    expect(error.message).toContain('21 byte(s)');
  });

  it('says nothing arrived after total silence', async () => {
    const sessionId = await open(() => undefined, { deadlines: { greetingMs: 1_000 } });
    await until(() => probe.latest(sessionId)?.phase === 'greeting', 'the greeting phase');

    await vi.advanceTimersByTimeAsync(1_000);

    await until(() => probe.latest(sessionId)?.phase === 'closed', 'the timeout');
    const error = probe.latest(sessionId)!.error!;
    expect(error.code).toBe('GREETING_TIMEOUT');
    expect(error.message).toContain('Nothing arrived');
    expect(error.message).toContain('Implicit TLS');
  });
});

describe('implicit TLS hints', () => {
  it.each([465, 993, 995])('names port %i as an implicit-TLS port', (port) => {
    expect(silentGreetingHint(port, GREETING_SILENCE_HINT_MS)).toContain(
      `Port ${port} usually speaks implicit TLS`,
    );
  });

  it('suggests implicit TLS in general on other ports', () => {
    const hint = silentGreetingHint(2525, GREETING_SILENCE_HINT_MS);

    expect(hint).not.toContain('Port 2525');
    expect(hint).toContain('Implicit TLS');
  });

  it.each([
    ['a handshake record', [0x16, 0x03, 0x01], true],
    ['an alert record', [0x15, 0x03, 0x03], true],
    ['an SMTP greeting', [...Buffer.from('220 ')], false],
    ['a lone handshake type', [0x16], false],
    ['SSL 2 bytes', [0x80, 0x2e], false],
  ] as const)('recognises %s', (_name, bytes, expected) => {
    expect(looksLikeTlsRecord(Uint8Array.from(bytes))).toBe(expected);
  });

  it('notes TLS record bytes on a plaintext session', async () => {
    const sessionId = await open((socket) => {
      // A TLS alert, which a TLS server sends in reply to plaintext it cannot parse.
      socket.write(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x32]));
    });

    await vi.waitFor(() => expect(notesOf(sessionId)).toContain('look like a TLS record'), WAIT);
    expect(notesOf(sessionId)).toContain('15 03');
    expect(notesOf(sessionId)).toContain('Implicit TLS');
  });
});
