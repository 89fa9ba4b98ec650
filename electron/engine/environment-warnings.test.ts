import { describe, expect, it } from 'vitest';

import { tlsEnvironmentWarnings } from './environment-warnings';

describe('tlsEnvironmentWarnings', () => {
  it('warns about certificate checks turned off', () => {
    const [warning] = tlsEnvironmentWarnings({ NODE_TLS_REJECT_UNAUTHORIZED: '0' });
    expect(warning).toMatch(/^NODE_TLS_REJECT_UNAUTHORIZED=0 is set\./);
  });

  it('warns about an extra CA file that Mailtap does not read', () => {
    const [warning] = tlsEnvironmentWarnings({ NODE_EXTRA_CA_CERTS: '/etc/ssl/extra.pem' });
    expect(warning).toContain('/etc/ssl/extra.pem');
  });

  it.each([[{}], [{ NODE_TLS_REJECT_UNAUTHORIZED: '1' }], [{ NODE_EXTRA_CA_CERTS: '' }]])(
    'says nothing for %j',
    (environment) => {
      expect(tlsEnvironmentWarnings(environment)).toEqual([]);
    },
  );
});
