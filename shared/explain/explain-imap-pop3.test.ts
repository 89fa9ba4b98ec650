import { describe, expect, it } from 'vitest';

import { ENHANCED_DETAILS, readEnhancedStatusCode } from './enhanced-status-codes';
import { explainServerLine } from './explain-line';

describe('explainServerLine for IMAP', () => {
  it.each([
    ['a1 OK [CAPABILITY IMAP4rev1 IDLE] Logged in', 'success', ['imap:OK', 'imap-code:CAPABILITY']],
    [
      'a2 NO [AUTHENTICATIONFAILED] Authentication failed.',
      'transient-failure',
      ['imap:NO', 'imap-code:AUTHENTICATIONFAILED'],
    ],
    [
      '* NO [PRIVACYREQUIRED] Plaintext authentication disallowed',
      'transient-failure',
      ['imap:NO', 'imap-code:PRIVACYREQUIRED'],
    ],
    [
      '* BAD [ALERT] Plaintext authentication not allowed without SSL/TLS',
      'permanent-failure',
      ['imap:BAD', 'imap-code:ALERT'],
    ],
    [
      'a3 NO [TRYCREATE] Mailbox does not exist',
      'transient-failure',
      ['imap:NO', 'imap-code:TRYCREATE'],
    ],
    ['a4 NO [OVERQUOTA] Quota exceeded', 'transient-failure', ['imap:NO', 'imap-code:OVERQUOTA']],
    ['a5 NO [UNAVAILABLE] Backend down', 'transient-failure', ['imap:NO', 'imap-code:UNAVAILABLE']],
    ['* OK [UIDVALIDITY 1700000000] UIDs valid', 'success', ['imap:OK', 'imap-code:UIDVALIDITY']],
    ['* BYE Logging out', 'permanent-failure', ['imap:BYE']],
    ['* PREAUTH IMAP4rev1 server logged in as alice', 'success', ['imap:PREAUTH']],
    ['a6 NO [X-VENDOR-CODE] something', 'transient-failure', ['imap:NO', 'imap-code:unknown']],
  ] as const)('explains %s', (line, outcome, parts) => {
    const explanation = explainServerLine('imap', line)!;
    expect(explanation.outcome).toBe(outcome);
    expect(explanation.parts.map((part) => part.id)).toEqual([...parts]);
  });

  it('explains an untagged STARTTLS that Dovecot read as a tag', () => {
    const explanation = explainServerLine(
      'imap',
      'STARTTLS BAD Error in IMAP command received by server.',
    )!;
    expect(explanation.parts.map((part) => part.id)).toEqual(['imap:BAD', 'hint:imap-missing-tag']);
    expect(explanation.parts[1]!.detail).toContain('a1 STARTTLS');
  });

  it('tells BAD from NO', () => {
    expect(explainServerLine('imap', 'a1 BAD x')!.parts[0]!.title).toBe('Protocol error');
    expect(explainServerLine('imap', 'a1 NO x')!.parts[0]!.title).toBe('Refused');
  });

  it('explains a continuation request', () => {
    const explanation = explainServerLine('imap', '+ Ready for literal data')!;
    expect(explanation.outcome).toBe('continuation');
    expect(explainServerLine('imap', '+')!.parts[0]!.id).toBe('imap:continuation');
  });

  it('explains untagged data', () => {
    expect(explainServerLine('imap', '* CAPABILITY IMAP4rev1 STARTTLS')!.parts[0]!.id).toBe(
      'imap-data:CAPABILITY',
    );
    expect(explainServerLine('imap', '* 3 EXISTS')!.outcome).toBe('data');
  });

  it('returns null for message data', () => {
    expect(explainServerLine('imap', 'Subject: hello')).toBeNull();
  });
});

describe('explainServerLine for POP3', () => {
  it.each([
    ['+OK Dovecot ready.', 'success', ['pop3:+OK']],
    [
      '-ERR [IN-USE] Mailbox locked by another session',
      'permanent-failure',
      ['pop3:-ERR', 'pop3-code:IN-USE'],
    ],
    [
      '-ERR [LOGIN-DELAY] wait 900 seconds',
      'permanent-failure',
      ['pop3:-ERR', 'pop3-code:LOGIN-DELAY'],
    ],
    [
      '-ERR [SYS/TEMP] Backend unavailable',
      'permanent-failure',
      ['pop3:-ERR', 'pop3-code:SYS/TEMP'],
    ],
    ['-ERR [SYS/PERM] Mailbox corrupt', 'permanent-failure', ['pop3:-ERR', 'pop3-code:SYS/PERM']],
    ['-ERR [AUTH] Authentication failed.', 'permanent-failure', ['pop3:-ERR', 'pop3-code:AUTH']],
    ['-ERR [UTF8] Needs UTF8', 'permanent-failure', ['pop3:-ERR', 'pop3-code:UTF8']],
    ['-ERR Unknown command.', 'permanent-failure', ['pop3:-ERR', 'hint:pop3-stls']],
    ['+ ', 'continuation', ['pop3:+']],
  ] as const)('explains %s', (line, outcome, parts) => {
    const explanation = explainServerLine('pop3', line)!;
    expect(explanation.outcome).toBe(outcome);
    expect(explanation.parts.map((part) => part.id)).toEqual([...parts]);
  });

  it('returns null for a body line', () => {
    expect(explainServerLine('pop3', '.02 test')).toBeNull();
  });
});

describe('readEnhancedStatusCode', () => {
  it.each([
    ['5.7.1 Denied', { text: '5.7.1', classDigit: '5', subject: '7', detail: '1' }],
    ['#4.4.5 Too many', { text: '4.4.5', classDigit: '4', subject: '4', detail: '5' }],
    ['4.x.2 x', { text: '4.x.2', classDigit: '4', subject: null, detail: '2' }],
    ['2.0.0', { text: '2.0.0', classDigit: '2', subject: '0', detail: '0' }],
    ['5.007.010 padded', { text: '5.007.010', classDigit: '5', subject: '7', detail: '10' }],
  ] as const)('reads %s', (text, expected) => {
    expect(readEnhancedStatusCode(text)).toEqual(expected);
  });

  it.each(['3.1.1 no class 3', '5.7 short', '5.7.1x glued', 'mail 5.7.1', '5.1234.1 long'])(
    'rejects %s',
    (text) => {
      expect(readEnhancedStatusCode(text)).toBeNull();
    },
  );

  it('has every registered code from RFC 3463 sections 3.3 to 3.9', () => {
    const rfc3463 = [
      '0.0',
      '1.0',
      '1.1',
      '1.2',
      '1.3',
      '1.4',
      '1.5',
      '1.6',
      '1.7',
      '1.8',
      '2.0',
      '2.1',
      '2.2',
      '2.3',
      '2.4',
      '3.0',
      '3.1',
      '3.2',
      '3.3',
      '3.4',
      '3.5',
      '4.0',
      '4.1',
      '4.2',
      '4.3',
      '4.4',
      '4.5',
      '4.6',
      '4.7',
      '5.0',
      '5.1',
      '5.2',
      '5.3',
      '5.4',
      '5.5',
      '6.0',
      '6.1',
      '6.2',
      '6.3',
      '6.4',
      '6.5',
      '7.0',
      '7.1',
      '7.2',
      '7.3',
      '7.4',
      '7.5',
      '7.6',
      '7.7',
    ];
    expect(rfc3463.filter((key) => ENHANCED_DETAILS[key] === undefined)).toEqual([]);
  });
});
