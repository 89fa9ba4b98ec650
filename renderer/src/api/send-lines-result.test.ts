import { describe, expect, it } from 'vitest';

import { makeError } from '../../../shared/errors';
import { checkResult } from './server-message';

describe('checkResult session:send-lines', () => {
  it('accepts a full and a partial send', () => {
    expect(
      checkResult('session:send-lines', { sentCount: 3, maskedIndexes: [1], error: null }).ok,
    ).toBe(true);
    const error = makeError('INPUT_TOO_LONG');
    expect(checkResult('session:send-lines', { sentCount: 0, maskedIndexes: [], error }).ok).toBe(
      true,
    );
  });

  it.each([
    ['a negative count', { sentCount: -1, maskedIndexes: [], error: null }],
    ['no masked indexes', { sentCount: 1, error: null }],
    ['a masked index past the sent lines', { sentCount: 1, maskedIndexes: [1], error: null }],
    ['an error that is not from the catalog', { sentCount: 0, maskedIndexes: [], error: 'no' }],
    ['null', null],
  ])('rejects %s', (_name, value) => {
    expect(checkResult('session:send-lines', value).ok).toBe(false);
  });
});
