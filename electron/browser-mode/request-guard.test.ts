import { describe, expect, it } from 'vitest';

import { isLoopbackAddress } from './request-guard';

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['192.0.2.10', false],
    ['::ffff:192.0.2.10', false],
    ['2001:db8::1', false],
    ['128.0.0.1', false],
    ['', false],
    [undefined, false],
  ])('%s is loopback: %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });
});
