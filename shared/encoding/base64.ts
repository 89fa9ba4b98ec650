/**
 * Base64 (RFC 4648, standard alphabet, padded, never wrapped). Written here because shared/
 * may use neither Node's Buffer nor the DOM's atob and btoa.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

const DECODE_TABLE: Int16Array = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) {
    table[ALPHABET.charCodeAt(i)] = i;
  }
  return table;
})();

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out +=
      ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + '=';
  }
  return out;
}

/** The reason a string is not valid base64, with the offset of the first bad character. */
export interface Base64Problem {
  readonly reason: 'invalid-character' | 'invalid-length' | 'invalid-padding';
  readonly offset: number;
}

export type Base64DecodeResult =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly problem: Base64Problem };

/**
 * Decodes strict base64: standard alphabet, length a multiple of four, padding only at the end.
 * White space is not skipped, because a wrapped or newline-terminated string is exactly the
 * mistake a sysadmin needs to see.
 */
export function decodeBase64(text: string): Base64DecodeResult {
  if (text.length % 4 !== 0) {
    return { ok: false, problem: { reason: 'invalid-length', offset: text.length } };
  }
  let padding = 0;
  if (text.endsWith('==')) {
    padding = 2;
  } else if (text.endsWith('=')) {
    padding = 1;
  }
  const bodyLength = text.length - padding;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let byteIndex = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < bodyLength; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? DECODE_TABLE[code]! : -1;
    if (value < 0) {
      const reason = text[i] === '=' ? 'invalid-padding' : 'invalid-character';
      return { ok: false, problem: { reason, offset: i } };
    }
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[byteIndex++] = (buffer >> bits) & 0xff;
    }
  }
  return { ok: true, bytes };
}

/** Encodes a string as UTF-8 bytes. */
export function encodeUtf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const char of text) {
    let cp = char.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      // A lone surrogate has no UTF-8 form; use U+FFFD as TextEncoder does.
      cp = 0xfffd;
    }
    if (cp < 0x80) {
      out.push(cp);
    } else if (cp < 0x800) {
      out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    } else if (cp < 0x10000) {
      out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    } else {
      out.push(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 63),
        0x80 | ((cp >> 6) & 63),
        0x80 | (cp & 63),
      );
    }
  }
  return Uint8Array.from(out);
}

/**
 * Decodes UTF-8 and throws SyntaxError on malformed input (overlong forms, surrogates, code
 * points past U+10FFFF, truncated sequences), for data that must be well formed, such as JSON.
 */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  const codeUnits: number[] = [];
  let text = '';
  for (let i = 0; i < bytes.length;) {
    const first = bytes[i]!;
    let codePoint: number;
    let length: number;
    if (first < 0x80) {
      codePoint = first;
      length = 1;
    } else if (first >= 0xc2 && first < 0xe0) {
      codePoint = first & 0x1f;
      length = 2;
    } else if (first >= 0xe0 && first < 0xf0) {
      codePoint = first & 0x0f;
      length = 3;
    } else if (first >= 0xf0 && first < 0xf5) {
      codePoint = first & 0x07;
      length = 4;
    } else {
      throw new SyntaxError(`invalid UTF-8 lead byte 0x${first.toString(16)} at offset ${i}`);
    }
    if (i + length > bytes.length) {
      throw new SyntaxError(`truncated UTF-8 sequence at offset ${i}`);
    }
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k]!;
      if ((next & 0xc0) !== 0x80) {
        throw new SyntaxError(`invalid UTF-8 continuation byte at offset ${i + k}`);
      }
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    const minimum = [0, 0, 0x80, 0x800, 0x10000][length]!;
    if (
      codePoint < minimum ||
      codePoint > 0x10ffff ||
      (codePoint >= 0xd800 && codePoint <= 0xdfff)
    ) {
      throw new SyntaxError(`invalid UTF-8 code point at offset ${i}`);
    }
    if (codePoint >= 0x10000) {
      codePoint -= 0x10000;
      codeUnits.push(0xd800 | (codePoint >> 10), 0xdc00 | (codePoint & 0x3ff));
    } else {
      codeUnits.push(codePoint);
    }
    // Flush in slices: String.fromCharCode takes its arguments on the stack.
    if (codeUnits.length >= 8192) {
      text += String.fromCharCode(...codeUnits.splice(0));
    }
    i += length;
  }
  return text + String.fromCharCode(...codeUnits);
}
