import { describe, expect, it } from 'vitest';

import { escapeCodePoint, formatCodePoint, formatInvalidByte } from './escape';

describe('escapeCodePoint', () => {
  const escaped: (readonly [number, string])[] = [
    [0x00, '^@'],
    [0x07, '^G'],
    [0x08, '^H'],
    [0x0a, '^J'],
    [0x0d, '^M'],
    [0x1b, '^['],
    [0x1f, '^_'],
    [0x7f, '^?'],
    [0x80, '<U+0080>'],
    [0x9b, '<U+009B>'],
    [0x9f, '<U+009F>'],
    [0xad, '<U+00AD>'],
    [0x061c, '<U+061C>'],
    [0x200b, '<U+200B>'],
    [0x200e, '<U+200E>'],
    [0x200f, '<U+200F>'],
    [0x202a, '<U+202A>'],
    [0x202e, '<U+202E>'],
    [0x2028, '<U+2028>'],
    [0x2029, '<U+2029>'],
    [0x2066, '<U+2066>'],
    [0x2069, '<U+2069>'],
    [0x3164, '<U+3164>'],
    [0xd800, '<U+D800>'],
    [0xdfff, '<U+DFFF>'],
    [0xfeff, '<U+FEFF>'],
    [0xfff9, '<U+FFF9>'],
    [0xe0001, '<U+E0001>'],
  ];

  it.each(escaped)('escapes code point %i as %s', (codePoint, expected) => {
    expect(escapeCodePoint(codePoint)).toBe(expected);
  });

  const unescaped: number[] = [0x09, 0x20, 0x41, 0x7e, 0xa0, 0xe9, 0x4e16, 0xfe0f, 0x1f600, 0xfffd];

  it.each(unescaped)('shows code point %i as itself', (codePoint) => {
    expect(escapeCodePoint(codePoint)).toBeUndefined();
  });

  it('escapes every C0 control except TAB', () => {
    for (let codePoint = 0; codePoint < 0x20; codePoint++) {
      const escape = escapeCodePoint(codePoint);
      if (codePoint === 0x09) {
        expect(escape).toBeUndefined();
      } else {
        expect(escape).toMatch(/^\^[@-_]$/);
      }
    }
  });

  it('escapes every C1 control', () => {
    for (let codePoint = 0x80; codePoint <= 0x9f; codePoint++) {
      expect(escapeCodePoint(codePoint)).toBe(formatCodePoint(codePoint));
    }
  });
});

describe('formatInvalidByte', () => {
  it('uses two upper-case hex digits', () => {
    expect(formatInvalidByte(0x9b)).toBe('<9B>');
    expect(formatInvalidByte(0x05)).toBe('<05>');
  });
});
