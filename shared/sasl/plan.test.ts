import { describe, expect, it } from 'vitest';

import { SECRET_MASK } from '../protocol/secrets';
import { planAuth, type AuthPlan, type AuthTarget } from './plan';
import type { AuthRequest } from './types';

const REQUEST: AuthRequest = {
  method: 'sasl',
  mechanism: 'PLAIN',
  initialResponse: true,
  authzid: '',
  username: 'alice@example.com',
  secret: 's3cret',
  loginCharset: 'utf-8',
  tag: 'A1',
};

const SMTP_TLS: AuthTarget = {
  protocol: 'smtp',
  host: 'mail.example.com',
  port: 587,
  keywords: ['PIPELINING', 'AUTH PLAIN LOGIN'],
  underTls: true,
};

function displays(plan: AuthPlan): string[] {
  return plan.ok ? plan.lines.map((line) => line.display) : [];
}

describe('planAuth', () => {
  it('shows AUTH PLAIN masked and offers the base64 for copying', () => {
    const plan = planAuth(REQUEST, SMTP_TLS);
    expect(displays(plan)).toEqual([`AUTH PLAIN ${SECRET_MASK}`]);
    expect(plan.ok && plan.copyValues).toEqual([
      { label: 'PLAIN message', base64: 'AGFsaWNlQGV4YW1wbGUuY29tAHMzY3JldA==' },
    ]);
    expect(plan.warnings).toEqual([]);
  });

  it('plans AUTH LOGIN step by step with both values to copy', () => {
    const plan = planAuth({ ...REQUEST, mechanism: 'LOGIN', initialResponse: false }, SMTP_TLS);
    expect(displays(plan)).toEqual(['AUTH LOGIN', SECRET_MASK, SECRET_MASK]);
    expect(plan.ok && plan.copyValues.map((value) => value.base64)).toEqual([
      'YWxpY2VAZXhhbXBsZS5jb20=',
      'czNjcmV0',
    ]);
  });

  it('plans SCRAM with the server challenges in between and nothing to copy', () => {
    const plan = planAuth({ ...REQUEST, mechanism: 'SCRAM-SHA-256' }, SMTP_TLS);
    expect(displays(plan)).toEqual([`AUTH SCRAM-SHA-256 ${SECRET_MASK}`, SECRET_MASK, '']);
    expect(plan.ok && plan.copyValues).toEqual([]);
  });

  it('uses the tag for IMAP and warns without SASL-IR', () => {
    const plan = planAuth(REQUEST, {
      ...SMTP_TLS,
      protocol: 'imap',
      keywords: ['IMAP4REV1', 'AUTH=PLAIN'],
    });
    expect(displays(plan)).toEqual([`A1 AUTHENTICATE PLAIN ${SECRET_MASK}`]);
    expect(plan.warnings.join(' ')).toContain('SASL-IR');
  });

  it('warns about plaintext, LOGINDISABLED and a mechanism that is not advertised', () => {
    const login = planAuth(
      { ...REQUEST, method: 'imap-login' },
      { ...SMTP_TLS, protocol: 'imap', keywords: ['IMAP4REV1', 'LOGINDISABLED'], underTls: false },
    );
    expect(login.warnings.join(' ')).toContain('not encrypted');
    expect(login.warnings.join(' ')).toContain('LOGINDISABLED');
    const cram = planAuth({ ...REQUEST, mechanism: 'CRAM-MD5' }, SMTP_TLS);
    expect(cram.warnings.join(' ')).toContain('does not advertise CRAM-MD5');
  });

  it('plans POP3 USER and PASS, and APOP', () => {
    const target = { ...SMTP_TLS, protocol: 'pop3' as const, keywords: ['USER'] };
    expect(displays(planAuth({ ...REQUEST, method: 'pop3-user' }, target))).toEqual([
      'USER alice@example.com',
      `PASS ${SECRET_MASK}`,
    ]);
    expect(displays(planAuth({ ...REQUEST, method: 'pop3-apop' }, target))).toEqual([
      `APOP alice@example.com ${SECRET_MASK}`,
    ]);
  });

  it.each(['CRAM-MD5', 'SCRAM-SHA-1', 'SCRAM-SHA-256'] as const)(
    'reports an empty user name for %s',
    (mechanism) => {
      const plan = planAuth({ ...REQUEST, mechanism, username: '' }, SMTP_TLS);
      expect(plan).toMatchObject({
        ok: false,
        problem: `The user name is empty; ${mechanism} requires one.`,
      });
    },
  );

  it('reports credentials that cannot be encoded', () => {
    const plan = planAuth({ ...REQUEST, secret: 'bell\u0007' }, SMTP_TLS);
    expect(plan.ok).toBe(false);
    expect(!plan.ok && plan.problem).toContain('U+0007');
  });
});
