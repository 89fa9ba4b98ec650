import { describe, expect, it } from 'vitest';

import {
  buildAuthRequest,
  fieldsFor,
  INITIAL_AUTH_FORM,
  methodChoices,
  nextTag,
} from './auth-methods';

describe('methodChoices', () => {
  it('offers each protocol its own login commands first', () => {
    expect(methodChoices('smtp')[0]?.label).toBe('AUTH PLAIN');
    expect(
      methodChoices('imap')
        .map((choice) => choice.label)
        .slice(0, 2),
    ).toEqual(['LOGIN', 'AUTHENTICATE PLAIN']);
    expect(
      methodChoices('pop3')
        .map((choice) => choice.label)
        .slice(0, 3),
    ).toEqual(['USER and PASS', 'APOP', 'AUTH PLAIN']);
    expect(methodChoices('raw')).toEqual([]);
  });
});

describe('fieldsFor', () => {
  it('shows only the fields a method uses', () => {
    const [imapLogin, imapPlain] = methodChoices('imap');
    expect(fieldsFor('imap', imapLogin!)).toEqual({
      authzid: false,
      initialResponse: false,
      loginCharset: false,
      tag: true,
      token: false,
    });
    expect(fieldsFor('imap', imapPlain!).authzid).toBe(true);
    const cram = methodChoices('smtp').find((choice) => choice.mechanism === 'CRAM-MD5')!;
    expect(fieldsFor('smtp', cram).initialResponse).toBe(false);
    const xoauth2 = methodChoices('smtp').find((choice) => choice.mechanism === 'XOAUTH2')!;
    expect(fieldsFor('smtp', xoauth2).token).toBe(true);
  });
});

describe('buildAuthRequest', () => {
  it('drops values of fields the method does not use', () => {
    const cram = methodChoices('smtp').find((choice) => choice.mechanism === 'CRAM-MD5')!;
    const request = buildAuthRequest(
      { ...INITIAL_AUTH_FORM, authzid: 'admin', username: 'tim', tag: 'A9' },
      'secret',
      cram,
      fieldsFor('smtp', cram),
    );
    expect(request).toEqual({
      method: 'sasl',
      mechanism: 'CRAM-MD5',
      initialResponse: false,
      authzid: '',
      username: 'tim',
      secret: 'secret',
      loginCharset: 'utf-8',
      tag: '',
    });
  });
});

describe('nextTag', () => {
  it.each([
    ['A1', 'A2'],
    ['x9', 'x10'],
    ['a', 'a1'],
    ['tag007', 'tag8'],
  ])('follows %j with %j', (tag, expected) => {
    expect(nextTag(tag)).toBe(expected);
  });
});
