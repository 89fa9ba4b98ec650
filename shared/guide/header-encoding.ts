import { encodeBase64, encodeUtf8 } from '../encoding/base64';

/**
 * Maximum length of a header line that contains an encoded word, in characters without CRLF (RFC 2047,
 * section 2).
 */
export const ENCODED_LINE_MAX_CHARS = 76;

/** Maximum length of an encoded word, in characters (RFC 2047, section 2). */
export const ENCODED_WORD_MAX_CHARS = 75;

const WORD_PREFIX = '=?UTF-8?B?';
const WORD_SUFFIX = '?=';
const BASE64_CHARS_PER_GROUP = 4;
const BYTES_PER_BASE64_GROUP = 3;

/** True when every character of the text is US-ASCII, so it may go into a header as it is. */
export function isAscii(text: string): boolean {
  return /^\p{ASCII}*$/u.test(text);
}

/** Returns the maximum UTF-8 bytes whose base64 form fits into an encoded word of `maxChars`. */
function bytesPerWord(maxChars: number): number {
  const base64Chars = maxChars - WORD_PREFIX.length - WORD_SUFFIX.length;
  return Math.floor(base64Chars / BASE64_CHARS_PER_GROUP) * BYTES_PER_BASE64_GROUP;
}

/**
 * Encodes text as UTF-8 "B" encoded words (RFC 2047). The first word is at most `firstMaxChars`
 * long, so it fits after a header name, and the others at most 75. A word never splits a
 * character, because RFC 2047 section 5 requires whole characters in each word.
 */
export function encodeWords(
  text: string,
  firstMaxChars: number = ENCODED_WORD_MAX_CHARS,
): string[] {
  const words: string[] = [];
  let chunk: number[] = [];
  let limit = bytesPerWord(firstMaxChars);

  const flush = (): void => {
    words.push(`${WORD_PREFIX}${encodeBase64(Uint8Array.from(chunk))}${WORD_SUFFIX}`);
    chunk = [];
    limit = bytesPerWord(ENCODED_WORD_MAX_CHARS);
  };

  for (const character of text) {
    const bytes = encodeUtf8(character);
    if (chunk.length + bytes.length > limit && chunk.length > 0) {
      flush();
    }
    chunk.push(...bytes);
  }
  if (chunk.length > 0 || words.length === 0) {
    flush();
  }
  return words;
}

/**
 * Builds a header as its lines: the name, then the tokens separated by spaces, folded before a
 * token that would make the line longer than 76 characters.
 */
export function foldHeader(name: string, tokens: readonly string[]): string[] {
  const lines: string[] = [];
  let line = `${name}:`;
  for (const token of tokens) {
    const fits = line.length + 1 + token.length <= ENCODED_LINE_MAX_CHARS;
    if (!fits && line.trim() !== `${name}:`) {
      lines.push(line);
      line = ` ${token}`;
    } else {
      line += ` ${token}`;
    }
  }
  lines.push(line);
  return lines;
}

/**
 * Builds an unstructured header such as Subject: as it is when ASCII, else as encoded words, each
 * on its own line after the first.
 */
export function unstructuredHeader(name: string, value: string): string[] {
  if (isAscii(value)) {
    return [`${name}: ${value}`];
  }
  const firstMax = ENCODED_LINE_MAX_CHARS - `${name}: `.length;
  return foldHeader(name, encodeWords(value, firstMax));
}
