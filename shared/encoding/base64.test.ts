import { describe, expect, it } from 'vitest';

import { decodeBase64, decodeUtf8Strict, encodeBase64, encodeUtf8 } from './base64';

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

describe('decodeUtf8Strict', () => {
  it('round-trips text through encodeUtf8', () => {
    const text = 'ASCII, ü, €, 😀 and more';
    expect(decodeUtf8Strict(encodeUtf8(text))).toBe(text);
  });

  it('decodes long input', () => {
    const text = 'é'.repeat(20_000);
    expect(decodeUtf8Strict(encodeUtf8(text))).toBe(text);
  });

  it.each([
    ['a lone continuation byte', [0x80]],
    ['an overlong slash', [0xc0, 0xaf]],
    ['an overlong three-byte form', [0xe0, 0x80, 0xaf]],
    ['a surrogate', [0xed, 0xa0, 0x80]],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a truncated sequence', [0xe2, 0x82]],
    ['a bad continuation', [0xc3, 0x28]],
  ])('rejects %s', (_name, bytes) => {
    expect(() => decodeUtf8Strict(Uint8Array.from(bytes))).toThrow(SyntaxError);
  });
});
