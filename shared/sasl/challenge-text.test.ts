import { describe, expect, it } from 'vitest';

import { bytesToVisibleText, challengeFromPaste, decodeChallenge } from './challenge-text';

describe('decodeChallenge', () => {
  it.each([
    ['VXNlcm5hbWU6', 'Username:', true],
    ['', '', true],
    [
      'eyJzdGF0dXMiOiI0MDAiLCJzY2hlbWVzIjoiQmVhcmVyIiwic2NvcGUiOiJodHRwczovL21haWwuZ29vZ2xlLmNvbS8ifQ==',
      '{"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}',
      true,
    ],
    ['AGFsaWNlAHMzY3JldA==', '^@alice^@s3cret', false],
    ['/w==', '<FF>', false],
  ])('decodes %j', (base64, text, printable) => {
    expect(decodeChallenge(base64)).toEqual({ text, printable });
  });

  it('returns null for text that is not base64', () => {
    expect(decodeChallenge('Ready for literal')).toBeNull();
  });
});

describe('bytesToVisibleText', () => {
  it('shows a trailing newline and a control-A', () => {
    expect(bytesToVisibleText(Uint8Array.of(0x61, 0x01, 0x0a)).text).toBe('a^A^J');
  });
});

describe('challengeFromPaste', () => {
  const CHALLENGE = 'PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+';
  const NOTE = '  [decoded: <1896.697170952@postoffice.reston.mci.net>]';

  it.each([
    [CHALLENGE],
    [`  ${CHALLENGE}\n`],
    [`334 ${CHALLENGE}`],
    [`+ ${CHALLENGE}`],
    [`334 ${CHALLENGE}${NOTE}`],
    [`S: 334 ${CHALLENGE}${NOTE}`],
    [`S: + ${CHALLENGE}  [decoded: a ] inside]`],
  ])('reads the challenge of %j', (pasted) => {
    expect(challengeFromPaste(pasted)).toBe(CHALLENGE);
  });

  it('keeps a challenge that starts with a plus', () => {
    expect(challengeFromPaste('+AAA')).toBe('+AAA');
  });

  it('reads an empty SMTP challenge', () => {
    expect(challengeFromPaste('334 ')).toBe('');
  });
});
