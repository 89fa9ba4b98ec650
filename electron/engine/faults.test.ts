import type net from 'node:net';

import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { SessionSnapshot } from '../../shared/session';
import { EngineProbe } from './test-support/engine-probe';
import { onLines, startFakeServer, type FakeServer } from './test-support/fake-server';
import {
  startFakeMailServer,
  type FakeMailServer,
  type StarttlsBehaviour,
} from './test-support/fake-mail-server';
import { useTlsFixtures } from './test-support/tls-fixture-hooks';

const fixtures = useTlsFixtures();
let probe: EngineProbe;
let healthy: FakeMailServer;
const servers: { close(): Promise<void> }[] = [];
const unexpected: unknown[] = [];
const recordUnexpected = (reason: unknown): void => void unexpected.push(reason);

beforeEach(async () => {
  unexpected.length = 0;
  process.on('unhandledRejection', recordUnexpected);
  process.on('uncaughtException', recordUnexpected);
  probe = new EngineProbe();
  healthy = await startFakeMailServer({ protocol: 'smtp', identity: fixtures.valid });
  servers.push(healthy);
});

afterEach(async () => {
  process.off('unhandledRejection', recordUnexpected);
  process.off('uncaughtException', recordUnexpected);
  probe.dispose();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Opens a healthy STARTTLS session that must stay usable while another session fails. */
async function openBystander(): Promise<string> {
  const { sessionId } = await probe.hub.open({
    host: '127.0.0.1',
    port: healthy.port,
    protocol: 'smtp',
    security: 'starttls',
    caPem: fixtures.caPem,
    ehloName: 'bystander.mailtap.test',
  });
  await probe.waitForPhase(sessionId, 'ready');
  return sessionId;
}

async function expectBystanderUnaffected(sessionId: string): Promise<void> {
  expect(probe.latest(sessionId)?.phase).toBe('ready');
  expect(probe.hub.sendLine(sessionId, 'NOOP')).toEqual({ sent: true });
  await vi.waitFor(() => expect(healthy.connections[0]!.encrypted).toContain('NOOP\r\n'));
  // Give any stray rejection a turn of the event loop to surface.
  await new Promise((resolve) => setImmediate(resolve));
  expect(unexpected).toEqual([]);
}

/** Fails unless the session's TCP socket, and its TLS socket if any, are destroyed. */
async function expectSocketsDestroyed(sessionId: string): Promise<void> {
  // The engine keeps its sockets private; the test reads them to prove nothing stays open.
  const session = probe.hub.find(sessionId) as unknown as
    { socket: net.Socket | null; secure: net.Socket | null } | undefined;
  expect(session).toBeDefined();
  expect(session!.socket).not.toBeNull();
  await vi.waitFor(() => {
    expect(session!.socket!.destroyed).toBe(true);
    expect(session!.secure?.destroyed ?? true).toBe(true);
  });
}

async function failingStarttls(onClientHello: StarttlsBehaviour['onClientHello']) {
  const server = await startFakeMailServer({
    protocol: 'smtp',
    identity: fixtures.valid,
    starttls: { onClientHello },
  });
  servers.push(server);
  const { sessionId } = await probe.hub.open({
    host: '127.0.0.1',
    port: server.port,
    protocol: 'smtp',
    security: 'starttls',
    caPem: fixtures.caPem,
  });
  return probe.waitForPhase(sessionId, 'closed');
}

async function scripted(onConnection: (socket: net.Socket) => void): Promise<FakeServer> {
  const server = await startFakeServer(onConnection);
  servers.push(server);
  return server;
}

/** What a person reads about how the session ended: its error, or its reason when it has none. */
function outcome(state: SessionSnapshot): string {
  return state.error === null ? `closed: ${state.closeReason}` : state.error.message;
}

describe('server faults end in distinct, explained states', () => {
  const outcomes = new Map<string, string>();

  afterAll(() => {
    // Each fault must be told apart from the others by what the user sees.
    const seen = [...outcomes.values()];
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('closes during the STARTTLS handshake', async () => {
    const bystander = await openBystander();
    const state = await failingStarttls('close');
    expect(state.error?.code).toBe('TLS_HANDSHAKE_FAILED');
    expect(state.error?.context.phase).toBe('tls-handshake');
    expect(state.error?.message).toMatch(/closed the connection \(TCP FIN\) during the handshake/);
    outcomes.set('close during handshake', outcome(state));
    await expectSocketsDestroyed(state.sessionId);
    await expectBystanderUnaffected(bystander);
  });

  it('resets during the STARTTLS handshake', async () => {
    const bystander = await openBystander();
    const state = await failingStarttls('reset');
    expect(state.error?.code).toBe('TLS_HANDSHAKE_FAILED');
    expect(state.error?.message).toMatch(/reset the connection during the handshake/);
    outcomes.set('reset during handshake', outcome(state));
    await expectSocketsDestroyed(state.sessionId);
    await expectBystanderUnaffected(bystander);
  });

  it('resets in the middle of DATA', async () => {
    const bystander = await openBystander();
    const server = await scripted((socket) => {
      socket.write('220 ready\r\n');
      let bodyLines = 0;
      onLines(socket, (line) => {
        if (line === 'DATA') {
          socket.write('354 End data with <CR><LF>.<CR><LF>\r\n');
        } else if (line.startsWith('Subject') || bodyLines > 0) {
          bodyLines++;
          if (bodyLines === 2) {
            socket.resetAndDestroy();
          }
        } else {
          socket.write('250 2.0.0 Ok\r\n');
        }
      });
    });
    const { sessionId } = await probe.hub.open({
      host: '127.0.0.1',
      port: server.port,
      protocol: 'smtp',
      security: 'plain',
    });
    await probe.waitForPhase(sessionId, 'ready');
    for (const line of ['MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA']) {
      probe.hub.sendLine(sessionId, line);
    }
    await probe.waitForServerText(sessionId, /354 End data/);
    probe.hub.sendLine(sessionId, 'Subject: test');
    probe.hub.sendLine(sessionId, 'body line');
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error?.code).toBe('CONNECTION_RESET');
    outcomes.set('reset during DATA', outcome(state));
    await expectSocketsDestroyed(sessionId);
    await expectBystanderUnaffected(bystander);
  });

  it('half-closes right after the greeting', async () => {
    const bystander = await openBystander();
    const server = await scripted((socket) => socket.end('220 ready, and goodbye\r\n'));
    const { sessionId } = await probe.hub.open({
      host: '127.0.0.1',
      port: server.port,
      protocol: 'smtp',
      security: 'plain',
    });
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error).toBeNull();
    expect(state.closeReason).toMatch(/server closed the connection/);
    expect(probe.notes(sessionId).join('\n')).toMatch(/server closed the connection/);
    outcomes.set('FIN after greeting', outcome(state));
    await expectSocketsDestroyed(sessionId);
    await expectBystanderUnaffected(bystander);
  });

  it('half-closes after the greeting of a STARTTLS session', async () => {
    const bystander = await openBystander();
    const server = await scripted((socket) => socket.end('220 ready, and goodbye\r\n'));
    const { sessionId } = await probe.hub.open({
      host: '127.0.0.1',
      port: server.port,
      protocol: 'smtp',
      security: 'starttls',
    });
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error?.code).toBe('CONNECTION_CLOSED');
    expect(state.error?.message).toMatch(/before the session was ready/);
    outcomes.set('FIN before ready', outcome(state));
    await expectSocketsDestroyed(sessionId);
    await expectBystanderUnaffected(bystander);
  });

  it('closes an implicit TLS connection without a handshake', async () => {
    const bystander = await openBystander();
    const server = await scripted((socket) => socket.end());
    const { sessionId } = await probe.hub.open({
      host: '127.0.0.1',
      port: server.port,
      protocol: 'imap',
      security: 'tls',
    });
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error?.code).toBe('TLS_HANDSHAKE_FAILED');
    // The same fault as a FIN during the STARTTLS handshake, so the same explanation.
    expect(state.error?.message).toMatch(/TCP FIN/);
    await expectSocketsDestroyed(sessionId);
    await expectBystanderUnaffected(bystander);
  });
});
