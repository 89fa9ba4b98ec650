/**
 * The server output the benchmarks send. Free of Node APIs, so that the page harness builds the
 * same bytes in Chromium.
 */
import { concatBytes as concat, latin1Bytes as latin1 } from '../shared/bytes/byte-arrays';

const MIB = 1024 * 1024;

/** One line of the benchmark stream: printable text of a typical terminal width, CRLF-terminated. */
export const STREAM_LINE = `${'250-'}${'mailtap-benchmark-'.repeat(4)}${'x'.repeat(4)}\r\n`;

/** Size of the unterminated OSC: large enough that a terminal obeying it would swallow it all. */
export const UNTERMINATED_OSC_BYTES = 5 * MIB;

/** Size of the binary burst; each of its bytes becomes up to four characters of escape. */
export const BINARY_BURST_BYTES = 4 * MIB;

/** Bytes that take every kind of escape the formatter has: invalid UTF-8, C0, ESC, C1, BEL. */
const BINARY_PATTERN = [0xff, 0xfe, 0x00, 0x1b, 0x9b, 0xc3, 0x28, 0x07];

export type FloodKind = 'stream' | 'unterminated-osc' | 'binary-burst';

/** Fills `byteCount` bytes with copies of `pattern`, the last one cut to fit. */
function repeat(pattern: Uint8Array, byteCount: number): Uint8Array {
  const bytes = new Uint8Array(byteCount);
  for (let offset = 0; offset < byteCount; offset += pattern.length) {
    bytes.set(pattern.subarray(0, Math.min(pattern.length, byteCount - offset)), offset);
  }
  return bytes;
}

/** Builds `byteCount` bytes of benchmark lines (the last line is cut to fit). */
export function buildStreamBytes(byteCount: number): Uint8Array {
  return repeat(latin1(STREAM_LINE), byteCount);
}

/**
 * Builds a hostile server's greeting: a reply, then 5 MiB of an OSC (set window title) that
 * never ends, or 4 MiB of binary, then a last reply that must still show.
 */
export function buildHostileBytes(kind: Exclude<FloodKind, 'stream'>): Uint8Array {
  if (kind === 'unterminated-osc') {
    return concat([
      latin1('220 ready\r\n\x1b]2;'),
      repeat(latin1('A'), UNTERMINATED_OSC_BYTES),
      latin1('\r\n535 5.7.8 Authentication credentials invalid\r\n'),
    ]);
  }
  return concat([
    latin1('220 ready\r\n'),
    repeat(Uint8Array.from(BINARY_PATTERN), BINARY_BURST_BYTES),
    latin1('\r\n250 END OF BURST\r\n'),
  ]);
}
