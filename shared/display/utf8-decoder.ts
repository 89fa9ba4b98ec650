/** Receives the decoder's output in order: code points and invalid bytes. */
export interface Utf8Sink {
  codePoint(codePoint: number): void;
  invalidByte(byte: number): void;
}

/**
 * A streaming UTF-8 decoder that keeps an incomplete sequence across calls.
 *
 * It accepts exactly the well-formed sequences of Unicode's table 3-7 (the same set as the
 * WHATWG decoder): no overlong forms, no surrogates, nothing above U+10FFFF. Where that decoder
 * would emit one U+FFFD, this one reports every byte of the ill-formed part, because a sysadmin
 * needs the bytes, not a placeholder.
 */
export class Utf8StreamDecoder {
  #pending: number[] = [];
  #needed = 0;
  #codePoint = 0;
  #lowerBound = 0x80;
  #upperBound = 0xbf;

  /** True while the bytes pushed so far end inside a multi-byte sequence. */
  get hasPendingBytes(): boolean {
    return this.#pending.length > 0;
  }

  push(byte: number, sink: Utf8Sink): void {
    if (this.#needed === 0) {
      this.#start(byte, sink);
      return;
    }

    if (byte < this.#lowerBound || byte > this.#upperBound) {
      // The sequence broke off: its bytes so far are invalid, and this byte starts afresh.
      this.flush(sink);
      this.#start(byte, sink);
      return;
    }

    this.#lowerBound = 0x80;
    this.#upperBound = 0xbf;
    this.#codePoint = (this.#codePoint << 6) | (byte & 0x3f);
    this.#pending.push(byte);
    if (this.#pending.length === this.#needed + 1) {
      const codePoint = this.#codePoint;
      this.#reset();
      sink.codePoint(codePoint);
    }
  }

  /** Reports the bytes of an incomplete sequence as invalid, e.g. when a line ends inside one. */
  flush(sink: Utf8Sink): void {
    const pending = this.#pending;
    this.#reset();
    for (const byte of pending) {
      sink.invalidByte(byte);
    }
  }

  #start(byte: number, sink: Utf8Sink): void {
    if (byte <= 0x7f) {
      sink.codePoint(byte);
      return;
    }

    if (byte >= 0xc2 && byte <= 0xdf) {
      this.#needed = 1;
      this.#codePoint = byte & 0x1f;
    } else if (byte >= 0xe0 && byte <= 0xef) {
      // E0 needs A0..BF to rule out overlong forms, and ED needs 80..9F to rule out surrogates.
      if (byte === 0xe0) this.#lowerBound = 0xa0;
      if (byte === 0xed) this.#upperBound = 0x9f;
      this.#needed = 2;
      this.#codePoint = byte & 0x0f;
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      // F0 needs 90..BF to rule out overlong forms, and F4 needs 80..8F to stay below U+110000.
      if (byte === 0xf0) this.#lowerBound = 0x90;
      if (byte === 0xf4) this.#upperBound = 0x8f;
      this.#needed = 3;
      this.#codePoint = byte & 0x07;
    } else {
      // 80..BF cannot start a sequence, C0 and C1 only start overlong ones, F5..FF never occur.
      sink.invalidByte(byte);
      return;
    }
    this.#pending = [byte];
  }

  #reset(): void {
    this.#pending = [];
    this.#needed = 0;
    this.#codePoint = 0;
    this.#lowerBound = 0x80;
    this.#upperBound = 0xbf;
  }
}
