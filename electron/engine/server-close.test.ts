import net from 'node:net';
import tls from 'node:tls';

import { afterEach, describe, expect, it } from 'vitest';

import { EngineProbe } from './test-support/engine-probe';
import { useTlsFixtures } from './test-support/tls-fixture-hooks';

const fixtures = useTlsFixtures();
let probe: EngineProbe;
let server: net.Server | null = null;

afterEach(async () => {
  probe?.dispose();
  await new Promise((resolve) => (server === null ? resolve(null) : server.close(resolve)));
  server = null;
});

/**
 * Starts a POP3-over-TLS server that greets and then closes the TCP connection without
 * close_notify, as a server process that exits does.
 */
async function startClosingServer(): Promise<number> {
  server = net.createServer((raw) => {
    raw.on('error', () => undefined);
    const secure = new tls.TLSSocket(raw, {
      isServer: true,
      secureContext: tls.createSecureContext(fixtures.valid),
    });
    secure.on('error', () => undefined);
    secure.on('secure', () => {
      secure.write('+OK ready\r\n', () => raw.end());
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

describe('server close', () => {
  it('ends a TLS session without an error when the server closes', async () => {
    probe = new EngineProbe();
    const port = await startClosingServer();

    const { sessionId } = await probe.hub.open({
      host: '127.0.0.1',
      port,
      protocol: 'pop3',
      security: 'tls',
      caPem: fixtures.caPem,
    });

    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error).toBeNull();
    expect(state.closeReason).toBe('The server closed the connection.');
    expect(probe.notes(sessionId).join('\n')).not.toContain('SOCKET_ERROR');
  });
});
