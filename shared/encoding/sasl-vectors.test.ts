import { describe, expect, it } from 'vitest';

import { encodeBase64, encodeUtf8 } from './base64';

/** Latin-1 bytes of text whose characters are all below U+0100. */
function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => {
    const code = char.charCodeAt(0);
    if (code > 0xff) {
      throw new Error(`${char} has no Latin-1 form`);
    }
    return code;
  });
}

describe('SASL encodings of non-ASCII credentials', () => {
  it('encodes PLAIN as UTF-8 with NUL separators (RFC 4616)', () => {
    expect(encodeBase64(encodeUtf8('\0üser€\0päss€'))).toBe('AMO8c2Vy4oKsAHDDpHNz4oKs');
  });

  it('encodes a LOGIN password in Latin-1 or UTF-8, as the user chooses', () => {
    expect(encodeBase64(latin1('päss'))).toBe('cORzcw==');
    expect(encodeBase64(encodeUtf8('päss'))).toBe('cMOkc3M=');
  });
});
