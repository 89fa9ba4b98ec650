import { describe, expect, it } from 'vitest';

import { decodeBase64, encodeBase64, encodeUtf8 } from './base64';

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (char) => char.charCodeAt(0));

describe('base64', () => {
  // RFC 4648, section 10.
  it.each([
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ])('encodes %j as %j and back', (plain, encoded) => {
    expect(encodeBase64(ascii(plain))).toBe(encoded);
    const decoded = decodeBase64(encoded);
    expect(decoded.ok && Array.from(decoded.bytes)).toEqual(Array.from(ascii(plain)));
  });

  it('encodes the AUTH PLAIN blob with NUL separators', () => {
    expect(encodeBase64(ascii('\0alice@example.com\0s3cret'))).toBe(
      'AGFsaWNlQGV4YW1wbGUuY29tAHMzY3JldA==',
    );
  });

  it('never wraps long output', () => {
    expect(encodeBase64(new Uint8Array(300))).not.toMatch(/\s/);
  });

  it.each([
    ['Zm9', 'invalid-length'],
    ['Zm9v\n', 'invalid-length'],
    ['Zm 9', 'invalid-character'],
    ['Z=9v', 'invalid-padding'],
    ['Zm9*', 'invalid-character'],
  ])('rejects %j as %s', (text, reason) => {
    const decoded = decodeBase64(text);
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.problem.reason).toBe(reason);
  });
});

describe('encodeUtf8', () => {
  it('encodes non-ASCII text', () => {
    expect(Array.from(encodeUtf8('ü€😀'))).toEqual([
      0xc3, 0xbc, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80,
    ]);
  });

  it('replaces a lone surrogate with U+FFFD', () => {
    expect(Array.from(encodeUtf8('\ud800'))).toEqual([0xef, 0xbf, 0xbd]);
  });
});
