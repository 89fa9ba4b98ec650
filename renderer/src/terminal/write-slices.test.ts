import { describe, expect, it } from 'vitest';

import { MAX_WRITE_SLICE_CHARS, splitForWrite } from './write-slices';

describe('splitForWrite', () => {
  it('keeps text within the limit whole', () => {
    expect(splitForWrite('S: 250 ok\r\n', 16)).toEqual(['S: 250 ok\r\n']);
    expect(splitForWrite('', 16)).toEqual(['']);
  });

  it('ends slices after a line break in their second half', () => {
    const text = 'aaaaaa\r\nbbbbbb\r\nccc';
    const slices = splitForWrite(text, 10);
    expect(slices).toEqual(['aaaaaa\r\n', 'bbbbbb\r\n', 'ccc']);
  });

  it('cuts a long line at the limit', () => {
    const slices = splitForWrite('x'.repeat(25), 10);
    expect(slices).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('ignores a line break in the first half of a slice', () => {
    const slices = splitForWrite('ab\r\n' + 'x'.repeat(20), 10);
    expect(slices[0]).toBe('ab\r\nxxxxxx');
  });

  it('keeps a surrogate pair in one slice', () => {
    const text = 'x'.repeat(9) + '\u{1F600}' + 'y'.repeat(9);
    const slices = splitForWrite(text, 10);
    expect(slices[0]).toBe('x'.repeat(9) + '\u{1F600}');
    expect(slices.join('')).toBe(text);
  });

  it('loses and reorders nothing in large formatted output', () => {
    const line = '\x1b[0;2mS: \x1b[0;32m250-mailtap \u00e9\u{1F600}\x1b[0m\r\n';
    const text = line.repeat(20_000) + '\x1b[0;35m<FF>'.repeat(30_000);
    const slices = splitForWrite(text);
    expect(slices.join('')).toBe(text);
    for (const slice of slices) {
      expect(slice.length).toBeLessThanOrEqual(MAX_WRITE_SLICE_CHARS + 1);
    }
    expect(slices.length).toBeGreaterThan(Math.floor(text.length / MAX_WRITE_SLICE_CHARS));
  });
});
