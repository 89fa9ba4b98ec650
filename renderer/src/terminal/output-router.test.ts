import { describe, expect, it } from 'vitest';

import { stripSgr } from '../../../shared/display/styled-runs.test-support';
import type { OutputBatch } from '../../../shared/session';
import { MAX_UNROUTED_BYTES_PER_SESSION, OutputRouter, type OutputSink } from './output-router';

/** A sink that keeps each write's callback until the test flushes it, like xterm's write queue. */
class FakeSink implements OutputSink {
  readonly written: string[] = [];
  readonly #callbacks: (() => void)[] = [];
  disposed = 0;

  write(text: string, onWritten: () => void): void {
    this.written.push(text);
    this.#callbacks.push(onWritten);
  }

  flush(): void {
    for (const callback of this.#callbacks.splice(0)) {
      callback();
    }
  }

  dispose(): void {
    this.disposed++;
  }

  get text(): string {
    return stripSgr(this.written.join(''));
  }
}

function batch(sessionId: string, text: string): OutputBatch {
  const bytes = new TextEncoder().encode(text);
  return { sessionId, entries: [{ kind: 'server', bytes }], serverBytes: bytes.length };
}

function makeRouter() {
  const sinks = new Map<string, FakeSink>();
  const acks: (readonly [string, number])[] = [];
  const router = new OutputRouter(
    (sessionId) => {
      const sink = new FakeSink();
      sinks.set(sessionId, sink);
      return sink;
    },
    (sessionId, byteCount) => acks.push([sessionId, byteCount]),
  );
  return { router, sinks, acks };
}

describe('OutputRouter', () => {
  it('formats a batch into its session sink', () => {
    const { router, sinks } = makeRouter();
    router.addSession('s1', 'smtp');
    router.deliver(batch('s1', '220 ready\r\n'));
    expect(sinks.get('s1')!.text).toBe('S: 220 ready\r\n');
  });

  it('acknowledges server bytes only after the sink wrote them', () => {
    const { router, sinks, acks } = makeRouter();
    router.addSession('s1', 'smtp');
    router.deliver(batch('s1', '220 ready\r\n'));
    expect(acks).toEqual([]);
    sinks.get('s1')!.flush();
    expect(acks).toEqual([['s1', 11]]);
  });

  it('does not acknowledge a batch without server bytes', () => {
    const { router, sinks, acks } = makeRouter();
    router.addSession('s1', 'smtp');
    router.deliver({
      sessionId: 's1',
      entries: [{ kind: 'client', text: 'NOOP', automatic: false }],
      serverBytes: 0,
    });
    sinks.get('s1')!.flush();
    expect(sinks.get('s1')!.text).toBe('C: NOOP\r\n');
    expect(acks).toEqual([]);
  });

  it('keeps each session apart', () => {
    const { router, sinks } = makeRouter();
    router.addSession('s1', 'smtp');
    router.addSession('s2', 'imap');
    router.deliver(batch('s1', '250 o'));
    router.deliver(batch('s2', '* OK x\r\n'));
    router.deliver(batch('s1', 'k\r\n'));
    expect(sinks.get('s1')!.text).toBe('S: 250 ok\r\n');
    expect(sinks.get('s2')!.text).toBe('S: * OK x\r\n');
  });

  it('holds output that arrives before the session is known', () => {
    const { router, sinks, acks } = makeRouter();
    router.deliver(batch('s1', '220 early\r\n'));
    expect(sinks.has('s1')).toBe(false);
    expect(acks).toEqual([]);

    router.addSession('s1', 'smtp');
    expect(sinks.get('s1')!.text).toBe('S: 220 early\r\n');
    sinks.get('s1')!.flush();
    expect(acks).toEqual([['s1', 11]]);
  });

  it('creates a sink only once per session', () => {
    const { router, sinks } = makeRouter();
    router.addSession('s1', 'smtp');
    const first = sinks.get('s1');
    router.addSession('s1', 'smtp');
    expect(sinks.get('s1')).toBe(first);
    expect(router.sinkOf('s1')).toBe(first);
  });

  it('discards held output over the cap and says so', () => {
    const { router, sinks, acks } = makeRouter();
    const half = 'x'.repeat(MAX_UNROUTED_BYTES_PER_SESSION / 2);
    router.deliver(batch('s1', half));
    router.deliver(batch('s1', half));
    expect(acks).toEqual([]);
    router.deliver(batch('s1', 'y'));
    expect(acks.reduce((sum, [, count]) => sum + count, 0)).toBe(
      MAX_UNROUTED_BYTES_PER_SESSION + 1,
    );

    router.addSession('s1', 'raw');
    expect(sinks.get('s1')!.text).toContain(
      `-- ${MAX_UNROUTED_BYTES_PER_SESSION + 1} bytes of output`,
    );
  });

  it('disposes the sink of a removed session and acknowledges its later output', () => {
    const { router, sinks, acks } = makeRouter();
    router.addSession('s1', 'smtp');
    router.removeSession('s1');
    expect(sinks.get('s1')!.disposed).toBe(1);
    expect(router.sinkOf('s1')).toBeUndefined();

    router.deliver(batch('s1', '221 bye\r\n'));
    expect(acks).toEqual([['s1', 9]]);
    router.addSession('s1', 'smtp');
    expect(router.sinkOf('s1')).toBeUndefined();
  });

  it('disposes every sink', () => {
    const { router, sinks } = makeRouter();
    router.addSession('s1', 'smtp');
    router.addSession('s2', 'pop3');
    router.dispose();
    expect([...sinks.values()].map((sink) => sink.disposed)).toEqual([1, 1]);
  });
});
