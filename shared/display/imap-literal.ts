/**
 * Tracking of the IMAP literal announcement that may end a server line: `{N}`, or `~{N}` for
 * RFC 3516 binary. The state is the digits seen so far: null when the line does not end that
 * way, the digits alone while the brace is open, and the digits and `}` once it is closed.
 */

/**
 * Maximum number of digits of an IMAP literal length. Twenty digits exceed any length that fits a safe
 * integer, which is where the count is capped.
 */
const MAX_LITERAL_DIGITS = 20;

const OPENING_BRACE = 0x7b;
const CLOSING_BRACE = 0x7d;

/** Returns the state after one more unit (a code point, or a negative invalid byte) of the line. */
export function nextLiteralDigits(digits: string | null, unit: number): string | null {
  if (unit === OPENING_BRACE) {
    return '';
  }
  if (digits !== null && !digits.endsWith('}') && unit >= 0x30 && unit <= 0x39) {
    return digits.length < MAX_LITERAL_DIGITS ? digits + String.fromCharCode(unit) : null;
  }
  if (unit === CLOSING_BRACE && digits !== null && digits !== '' && !digits.endsWith('}')) {
    return digits + '}';
  }
  return null;
}

/**
 * Returns the state after the ASCII bytes `[start, end)`, as `nextLiteralDigits` byte by byte
 * would. Only the part from the run's last `{` (or, without one, from its start) matters, and
 * once the state is null only a later `{` could change it.
 */
export function literalDigitsAfterRun(
  digits: string | null,
  bytes: Uint8Array,
  start: number,
  end: number,
): string | null {
  // A loop bounded by `start`: lastIndexOf would scan on to the buffer's first byte, which makes
  // every short run in a large read cost the whole read.
  let lastBrace = -1;
  for (let back = end - 1; back >= start; back--) {
    if (bytes[back] === OPENING_BRACE) {
      lastBrace = back;
      break;
    }
  }
  let state = digits;
  let index = start;
  if (lastBrace >= 0) {
    state = '';
    index = lastBrace + 1;
  }

  for (; index < end && state !== null; index++) {
    state = nextLiteralDigits(state, bytes[index]!);
  }
  return state;
}

/** Returns the byte count of a closed `{N}` announcement, or 0 when the line announced none. */
export function literalLength(digits: string | null): number {
  if (digits === null || !digits.endsWith('}')) {
    return 0;
  }
  return Math.min(Number(digits.slice(0, -1)), Number.MAX_SAFE_INTEGER);
}
