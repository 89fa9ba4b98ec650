import { describe, expect, it } from 'vitest';

import { scanEchoCandidates } from './echo-candidates';

/** Returns every candidate of the given lengths as text, in the order visited. */
function candidates(text: string, lengths: readonly number[]): string[] {
  const bytes = Buffer.from(text);
  const found: string[] = [];
  const wanted = { max: Math.max(...lengths), has: (length: number) => lengths.includes(length) };
  scanEchoCandidates(bytes, wanted, ({ start, end }) => {
    found.push(bytes.subarray(start, end).toString());
  });
  return found;
}

describe('scanEchoCandidates', () => {
  it('splits tokens at whitespace, quotes and brackets', () => {
    expect(candidates('a1 NO [abcd] "efgh" <ijkl> (mnop)', [4])).toEqual([
      'abcd',
      'abcd',
      'efgh',
      'efgh',
      'ijkl',
      'ijkl',
      'mnop',
      'mnop',
    ]);
  });

  it('finds base64 runs inside longer tokens', () => {
    expect(candidates('key:QUJD+/==,x', [8])).toEqual(['QUJD+/==']);
  });

  it('offers a token without its trailing punctuation', () => {
    expect(candidates('535 bad s3cret.\r\n', [6])).toEqual(['s3cret', 's3cret']);
  });

  it('offers text between any two quotes of a line, with and without them', () => {
    expect(candidates('"a "b c" d"', [3, 5])).toEqual(['b c', '"b c"']);
  });

  it('skips escaped quotes', () => {
    expect(candidates('x "a\\"b" y', [4, 6])).toEqual(['a\\"b', '"a\\"b"']);
  });

  it('does not pair quotes across lines', () => {
    expect(candidates('"ab\r\ncd"', [6])).toEqual([]);
  });

  it('keeps UTF-8 characters inside tokens', () => {
    expect(candidates('-ERR Grüße!', [7, 8])).toEqual(['Grüße!', 'Grüße']);
  });

  it('offers only the lengths asked for', () => {
    expect(candidates('250-SIZE 10240000\r\n', [5])).toEqual([]);
  });
});
