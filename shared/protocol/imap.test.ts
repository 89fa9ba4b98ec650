import { describe, expect, it } from 'vitest';

import {
  imapStarttlsTag,
  ImapResponseReader,
  MAX_TRACKED_RESPONSE_BYTES,
  parseImapCapabilities,
  splitImapCommand,
  type ImapResponse,
} from './imap';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'latin1');

function readAll(text: string, chunkSize = text.length): ImapResponse[] {
  const reader = new ImapResponseReader();
  const responses: ImapResponse[] = [];
  for (let offset = 0; offset < text.length; offset += chunkSize) {
    responses.push(...reader.push(bytes(text.slice(offset, offset + chunkSize))));
  }
  return responses;
}

describe('ImapResponseReader', () => {
  it('classifies tagged, untagged and continuation responses', () => {
    const responses = readAll(
      '* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] Dovecot ready.\r\n+ go ahead\r\na1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n',
    );
    expect(responses.map((response) => response.kind)).toEqual([
      'untagged',
      'continuation',
      'tagged',
    ]);
    expect(responses[0]?.status).toBe('OK');
    expect(responses[0]?.code).toBe('CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED');
    expect(responses[1]?.text).toBe('go ahead');
    expect(responses[2]?.tag).toBe('a1');
    expect(responses[2]?.status).toBe('NO');
    expect(responses[2]?.code).toBe('AUTHENTICATIONFAILED');
  });

  it('reads a literal without mistaking its content for responses', () => {
    const body = 'a2 OK fake\r\n* BYE fake\r\n';
    const text = `* 1 FETCH (BODY[] {${body.length}}\r\n${body})\r\na2 OK FETCH completed.\r\n`;
    const responses = readAll(text);
    expect(responses).toHaveLength(2);
    expect(responses[0]?.kind).toBe('untagged');
    expect(responses[0]?.literalCount).toBe(1);
    expect(responses[0]?.raw).toBe(`* 1 FETCH (BODY[] {${body.length}}\r\n${body})`);
    expect(responses[1]?.tag).toBe('a2');
    expect(responses[1]?.status).toBe('OK');
  });

  it('follows a literal split across single bytes', () => {
    const text = '* 1 FETCH (BODY[] {5}\r\nab\r\nc)\r\nt1 OK done\r\n';
    expect(readAll(text, 1)).toEqual(readAll(text));
    expect(readAll(text, 1)).toHaveLength(2);
  });

  it('accepts the non-synchronising literal form', () => {
    const responses = readAll('* 1 FETCH (X {3+}\r\nabc)\r\n');
    expect(responses).toHaveLength(1);
    expect(responses[0]?.literalCount).toBe(1);
  });

  it('treats a zero-length literal as ending the line', () => {
    const responses = readAll('* 1 FETCH (X {0}\r\n)\r\n');
    expect(responses).toHaveLength(2);
  });

  it('caps the kept response but still finds its end', () => {
    const literal = 'x'.repeat(9 * 1024 * 1024);
    const text = `* 1 FETCH (A {${literal.length}}\r\n${literal} B {${literal.length}}\r\n${literal})\r\nt1 OK done\r\n`;
    const responses = readAll(text);
    expect(responses).toHaveLength(2);
    expect(responses[0]?.raw.length).toBe(MAX_TRACKED_RESPONSE_BYTES);
    expect(responses[0]?.literalCount).toBe(2);
    expect(responses[1]?.tag).toBe('t1');
    // Pushing 18 MiB through the reader takes seconds on a loaded machine.
  }, 30_000);

  it('recognises PREAUTH and BYE', () => {
    expect(readAll('* PREAUTH ready\r\n')[0]?.status).toBe('PREAUTH');
    expect(readAll('* BYE shutting down\r\n')[0]?.status).toBe('BYE');
  });

  it('reports the bytes of an incomplete response', () => {
    const reader = new ImapResponseReader();
    expect(reader.push(bytes('a1 OK Begin TLS'))).toEqual([]);
    expect(reader.bufferedByteCount).toBe('a1 OK Begin TLS'.length);
  });
});

describe('parseImapCapabilities', () => {
  it('reads the CAPABILITY response', () => {
    const [response] = readAll('* CAPABILITY IMAP4rev1 SASL-IR login-referrals AUTH=PLAIN\r\n');
    expect(parseImapCapabilities(response!)).toEqual([
      'IMAP4REV1',
      'SASL-IR',
      'LOGIN-REFERRALS',
      'AUTH=PLAIN',
    ]);
  });

  it('reads the CAPABILITY response code of a greeting', () => {
    const [response] = readAll('* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n');
    expect(parseImapCapabilities(response!)).toEqual(['IMAP4REV1', 'STARTTLS', 'LOGINDISABLED']);
  });

  it('returns null for other responses', () => {
    const [response] = readAll('* 3 EXISTS\r\n');
    expect(parseImapCapabilities(response!)).toBeNull();
  });
});

describe('IMAP command helpers', () => {
  it.each([
    ['a1 STARTTLS', 'a1'],
    ['A002 starttls', 'A002'],
    ['STARTTLS', null],
    ['* STARTTLS', null],
    ['a1 STARTTLS x', null],
  ])('imapStarttlsTag(%j) is %j', (line, tag) => {
    expect(imapStarttlsTag(line)).toBe(tag);
  });

  it('splits tag and command', () => {
    expect(splitImapCommand('a1 login alice secret')).toEqual({ tag: 'a1', command: 'LOGIN' });
    expect(splitImapCommand('NOOP')).toBeNull();
  });
});
