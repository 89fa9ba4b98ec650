import type { OutputBatch, OutputEntry, SessionLimits } from '../../shared/session';
import {
  OUTPUT_BATCH_MAX_BYTES,
  OUTPUT_FLUSH_INTERVAL_MS,
  UNACKED_HIGH_WATERMARK_BYTES,
  UNACKED_LOW_WATERMARK_BYTES,
} from './limits';

export type Watermarks = Pick<
  SessionLimits,
  'unackedHighWatermarkBytes' | 'unackedLowWatermarkBytes'
>;

const DEFAULT_WATERMARKS: Watermarks = {
  unackedHighWatermarkBytes: UNACKED_HIGH_WATERMARK_BYTES,
  unackedLowWatermarkBytes: UNACKED_LOW_WATERMARK_BYTES,
};

export interface OutputBatcherHooks {
  readonly emit: (batch: OutputBatch) => void;
  /** Called when unacknowledged bytes pass the high watermark: stop reading the socket. */
  readonly pause: () => void;
  /** Called when acknowledgements bring them under the low watermark: read again. */
  readonly resume: () => void;
}

/**
 * Coalesces a session's output into batches (one per flush interval, or sooner when a batch is
 * full) and applies flow control: the renderer acknowledges server bytes after xterm has written
 * them, and the socket is paused while too many are outstanding.
 */
export class OutputBatcher {
  private entries: OutputEntry[] = [];
  private pendingServerBytes = 0;
  private unacknowledged = 0;
  private paused = false;
  private timer: NodeJS.Timeout | null = null;
  private disposed = false;

  constructor(
    private readonly sessionId: string,
    private readonly hooks: OutputBatcherHooks,
    private readonly watermarks: Watermarks = DEFAULT_WATERMARKS,
  ) {}

  /** Server bytes waiting for the next batch. */
  get pendingServerByteCount(): number {
    return this.pendingServerBytes;
  }

  /** Server bytes sent to the renderer and not yet acknowledged. */
  get unacknowledgedBytes(): number {
    return this.unacknowledged;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  push(entry: OutputEntry): void {
    if (this.disposed) {
      return;
    }
    // Copy server bytes: a Node Buffer may be a view into a larger pooled buffer. The typed-array
    // constructor copies in one block, where Uint8Array.from walks an iterator byte by byte.
    const stored: OutputEntry =
      entry.kind === 'server' ? { kind: 'server', bytes: new Uint8Array(entry.bytes) } : entry;
    this.entries.push(stored);
    if (stored.kind === 'server') {
      this.pendingServerBytes += stored.bytes.length;
      this.unacknowledged += stored.bytes.length;
      if (!this.paused && this.unacknowledged > this.watermarks.unackedHighWatermarkBytes) {
        this.paused = true;
        this.hooks.pause();
      }
    }
    if (this.pendingServerBytes >= OUTPUT_BATCH_MAX_BYTES) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => this.flush(), OUTPUT_FLUSH_INTERVAL_MS);
  }

  /** Sends what is pending now, e.g. before the session reports that it closed. */
  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.entries.length === 0 || this.disposed) {
      return;
    }
    const batch: OutputBatch = {
      sessionId: this.sessionId,
      entries: this.entries,
      serverBytes: this.pendingServerBytes,
    };
    this.entries = [];
    this.pendingServerBytes = 0;
    this.hooks.emit(batch);
  }

  acknowledge(byteCount: number): void {
    this.unacknowledged = Math.max(0, this.unacknowledged - byteCount);
    if (this.paused && this.unacknowledged < this.watermarks.unackedLowWatermarkBytes) {
      this.paused = false;
      this.hooks.resume();
    }
  }

  dispose(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.disposed = true;
    this.entries = [];
  }
}
