import { describe, expect, it } from 'vitest';

import { LineBuffer, MAX_TRACKED_LINE_BYTES } from './line-buffer';

function bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

describe('LineBuffer line cap', () => {
  it.each([[16], [MAX_TRACKED_LINE_BYTES]])('keeps a line of exactly %i bytes whole', (cap) => {
    const buffer = new LineBuffer(cap);
    buffer.push(bytes(`${'a'.repeat(cap)}\r\n`));
    const line = buffer.takeLine();
    expect(line?.truncated).toBe(false);
    expect(line?.text.length).toBe(cap);
  });

  it.each([[16], [MAX_TRACKED_LINE_BYTES]])('cuts a line of %i bytes plus one', (cap) => {
    const buffer = new LineBuffer(cap);
    buffer.push(bytes(`${'a'.repeat(cap)}b\r\n`));
    const line = buffer.takeLine();
    expect(line?.truncated).toBe(true);
    expect(line?.text).toBe('a'.repeat(cap));
  });

  it.each([
    ['CRLF after the cap', 'abcd\r\n', { text: 'abcd', ending: 'crlf', truncated: false }],
    ['bare LF after the cap', 'abcd\n', { text: 'abcd', ending: 'lf', truncated: false }],
    [
      'CR past the cap inside the line',
      'abcd\rxyz\n',
      { text: 'abcd', ending: 'lf', truncated: true },
    ],
    ['CRLF after a cut line', 'abcdefgh\r\n', { text: 'abcd', ending: 'crlf', truncated: true }],
    ['CR split from its LF', ['abcd\r', '\n'], { text: 'abcd', ending: 'crlf', truncated: false }],
  ] as const)('reads the ending of %s', (_name, input, expected) => {
    const buffer = new LineBuffer(4);
    for (const part of typeof input === 'string' ? [input] : input) {
      buffer.push(bytes(part));
    }
    expect(buffer.takeLine()).toEqual(expected);
  });

  it('holds at most the cap and a CR of a line that has not ended', () => {
    const buffer = new LineBuffer(16);
    for (let index = 0; index < 100; index++) {
      buffer.push(bytes('x'.repeat(1000)));
      expect(buffer.takeLine()).toBeNull();
    }
    expect(buffer.bufferedByteCount).toBe(17);
  });
});
