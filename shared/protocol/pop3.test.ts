import { describe, expect, it } from 'vitest';

import {
  isMultiLineCommand,
  isPop3StarttlsCommand,
  parsePop3Capabilities,
  Pop3ResponseReader,
} from './pop3';

const bytes = (text: string): Uint8Array => Uint8Array.from(text, (char) => char.charCodeAt(0));

describe('Pop3ResponseReader', () => {
  it('reads the greeting, then a multi-line CAPA', () => {
    const reader = new Pop3ResponseReader();
    const greeting = reader.push(bytes('+OK Dovecot ready.\r\n'));
    expect(greeting[0]?.status).toBe('+OK');
    expect(greeting[0]?.command).toBeNull();
    reader.expect('CAPA');
    const [capa] = reader.push(bytes('+OK\r\nCAPA\r\nTOP\r\nSTLS\r\nSASL PLAIN LOGIN\r\n.\r\n'));
    expect(capa?.command).toBe('CAPA');
    expect(parsePop3Capabilities(capa!)).toEqual(['CAPA', 'TOP', 'STLS', 'SASL PLAIN LOGIN']);
  });

  it('un-stuffs dots in a multi-line body', () => {
    const reader = new Pop3ResponseReader();
    reader.push(bytes('+OK ready\r\n'));
    reader.expect('RETR 1');
    const [retr] = reader.push(
      bytes('+OK 30 octets\r\nSubject: x\r\n\r\n..02 test\r\n..\r\n.\r\n'),
    );
    expect(retr?.body).toEqual(['Subject: x', '', '.02 test', '.']);
  });

  it('reads an error to a multi-line command as one line', () => {
    const reader = new Pop3ResponseReader();
    reader.push(bytes('+OK ready\r\n'));
    reader.expect('RETR 9');
    reader.expect('NOOP');
    const responses = reader.push(bytes('-ERR There is no message 9.\r\n+OK\r\n'));
    expect(responses.map((response) => response.status)).toEqual(['-ERR', '+OK']);
    expect(responses[0]?.body).toBeNull();
    expect(responses[1]?.command).toBe('NOOP');
  });

  it('keeps the AUTH expectation across a SASL continuation', () => {
    const reader = new Pop3ResponseReader();
    reader.push(bytes('+OK ready\r\n'));
    reader.expect('AUTH PLAIN');
    const [challenge] = reader.push(bytes('+ \r\n'));
    expect(challenge?.status).toBe('+');
    const [final] = reader.push(bytes('+OK Logged in.\r\n'));
    expect(final?.command).toBe('AUTH');
  });

  it('handles a body split into single bytes', () => {
    const reader = new Pop3ResponseReader();
    reader.push(bytes('+OK ready\r\n'));
    reader.expect('LIST');
    const text = '+OK 2 messages\r\n1 120\r\n2 200\r\n.\r\n';
    const responses = [...text].flatMap((char) => reader.push(bytes(char)));
    expect(responses).toHaveLength(1);
    expect(responses[0]?.body).toEqual(['1 120', '2 200']);
  });
});

describe('POP3 command helpers', () => {
  it.each([
    ['CAPA', true],
    ['LIST', true],
    ['LIST 1', false],
    ['UIDL', true],
    ['RETR 1', true],
    ['TOP 1 0', true],
    ['STAT', false],
    ['AUTH', true],
    ['AUTH PLAIN', false],
  ])('isMultiLineCommand(%j) is %s', (line, expected) => {
    expect(isMultiLineCommand(line)).toBe(expected);
  });

  it('recognises STLS only', () => {
    expect(isPop3StarttlsCommand('stls')).toBe(true);
    expect(isPop3StarttlsCommand('STARTTLS')).toBe(false);
  });
});
