import { describe, expect, it } from 'vitest';

import { imapLineNeedsTag, literalAtLineEnd } from './imap-tags';
import { endsPipelineGroup, isSmtpCommandVerb, mayWriteBeforeReplies } from './smtp-pipelining';

describe('imapLineNeedsTag', () => {
  it.each([
    ['STARTTLS', true],
    ['capability', true],
    ['LOGIN alice "pass word"', true],
    ['a1 LOGIN alice secret', false],
    ['NOOP NOOP', false],
    ['DONE', false],
    ['', false],
    ['* OK', false],
  ])('%j needs a tag: %s', (line, expected) => {
    expect(imapLineNeedsTag(line)).toBe(expected);
  });
});

describe('literalAtLineEnd', () => {
  it.each([
    ['a1 LOGIN {5}', { size: 5, synchronizing: true }],
    ['a1 APPEND INBOX {310+}', { size: 310, synchronizing: false }],
    ['a1 LOGIN {5} ', { size: 5, synchronizing: true }],
    ['a1 LOGIN {5}x', null],
    ['a1 NOOP', null],
  ])('reads %j', (line, expected) => {
    expect(literalAtLineEnd(line)).toEqual(expected);
  });
});

describe('SMTP pipelining rules', () => {
  it.each(['RSET', 'MAIL', 'rcpt', 'SEND', 'SOML', 'SAML'])('%s may continue a group', (verb) => {
    expect(endsPipelineGroup(verb)).toBe(false);
  });

  it.each(['EHLO', 'DATA', 'BDAT', 'AUTH', 'STARTTLS', 'QUIT', 'NOOP', 'VRFY', 'XUNKNOWN'])(
    '%s ends a group',
    (verb) => {
      expect(endsPipelineGroup(verb)).toBe(true);
    },
  );

  it('writes at once when nothing is outstanding', () => {
    expect(mayWriteBeforeReplies([], false)).toBe(true);
  });

  it('waits for every reply without PIPELINING', () => {
    expect(mayWriteBeforeReplies(['MAIL'], false)).toBe(false);
  });

  it('pipelines behind MAIL and RCPT only', () => {
    expect(mayWriteBeforeReplies(['MAIL', 'RCPT'], true)).toBe(true);
    expect(mayWriteBeforeReplies(['MAIL', 'DATA'], true)).toBe(false);
  });

  it('knows command verbs from message text', () => {
    expect(isSmtpCommandVerb('quit')).toBe(true);
    expect(isSmtpCommandVerb('Subject:')).toBe(false);
  });
});
