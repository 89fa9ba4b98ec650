import { describe, expect, it } from 'vitest';

import { messageContentWarning, typedLineWarning } from './typing-warnings';

describe('messageContentWarning', () => {
  it.each([
    ['.leading', true],
    ['..stuffed', false],
    ['.', false],
    ['..', false],
    ['plain text', false],
  ])('%j warns: %s', (line, warns) => {
    expect(messageContentWarning(line) !== null).toBe(warns);
  });
});

describe('typedLineWarning', () => {
  it('checks EHLO names only in SMTP', () => {
    expect(typedLineWarning('smtp', 'EHLO', '[127.0.0.1]')).toContain('EHLO without a name');
    expect(typedLineWarning('imap', 'EHLO', '[127.0.0.1]')).toBeNull();
  });
});
