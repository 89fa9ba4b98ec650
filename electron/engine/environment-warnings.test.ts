import { describe, expect, it } from 'vitest';

import { tlsEnvironmentWarnings } from './environment-warnings';

describe('tlsEnvironmentWarnings', () => {
  it('warns about certificate checks turned off', () => {
    const [warning] = tlsEnvironmentWarnings({ NODE_TLS_REJECT_UNAUTHORIZED: '0' });
    expect(warning).toMatch(/^NODE_TLS_REJECT_UNAUTHORIZED=0 is set\./);
  });

  it.each([[{}], [{ NODE_TLS_REJECT_UNAUTHORIZED: '1' }], [{ NODE_TLS_REJECT_UNAUTHORIZED: '' }]])(
    'says nothing for %j',
    (environment) => {
      expect(tlsEnvironmentWarnings(environment)).toEqual([]);
    },
  );
});
