import { readdirSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { EngineProbe } from './test-support/engine-probe';
import { onLines, startFakeServer, type FakeServer } from './test-support/fake-server';
import { startFakeMailServer, type FakeMailServer } from './test-support/fake-mail-server';
import { createTlsFixtures, type TlsFixtures } from './test-support/tls-fixtures';

const PLAIN_CYCLES = 1_000;
const TLS_CYCLES = 100;
const REFUSED_CYCLES = 100;

/** Resources the engine could leave behind, counted by kind. */
interface ResourceCount {
  readonly fileDescriptors: number;
  readonly sockets: number;
  readonly timers: number;
  readonly other: Readonly<Record<string, number>>;
  readonly processListeners: number;
  readonly sessions: number;
}

let fixtures: TlsFixtures;
let plainServer: FakeServer;
let tlsServer: FakeMailServer;
let refusedPort: number;

beforeAll(async () => {
  fixtures = await createTlsFixtures();
  plainServer = await startFakeServer((socket) => {
    socket.write('220 leak.mailtap.test ESMTP\r\n');
    onLines(socket, () => socket.write('250 2.0.0 Ok\r\n'));
  });
  tlsServer = await startFakeMailServer({ protocol: 'smtp', identity: fixtures.valid });
  const closed = await startFakeServer(() => undefined);
  refusedPort = closed.port;
  await closed.close();
}, 60_000);

afterAll(async () => {
  await plainServer.close();
  await tlsServer.close();
  await fixtures.dispose();
});

function count(probe: EngineProbe): ResourceCount {
  const other: Record<string, number> = {};
  let sockets = 0;
  let timers = 0;
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind === 'TCPSocketWrap' || kind === 'TLSWrap') {
      sockets++;
    } else if (kind === 'Timeout') {
      timers++;
    } else {
      other[kind] = (other[kind] ?? 0) + 1;
    }
  }
  const processListeners = process
    .eventNames()
    .reduce((sum, name) => sum + process.listenerCount(name), 0);
  return {
    fileDescriptors: readdirSync('/proc/self/fd').length,
    sockets,
    timers,
    other,
    processListeners,
    sessions: probe.hub.sessionCount,
  };
}

/** Opens a session, waits until it is ready (or closed, when `expectClosed`), then closes it. */
async function cycle(probe: EngineProbe, port: number, kind: 'plain' | 'starttls' | 'refused') {
  const { sessionId } = await probe.hub.open({
    host: '127.0.0.1',
    port,
    protocol: 'smtp',
    security: kind === 'starttls' ? 'starttls' : 'plain',
    caPem: fixtures.caPem,
    ehloName: 'leak.mailtap.test',
  });
  await probe.waitForPhase(sessionId, kind === 'refused' ? 'closed' : 'ready');
  if (kind === 'plain') {
    probe.hub.sendLine(sessionId, 'NOOP');
  }
  probe.hub.close(sessionId);
  // The probe's record of the session is test bookkeeping, not engine state.
  probe.entries.delete(sessionId);
  probe.states.delete(sessionId);
}

describe('connect and close cycles', () => {
  it(`leave no socket, timer or listener behind after ${PLAIN_CYCLES + TLS_CYCLES + REFUSED_CYCLES} sessions`, async () => {
    const probe = new EngineProbe();
    // Warm-up: the first sessions load modules and fill pools that stay for the process.
    for (let index = 0; index < 10; index++) {
      await cycle(probe, plainServer.port, 'plain');
      await cycle(probe, tlsServer.port, 'starttls');
    }
    await vi.waitFor(() => expect(count(probe).sockets).toBeLessThanOrEqual(4));
    const baseline = count(probe);

    for (let index = 0; index < PLAIN_CYCLES; index++) {
      await cycle(probe, plainServer.port, 'plain');
    }
    for (let index = 0; index < TLS_CYCLES; index++) {
      await cycle(probe, tlsServer.port, 'starttls');
    }
    for (let index = 0; index < REFUSED_CYCLES; index++) {
      await cycle(probe, refusedPort, 'refused');
    }

    // Sockets close asynchronously after their FIN; wait for that, never longer.
    await vi.waitFor(
      () => {
        const now = count(probe);
        expect(now.sockets).toBeLessThanOrEqual(baseline.sockets);
        expect(now.fileDescriptors).toBeLessThanOrEqual(baseline.fileDescriptors);
        expect(now.timers).toBeLessThanOrEqual(baseline.timers);
      },
      { timeout: 15_000, interval: 50 },
    );
    const after = count(probe);
    process.stdout.write(
      `resources before ${JSON.stringify(baseline)}, after ${JSON.stringify(after)}\n`,
    );
    expect(after.sessions).toBe(0);
    expect(after.processListeners).toBe(baseline.processListeners);
    for (const [kind, number] of Object.entries(after.other)) {
      expect(number, kind).toBeLessThanOrEqual(baseline.other[kind] ?? 0);
    }
    probe.dispose();
  }, 180_000);
});
