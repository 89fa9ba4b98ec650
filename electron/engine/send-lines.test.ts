import type { Socket } from 'node:net';

import { afterEach, describe, expect, it, vi } from 'vitest';

import type { SessionOptions } from '../../shared/session';
import { EngineProbe } from './test-support/engine-probe';
import { onLines, startFakeServer, type FakeServer } from './test-support/fake-server';

let probe: EngineProbe | null = null;
let server: FakeServer | null = null;

afterEach(async () => {
  probe?.dispose();
  probe = null;
  await server?.close();
  server = null;
});

function options(port: number, protocol: SessionOptions['protocol']): SessionOptions {
  return { host: '127.0.0.1', port, protocol, security: 'plain', ehloName: 'client.test' };
}

/** Starts an SMTP server with PIPELINING that replies 235 to AUTH and 250 to everything else. */
function pipeliningSmtp(socket: Socket): void {
  socket.write('220 mail.example.test ESMTP\r\n');
  onLines(socket, (line) => {
    const verb = line.split(' ')[0]!.toUpperCase();
    if (verb === 'EHLO') {
      socket.write('250-mail.example.test\r\n250-PIPELINING\r\n250 AUTH PLAIN\r\n');
    } else if (verb === 'AUTH') {
      socket.write('235 2.7.0 Authentication successful\r\n');
    } else {
      socket.write('250 2.0.0 Ok\r\n');
    }
  });
}

async function openReady(
  onConnection: (socket: Socket) => void,
  protocol: SessionOptions['protocol'],
): Promise<{ probe: EngineProbe; sessionId: string; server: FakeServer }> {
  probe = new EngineProbe();
  server = await startFakeServer(onConnection);
  const { sessionId } = await probe.hub.open(options(server.port, protocol));
  await probe.waitForPhase(sessionId, 'ready');
  return { probe, sessionId, server };
}

describe('SessionHub.sendLines', () => {
  it('sends every line in order with CRLF', async () => {
    const { probe, sessionId, server } = await openReady(() => undefined, 'raw');
    const lines = Array.from({ length: 500 }, (_, index) => `line ${index}`);

    expect(probe.hub.sendLines(sessionId, lines)).toEqual({
      sentCount: 500,
      maskedIndexes: [],
      error: null,
    });
    const expected = lines.map((line) => `${line}\r\n`).join('');
    await vi.waitFor(() => expect(server.received[0]!.toString('latin1')).toBe(expected));
  });

  it('stops at the first refused line and sends nothing after it', async () => {
    const { probe, sessionId, server } = await openReady(() => undefined, 'raw');

    const result = probe.hub.sendLines(sessionId, ['one', 'two\rthree', 'four']);

    expect(result.sentCount).toBe(1);
    expect(result.error?.code).toBe('INPUT_INVALID');
    probe.hub.sendLines(sessionId, ['after']);
    await vi.waitFor(() => expect(server.received[0]!.toString('latin1')).toBe('one\r\nafter\r\n'));
  });

  it('flags the lines the terminal shows masked', async () => {
    const { probe, sessionId } = await openReady(pipeliningSmtp, 'smtp');
    probe.hub.sendLine(sessionId, 'EHLO client.test');
    await probe.waitForServerText(sessionId, /250 AUTH PLAIN/);

    const result = probe.hub.sendLines(sessionId, [
      'MAIL FROM:<alice@example.test>',
      'AUTH PLAIN AGFsaWNlAHMzY3JldA==',
    ]);
    expect(result).toEqual({ sentCount: 2, maskedIndexes: [1], error: null });

    // Until the server replies to AUTH, the engine shows any next line as a SASL response.
    expect(probe.hub.sendLines(sessionId, ['YWxpY2U=']).maskedIndexes).toEqual([0]);
    await probe.waitForServerText(sessionId, /235 2\.7\.0[^]*250 2\.0\.0 Ok\r\n$/);
    expect(probe.hub.sendLines(sessionId, ['NOOP']).maskedIndexes).toEqual([]);
  });

  it('reports an unknown session as not found', () => {
    probe = new EngineProbe();
    expect(() => probe!.hub.sendLines('no-such-session', ['NOOP'])).toThrow(
      /No session has this id/,
    );
  });
});
