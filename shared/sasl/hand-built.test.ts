import { describe, expect, it } from 'vitest';

import { encodeBase64 } from '../encoding/base64';
import { handBuiltPlainWarning } from './hand-built';

const latin1Base64 = (text: string) =>
  encodeBase64(Uint8Array.from(text, (char) => char.charCodeAt(0)));

describe('handBuiltPlainWarning', () => {
  it.each([
    ['a newline from echo', `AUTH PLAIN ${latin1Base64('\0alice\0s3cret\n')}`, 'newline (0a)'],
    ['a literal backslash-zero', `AUTH PLAIN ${latin1Base64('\\0alice\\0s3cret')}`, '5c 30'],
    [
      'a missing leading NUL',
      `a1 AUTHENTICATE PLAIN ${latin1Base64('alice\0s3cret')}`,
      'Only one NUL',
    ],
    ['broken base64', 'AUTH PLAIN AGFsaWNlAHMzY3JldA=', 'not valid base64'],
    ['a newline on a line of its own', latin1Base64('\0alice\0s3cret\n'), 'newline (0a)'],
  ])('names %s', (_name, line, expected) => {
    const warning = handBuiltPlainWarning(line);
    expect(warning).toContain(expected);
    expect(warning).not.toContain('s3cret');
  });

  it.each([
    ['a correct string', `AUTH PLAIN ${latin1Base64('\0alice\0s3cret')}`],
    ['AUTH PLAIN alone', 'AUTH PLAIN'],
    ['an empty initial response', 'AUTH PLAIN ='],
    ['another mechanism', `AUTH LOGIN ${latin1Base64('alice')}`],
    ['a command', 'MAIL FROM:<a@example.test>'],
  ])('stays quiet for %s', (_name, line) => {
    expect(handBuiltPlainWarning(line)).toBeNull();
  });
});
