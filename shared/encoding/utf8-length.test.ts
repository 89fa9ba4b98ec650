import { describe, expect, it } from 'vitest';

import { utf8ByteLength } from './utf8-length';

describe('utf8ByteLength', () => {
  it.each([
    ['empty', ''],
    ['ASCII', 'EHLO client.example.com'],
    ['two-byte letters', 'päss€'],
    ['three-byte letters', '€€€'],
    ['an emoji pair', 'a📬b'],
    ['a lone high surrogate', 'a\ud83d'],
    ['a lone low surrogate', '\udcecz'],
    ['reversed surrogates', '\udcec\ud83d'],
  ])('counts %s as Buffer does', (_name, text) => {
    expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, 'utf8'));
  });
});
