/**
 * Finds the pieces of server bytes that could repeat a credential the client sent: a server that
 * echoes a command (`500 unrecognized command "AGFsaWNl…"`) puts the credential between spaces,
 * quotes or brackets, or in a run of base64. The caller compares each piece against what it
 * remembers, so this module never receives a credential.
 */

/** A piece of the scanned bytes, from `start` up to but not including `end`. */
export interface EchoCandidate {
  readonly start: number;
  readonly end: number;
}

/** The lengths in bytes of the candidates a caller compares. */
export interface CandidateLengths {
  readonly max: number;
  /** Called for every candidate, so it must be cheap: it keeps a flood of replies fast. */
  has(length: number): boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const CR = 0x0d;
const LF = 0x0a;

/** Bytes of the base64 alphabet, padding included. */
const BASE64_BYTE = new Uint8Array(256);
/** Bytes that end a token: whitespace and other controls, quotes and brackets. */
const DELIMITER_BYTE = new Uint8Array(256);
/** Punctuation that a reply may put right after a token, as in `… for alice.` */
const TRAILING_PUNCTUATION_BYTE = new Uint8Array(256);

for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=') {
  BASE64_BYTE[char.charCodeAt(0)] = 1;
}
for (let byte = 0; byte <= 0x20; byte++) {
  DELIMITER_BYTE[byte] = 1;
}
DELIMITER_BYTE[0x7f] = 1;
for (const char of `"'()<>[]{}`) {
  DELIMITER_BYTE[char.charCodeAt(0)] = 1;
}
for (const char of '.,;:!?') {
  TRAILING_PUNCTUATION_BYTE[char.charCodeAt(0)] = 1;
}

/**
 * Calls `visit` with every candidate whose length in bytes `lengths` has:
 * - each maximal run of base64 characters `[A-Za-z0-9+/=]`;
 * - each token between delimiters (whitespace, controls, `"'()<>[]{}`), and the same token
 *   without trailing `.,;:!?`;
 * - the text between any two unescaped double quotes on one line, with and without the quotes,
 *   so that a quoted IMAP password with spaces or `\"` escapes is found whole, also inside a
 *   quoted echo of the whole command.
 *
 * A candidate can be visited more than once, as a base64 run and as a token. Bytes of 0x80 and
 * above are token bytes, so a UTF-8 credential is never cut inside a character.
 */
export function scanEchoCandidates(
  bytes: Uint8Array,
  lengths: CandidateLengths,
  visit: (candidate: EchoCandidate) => void,
): void {
  const offer = (start: number, end: number): void => {
    if (end > start && lengths.has(end - start)) {
      visit({ start, end });
    }
  };
  const offerToken = (start: number, end: number): void => {
    offer(start, end);
    let trimmed = end;
    while (trimmed > start && TRAILING_PUNCTUATION_BYTE[bytes[trimmed - 1]!] === 1) {
      trimmed--;
    }
    if (trimmed !== end) {
      offer(start, trimmed);
    }
  };

  let base64Start = -1;
  let tokenStart = -1;
  // Unescaped quotes of the current line, from `firstQuote` on, that can still start a
  // candidate no longer than `lengths.max`.
  const quotes: number[] = [];
  let firstQuote = 0;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;

    if (BASE64_BYTE[byte] === 1) {
      if (base64Start < 0) {
        base64Start = index;
      }
    } else if (base64Start >= 0) {
      offer(base64Start, index);
      base64Start = -1;
    }

    if (DELIMITER_BYTE[byte] !== 1) {
      if (tokenStart < 0) {
        tokenStart = index;
      }
      continue;
    }
    if (tokenStart >= 0) {
      offerToken(tokenStart, index);
      tokenStart = -1;
    }

    if (byte === CR || byte === LF) {
      quotes.length = 0;
      firstQuote = 0;
      continue;
    }
    if (byte !== QUOTE || isEscaped(bytes, quotes[quotes.length - 1] ?? 0, index)) {
      continue;
    }
    while (firstQuote < quotes.length && index + 1 - quotes[firstQuote]! > lengths.max) {
      firstQuote++;
    }
    for (let at = firstQuote; at < quotes.length; at++) {
      offer(quotes[at]! + 1, index);
      offer(quotes[at]!, index + 1);
    }
    quotes.push(index);
  }
  if (base64Start >= 0) {
    offer(base64Start, bytes.length);
  }
  if (tokenStart >= 0) {
    offerToken(tokenStart, bytes.length);
  }
}

/** Returns whether the byte at `index` follows an odd number of backslashes, back to `from`. */
function isEscaped(bytes: Uint8Array, from: number, index: number): boolean {
  let backslashes = 0;
  for (let at = index - 1; at >= from && bytes[at] === BACKSLASH; at--) {
    backslashes++;
  }
  return backslashes % 2 === 1;
}
