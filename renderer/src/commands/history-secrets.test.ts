import { describe, expect, it } from 'vitest';

import { linesForHistory } from './history-secrets';

describe('linesForHistory', () => {
  it('keeps ordinary commands', () => {
    const lines = ['EHLO me', 'MAIL FROM:<a@b>', 'RCPT TO:<c@d>', 'DATA'];
    expect(linesForHistory(lines, new Set())).toEqual(lines);
  });

  it('leaves out lines the engine masked', () => {
    expect(linesForHistory(['EHLO me', 'secret line', 'NOOP'], new Set([1]))).toEqual([
      'EHLO me',
      'NOOP',
    ]);
  });

  it.each([
    'AUTH PLAIN AGFsaWNlAHMzY3JldA==',
    'a1 LOGIN alice "pass word"',
    'LOGIN alice secret',
    'PASS secret',
    'APOP alice 0123456789abcdef',
    'a2 AUTHENTICATE PLAIN AGFsaWNlAHMzY3JldA==',
  ])('leaves out %s by its form alone', (line) => {
    expect(linesForHistory([line], new Set())).toEqual([]);
  });

  it('leaves out base64 responses after the start of an exchange', () => {
    expect(
      linesForHistory(['AUTH LOGIN', 'YWxpY2U=', 'czNjcmV0', 'MAIL FROM:<a@b>'], new Set()),
    ).toEqual(['AUTH LOGIN', 'MAIL FROM:<a@b>']);
  });

  it('keeps base64-looking lines outside an exchange', () => {
    expect(linesForHistory(['NOOP', 'QUIT'], new Set())).toEqual(['NOOP', 'QUIT']);
  });
});
