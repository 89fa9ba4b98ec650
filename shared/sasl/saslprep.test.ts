import { describe, expect, it } from 'vitest';

import { saslprep } from './saslprep';

describe('saslprep', () => {
  // The examples of RFC 4013, section 3, then cases for each rule.
  it.each([
    ['I\u00adX', 'IX'],
    ['user', 'user'],
    ['USER', 'USER'],
    ['\u00aa', 'a'],
    ['\u2168', 'IX'],
    ['a\u00a0b\u3000c', 'a b c'],
    ['pass\u200bword', 'password'],
    ['Grüße-s3cret', 'Grüße-s3cret'],
    ['\u05d0\u05d1', '\u05d0\u05d1'],
    ['\u0627\u0031\u0628', '\u0627\u0031\u0628'],
    ['', ''],
  ])('prepares %j as %j', (input, expected) => {
    expect(saslprep(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['\u0007', 'U+0007'],
    ['tab\there', 'U+0009'],
    ['private\ue000', 'U+E000'],
    ['\ud800', 'U+D800'],
    ['nul\u0000', 'U+0000'],
  ])('rejects the prohibited character in %j', (input, codePoint) => {
    expect(saslprep(input)).toEqual({ ok: false, problem: { rule: 'prohibited', codePoint } });
  });

  it('rejects right-to-left text that does not end with it', () => {
    expect(saslprep('\u0627\u0031')).toEqual({
      ok: false,
      problem: { rule: 'bidi-ends', codePoint: null },
    });
  });

  it('rejects right-to-left text mixed with Latin letters', () => {
    expect(saslprep('\u05d0a\u05d1')).toEqual({
      ok: false,
      problem: { rule: 'bidi-mixed', codePoint: null },
    });
  });
});
