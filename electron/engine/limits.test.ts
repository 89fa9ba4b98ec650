import { afterEach, describe, expect, it, vi } from 'vitest';

import type { OutputBatch, SessionLimits } from '../../shared/session';
import { OutputBatcher } from './output-batcher';
import { EngineProbe, refusalOf } from './test-support/engine-probe';
import { onLines, startFakeServer, type FakeServer } from './test-support/fake-server';
import { Transcript } from './transcript';

let probe: EngineProbe | null = null;
let server: FakeServer | null = null;

afterEach(async () => {
  probe?.dispose();
  probe = null;
  await server?.close();
  server = null;
});

/** Opens a plain SMTP session with the given limits to a server that greets and then waits. */
async function openWithLimits(limits: Partial<SessionLimits>, autoAcknowledge = true) {
  probe = new EngineProbe();
  probe.autoAcknowledge = autoAcknowledge;
  server = await startFakeServer((socket) => {
    socket.write('220 ready\r\n');
    onLines(socket, () => undefined);
  });
  const { sessionId } = await probe.hub.open({
    host: '127.0.0.1',
    port: server.port,
    protocol: 'smtp',
    security: 'plain',
    limits,
  });
  await probe.waitForPhase(sessionId, 'ready');
  return { sessionId, session: probe.hub.find(sessionId)!, socket: server.connections[0]! };
}

describe('tracked line length', () => {
  const cap = 4096;

  // An unfinished line may hold one byte past the cap, for a CR that would end it.
  it('caps an unfinished line', async () => {
    const { session, socket } = await openWithLimits({ maxTrackedLineBytes: cap });
    socket.write('5'.repeat(cap + 1));
    await vi.waitFor(() =>
      expect(session.serverBytesReceived).toBe('220 ready\r\n'.length + cap + 1),
    );
    expect(session.retainedServerBytes.tracking).toBe(cap + 1);

    socket.write('5');
    await vi.waitFor(() =>
      expect(session.serverBytesReceived).toBe('220 ready\r\n'.length + cap + 2),
    );
    expect(session.retainedServerBytes.tracking).toBe(cap + 1);
  });

  it('holds a 1 MiB line without a line end at the cap', async () => {
    const { session, socket } = await openWithLimits({ maxTrackedLineBytes: cap });
    socket.write(Buffer.alloc(1024 * 1024, 'x'));
    await vi.waitFor(() =>
      expect(session.serverBytesReceived).toBe('220 ready\r\n'.length + 1024 * 1024),
    );
    expect(session.retainedServerBytes.tracking).toBe(cap + 1);
    expect(session.closed).toBe(false);
  });
});

describe('input line length', () => {
  it('sends a line of exactly the cap and rejects one byte more', async () => {
    const { sessionId } = await openWithLimits({ maxInputLineBytes: 10 });
    expect(probe!.hub.sendLine(sessionId, 'NOOP 12345')).toEqual({ sent: true });
    const tooLong = probe!.hub.sendLine(sessionId, 'NOOP 123456');
    expect(refusalOf(tooLong).code).toBe('INPUT_TOO_LONG');
    // Ten characters, eleven bytes in UTF-8.
    const wide = probe!.hub.sendLine(sessionId, 'NOOP 123ü4');
    expect(refusalOf(wide).code).toBe('INPUT_TOO_LONG');
  });
});

describe('unacknowledged output', () => {
  it('reads on at the high watermark and pauses one byte past it', async () => {
    const { session, socket } = await openWithLimits(
      { unackedHighWatermarkBytes: 1000, unackedLowWatermarkBytes: 100 },
      false,
    );
    const greeting = '220 ready\r\n'.length;
    socket.write('x'.repeat(1000 - greeting));
    await vi.waitFor(() => expect(session.unacknowledgedBytes).toBe(1000));
    expect(session.readingPaused).toBe(false);

    socket.write('y');
    await vi.waitFor(() => expect(session.readingPaused).toBe(true));
    expect(session.unacknowledgedBytes).toBe(1001);
  });
});

describe('OutputBatcher watermarks', () => {
  function batcher() {
    const events: string[] = [];
    const batches: OutputBatch[] = [];
    const instance = new OutputBatcher(
      's1',
      {
        emit: (batch) => batches.push(batch),
        pause: () => events.push('pause'),
        resume: () => events.push('resume'),
      },
      { unackedHighWatermarkBytes: 100, unackedLowWatermarkBytes: 10 },
    );
    return { instance, events, batches };
  }

  it('pauses one byte past the high watermark', () => {
    const { instance, events } = batcher();
    instance.push({ kind: 'server', bytes: new Uint8Array(100) });
    expect(events).toEqual([]);
    instance.push({ kind: 'server', bytes: new Uint8Array(1) });
    expect(events).toEqual(['pause']);
    instance.dispose();
  });

  it('resumes one byte below the low watermark', () => {
    const { instance, events } = batcher();
    instance.push({ kind: 'server', bytes: new Uint8Array(101) });
    instance.acknowledge(91);
    expect(instance.unacknowledgedBytes).toBe(10);
    expect(events).toEqual(['pause']);
    instance.acknowledge(1);
    expect(events).toEqual(['pause', 'resume']);
    instance.dispose();
  });
});

describe('Transcript cap', () => {
  const server = (length: number) => ({
    kind: 'server' as const,
    time: 0,
    tls: false,
    bytes: new Uint8Array(length).fill(0x41),
  });

  it('keeps records that reach the cap exactly', () => {
    const transcript = new Transcript(100);
    transcript.add(server(60));
    transcript.add(server(40));
    expect(transcript.keptByteCount).toBe(100);
    expect(transcript.loss).toEqual({ droppedRecords: 0, droppedBytes: 0 });
  });

  it('keeps a gapless beginning when a record crosses the cap by one byte', () => {
    const transcript = new Transcript(100);
    transcript.add(server(60));
    transcript.add(server(41));
    // Small enough to fit, but kept records must stay a complete beginning of the session.
    transcript.add(server(1));
    expect(transcript.keptByteCount).toBe(60);
    expect(transcript.loss).toEqual({ droppedRecords: 2, droppedBytes: 42 });
  });

  it('keeps a session transcript under its cap during a flood', async () => {
    const { session, socket } = await openWithLimits({ transcriptMaxBytes: 64 * 1024 });
    socket.write(Buffer.alloc(1024 * 1024, 'z'));
    await vi.waitFor(() => expect(session.serverBytesReceived).toBeGreaterThan(1024 * 1024));
    expect(session.retainedServerBytes.transcript).toBeLessThanOrEqual(64 * 1024);
    expect(session.retainedServerBytes.transcript).toBeGreaterThan(0);
  });
});
