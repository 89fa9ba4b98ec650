import { describe, expect, it } from 'vitest';

import { encodeUtf8 } from '../encoding/base64';
import { ImapResponseReader } from '../protocol/imap';
import { Pop3ResponseReader } from '../protocol/pop3';
import { SmtpReplyReader } from '../protocol/smtp';
import { SECRET_MASK } from '../protocol/secrets';
import { classifyAuthReply, encodeSaslResponse, saslCommand } from './framing';

function smtp(text: string) {
  return new SmtpReplyReader().push(encodeUtf8(text))[0]!;
}

function imap(text: string) {
  return new ImapResponseReader().push(encodeUtf8(text))[0]!;
}

function pop3(text: string) {
  const reader = new Pop3ResponseReader();
  reader.skipGreeting();
  reader.expect('AUTH PLAIN');
  return reader.push(encodeUtf8(text))[0]!;
}

describe('saslCommand', () => {
  it.each([
    ['smtp', 'PLAIN', null, 'AUTH PLAIN', 'AUTH PLAIN'],
    ['smtp', 'PLAIN', 's3', 'AUTH PLAIN czM=', `AUTH PLAIN ${SECRET_MASK}`],
    ['smtp', 'XOAUTH2', '', 'AUTH XOAUTH2 =', 'AUTH XOAUTH2 ='],
    ['imap', 'PLAIN', 's3', 'A7 AUTHENTICATE PLAIN czM=', `A7 AUTHENTICATE PLAIN ${SECRET_MASK}`],
    ['pop3', 'CRAM-MD5', null, 'AUTH CRAM-MD5', 'AUTH CRAM-MD5'],
  ] as const)('%s %s %j', (protocol, mechanism, initial, text, display) => {
    const bytes = initial === null ? null : encodeUtf8(initial);
    expect(saslCommand(protocol, mechanism, bytes, 'A7')).toEqual({ text, display });
  });
});

describe('encodeSaslResponse', () => {
  it('sends an empty response as an empty line, or = as an initial response', () => {
    expect(encodeSaslResponse(new Uint8Array(0), false)).toBe('');
    expect(encodeSaslResponse(new Uint8Array(0), true)).toBe('=');
  });

  it('never wraps long base64', () => {
    const long = encodeSaslResponse(new Uint8Array(300).fill(65), false);
    expect(long).toHaveLength(400);
    expect(long).not.toMatch(/\s/);
  });
});

describe('classifyAuthReply', () => {
  it.each([
    [smtp('334 VXNlcm5hbWU6\r\n'), { kind: 'challenge', base64: 'VXNlcm5hbWU6' }],
    [smtp('334\r\n'), { kind: 'challenge', base64: '' }],
    [smtp('235 2.7.0 Authentication successful\r\n'), { kind: 'success' }],
    [smtp('535 5.7.8 Error: authentication failed\r\n'), { kind: 'failure' }],
    [smtp('454 4.7.0 Temporary authentication failure\r\n'), { kind: 'failure' }],
    [imap('+ cj1meWtv\r\n'), { kind: 'challenge', base64: 'cj1meWtv' }],
    [imap('+\r\n'), { kind: 'challenge', base64: '' }],
    [imap('A7 OK Logged in\r\n'), { kind: 'success' }],
    [imap('A7 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n'), { kind: 'failure' }],
    [imap('B1 OK other command\r\n'), { kind: 'unrelated' }],
    [imap('* CAPABILITY IMAP4rev1\r\n'), { kind: 'unrelated' }],
    [imap('* BYE Too many invalid commands\r\n'), { kind: 'failure' }],
    [pop3('+ \r\n'), { kind: 'challenge', base64: '' }],
    [pop3('+OK Logged in.\r\n'), { kind: 'success' }],
    [pop3('-ERR [AUTH] Authentication failed.\r\n'), { kind: 'failure' }],
  ])('reads %#', (reply, expected) => {
    expect(classifyAuthReply(reply, 'A7')).toEqual(expected);
  });
});
