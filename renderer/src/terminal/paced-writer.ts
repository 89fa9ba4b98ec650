import type { Disposer } from '../../../shared/ipc/contract';
import { splitForWrite } from './write-slices';

/** The part of xterm.js's `Terminal` that the writer drives. */
export interface WriteTarget {
  write(data: string, callback?: () => void): void;
}

/** Runs a task soon, as a task of its own. */
export type TaskScheduler = (task: () => void) => void;

/**
 * Maximum code units handed to xterm.js before the writer waits for them to be parsed: four
 * slices, about 6 ms of parsing in the measurements of docs/benchmarks.md. xterm.js then parses
 * each portion in one or two of its time-budgeted tasks.
 */
export const MAX_PORTION_CHARS = 256 * 1024;

interface QueuedSlice {
  readonly text: string;
  readonly onWritten: (() => void) | null;
}

/**
 * Feeds formatted output to xterm.js in portions and starts each portion from a fresh task.
 *
 * xterm.js parses a backlog in tasks of 12 ms, each scheduled with `setTimeout(0)` from the one
 * before. Browsers clamp such nested timers to at least 4 ms from the fifth level on (HTML
 * timers, "timer nesting level"), so a deep backlog leaves the page idle a quarter of the time.
 * A portion started from a message task is at nesting level one, so xterm's timers run at once.
 */
export class PacedWriter {
  readonly #target: WriteTarget;
  readonly #schedule: TaskScheduler;
  readonly #queue: QueuedSlice[] = [];
  #writing = false;
  #disposed = false;

  constructor(target: WriteTarget, schedule: TaskScheduler) {
    this.#target = target;
    this.#schedule = schedule;
  }

  /** Queues text and calls `onWritten` once xterm has parsed all of it, in order of the writes. */
  write(text: string, onWritten: () => void): void {
    if (this.#disposed) {
      return;
    }
    const slices = splitForWrite(text);
    for (const [index, slice] of slices.entries()) {
      this.#queue.push({ text: slice, onWritten: index === slices.length - 1 ? onWritten : null });
    }
    if (!this.#writing) {
      this.#writePortion();
    }
  }

  /** Drops queued output; its callbacks are never called. */
  dispose(): void {
    this.#disposed = true;
    this.#queue.length = 0;
  }

  #writePortion(): void {
    if (this.#disposed || this.#queue.length === 0) {
      this.#writing = false;
      return;
    }
    this.#writing = true;

    let chars = 0;
    let count = 0;
    while (
      count < this.#queue.length &&
      (count === 0 || chars + this.#queue[count]!.text.length <= MAX_PORTION_CHARS)
    ) {
      chars += this.#queue[count]!.text.length;
      count++;
    }
    const portion = this.#queue.splice(0, count);
    for (const [index, slice] of portion.entries()) {
      const last = index === portion.length - 1;
      this.#target.write(slice.text, () => {
        slice.onWritten?.();
        if (last) {
          this.#schedule(() => this.#writePortion());
        }
      });
    }
  }
}

/**
 * Returns a scheduler that runs tasks through a MessageChannel: unlike `setTimeout(0)`, a message
 * is never clamped, and it lets the browser render and handle input before the task runs.
 */
export function messageChannelScheduler(): { schedule: TaskScheduler; dispose: Disposer } {
  const channel = new MessageChannel();
  const tasks: (() => void)[] = [];
  channel.port1.onmessage = () => tasks.shift()?.();
  return {
    schedule: (task) => {
      tasks.push(task);
      channel.port2.postMessage(null);
    },
    dispose: () => {
      tasks.length = 0;
      channel.port1.close();
      channel.port2.close();
    },
  };
}
