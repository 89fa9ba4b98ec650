import net from 'node:net';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Deadlines, SessionOptions } from '../../shared/session';
import { silentLogger } from './logger';
import { EngineProbe } from './test-support/engine-probe';
import { until } from './test-support/real-time';
import { onLines, startFakeServer, type FakeServer } from './test-support/fake-server';

/**
 * Each deadline is checked one millisecond before it and exactly at it, on a fake clock, while
 * a hostile server keeps sending bytes over a real loopback socket. Only the engine's timers are
 * fake; sockets and the polling below use real time.
 */
const DEADLINE_MS = 1_000;
const STEP_MS = 99;
const STEPS = 10;

let probe: EngineProbe;
let server: FakeServer | null = null;
let serverSocket: net.Socket | null = null;

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
});

afterEach(async () => {
  vi.useRealTimers();
  probe?.dispose();
  await server?.close();
  server = null;
  serverSocket = null;
});

async function listen(
  onConnection: (socket: net.Socket) => void = () => undefined,
): Promise<number> {
  server = await startFakeServer((socket) => {
    serverSocket = socket;
    onConnection(socket);
  });
  return server.port;
}

async function open(
  port: number,
  deadlines: Partial<Deadlines>,
  extra: Partial<SessionOptions> = {},
) {
  const { sessionId } = await probe.hub.open({
    host: '127.0.0.1',
    port,
    protocol: 'smtp',
    security: 'plain',
    ehloName: 'client.mailtap.test',
    deadlines,
    ...extra,
  });
  return sessionId;
}

function phaseOf(sessionId: string): string | undefined {
  return probe.latest(sessionId)?.phase;
}

/**
 * Sends one byte from the server per step of the fake clock, waiting for each to arrive, so the
 * session sees steady traffic for STEPS * STEP_MS milliseconds of its deadline.
 */
async function trickle(sessionId: string, bytes: () => Buffer): Promise<void> {
  const session = probe.hub.find(sessionId)!;
  for (let step = 0; step < STEPS; step++) {
    const before = session.rawBytesRead;
    serverSocket!.write(bytes());
    await until(() => session.rawBytesRead > before, 'a trickled byte');
    await vi.advanceTimersByTimeAsync(STEP_MS);
  }
}

/** Advances to one millisecond before the deadline, checks, then to the deadline itself. */
async function expectDeadline(sessionId: string, elapsedMs: number, code: string): Promise<void> {
  await vi.advanceTimersByTimeAsync(DEADLINE_MS - 1 - elapsedMs);
  expect(probe.hub.find(sessionId)!.closed).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  await until(() => phaseOf(sessionId) === 'closed', 'the session to close');
  expect(probe.latest(sessionId)?.error?.code).toBe(code);
}

describe('deadlines at and one millisecond before their cap', () => {
  it('DNS: a resolver that never answers', async () => {
    const lookups: string[] = [];
    probe = new EngineProbe(silentLogger, {
      lookup: (hostname) => {
        lookups.push(hostname);
        return new Promise(() => undefined);
      },
    });
    const sessionId = await open(25, { dnsMs: DEADLINE_MS }, { host: 'hang.mailtap.test' });
    await until(() => lookups.length === 1, 'the lookup');
    await expectDeadline(sessionId, 0, 'DNS_TIMEOUT');
    expect(probe.latest(sessionId)?.error?.context.phase).toBe('resolving');
  });

  it('connect: every address black-holed', async () => {
    const sockets: net.Socket[] = [];
    probe = new EngineProbe(silentLogger, {
      lookup: () =>
        Promise.resolve([
          { address: '2001:db8::25', family: 6 },
          { address: '192.0.2.25', family: 4 },
        ]),
      // A socket that is never connected stands for a SYN that nobody answers.
      createConnection: () => {
        const socket = new net.Socket();
        sockets.push(socket);
        return socket;
      },
    });
    const sessionId = await open(25, { connectMs: DEADLINE_MS }, { host: 'dual.mailtap.test' });
    await until(() => sockets.length === 1, 'the first attempt');
    await expectDeadline(sessionId, 0, 'CONNECT_TIMEOUT');
    expect(sockets).toHaveLength(2);
    expect(sockets.every((socket) => socket.destroyed)).toBe(true);
    expect(probe.latest(sessionId)?.error?.message).toContain(
      '[2001:db8::25]:25 did not answer; 192.0.2.25:25 did not answer',
    );
  });

  it('greeting: a server trickling a greeting that never ends', async () => {
    probe = new EngineProbe();
    const port = await listen();
    const sessionId = await open(port, { greetingMs: DEADLINE_MS });
    await until(() => phaseOf(sessionId) === 'greeting', 'the greeting phase');
    await trickle(sessionId, () => Buffer.from('2'));
    await expectDeadline(sessionId, STEPS * STEP_MS, 'GREETING_TIMEOUT');
  });

  it('handshake: TLS record bytes one at a time', async () => {
    probe = new EngineProbe();
    const port = await listen();
    const sessionId = await open(port, { handshakeMs: DEADLINE_MS }, { security: 'tls' });
    await until(() => phaseOf(sessionId) === 'tls-handshake', 'the handshake');
    const record = [0x16, 0x03, 0x03, 0x40, 0x00, 0x02, 0x00, 0x3f, 0xfc, 0x03];
    await trickle(sessionId, () => Buffer.from([record.shift()!]));
    await expectDeadline(sessionId, STEPS * STEP_MS, 'TLS_HANDSHAKE_TIMEOUT');
  });

  it('reply: an EHLO reply with endless continuation lines', async () => {
    probe = new EngineProbe();
    const port = await listen((socket) => socket.write('220 ready\r\n'));
    const sessionId = await open(port, { replyMs: DEADLINE_MS }, { security: 'starttls' });
    await until(() => phaseOf(sessionId) === 'starttls', 'the STARTTLS dialogue');
    await until(() => (server!.received[0]?.length ?? 0) > 0, 'EHLO');
    await trickle(sessionId, () => Buffer.from('250-X\r\n'));
    await expectDeadline(sessionId, STEPS * STEP_MS, 'REPLY_TIMEOUT');
    expect(probe.latest(sessionId)?.error?.context.command).toBe('EHLO client.mailtap.test');
  });

  it('idle: bytes without a line end do not count as activity', async () => {
    probe = new EngineProbe();
    const port = await listen((socket) => socket.write('220 ready\r\n'));
    const sessionId = await open(port, { idleMs: DEADLINE_MS });
    await until(() => phaseOf(sessionId) === 'ready', 'the ready phase');
    await trickle(sessionId, () => Buffer.from('x'));
    await expectDeadline(sessionId, STEPS * STEP_MS, 'IDLE_TIMEOUT');
  });

  it('idle: a complete line from either side restarts the count', async () => {
    probe = new EngineProbe();
    const port = await listen((socket) => {
      socket.write('220 ready\r\n');
      onLines(socket, () => socket.write('250 2.0.0 Ok\r\n'));
    });
    const sessionId = await open(port, { idleMs: DEADLINE_MS });
    await until(() => phaseOf(sessionId) === 'ready', 'the ready phase');
    const session = probe.hub.find(sessionId)!;

    await vi.advanceTimersByTimeAsync(DEADLINE_MS - 1);
    expect(probe.hub.sendLine(sessionId, 'NOOP')).toEqual({ sent: true });
    const received = session.serverBytesReceived;
    await until(() => session.serverBytesReceived > received, 'the NOOP reply');
    await expectDeadline(sessionId, 0, 'IDLE_TIMEOUT');
  });
});
