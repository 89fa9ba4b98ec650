import { describe, expect, it } from 'vitest';

import { addressLiteral, ehloNameWarning, isFullyQualifiedName } from './ehlo-name';

describe('isFullyQualifiedName', () => {
  it.each([
    ['mail.example.com', true],
    ['mail.example.com.', true],
    ['vm', false],
    ['localhost', false],
    ['localhost.localdomain', false],
    ['', false],
    ['bad name.example', false],
  ])('%j is %s', (name, expected) => {
    expect(isFullyQualifiedName(name)).toBe(expected);
  });
});

describe('addressLiteral', () => {
  it.each([
    ['192.0.2.10', '[192.0.2.10]'],
    ['2001:db8::10', '[IPv6:2001:db8::10]'],
    ['::1', '[IPv6:::1]'],
    ['::ffff:192.0.2.10', '[192.0.2.10]'],
    ['::FFFF:127.0.0.1', '[127.0.0.1]'],
    ['fe80::1%eth0', '[IPv6:fe80::1]'],
  ])('writes %s as %s', (address, literal) => {
    expect(addressLiteral(address)).toBe(literal);
  });
});

describe('ehloNameWarning', () => {
  it.each(['EHLO', 'ehlo ', 'HELO', 'EHLO localhost', 'helo LOCALHOST.localdomain'])(
    'warns for %j',
    (line) => {
      expect(ehloNameWarning(line, '[127.0.0.1]')).toMatch(/Try (EHLO|HELO) \[127\.0\.0\.1\]\.$/);
    },
  );

  it.each(['EHLO mail.example.com', 'EHLO [127.0.0.1]', 'EHLO vm', 'MAIL FROM:<a@b>', 'EHLOX'])(
    'accepts %j',
    (line) => {
      expect(ehloNameWarning(line, '[127.0.0.1]')).toBeNull();
    },
  );

  it('omits the suggestion without a local address', () => {
    expect(ehloNameWarning('EHLO', null)).toMatch(/answers 501\.$/);
  });
});
