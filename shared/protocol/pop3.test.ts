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
      bytes('+OK 27 octets\r\nSubject: x\r\n\r\n..02 test\r\n..\r\n.\r\n'),
    );
    expect(retr?.body).toEqual(['Subject: x', '', '.02 test', '.']);
    expect(retr?.framingProblem).toBeNull();
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

describe('POP3 framing checks of a server that does not dot-stuff', () => {
  /** The message `Subject: x`, blank, `.02 test`, `.`, `after`: 34 octets with CRLF. */
  const MESSAGE_OCTETS = 34;

  function readerAfterRetr(): Pop3ResponseReader {
    const reader = new Pop3ResponseReader();
    reader.push(bytes('+OK ready\r\n'));
    reader.expect('RETR 1');
    return reader;
  }

  it('accepts a stuffed body whose size matches the announced count', () => {
    const [retr] = readerAfterRetr().push(
      bytes(`+OK ${MESSAGE_OCTETS} octets\r\nSubject: x\r\n\r\n..02 test\r\n..\r\nafter\r\n.\r\n`),
    );
    expect(retr?.framingProblem).toBeNull();
  });

  it('flags a leading dot sent unstuffed through the size mismatch', () => {
    const [retr] = readerAfterRetr().push(
      bytes(`+OK ${MESSAGE_OCTETS} octets\r\nSubject: x\r\n\r\n.02 test\r\n..\r\nafter\r\n.\r\n`),
    );
    expect(retr?.body).toContain('02 test');
    expect(retr?.framingProblem).toContain(`${MESSAGE_OCTETS - 1} octets`);
    expect(retr?.framingProblem).toContain(`announced ${MESSAGE_OCTETS}`);
  });

  it('flags an unstuffed lone dot once', () => {
    const responses = readerAfterRetr().push(
      bytes(
        `+OK ${MESSAGE_OCTETS} octets\r\nSubject: x\r\n\r\n..02 test\r\n.\r\nafter\r\nmore\r\n.\r\n`,
      ),
    );
    expect(responses.map((response) => response.firstLine)).toEqual([
      '+OK 34 octets',
      'after',
      'more',
      '.',
    ]);
    expect(responses[0]?.framingProblem).toContain('announced 34');
    expect(responses[1]?.framingProblem).toContain('after the RETR response had ended');
    expect(responses.slice(2).map((response) => response.framingProblem)).toEqual([null, null]);
  });

  it('skips sizes it cannot check', () => {
    const reader = new Pop3ResponseReader();
    reader.push(bytes('+OK ready\r\n'));
    reader.expect('TOP 1 0');
    reader.expect('LIST');
    const responses = reader.push(
      bytes('+OK\r\nSubject: x\r\n\r\n.\r\n+OK 1 messages (40 octets)\r\n1 40\r\n.\r\n'),
    );
    expect(responses.map((response) => response.framingProblem)).toEqual([null, null]);
    const small = new Pop3ResponseReader();
    small.push(bytes('+OK ready\r\n'));
    small.expect('RETR 1');
    const over = 'x'.repeat(1000);
    const lines = Array.from({ length: 17 * 1024 }, () => over).join('\r\n');
    const [retr] = small.push(new TextEncoder().encode(`+OK 5 octets\r\n${lines}\r\n.\r\n`));

    expect(retr?.bodyTruncated).toBe(true);
    expect(retr?.framingProblem).toBeNull();
  });

  it('starts checking afresh once the next expected response begins', () => {
    const reader = readerAfterRetr();
    reader.push(bytes('+OK 12 octets\r\nSubject: x\r\n.\r\nstray\r\n'));
    reader.expect('NOOP');
    const [noop] = reader.push(bytes('+OK\r\n'));
    expect(noop?.framingProblem).toBeNull();
    const [next] = reader.push(bytes('stray again\r\n'));
    expect(next?.framingProblem).toContain('answers no command');
  });

  it('leaves a pipelined command waiting while stray lines arrive', () => {
    const reader = readerAfterRetr();
    reader.expect('NOOP');
    const responses = reader.push(
      bytes('+OK 20 octets\r\nSubject: x\r\n.\r\nafter\r\n.\r\n+OK noop\r\n'),
    );
    expect(responses.map((response) => [response.firstLine, response.command])).toEqual([
      ['+OK 20 octets', 'RETR'],
      ['after', null],
      ['.', null],
      ['+OK noop', 'NOOP'],
    ]);
    expect(responses[1]?.framingProblem).toContain('after the RETR response had ended');
  });
});

describe('Pop3ResponseReader.openMultiLineCommand', () => {
  it('names the command while its body is open, and null after the dot', () => {
    const reader = new Pop3ResponseReader();
    reader.push(bytes('+OK ready\r\n'));
    reader.expect('LIST');
    expect(reader.openMultiLineCommand).toBeNull();
    reader.push(bytes('+OK 2 messages\r\n1 120\r\n'));
    expect(reader.openMultiLineCommand).toBe('LIST');
    reader.push(bytes('.\r\n'));
    expect(reader.openMultiLineCommand).toBeNull();
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
