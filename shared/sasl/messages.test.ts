import { describe, expect, it } from 'vitest';

import { encodeBase64 } from '../encoding/base64';
import {
  apopTimestamp,
  escapeSaslName,
  loginValue,
  oauthbearerMessage,
  plainMessage,
  xoauth2Message,
  type EncodedMessage,
} from './messages';

function base64Of(message: EncodedMessage): string {
  if (!message.ok) {
    throw new Error(message.problem);
  }
  return encodeBase64(message.bytes);
}

function problemOf(message: EncodedMessage): string {
  return message.ok ? '' : message.problem;
}

describe('plainMessage', () => {
  // RFC 4616, section 4, then the credentials that field reports use.
  it.each([
    ['', 'tim', 'tanstaaftanstaaf', 'AHRpbQB0YW5zdGFhZnRhbnN0YWFm'],
    ['Ursel', 'Kurt', 'xipj3plmq', 'VXJzZWwAS3VydAB4aXBqM3BsbXE='],
    ['', 'alice@example.com', 's3cret', 'AGFsaWNlQGV4YW1wbGUuY29tAHMzY3JldA=='],
    [
      '',
      'alice.longname@subdomain.example.com',
      'correct-horse-battery-staple-2024!',
      'AGFsaWNlLmxvbmduYW1lQHN1YmRvbWFpbi5leGFtcGxlLmNvbQBjb3JyZWN0LWhvcnNlLWJhdHRlcnktc3RhcGxlLTIwMjQh',
    ],
  ])('encodes %j / %j / %j', (authzid, user, password, expected) => {
    expect(base64Of(plainMessage(authzid, user, password))).toBe(expected);
  });

  it('encodes a non-ASCII password as UTF-8 on one line', () => {
    const encoded = base64Of(plainMessage('', 'alice@mailtap.test', 'Grüße-s3cret'));
    expect(Buffer.from(encoded, 'base64').toString('utf8')).toBe(
      '\0alice@mailtap.test\0Grüße-s3cret',
    );
    expect(encoded).not.toMatch(/\s/);
  });

  it('applies SASLprep to the user name and password', () => {
    const encoded = base64Of(plainMessage('', 'user\u00ad', 'pass\u00a0word'));
    expect(Buffer.from(encoded, 'base64').toString('utf8')).toBe('\0user\0pass word');
  });

  it('rejects a prohibited character with its code point', () => {
    expect(problemOf(plainMessage('', 'alice', 'bell\u0007'))).toContain('U+0007');
  });

  it('rejects an empty user name and a NUL in the authorization identity', () => {
    expect(problemOf(plainMessage('', '', 'pw'))).toContain('empty');
    expect(problemOf(plainMessage('a\0b', 'alice', 'pw'))).toContain('NUL');
  });
});

describe('loginValue', () => {
  it('encodes UTF-8 and Latin-1 as chosen', () => {
    expect(base64Of(loginValue('password', 'Grüße', 'utf-8'))).toBe('R3LDvMOfZQ==');
    expect(base64Of(loginValue('password', 'Grüße', 'latin1'))).toBe('R3L832U=');
  });

  it('rejects characters that Latin-1 cannot encode', () => {
    expect(problemOf(loginValue('password', 'pa€', 'latin1'))).toContain('U+20AC');
  });

  it('encodes the prompts the LOGIN mechanism answers', () => {
    expect(base64Of(loginValue('user name', 'alice@example.com', 'utf-8'))).toBe(
      'YWxpY2VAZXhhbXBsZS5jb20=',
    );
    expect(base64Of(loginValue('password', 's3cret', 'utf-8'))).toBe('czNjcmV0');
  });
});

describe('xoauth2Message', () => {
  it('builds user=…^Aauth=Bearer …^A^A', () => {
    expect(base64Of(xoauth2Message('alice@example.com', 'ya29.EXAMPLE-TOKEN'))).toBe(
      'dXNlcj1hbGljZUBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LkVYQU1QTEUtVE9LRU4BAQ==',
    );
  });

  it('rejects an empty token and a ^A inside a value', () => {
    expect(problemOf(xoauth2Message('alice', ''))).toContain('empty');
    expect(problemOf(xoauth2Message('al\x01ice', 'token'))).toContain('^A');
  });
});

describe('oauthbearerMessage', () => {
  it('builds the GS2 header and key-value pairs of RFC 7628', () => {
    const encoded = base64Of(
      oauthbearerMessage('user@example.com', 'vF9dft4qmT', 'server.example.com', 143),
    );
    expect(Buffer.from(encoded, 'base64').toString('latin1')).toBe(
      'n,a=user@example.com,\x01host=server.example.com\x01port=143\x01auth=Bearer vF9dft4qmT\x01\x01',
    );
  });

  it('leaves out host and port when unknown', () => {
    const encoded = base64Of(oauthbearerMessage('u', 't', null, null));
    expect(Buffer.from(encoded, 'base64').toString('latin1')).toBe(
      'n,a=u,\x01auth=Bearer t\x01\x01',
    );
  });
});

describe('escapeSaslName', () => {
  it('escapes = before ,', () => {
    expect(escapeSaslName('a=b,c')).toBe('a=3Db=2Cc');
  });
});

describe('apopTimestamp', () => {
  it.each([
    [
      '+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>',
      '<1896.697170952@dbc.mtview.ca.us>',
    ],
    ['+OK Dovecot ready. <4f2.1.65a8c1f3.abc==@mail.test>', '<4f2.1.65a8c1f3.abc==@mail.test>'],
    ['+OK Dovecot ready.', null],
    ['+OK <no-at-sign>', null],
  ])('finds the timestamp in %j', (greeting, expected) => {
    expect(apopTimestamp(greeting)).toBe(expected);
  });
});

describe('published non-ASCII vectors through the helpers', () => {
  it('encodes PLAIN for üser€ and päss€', () => {
    const message = plainMessage('', 'üser€', 'päss€');
    expect(message.ok).toBe(true);
    expect(encodeBase64(message.ok ? message.bytes : new Uint8Array())).toBe(
      'AMO8c2Vy4oKsAHDDpHNz4oKs',
    );
  });

  it.each([
    ['latin1', 'cORzcw=='],
    ['utf-8', 'cMOkc3M='],
  ] as const)('encodes the LOGIN password päss in %s', (charset, expected) => {
    const value = loginValue('password', 'päss', charset);
    expect(value.ok).toBe(true);
    expect(encodeBase64(value.ok ? value.bytes : new Uint8Array())).toBe(expected);
  });
});
