import { describe, expect, it } from 'vitest';

import { SECRET_MASK } from '../../../shared/protocol/secrets';
import type { AuthTarget } from '../../../shared/sasl/plan';
import {
  buildAuthStart,
  fieldsFor,
  INITIAL_AUTH_FORM,
  methodChoices,
  nextTag,
  previewAuth,
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

describe('buildAuthStart', () => {
  const cram = methodChoices('smtp').find((choice) => choice.mechanism === 'CRAM-MD5')!;
  const values = { ...INITIAL_AUTH_FORM, authzid: 'admin', username: 'tim', tag: 'A9' };

  it('drops values of fields the method does not use', () => {
    const request = buildAuthStart(values, 'secret', cram, fieldsFor('smtp', cram), null);
    expect(request).toEqual({
      method: 'sasl',
      mechanism: 'CRAM-MD5',
      initialResponse: false,
      authzid: '',
      username: 'tim',
      secretSource: { kind: 'typed', secret: 'secret' },
      loginCharset: 'utf-8',
      tag: '',
    });
  });

  it('names the saved connection instead of the secret', () => {
    const request = buildAuthStart(values, 'typed-too', cram, fieldsFor('smtp', cram), 'c-1');
    expect(request.secretSource).toEqual({ kind: 'saved-connection', connectionId: 'c-1' });
    expect(JSON.stringify(request)).not.toContain('typed-too');
  });
});

describe('previewAuth', () => {
  const target: AuthTarget = {
    protocol: 'smtp',
    host: 'mx.example.test',
    port: 587,
    keywords: ['AUTH PLAIN LOGIN'],
    underTls: true,
  };
  const plain = methodChoices('smtp')[0]!;
  const values = { ...INITIAL_AUTH_FORM, username: 'tim' };

  it('offers the typed PLAIN message to copy', () => {
    const request = buildAuthStart(values, 's3cret', plain, fieldsFor('smtp', plain), null);
    const plan = previewAuth(request, target);
    expect(plan.ok && plan.copyValues.map((value) => value.label)).toEqual(['PLAIN message']);
  });

  it('shows a stored password masked with nothing to copy', () => {
    const request = buildAuthStart(values, '', plain, fieldsFor('smtp', plain), 'c-1');
    const plan = previewAuth(request, target);
    expect(plan.ok).toBe(true);
    expect(plan.ok && plan.lines.map((line) => line.display)).toEqual([
      `AUTH PLAIN ${SECRET_MASK}`,
    ]);
    expect(plan.ok && plan.copyValues).toEqual([]);
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
