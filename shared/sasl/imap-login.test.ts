import { describe, expect, it } from 'vitest';

import { SECRET_MASK } from '../protocol/secrets';
import { imapLoginLines } from './imap-login';

const SYNCHRONIZING = { plus: false, minus: false };

describe('imapLoginLines', () => {
  it('quotes and escapes a password with spaces, quotes, brackets and a backslash', () => {
    const result = imapLoginLines('a1', 'alice@example.com', 'pa ss"w(rd)\\x', SYNCHRONIZING);
    expect(result).toEqual({
      ok: true,
      lines: [
        {
          text: 'a1 LOGIN "alice@example.com" "pa ss\\"w(rd)\\\\x"',
          display: `a1 LOGIN "alice@example.com" ${SECRET_MASK}`,
          awaitsContinuation: false,
        },
      ],
    });
  });

  it('sends a non-ASCII password as a literal counted in UTF-8 bytes', () => {
    const result = imapLoginLines('a1', 'alice@mailtap.test', 'Grüße-s3cret', SYNCHRONIZING);
    expect(result).toEqual({
      ok: true,
      lines: [
        {
          text: 'a1 LOGIN "alice@mailtap.test" {14}',
          display: 'a1 LOGIN "alice@mailtap.test" {14}',
          awaitsContinuation: true,
        },
        { text: 'Grüße-s3cret', display: SECRET_MASK, awaitsContinuation: false },
      ],
    });
  });

  it('uses a non-synchronising literal when the server offers LITERAL+', () => {
    const result = imapLoginLines('a1', 'alice', 'Grüße', { plus: true, minus: false });
    expect(result.ok && result.lines.map((line) => line.text)).toEqual([
      'a1 LOGIN "alice" {7+}',
      'Grüße',
    ]);
    expect(result.ok && result.lines[0]!.awaitsContinuation).toBe(false);
  });

  it('uses LITERAL- only up to 4096 bytes', () => {
    const small = imapLoginLines('a1', 'alice', 'ü', { plus: false, minus: true });
    const large = imapLoginLines('a1', 'alice', 'ü'.repeat(2049), { plus: false, minus: true });
    expect(small.ok && small.lines[0]!.text).toBe('a1 LOGIN "alice" {2+}');
    expect(large.ok && large.lines[0]!.text).toBe('a1 LOGIN "alice" {4098}');
  });

  it('sends a non-ASCII user name as a literal and masks only the password', () => {
    const result = imapLoginLines('a1', 'jörg', 'secret', SYNCHRONIZING);
    expect(result.ok && result.lines).toEqual([
      { text: 'a1 LOGIN {5}', display: 'a1 LOGIN {5}', awaitsContinuation: true },
      { text: 'jörg "secret"', display: `jörg ${SECRET_MASK}`, awaitsContinuation: false },
    ]);
  });

  it('rejects NUL and line breaks, which LOGIN cannot carry here', () => {
    expect(imapLoginLines('a1', 'alice', 'a\nb', SYNCHRONIZING).ok).toBe(false);
    expect(imapLoginLines('a1', 'al\0ice', 'pw', SYNCHRONIZING).ok).toBe(false);
  });
});
