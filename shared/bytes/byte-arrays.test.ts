import { describe, expect, it } from 'vitest';

import { concatBytes, latin1Bytes } from './byte-arrays';

describe('concatBytes', () => {
  it('joins parts in order, empty ones included', () => {
    const joined = concatBytes([Uint8Array.of(1, 2), new Uint8Array(0), Uint8Array.of(3)]);
    expect([...joined]).toEqual([1, 2, 3]);
  });
});

describe('latin1Bytes', () => {
  it('gives one byte per character', () => {
    expect([...latin1Bytes('A\u00e9\u0000')]).toEqual([0x41, 0xe9, 0x00]);
  });
});
