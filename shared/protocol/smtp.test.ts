import { describe, expect, it } from 'vitest';

import {
  isSmtpStarttlsCommand,
  MAX_TRACKED_REPLY_LINES,
  parseEhloKeywords,
  SmtpReplyReader,
  smtpVerb,
  type SmtpReply,
} from './smtp';

const bytes = (text: string): Uint8Array => Uint8Array.from(text, (char) => char.charCodeAt(0));

function readAll(text: string, chunkSize = text.length): SmtpReply[] {
  const reader = new SmtpReplyReader();
  const replies: SmtpReply[] = [];
  for (let offset = 0; offset < text.length; offset += chunkSize) {
    replies.push(...reader.push(bytes(text.slice(offset, offset + chunkSize))));
  }
  return replies;
}

describe('SmtpReplyReader', () => {
  it('assembles a multi-line greeting as one reply', () => {
    const text =
      '220-mail.example.com ESMTP Exim 4.98\r\n220-This system does not relay unsolicited bulk mail,\r\n220 and abuse will be reported.\r\n';
    const replies = readAll(text);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.code).toBe(220);
    expect(replies[0]?.lines).toHaveLength(3);
    expect(replies[0]?.lines[2]).toBe('and abuse will be reported.');
    expect(replies[0]?.deviations).toEqual([]);
  });

  it('gives the same replies when split into single bytes', () => {
    const text = '220-a\r\n220 b\r\n250-x\r\n250-SIZE 69920427\r\n250 STARTTLS\r\n';
    const whole = readAll(text);
    const split = readAll(text, 1);
    expect(split).toEqual(whole);
    expect(split).toHaveLength(2);
  });

  it('keeps a partial reply until its last line', () => {
    const reader = new SmtpReplyReader();
    expect(reader.push(bytes('250-first\r\n250 sec'))).toEqual([]);
    expect(reader.bufferedByteCount).toBeGreaterThan(0);
    const replies = reader.push(bytes('ond\r\n'));
    expect(replies[0]?.lines).toEqual(['first', 'second']);
    expect(reader.bufferedByteCount).toBe(0);
  });

  it('tolerates blank lines between replies', () => {
    const replies = readAll(
      '220 mail.example.com ESMTP\r\n\r\n\r\n250-mail\r\n250 ENHANCEDSTATUSCODES\r\n',
    );
    expect(replies).toHaveLength(2);
    expect(replies[1]?.deviations).toContain('blank-line');
    expect(replies[1]?.lines).toEqual(['mail', 'ENHANCEDSTATUSCODES']);
    expect(replies[1]?.raw[0]).toBe('');
  });

  it('accepts a bare 334 as an empty challenge', () => {
    const replies = readAll('334\r\n');
    expect(replies[0]?.code).toBe(334);
    expect(replies[0]?.lines).toEqual(['']);
    expect(replies[0]?.deviations).toEqual([]);
  });

  it('flags bare LF line endings', () => {
    const replies = readAll('220 ready\n');
    expect(replies[0]?.code).toBe(220);
    expect(replies[0]?.deviations).toContain('bare-lf');
  });

  it('flags a code change inside a reply', () => {
    const replies = readAll('250-one\r\n251 two\r\n');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.code).toBe(251);
    expect(replies[0]?.deviations).toContain('code-mismatch');
  });

  it('returns a line without a code on its own', () => {
    const replies = readAll('hello there\r\n220 ok\r\n');
    expect(replies).toHaveLength(2);
    expect(replies[0]?.code).toBeNull();
    expect(replies[0]?.deviations).toContain('no-code');
    expect(replies[1]?.code).toBe(220);
  });

  it('reads the enhanced status code', () => {
    const replies = readAll('550-5.7.1 first\r\n550 5.7.1 Relaying denied\r\n');
    expect(replies[0]?.enhancedCode).toBe('5.7.1');
    expect(readAll('250 OK\r\n')[0]?.enhancedCode).toBeNull();
  });

  it('keeps a reply at the line cap and drops lines past it', () => {
    const atCap = readAll(`${'250-x\r\n'.repeat(MAX_TRACKED_REPLY_LINES - 1)}250 end\r\n`);
    expect(atCap[0]?.lines).toHaveLength(MAX_TRACKED_REPLY_LINES);
    expect(atCap[0]?.deviations).toEqual([]);
    const pastCap = readAll(`${'250-x\r\n'.repeat(MAX_TRACKED_REPLY_LINES)}250 end\r\n`);
    expect(pastCap).toHaveLength(1);
    expect(pastCap[0]?.lines).toHaveLength(MAX_TRACKED_REPLY_LINES);
    expect(pastCap[0]?.deviations).toContain('truncated-reply');
  });

  it('splits two replies that arrive in one segment', () => {
    const replies = readAll(
      '250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n',
    );
    expect(replies.map((reply) => reply.code)).toEqual([250, 250, 354]);
  });
});

describe('parseEhloKeywords', () => {
  it('reads keywords from every line after the first, the last included', () => {
    const [reply] = readAll(
      '250-mx.example.com\r\n250-SIZE 69920427\r\n250-AUTH LOGIN PLAIN\r\n250 STARTTLS\r\n',
    );
    expect(parseEhloKeywords(reply!)).toEqual(['SIZE 69920427', 'AUTH LOGIN PLAIN', 'STARTTLS']);
  });

  it('upper-cases keywords but keeps parameters', () => {
    const [reply] = readAll('250-mx\r\n250-auth=login Plain\r\n250 starttls\r\n');
    expect(parseEhloKeywords(reply!)).toEqual(['AUTH=LOGIN Plain', 'STARTTLS']);
  });

  it('returns nothing for a refusal', () => {
    const [reply] = readAll('502 5.5.2 Error: command not recognized\r\n');
    expect(parseEhloKeywords(reply!)).toEqual([]);
  });

  it('ignores blank lines inside the reply', () => {
    const [reply] = readAll('\r\n250-mx\r\n250 PIPELINING\r\n');
    expect(parseEhloKeywords(reply!)).toEqual(['PIPELINING']);
  });
});

describe('SMTP command helpers', () => {
  it.each([
    ['STARTTLS', true],
    ['starttls', true],
    ['  StartTLS  ', true],
    ['STARTTLS now', false],
    ['XSTARTTLS', false],
  ])('isSmtpStarttlsCommand(%j) is %s', (line, expected) => {
    expect(isSmtpStarttlsCommand(line)).toBe(expected);
  });

  it('reads the verb in any case', () => {
    expect(smtpVerb('mail from:<alice@example.com>')).toBe('MAIL');
    expect(smtpVerb('')).toBe('');
  });
});
