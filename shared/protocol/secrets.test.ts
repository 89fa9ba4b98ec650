import { describe, expect, it } from 'vitest';

import { encodeBase64, encodeUtf8 } from '../encoding/base64';
import {
  isLoneSaslCredential,
  maskAfterWords,
  maskCredentialLine,
  maskImapLoginArguments,
  maskSaslResponse,
  maskUntaggedImapCredentials,
  SECRET_MASK,
} from './secrets';

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

describe('maskUntaggedImapCredentials', () => {
  it.each([
    ['LOGIN alice s3cret', `LOGIN alice ${SECRET_MASK}`],
    ['login "alice" "pa ss"', `login "alice" ${SECRET_MASK}`],
    ['AUTHENTICATE PLAIN AGFsaWNlAHMzY3JldA==', `AUTHENTICATE PLAIN ${SECRET_MASK}`],
    ['a1 LOGIN alice s3cret', null],
    ['STARTTLS', null],
  ])('masks %j', (line, expected) => {
    expect(maskUntaggedImapCredentials(line)).toBe(expected);
  });
});

describe('maskCredentialLine', () => {
  it.each([
    ['AUTH PLAIN AGFsaWNlAHMzY3JldA==', `AUTH PLAIN ${SECRET_MASK}`],
    ['auth login YWxpY2U=', `auth login ${SECRET_MASK}`],
    ['PASS s3cret', `PASS ${SECRET_MASK}`],
    ['pass s3cret', `pass ${SECRET_MASK}`],
    ['APOP alice c4c9334bac560ecc979e58001b3e22fb', `APOP alice ${SECRET_MASK}`],
    ['a1 LOGIN alice "s3 cret"', `a1 LOGIN alice ${SECRET_MASK}`],
    ['LOGIN alice s3cret', `LOGIN alice ${SECRET_MASK}`],
    ['a2 AUTHENTICATE PLAIN AGFsaWNlAHMzY3JldA==', `a2 AUTHENTICATE PLAIN ${SECRET_MASK}`],
    ['EHLO client.example.com', 'EHLO client.example.com'],
    ['USER alice', 'USER alice'],
  ])('masks %j', (line, expected) => {
    expect(maskCredentialLine(line)).toBe(expected);
  });
});

describe('isLoneSaslCredential', () => {
  const base64 = (text: string) => encodeBase64(encodeUtf8(text));

  it.each([
    ['PLAIN without authzid', base64('\0alice\0s3cret')],
    ['PLAIN with authzid, padded with spaces', ` ${base64('admin\0alice\0s3cret')} `],
    ['XOAUTH2', base64('user=alice\x01auth=Bearer token\x01\x01')],
    ['PLAIN at the shortest length', base64('\0a\0b')],
    ['PLAIN with the newline echo adds', base64('\0alice\0s3cret\n')],
  ])('takes %s for a credential', (_name, line) => {
    expect(isLoneSaslCredential(line)).toBe(true);
  });

  it.each([
    ['a command', 'NOOP'],
    ['base64 of text without separators', base64('hello world')],
    ['a line shorter than the shortest blob', base64('\0a')],
    ['an IMAP command with a blob', `a1 AUTHENTICATE PLAIN ${base64('\0a\0b')}`],
    ['invalid base64', 'AGFsaWNlAHMzY3JldA='],
    ['one NUL only', base64('alice\0s3cret')],
    ['three NULs', base64('\0a\0b\0c')],
  ])('leaves %s alone', (_name, line) => {
    expect(isLoneSaslCredential(line)).toBe(false);
  });

  it('leaves lines of a base64 attachment alone', () => {
    // A PNG header and binary bytes with NULs and SOH, as a MIME part with an image carries them.
    const binary = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
      0x52, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00,
    ]);
    expect(isLoneSaslCredential(encodeBase64(binary))).toBe(false);
  });
});
