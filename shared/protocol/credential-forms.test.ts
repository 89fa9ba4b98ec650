import { describe, expect, it } from 'vitest';

import { credentialForms, hiddenParts } from './credential-forms';
import { SECRET_MASK } from './secrets';

const base64 = (text: string): string => Buffer.from(text, 'latin1').toString('base64');
const texts = (forms: Uint8Array[]): string[] => forms.map((form) => Buffer.from(form).toString());

describe('hiddenParts', () => {
  it.each([
    ['PASS s3cret', `PASS ${SECRET_MASK}`, ['s3cret']],
    ['AUTH PLAIN AGFsaWNl', `AUTH PLAIN ${SECRET_MASK}`, ['AGFsaWNl']],
    ['AGFsaWNl', SECRET_MASK, ['AGFsaWNl']],
    ['a1 LOGIN alice "p w"', `a1 LOGIN alice ${SECRET_MASK}`, ['"p w"']],
    ['PASS ****x', `PASS ${SECRET_MASK}`, ['****x']],
    ['USER alice', 'USER alice', []],
  ])('finds what %j hides', (text, display, expected) => {
    expect(hiddenParts(text, display)).toEqual(expected);
  });

  it('falls back to words when several masks are shown', () => {
    const display = `X ${SECRET_MASK} ${SECRET_MASK}`;
    expect(hiddenParts('X one two', display)).toEqual(['one', 'two']);
  });
});

describe('credentialForms', () => {
  it('derives the password of a PLAIN response', () => {
    const forms = texts(credentialForms(base64('authz\0alice\0s3cret')));
    expect(forms).toContain(base64('authz\0alice\0s3cret'));
    expect(forms).toContain('s3cret');
    expect(forms).toContain(base64('s3cret'));
    expect(forms).not.toContain('alice');
  });

  it('derives the bearer token of XOAUTH2', () => {
    const blob = base64('user=alice\x01auth=Bearer ya29.tok\x01\x01');
    expect(texts(credentialForms(blob))).toContain('ya29.tok');
  });

  it('derives the decoded value of a LOGIN response', () => {
    expect(texts(credentialForms(base64('s3cret')))).toContain('s3cret');
  });

  it('derives the base64 of a clear password', () => {
    expect(texts(credentialForms('s3cret'))).toEqual(['s3cret', base64('s3cret')]);
  });

  it('unquotes an IMAP quoted string', () => {
    const forms = texts(credentialForms('"pa \\"ss\\\\"'));
    expect(forms).toContain('"pa \\"ss\\\\"');
    expect(forms).toContain('pa "ss\\');
    expect(forms).toContain(base64('pa "ss\\'));
  });

  it('ignores decoded bytes that are not text', () => {
    const binary = Buffer.from([0x80, 0xff, 0x10, 0x41]).toString('base64');
    expect(texts(credentialForms(binary))).toEqual([binary, base64(binary)]);
  });

  it('returns nothing for an empty part', () => {
    expect(credentialForms('  ')).toEqual([]);
  });
});
