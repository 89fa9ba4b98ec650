/**
 * Longest line the reply trackers keep, in bytes. Longer lines are cut and flagged; the terminal
 * still shows every byte, because display does not go through the trackers.
 */
export const MAX_TRACKED_LINE_BYTES = 1024 * 1024;

/** Bytes turned into text per call of String.fromCharCode; see `push`. */
const DECODE_SLICE_BYTES = 1024;

/** One line from the server with its terminator removed. */
export interface ReceivedLine {
  /** The line as a binary string: one UTF-16 code unit per byte (Latin-1), so lengths are bytes. */
  readonly text: string;
  /** `crlf` for a proper line, `lf` for a bare LF ending, which many servers reject. */
  readonly ending: 'crlf' | 'lf';
  /** True when the line was longer than the cap and its tail was dropped. */
  readonly truncated: boolean;
}

/**
 * Splits a byte stream into lines, keeping partial lines between chunks. It can also hand out a
 * fixed number of raw bytes, which IMAP literals need.
 */
export class LineBuffer {
  /** The unfinished line, at most `maxLineBytes + 1` bytes: room for a CR that may end it. */
  private pending = '';
  private truncated = false;
  /** Whether the last byte received before the LF was CR, even when it was not kept. */
  private lastWasCr = false;
  private literalRemaining = 0;
  private literal = '';
  private queue: string[] = [];
  private queueBytes = 0;

  /** `maxLineBytes` is the longest line kept; longer lines are cut there and flagged. */
  constructor(private readonly maxLineBytes: number = MAX_TRACKED_LINE_BYTES) {}

  /** Bytes received but not yet returned as a line or literal. */
  get bufferedByteCount(): number {
    return this.queueBytes + this.pending.length + this.literal.length;
  }

  push(chunk: Uint8Array): void {
    // Latin-1 keeps byte offsets equal to string offsets. `apply` on small slices is about eight
    // times faster than spreading large ones (Node 20, 64 KiB reads), which matters in floods.
    let text = '';
    for (let i = 0; i < chunk.length; i += DECODE_SLICE_BYTES) {
      // fromCharCode reads any array-like of numbers; its type only names arrays.
      const slice = chunk.subarray(i, i + DECODE_SLICE_BYTES) as unknown as number[];
      text += String.fromCharCode.apply(null, slice);
    }
    this.queue.push(text);
    this.queueBytes += text.length;
  }

  /** Asks for the next `byteCount` bytes as one block, before any further line. */
  expectLiteral(byteCount: number): void {
    this.literalRemaining = byteCount;
    this.literal = '';
  }

  get readingLiteral(): boolean {
    return this.literalRemaining > 0;
  }

  /** Returns the literal once all its bytes arrived, else null. */
  takeLiteral(): string | null {
    while (this.literalRemaining > 0) {
      const source = this.nextQueued();
      if (source === null) {
        return null;
      }
      const part = source.slice(0, this.literalRemaining);
      this.literal += part;
      this.literalRemaining -= part.length;
      this.unshift(source.slice(part.length));
    }
    const literal = this.literal;
    this.literal = '';
    return literal;
  }

  /** Returns the next complete line, or null when none is complete yet. */
  takeLine(): ReceivedLine | null {
    for (;;) {
      const source = this.nextQueued();
      if (source === null) {
        return null;
      }
      const newline = source.indexOf('\n');
      if (newline < 0) {
        this.append(source);
        continue;
      }
      this.append(source.slice(0, newline));
      this.unshift(source.slice(newline + 1));
      return this.finishLine();
    }
  }

  private append(part: string): void {
    if (part.length === 0) {
      return;
    }
    this.lastWasCr = part.endsWith('\r');
    const room = this.maxLineBytes + 1 - this.pending.length;
    if (part.length > room) {
      this.pending += part.slice(0, Math.max(room, 0));
      this.truncated = true;
    } else {
      this.pending += part;
    }
  }

  private finishLine(): ReceivedLine {
    const ending: ReceivedLine['ending'] = this.lastWasCr ? 'crlf' : 'lf';
    let text = this.pending;
    let truncated = this.truncated;
    if (ending === 'crlf' && !truncated) {
      text = text.slice(0, -1);
    }
    if (text.length > this.maxLineBytes) {
      text = text.slice(0, this.maxLineBytes);
      truncated = true;
    }
    this.pending = '';
    this.truncated = false;
    this.lastWasCr = false;
    return { text, ending, truncated };
  }

  private nextQueued(): string | null {
    const next = this.queue.shift();
    if (next === undefined) {
      return null;
    }
    this.queueBytes -= next.length;
    return next;
  }

  private unshift(rest: string): void {
    if (rest.length > 0) {
      this.queue.unshift(rest);
      this.queueBytes += rest.length;
    }
  }
}
