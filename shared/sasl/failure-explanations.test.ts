import { describe, expect, it } from 'vitest';

import { explainAuthFailure } from './failure-explanations';

const OVER_TLS = { usedPassword: true, plaintext: false };

describe('explainAuthFailure', () => {
  it.each([
    ['smtp', '535 5.7.8 Error: authentication failed: UGFzc3dvcmQ6', /rejected the credentials/],
    ['smtp', '535 5.7.3 Authentication unsuccessful', /rejected the credentials/],
    ['smtp', '538 5.7.11 Encryption required for requested authentication mechanism', /STARTTLS/],
    ['smtp', '534 5.7.9 Authentication mechanism is too weak', /too weak/],
    ['smtp', '454 4.7.0 Temporary authentication failure', /temporary/],
    ['smtp', '504 5.5.4 Unrecognized authentication type', /does not support this mechanism/],
    ['smtp', '502 5.5.1 Invalid/unsupported command', /only after STARTTLS/],
    ['smtp', '501 5.7.0 Authentication aborted', /cancelled/],
    ['smtp', '501 5.5.2 Cannot Decode response', /could not decode/],
    ['smtp', '503 5.5.1 Error: already authenticated', /out of order/],
    ['imap', 'a1 NO [AUTHENTICATIONFAILED] Authentication failed.', /rejected the credentials/],
    ['imap', 'a1 NO [PRIVACYREQUIRED] Plaintext authentication disallowed', /only over TLS/],
    ['imap', 'a1 NO [AUTHORIZATIONFAILED] not allowed', /authorization identity/],
    ['imap', 'a1 BAD Unexpected extra arguments to LOGIN', /could not parse/],
    ['imap', 'a1 NO Login failed', /refused the login/],
    ['pop3', '-ERR [AUTH] Authentication failed.', /rejected the credentials/],
    ['pop3', '-ERR [IN-USE] Mailbox locked', /locked/],
    [
      'pop3',
      '-ERR Plaintext authentication disallowed on non-secure (SSL/TLS) connections.',
      /STLS/,
    ],
    ['pop3', '-ERR Unknown authentication mechanism.', /CAPA/],
  ] as const)('%s %j', (protocol, line, expected) => {
    expect(explainAuthFailure(protocol, line, OVER_TLS)).toMatch(expected);
  });

  it('talks about the token when an OAuth mechanism failed', () => {
    const text = explainAuthFailure('smtp', '535 5.7.8 Username and Password not accepted', {
      usedPassword: false,
      plaintext: false,
    });
    expect(text).toMatch(/token/);
  });

  it('warns when the credentials went out without TLS', () => {
    const text = explainAuthFailure('pop3', '-ERR [AUTH] Authentication failed.', {
      usedPassword: true,
      plaintext: true,
    });
    expect(text).toMatch(/without TLS/);
    expect(text).toMatch(/change the password/);
  });

  it('says to revoke a token sent without TLS', () => {
    const text = explainAuthFailure('smtp', '535 5.7.8 Username and Password not accepted', {
      usedPassword: false,
      plaintext: true,
    });
    expect(text).toMatch(/token was sent without TLS; revoke it/);
    expect(text).not.toMatch(/password if anyone/);
  });
});
