import { describe, expect, it } from 'vitest';

import { addressWithoutToken } from './get-api';

describe('addressWithoutToken', () => {
  it('removes the token and keeps the rest', () => {
    expect(addressWithoutToken('http://127.0.0.1:8025/?token=abc')).toBe('/');
    expect(addressWithoutToken('http://127.0.0.1:8025/?a=1&token=abc#x')).toBe('/?a=1#x');
  });

  it('returns null when there is no token', () => {
    expect(addressWithoutToken('http://127.0.0.1:8025/')).toBeNull();
  });
});
