import { afterEach, describe, expect, it } from 'vitest';

import { MAX_LINE_LENGTH } from '../../shared/ipc/validate';
import { createDispatcher } from './dispatch';
import { MAX_INPUT_LINE_BYTES } from './limits';
import { silentLogger } from './logger';
import { EngineProbe } from './test-support/engine-probe';
import { onLines, startFakeServer, type FakeServer } from './test-support/fake-server';

let probe: EngineProbe;
let server: FakeServer | null = null;

afterEach(async () => {
  probe?.dispose();
  await server?.close();
  server = null;
});

async function openSession(): Promise<string> {
  probe = new EngineProbe();
  server = await startFakeServer((socket) => {
    socket.write('220 ready\r\n');
    onLines(socket, () => socket.write('250 2.0.0 Ok\r\n'));
  });
  const { sessionId } = await probe.hub.open({
    host: '127.0.0.1',
    port: server.port,
    protocol: 'smtp',
    security: 'plain',
    ehloName: 'client.mailtap.test',
  });
  await probe.waitForPhase(sessionId, 'ready');
  return sessionId;
}

describe('too-long lines', () => {
  it('get the same error from the request check and the engine', async () => {
    const sessionId = await openSession();
    const dispatch = createDispatcher(probe.hub, silentLogger);
    const asciiLength = MAX_LINE_LENGTH + 10;
    const wideLength = MAX_INPUT_LINE_BYTES / 2 + 1;

    const ascii = await dispatch('session:send-line', { sessionId, text: 'X'.repeat(asciiLength) });
    const wide = await dispatch('session:send-line', { sessionId, text: 'ü'.repeat(wideLength) });

    // The ASCII line fails the request check; the UTF-8 line passes it and fails the engine's cap.
    const asciiError = ascii.ok ? null : ascii.error;
    const wideError = wide.ok && !wide.value.sent ? wide.value.error : null;
    expect(asciiError?.code).toBe('INPUT_TOO_LONG');
    expect(wideError?.code).toBe('INPUT_TOO_LONG');
    expect(asciiError?.message).toContain(`has ${asciiLength} bytes`);
    expect(wideError?.message).toContain(`has ${wideLength * 2} bytes`);
    expect(asciiError?.message).toContain(`maximum is ${MAX_INPUT_LINE_BYTES} bytes`);
    expect(wideError?.message).toContain(`maximum is ${MAX_INPUT_LINE_BYTES} bytes`);
  });

  it('names the line of a paste that is too long', async () => {
    const sessionId = await openSession();
    const dispatch = createDispatcher(probe.hub, silentLogger);
    const length = MAX_LINE_LENGTH + 10;

    const result = await dispatch('session:send-lines', {
      sessionId,
      lines: ['NOOP', 'X'.repeat(length)],
    });

    const error = result.ok ? null : result.error;
    expect(error?.code).toBe('INPUT_TOO_LONG');
    expect(error?.message).toContain(`Line 2: The line has ${length} bytes`);
  });
});
