import { describe, expect, it } from 'vitest';

import { hostSyntaxProblem, isIpv6Literal } from './host-syntax';
import { validateRequest } from './validate';

describe('isIpv6Literal', () => {
  it.each([
    '::1',
    '::',
    '2001:db8::1',
    '2001:db8:0:0:0:0:0:1',
    'fe80::1%eth0',
    '::ffff:192.0.2.1',
    '64:ff9b::192.0.2.33',
    '[::1]',
    '[2001:db8::25]',
  ])('accepts %s', (text) => {
    expect(isIpv6Literal(text)).toBe(true);
  });

  it.each([
    '',
    '127.0.0.1',
    'mx.example.com',
    'mx.example.com:587',
    '2001:db8::1::2',
    '2001:db8:0:0:0:0:0:0:1',
    '2001:db8:0:0:0:0:1',
    '12345::1',
    '::1]',
    '[::1]:25',
    '192.0.2.1::1',
    '::ffff:192.0.2.256',
  ])('rejects %s', (text) => {
    expect(isIpv6Literal(text)).toBe(false);
  });
});

describe('hostSyntaxProblem', () => {
  it.each(['mx.example.com', '127.0.0.2', '::1', '[::1]', 'fe80::1%eth0', 'localhost'])(
    'accepts %s',
    (host) => {
      expect(hostSyntaxProblem(host)).toBeNull();
    },
  );

  it.each([
    ['smtp://127.0.0.2:25', '"/"'],
    ['mx.example.com/path', '"/"'],
    ['alice@mx.example.com', '"@"'],
    ['mx.example.com:587', 'put a port in the port field'],
    ['[::1]:25', 'put a port in the port field'],
  ])('rejects %s', (host, hint) => {
    expect(hostSyntaxProblem(host)).toContain(hint);
  });

  it('makes session:open fail with INVALID_OPTIONS and the reason', () => {
    const result = validateRequest('session:open', {
      host: 'smtp://127.0.0.2:25',
      port: 25,
      protocol: 'smtp',
      security: 'plain',
    });
    expect(result.ok ? null : result.error.code).toBe('INVALID_OPTIONS');
    expect(result.ok ? '' : result.error.message).toContain('without a URL scheme');
  });
});
