import type net from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';

import { afterEach, describe, expect, it, vi } from 'vitest';

import type { SessionLimits } from '../../shared/session';
import { OUTPUT_BATCH_MAX_BYTES } from './limits';
import type { Session } from './session';
import { EngineProbe } from './test-support/engine-probe';
import { startFakeServer, type FakeServer } from './test-support/fake-server';

const MIB = 1024 * 1024;
/** Largest read a loopback socket hands to Node at once, as observed on Linux. */
const MAX_READ_BYTES = 64 * 1024;

let probe: EngineProbe | null = null;
let server: FakeServer | null = null;

afterEach(async () => {
  probe?.dispose();
  probe = null;
  await server?.close();
  server = null;
});

/** Writes `total` bytes of `pattern` in chunks, respecting the socket's own back-pressure. */
async function writeFlood(socket: net.Socket, pattern: Buffer, total: number): Promise<void> {
  const chunk = Buffer.alloc(MIB);
  for (let offset = 0; offset < chunk.length; offset += pattern.length) {
    pattern.copy(chunk, offset);
  }
  for (let written = 0; written < total && !socket.destroyed; written += chunk.length) {
    if (!socket.write(chunk.subarray(0, Math.min(chunk.length, total - written)))) {
      await new Promise((resolve) => socket.once('drain', resolve));
    }
  }
}

/** Checks what one session keeps in memory against its limits. */
function expectWithinCaps(session: Session, limits: SessionLimits): void {
  const retained = session.retainedServerBytes;
  expect(retained.transcript).toBeLessThanOrEqual(limits.transcriptMaxBytes);
  expect(retained.tracking).toBeLessThanOrEqual(limits.maxTrackedLineBytes + 1);
  expect(retained.pendingOutput).toBeLessThan(OUTPUT_BATCH_MAX_BYTES + MAX_READ_BYTES);
  expect(session.unacknowledgedBytes).toBeLessThanOrEqual(
    limits.unackedHighWatermarkBytes + MAX_READ_BYTES,
  );
}

const LIMITS: SessionLimits = {
  maxTrackedLineBytes: 64 * 1024,
  maxInputLineBytes: 1024,
  unackedHighWatermarkBytes: 512 * 1024,
  unackedLowWatermarkBytes: 128 * 1024,
  transcriptMaxBytes: 8 * MIB,
  connectionAttemptDelayMs: 250,
};

async function openFlooded(limits: SessionLimits = LIMITS): Promise<Session> {
  const { sessionId } = await probe!.hub.open({
    host: '127.0.0.1',
    port: server!.port,
    protocol: 'smtp',
    security: 'plain',
    limits,
  });
  await vi.waitFor(() =>
    expect(probe!.hub.find(sessionId)!.serverBytesReceived).toBeGreaterThan(0),
  );
  return probe!.hub.find(sessionId)!;
}

describe('floods', () => {
  it('keeps every byte of an unterminated OSC and finds the reply after it', async () => {
    probe = new EngineProbe();
    const payload = Buffer.concat([
      Buffer.from('220 ready\r\n\x1b]2;'),
      Buffer.alloc(5 * MIB, 'A'),
      Buffer.from('\r\n535 5.7.8 Authentication credentials invalid\r\n'),
    ]);
    server = await startFakeServer((socket) => socket.write(payload));
    const session = await openFlooded({ ...LIMITS, transcriptMaxBytes: 16 * MIB });
    await vi.waitFor(() => expect(session.serverBytesReceived).toBe(payload.length), {
      timeout: 30_000,
    });
    await vi.waitFor(() =>
      expect(probe!.serverText(session.id)).toContain('535 5.7.8 Authentication'),
    );

    const kept = Buffer.concat(
      session.transcriptRecords.flatMap((record) =>
        record.kind === 'server' ? [record.bytes] : [],
      ),
    );
    expect(kept.equals(payload)).toBe(true);
    expect(session.closed).toBe(false);
  });

  it('throttles a 200 MiB binary burst', async () => {
    probe = new EngineProbe();
    probe.autoAcknowledge = false;
    const total = 200 * MIB;
    const pattern = Buffer.from([0xff, 0xfe, 0x00, 0x1b, 0x9b, 0xc3, 0x28, 0x0d]);
    let flood: Promise<void> = Promise.resolve();
    server = await startFakeServer((socket) => {
      flood = writeFlood(socket, pattern, total);
    });
    const session = await openFlooded();

    let pauses = 0;
    let wasPaused = false;
    while (session.serverBytesReceived < total) {
      await vi.waitFor(
        () => expect(session.readingPaused || session.serverBytesReceived >= total).toBe(true),
        { timeout: 30_000, interval: 5 },
      );
      if (session.readingPaused && !wasPaused) {
        pauses++;
      }
      expectWithinCaps(session, LIMITS);
      // A slow renderer: it acknowledges what it has, one batch at a time.
      probe.hub.acknowledge(session.id, session.unacknowledgedBytes);
      wasPaused = session.readingPaused;
    }
    await flood;
    expect(pauses).toBeGreaterThan(100);
    expect(session.retainedServerBytes.transcript).toBeLessThanOrEqual(LIMITS.transcriptMaxBytes);
    expect(session.closed).toBe(false);
  }, 120_000);

  it('caps ten hostile sessions independently', async () => {
    probe = new EngineProbe();
    const perSession = 20 * MIB;
    const floods: Promise<void>[] = [];
    server = await startFakeServer((socket, index) => {
      const pattern =
        index % 2 === 0 ? Buffer.from('\x1b]52;c;QUJD') : Buffer.from('250-'.padEnd(64, 'x'));
      floods.push(writeFlood(socket, pattern, perSession));
    });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const sessions = await Promise.all(Array.from({ length: 10 }, () => openFlooded()));

    await vi.waitFor(
      () => {
        for (const session of sessions) {
          expectWithinCaps(session, LIMITS);
        }
        expect(sessions.every((session) => session.serverBytesReceived >= perSession)).toBe(true);
      },
      { timeout: 90_000, interval: 20 },
    );
    delay.disable();
    await Promise.all(floods);
    for (const session of sessions) {
      expect(session.retainedServerBytes.transcript).toBeLessThanOrEqual(LIMITS.transcriptMaxBytes);
      expect(session.closed).toBe(false);
    }
    // Reported, not asserted: wall-clock lag depends on the machine and its load.
    process.stdout.write(
      `event loop delay over 10 floods: p50 ${(delay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms\n`,
    );
  }, 120_000);
});
