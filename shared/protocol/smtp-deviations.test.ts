import { describe, expect, it } from 'vitest';

import { SmtpReplyReader } from './smtp';
import { describeSmtpDeviations } from './smtp-deviations';

function read(text: string) {
  return new SmtpReplyReader().push(new TextEncoder().encode(text));
}

describe('describeSmtpDeviations', () => {
  it('returns null for a regular reply', () => {
    const [reply] = read('250-mx.example.com\r\n250 SIZE 10240000\r\n');
    expect(describeSmtpDeviations(reply!)).toBeNull();
  });

  it.each([
    ['blank line', '250-mx.example.com\r\n\r\n250 OK\r\n', 'a blank line'],
    ['code mismatch', '250-mx.example.com\r\n251 OK\r\n', 'different reply codes'],
    ['missing space', '250OK\r\n', 'directly after its code'],
  ])('names a %s', (_name, text, expected) => {
    const [reply] = read(text);
    expect(describeSmtpDeviations(reply!)).toContain(expected);
  });

  it('names a line without a code', () => {
    const [reply] = read('hello there\r\n');
    expect(reply?.code).toBeNull();
    expect(describeSmtpDeviations(reply!)).toContain('Irregular SMTP framing in a server line');
  });

  it('leaves bare LF to the byte view', () => {
    const [reply] = read('250 OK\n');
    expect(reply?.deviations).toEqual(['bare-lf']);
    expect(describeSmtpDeviations(reply!)).toBeNull();
  });
});
