import { describe, expect, it } from 'vitest';

import { encodeUtf8 } from '../encoding/base64';
import { Utf8StreamDecoder } from './utf8-decoder';

/** One item of decoder output: a code point as a number, an invalid byte as `'<XX>'`. */
type Unit = number | string;

function decode(chunks: readonly (readonly number[])[], flushAtEnd = true): Unit[] {
  const units: Unit[] = [];
  const sink = {
    codePoint: (codePoint: number) => units.push(codePoint),
    invalidByte: (byte: number) => units.push(`<${byte.toString(16).toUpperCase()}>`),
  };
  const decoder = new Utf8StreamDecoder();
  for (const chunk of chunks) {
    for (const byte of chunk) {
      decoder.push(byte, sink);
    }
  }
  if (flushAtEnd) {
    decoder.flush(sink);
  }
  return units;
}

/** A seeded generator, so that a failing random case can be reproduced. */
function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x1_0000_0000;
  };
}

describe('Utf8StreamDecoder', () => {
  const rows: (readonly [string, readonly number[], readonly Unit[]])[] = [
    ['ASCII', [0x41, 0x00, 0x7f], [0x41, 0x00, 0x7f]],
    ['two-byte é', [0xc3, 0xa9], [0xe9]],
    ['three-byte €', [0xe2, 0x82, 0xac], [0x20ac]],
    ['four-byte emoji', [0xf0, 0x9f, 0x98, 0x80], [0x1f600]],
    ['lowest two-byte', [0xc2, 0x80], [0x80]],
    ['highest scalar', [0xf4, 0x8f, 0xbf, 0xbf], [0x10ffff]],
    ['lone continuation byte', [0x80], ['<80>']],
    ['raw C1 CSI byte', [0x9b], ['<9B>']],
    ['overlong slash', [0xc0, 0xaf], ['<C0>', '<AF>']],
    ['overlong C1 lead', [0xc1, 0xbf], ['<C1>', '<BF>']],
    ['overlong three-byte', [0xe0, 0x80, 0xaf], ['<E0>', '<80>', '<AF>']],
    ['overlong four-byte', [0xf0, 0x80, 0x80, 0xaf], ['<F0>', '<80>', '<80>', '<AF>']],
    ['encoded surrogate', [0xed, 0xa0, 0x80], ['<ED>', '<A0>', '<80>']],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], ['<F4>', '<90>', '<80>', '<80>']],
    ['F5 lead', [0xf5, 0x80], ['<F5>', '<80>']],
    ['FF byte', [0xff], ['<FF>']],
    ['sequence cut by ASCII', [0xe2, 0x82, 0x41], ['<E2>', '<82>', 0x41]],
    ['sequence cut by a new lead', [0xe2, 0xc3, 0xa9], ['<E2>', 0xe9]],
    ['truncated at the end', [0x41, 0xf0, 0x9f, 0x98], [0x41, '<F0>', '<9F>', '<98>']],
  ];

  it.each(rows)('decodes %s', (_name, bytes, expected) => {
    expect(decode([bytes])).toEqual(expected);
  });

  it('keeps a sequence split across pushes', () => {
    expect(decode([[0xf0], [0x9f, 0x98], [0x80]])).toEqual([0x1f600]);
  });

  it('reports pending bytes until a sequence completes', () => {
    const decoder = new Utf8StreamDecoder();
    const units: number[] = [];
    const sink = { codePoint: (cp: number) => units.push(cp), invalidByte: () => undefined };

    decoder.push(0xe2, sink);
    expect(decoder.hasPendingBytes).toBe(true);
    decoder.push(0x82, sink);
    expect(decoder.hasPendingBytes).toBe(true);
    decoder.push(0xac, sink);
    expect(decoder.hasPendingBytes).toBe(false);
    expect(units).toEqual([0x20ac]);
  });

  it('holds back an incomplete sequence until flushed', () => {
    expect(decode([[0xe2, 0x82]], false)).toEqual([]);
  });

  it('decodes valid text exactly', () => {
    const text = 'Grüße, 世界! 😀 \u0000\u007f\u0080\u07ff\u0800\uffff\u{10000}\u{10ffff}';
    const expected = Array.from(text, (char) => char.codePointAt(0)!);
    expect(decode([Array.from(encodeUtf8(text))])).toEqual(expected);
  });

  it('loses no byte of random input', () => {
    const random = makeRandom(20_240_601);
    for (let round = 0; round < 200; round++) {
      const bytes = Array.from({ length: 64 }, () => Math.floor(random() * 256));
      const units = decode([bytes]);
      const rebuilt = units.flatMap((unit) =>
        typeof unit === 'number'
          ? Array.from(encodeUtf8(String.fromCodePoint(unit)))
          : [Number.parseInt(unit.slice(1, -1), 16)],
      );
      expect(rebuilt).toEqual(bytes);
    }
  });

  it('emits only Unicode scalar values', () => {
    const random = makeRandom(7);
    for (let round = 0; round < 200; round++) {
      const bytes = Array.from({ length: 64 }, () => 0x80 + Math.floor(random() * 0x80));
      for (const unit of decode([bytes])) {
        if (typeof unit === 'number') {
          const isSurrogate = unit >= 0xd800 && unit <= 0xdfff;
          expect(isSurrogate, `U+${unit.toString(16)} is a surrogate`).toBe(false);
          expect(unit).toBeLessThanOrEqual(0x10ffff);
        }
      }
    }
  });
});
