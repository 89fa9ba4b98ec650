import { describe, expect, it } from 'vitest';

import { compareCapabilities } from './compare';
import { describeCapabilities, formatByteLimit } from './describe';

function warningCodes(result: ReturnType<typeof compareCapabilities>): string[] {
  return result.warnings.map((warning) => warning.code);
}

describe('describeCapabilities', () => {
  it('makes SMTP values readable', () => {
    const entries = describeCapabilities('smtp', [
      'SIZE 52428800',
      'AUTH PLAIN LOGIN',
      'AUTH=LOGIN PLAIN',
      'STARTTLS',
      'SIZE',
      'X-UNKNOWN-THING 1',
    ]);
    expect(entries.map((entry) => [entry.name, entry.value])).toEqual([
      ['SIZE', '52428800 bytes (50 MiB)'],
      ['AUTH', 'PLAIN, LOGIN'],
      ['AUTH=', 'LOGIN, PLAIN'],
      ['STARTTLS', null],
      ['SIZE', 'no fixed limit'],
      ['X-UNKNOWN-THING', null],
    ]);
    expect(entries[0]!.source).toBe('RFC 1870');
    expect(entries[5]!.meaning).toBeNull();
  });

  it('describes every extension the issue names', () => {
    const names = [
      'PIPELINING',
      '8BITMIME',
      'SMTPUTF8',
      'CHUNKING',
      'DSN',
      'REQUIRETLS',
      'ENHANCEDSTATUSCODES',
    ];
    for (const entry of describeCapabilities('smtp', names)) {
      expect(entry.meaning, entry.name).not.toBeNull();
    }
  });

  it('treats IMAP capabilities as atoms', () => {
    const entries = describeCapabilities('imap', [
      'IMAP4rev1',
      'AUTH=PLAIN',
      'LITERAL+',
      'APPENDLIMIT=10485760',
      'X-FOO',
    ]);
    expect(entries.map((entry) => entry.name)).toEqual([
      'IMAP4REV1',
      'AUTH=PLAIN',
      'LITERAL+',
      'APPENDLIMIT=10485760',
      'X-FOO',
    ]);
    expect(entries[1]!.value).toBe('SASL mechanism PLAIN');
    expect(entries[2]!.meaning).toMatch(/Non-synchronising/);
    expect(entries[3]!.value).toBe('10485760 bytes (10 MiB)');
    expect(entries[4]!.meaning).toBeNull();
  });

  it('reads POP3 capability lines', () => {
    const entries = describeCapabilities('pop3', [
      'SASL PLAIN LOGIN',
      'LOGIN-DELAY 900',
      'EXPIRE NEVER',
      'STLS',
    ]);
    expect(entries.map((entry) => entry.value)).toEqual([
      'PLAIN, LOGIN',
      '900 s (15 min)',
      'never deleted',
      null,
    ]);
  });

  it.each([
    ['0', 'no fixed limit'],
    ['10240000', '10240000 bytes (9.8 MiB)'],
    ['1048576', '1048576 bytes (1.0 MiB)'],
    ['abc', null],
  ])('formats the byte limit %s', (text, expected) => {
    expect(formatByteLimit(text)).toBe(expected);
  });
});

