import { describe, expect, it } from 'vitest';

import { decodeBase64, decodeUtf8Strict } from '../encoding/base64';
import {
  ENCODED_LINE_MAX_CHARS,
  ENCODED_WORD_MAX_CHARS,
  encodeWords,
  unstructuredHeader,
} from './header-encoding';

/** Decodes `=?UTF-8?B?…?=` words back to text, failing on anything else. */
function decodeWords(words: readonly string[]): string {
  return words
    .map((word) => {
      const match = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=$/.exec(word);
      if (match === null) {
        throw new Error(`not an encoded word: ${word}`);
      }
      const decoded = decodeBase64(match[1]!);
      if (!decoded.ok) {
        throw new Error(`invalid base64 in ${word}`);
      }
      // Strict decoding fails when a word ends inside a character.
      return decodeUtf8Strict(decoded.bytes);
    })
    .join('');
}

describe('header encoding', () => {
  it('keeps an ASCII subject as it is', () => {
    expect(unstructuredHeader('Subject', 'hello there')).toEqual(['Subject: hello there']);
  });

  it('encodes a short non-ASCII subject in one word', () => {
    expect(unstructuredHeader('Subject', 'Grüße')).toEqual(['Subject: =?UTF-8?B?R3LDvMOfZQ==?=']);
  });

  it.each([
    ['umlauts', 'Prüfung der Zustellung über STARTTLS mit Umlauten äöü '.repeat(4)],
    ['CJK', '配信テストのメッセージです'.repeat(6)],
    ['emoji', '📨✉️🔐'.repeat(20)],
  ])('splits a long %s subject within the limits', (_name, subject) => {
    const lines = unstructuredHeader('Subject', subject);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) {
      expect(line.length).toBeLessThanOrEqual(ENCODED_LINE_MAX_CHARS);
    }
    const words = lines.map((line, index) =>
      index === 0 ? line.slice('Subject: '.length) : line.trim(),
    );
    for (const word of words) {
      expect(word.length).toBeLessThanOrEqual(ENCODED_WORD_MAX_CHARS);
    }
    expect(lines.slice(1).every((line) => line.startsWith(' '))).toBe(true);
    expect(decodeWords(words)).toBe(subject);
  });

  it('fills words up to the maximum', () => {
    const words = encodeWords('é'.repeat(100));
    expect(words[0]!.length).toBe(ENCODED_WORD_MAX_CHARS - 3);
    expect(decodeWords(words)).toBe('é'.repeat(100));
  });
});
