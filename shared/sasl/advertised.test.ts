import { describe, expect, it } from 'vitest';

import { readAuthOffer } from './advertised';

describe('readAuthOffer', () => {
  it('reads SMTP AUTH in both spellings', () => {
    const offer = readAuthOffer('smtp', [
      'PIPELINING',
      'AUTH PLAIN LOGIN',
      'AUTH=CRAM-MD5',
      'SIZE 1000',
    ]);
    expect(offer.mechanisms).toEqual(['PLAIN', 'LOGIN', 'CRAM-MD5']);
  });

  it('reads IMAP AUTH=, SASL-IR, LOGINDISABLED and LITERAL+', () => {
    const offer = readAuthOffer('imap', [
      'IMAP4REV1',
      'SASL-IR',
      'LOGINDISABLED',
      'LITERAL+',
      'AUTH=PLAIN',
      'AUTH=SCRAM-SHA-256',
    ]);
    expect(offer).toEqual({
      mechanisms: ['PLAIN', 'SCRAM-SHA-256'],
      saslIr: true,
      loginDisabled: true,
      literalPlus: true,
      literalMinus: false,
      userCommand: false,
    });
  });

  it('reads POP3 SASL and USER', () => {
    const offer = readAuthOffer('pop3', ['TOP', 'USER', 'SASL PLAIN LOGIN CRAM-MD5']);
    expect(offer.mechanisms).toEqual(['PLAIN', 'LOGIN', 'CRAM-MD5']);
    expect(offer.userCommand).toBe(true);
  });
});