describe('compareCapabilities', () => {
  it('accepts Postfix submission: AUTH only after TLS', () => {
    const result = compareCapabilities({
      protocol: 'smtp',
      plaintext: ['PIPELINING', 'SIZE 10240000', 'STARTTLS', 'ENHANCEDSTATUSCODES', '8BITMIME'],
      tls: ['PIPELINING', 'SIZE 10240000', 'AUTH PLAIN LOGIN', 'ENHANCEDSTATUSCODES', '8BITMIME'],
    });
    expect(warningCodes(result)).toEqual([]);
    expect(result.rows.map((row) => [row.name, row.change])).toEqual([
      ['PIPELINING', 'same'],
      ['SIZE', 'same'],
      ['STARTTLS', 'removed'],
      ['ENHANCEDSTATUSCODES', 'same'],
      ['8BITMIME', 'same'],
      ['AUTH', 'added'],
    ]);
  });

  it('warns about AUTH offered in plaintext', () => {
    const result = compareCapabilities({
      protocol: 'smtp',
      plaintext: [
        'HELP',
        'SIZE 10485760',
        'STARTTLS',
        'AUTH LOGIN PLAIN',
        'AUTH=LOGIN PLAIN',
        '8BITMIME',
      ],
      tls: null,
    });
    expect(warningCodes(result)).toEqual(['AUTH_IN_PLAINTEXT']);
    expect(result.rows.every((row) => row.change === 'plaintext-only')).toBe(true);
  });

  it('does not count challenge-response mechanisms as cleartext', () => {
    const smtp = compareCapabilities({
      protocol: 'smtp',
      plaintext: ['STARTTLS', 'AUTH CRAM-MD5 SCRAM-SHA-256'],
      tls: null,
    });
    expect(warningCodes(smtp)).toEqual([]);
    const imap = compareCapabilities({
      protocol: 'imap',
      plaintext: ['IMAP4REV1', 'STARTTLS', 'LOGINDISABLED', 'AUTH=CRAM-MD5', 'AUTH=SCRAM-SHA-256'],
      tls: null,
    });
    expect(warningCodes(imap)).toEqual([]);
  });

  it('warns when STARTTLS is not offered', () => {
    const result = compareCapabilities({
      protocol: 'smtp',
      plaintext: ['PIPELINING', '8BITMIME'],
      tls: null,
    });
    expect(warningCodes(result)).toEqual(['STARTTLS_NOT_OFFERED']);
  });

  it('flags a STARTTLS masked by a firewall', () => {
    const result = compareCapabilities({
      protocol: 'smtp',
      plaintext: ['PIPELINING', 'XXXXXXXA'],
      tls: null,
    });
    expect(warningCodes(result)).toEqual(['STARTTLS_NOT_OFFERED', 'MASKED_EXTENSION']);
  });

  it('flags features that disappear after TLS', () => {
    const result = compareCapabilities({
      protocol: 'smtp',
      plaintext: ['PIPELINING', 'SIZE 1000', 'CHUNKING', 'STARTTLS'],
      tls: ['SIZE 2000', 'AUTH PLAIN'],
    });
    expect(warningCodes(result)).toEqual(['LOST_AFTER_TLS', 'CHANGED_AFTER_TLS']);
    expect(result.warnings[0]!.message).toContain('PIPELINING, CHUNKING');
  });

  it('says the list was edited when TLS worked without STARTTLS', () => {
    const result = compareCapabilities({
      protocol: 'smtp',
      plaintext: ['PIPELINING'],
      tls: ['PIPELINING', 'AUTH PLAIN'],
    });
    expect(warningCodes(result)).toEqual(['STARTTLS_NOT_OFFERED']);
    expect(result.warnings[0]!.message).toMatch(/removed it/);
  });

  it('notes STARTTLS offered again over TLS', () => {
    const result = compareCapabilities({
      protocol: 'smtp',
      plaintext: null,
      tls: ['STARTTLS', 'AUTH PLAIN'],
    });
    expect(warningCodes(result)).toEqual(['STARTTLS_AFTER_TLS']);
    expect(result.rows.every((row) => row.change === 'tls-only')).toBe(true);
  });

  it('accepts Dovecot IMAP with LOGINDISABLED before TLS', () => {
    const result = compareCapabilities({
      protocol: 'imap',
      plaintext: ['IMAP4REV1', 'SASL-IR', 'STARTTLS', 'LOGINDISABLED'],
      tls: ['IMAP4REV1', 'SASL-IR', 'AUTH=PLAIN', 'AUTH=LOGIN'],
    });
    expect(warningCodes(result)).toEqual([]);
  });

  it('warns about IMAP without LOGINDISABLED before TLS', () => {
    const result = compareCapabilities({
      protocol: 'imap',
      plaintext: ['IMAP4REV1', 'STARTTLS', 'AUTH=PLAIN'],
      tls: null,
    });
    expect(warningCodes(result)).toEqual(['AUTH_IN_PLAINTEXT', 'LOGIN_NOT_DISABLED']);
  });

  it('marks what POP3 adds after STLS', () => {
    const result = compareCapabilities({
      protocol: 'pop3',
      plaintext: ['STLS', 'TOP', 'UIDL'],
      tls: ['TOP', 'UIDL', 'USER', 'SASL PLAIN'],
    });
    expect(warningCodes(result)).toEqual([]);
    expect(result.rows.map((row) => [row.name, row.change])).toEqual([
      ['STLS', 'removed'],
      ['TOP', 'same'],
      ['UIDL', 'same'],
      ['USER', 'added'],
      ['SASL', 'added'],
    ]);
  });

  it('warns about POP3 USER before STLS', () => {
    const result = compareCapabilities({
      protocol: 'pop3',
      plaintext: ['USER', 'STLS'],
      tls: null,
    });
    expect(warningCodes(result)).toEqual(['AUTH_IN_PLAINTEXT']);
  });
});

describe('compareCapabilities after a login', () => {
  const plaintext = ['IMAP4rev1', 'STARTTLS', 'LOGINDISABLED', 'AUTH=CRAM-MD5', 'SASL-IR', 'IDLE'];
  const tls = ['IMAP4rev1', 'IDLE', 'SORT'];

  it('warns of lost AUTH offers when the list came before a login', () => {
    const comparison = compareCapabilities({ protocol: 'imap', plaintext, tls });
    expect(comparison.warnings.map((warning) => warning.code)).toContain('LOST_AFTER_TLS');
  });

  it('explains them instead when the list came after a login', () => {
    const comparison = compareCapabilities({
      protocol: 'imap',
      plaintext,
      tls,
      tlsAfterLogin: true,
    });
    expect(comparison.warnings.map((warning) => warning.code)).toEqual(['LISTED_AFTER_LOGIN']);
  });

  it('still warns of other lost features after a login', () => {
    const comparison = compareCapabilities({
      protocol: 'imap',
      plaintext,
      tls: ['IMAP4rev1', 'SORT'],
      tlsAfterLogin: true,
    });
    const lost = comparison.warnings.find((warning) => warning.code === 'LOST_AFTER_TLS');
    expect(lost?.message).toContain('IDLE');
    expect(lost?.message).not.toContain('AUTH=CRAM-MD5');
  });
});
