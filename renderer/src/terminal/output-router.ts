import { OutputFormatter } from '../../../shared/display/output-formatter';
import type { ProtocolId } from '../../../shared/presets';
import type { OutputBatch } from '../../../shared/session';

/** The destination of a session's formatted output: a terminal, or a fake in tests. */
export interface OutputSink {
  /** Writes text and calls `onWritten` once it has been processed, in the order of the writes. */
  write(text: string, onWritten: () => void): void;
  dispose(): void;
}

/**
 * Most server bytes kept for a session whose first snapshot has not arrived, since its protocol
 * decides how output is coloured. The engine sends a snapshot before any output, and stops
 * reading the socket at half this many unacknowledged bytes (its default high watermark), so
 * the cap only guards against an engine that breaks both rules.
 */
export const MAX_UNROUTED_BYTES_PER_SESSION = 4 * 1024 * 1024;

interface Route<S> {
  readonly sink: S;
  readonly formatter: OutputFormatter;
}

interface Unrouted {
  readonly batches: OutputBatch[];
  bytes: number;
  droppedBytes: number;
}

/**
 * Routes each session's output batches through that session's formatter into its sink, and
 * acknowledges a batch's server bytes only after the sink has written it. A sink lives as long
 * as its session, whether or not it is on screen, so no output is lost while it is hidden.
 */
export class OutputRouter<S extends OutputSink> {
  readonly #createSink: (sessionId: string) => S;
  readonly #acknowledge: (sessionId: string, byteCount: number) => void;
  readonly #routes = new Map<string, Route<S>>();
  readonly #unrouted = new Map<string, Unrouted>();
  readonly #removed = new Set<string>();

  constructor(
    createSink: (sessionId: string) => S,
    acknowledge: (sessionId: string, byteCount: number) => void,
  ) {
    this.#createSink = createSink;
    this.#acknowledge = acknowledge;
  }

  /** Creates the session's sink and formatter once, then writes output that waited for them. */
  addSession(sessionId: string, protocol: ProtocolId): void {
    if (this.#routes.has(sessionId) || this.#removed.has(sessionId)) {
      return;
    }
    const route: Route<S> = {
      sink: this.#createSink(sessionId),
      formatter: new OutputFormatter(protocol),
    };
    this.#routes.set(sessionId, route);

    const waiting = this.#unrouted.get(sessionId);
    this.#unrouted.delete(sessionId);
    if (waiting === undefined) {
      return;
    }
    if (waiting.droppedBytes > 0) {
      const text = `${waiting.droppedBytes} bytes of output arrived before the session's first state and were discarded.`;
      route.sink.write(
        route.formatter.format([{ kind: 'note', level: 'warning', text }]),
        () => undefined,
      );
    }
    for (const batch of waiting.batches) {
      this.#write(route, batch);
    }
  }

  deliver(batch: OutputBatch): void {
    const route = this.#routes.get(batch.sessionId);
    if (route !== undefined) {
      this.#write(route, batch);
      return;
    }
    if (this.#removed.has(batch.sessionId)) {
      // The user removed the session; acknowledging keeps the engine from waiting on it.
      this.#acknowledgeBytes(batch.sessionId, batch.serverBytes);
      return;
    }
    this.#hold(batch);
  }

  sinkOf(sessionId: string): S | undefined {
    return this.#routes.get(sessionId)?.sink;
  }

  /** Disposes the session's sink; later output for it is acknowledged and discarded. */
  removeSession(sessionId: string): void {
    this.#removed.add(sessionId);
    this.#routes.get(sessionId)?.sink.dispose();
    this.#routes.delete(sessionId);
    this.#unrouted.delete(sessionId);
  }

  dispose(): void {
    for (const sessionId of [...this.#routes.keys()]) {
      this.removeSession(sessionId);
    }
  }

  #write(route: Route<S>, batch: OutputBatch): void {
    const text = route.formatter.format(batch.entries);
    route.sink.write(text, () => this.#acknowledgeBytes(batch.sessionId, batch.serverBytes));
  }

  #hold(batch: OutputBatch): void {
    let unrouted = this.#unrouted.get(batch.sessionId);
    if (unrouted === undefined) {
      unrouted = { batches: [], bytes: 0, droppedBytes: 0 };
      this.#unrouted.set(batch.sessionId, unrouted);
    }

    if (unrouted.bytes + batch.serverBytes > MAX_UNROUTED_BYTES_PER_SESSION) {
      // Discard rather than grow without bound, and acknowledge so that the engine reads on.
      unrouted.droppedBytes += unrouted.bytes + batch.serverBytes;
      for (const queued of unrouted.batches) {
        this.#acknowledgeBytes(queued.sessionId, queued.serverBytes);
      }
      this.#acknowledgeBytes(batch.sessionId, batch.serverBytes);
      unrouted.batches.length = 0;
      unrouted.bytes = 0;
      return;
    }
    unrouted.batches.push(batch);
    unrouted.bytes += batch.serverBytes;
  }

  #acknowledgeBytes(sessionId: string, byteCount: number): void {
    if (byteCount > 0) {
      this.#acknowledge(sessionId, byteCount);
    }
  }
}
