import { describe, expect, it } from 'vitest';

import { maskAfterWords, maskImapLoginArguments, maskSaslResponse, SECRET_MASK } from './secrets';

describe('maskAfterWords', () => {
  it.each([
    ['AUTH PLAIN AGFsaWNlAHMzY3JldA==', 2, `AUTH PLAIN ${SECRET_MASK}`],
    ['auth login YWxpY2U=', 2, `auth login ${SECRET_MASK}`],
    ['AUTH LOGIN', 2, 'AUTH LOGIN'],
    ['PASS s3cret with spaces', 1, `PASS ${SECRET_MASK}`],
    ['PASS', 1, 'PASS'],
  ])('masks %j after %i words', (line, keep, expected) => {
    expect(maskAfterWords(line, keep)).toBe(expected);
  });
});

describe('maskSaslResponse', () => {
  it('keeps a cancel and an empty response visible', () => {
    expect(maskSaslResponse('*')).toBe('*');
    expect(maskSaslResponse('')).toBe('');
    expect(maskSaslResponse('czNjcmV0')).toBe(SECRET_MASK);
  });
});

describe('maskImapLoginArguments', () => {
  it.each([
    [' alice s3cret', ` alice ${SECRET_MASK}`],
    [' "alice@example.com" "pa ss\\"w(rd)\\\\x"', ` "alice@example.com" ${SECRET_MASK}`],
    [' alice@example.com pa ss"w(rd)\\x', ` alice@example.com ${SECRET_MASK}`],
    [' "al\\"ice" secret', ` "al\\"ice" ${SECRET_MASK}`],
  ])('masks the password in %j', (text, expected) => {
    expect(maskImapLoginArguments(text).masked).toBe(expected);
  });

  it('notices a password sent as a literal', () => {
    expect(maskImapLoginArguments(' alice {8}')).toEqual({
      masked: ' alice {8}',
      passwordInLiteral: true,
    });
  });
});
