import { describe, expect, it } from 'vitest';

import { explainServerLine } from './explain-line';

interface Case {
  readonly line: string;
  readonly outcome: 'transient-failure' | 'permanent-failure';
  /** Every part id the explanation must contain. */
  readonly parts: readonly string[];
  /** A word the summary must contain, so the headline is the specific meaning. */
  readonly summary: RegExp;
}

/**
 * Replies commonly seen from hand-driven SMTP sessions, with `#` before the enhanced code and `x`
 * placeholders the way some appliances print them. `XXX` stands for the argument the server echoes.
 */
const COMMON_REPLIES: readonly Case[] = [
  {
    line: '421 #4.4.5 Too many TLS sessions at this time',
    outcome: 'transient-failure',
    parts: ['smtp:421', 'esc:X.4.5', 'hint:connection-limit'],
    summary: /connection limit/i,
  },
  {
    line: '421 #4.4.5 Too many connections from your host',
    outcome: 'transient-failure',
    parts: ['smtp:421', 'esc:X.4.5', 'hint:connection-limit'],
    summary: /connection limit/i,
  },
  {
    line: '421 #4.4.5 Too many connections to this host',
    outcome: 'transient-failure',
    parts: ['smtp:421', 'esc:X.4.5', 'hint:connection-limit'],
    summary: /connection limit/i,
  },
  {
    line: '421 #4.4.5 Too many connections to this listener',
    outcome: 'transient-failure',
    parts: ['smtp:421', 'esc:X.4.5', 'hint:connection-limit'],
    summary: /connection limit/i,
  },
  {
    line: '421 #4.x.2 Too many messages for this session',
    outcome: 'transient-failure',
    parts: ['smtp:421', 'esc:4', 'hint:message-limit'],
    summary: /message limit/i,
  },
  {
    line: '421 mail.example.com Service not available, closing transaction channel',
    outcome: 'transient-failure',
    parts: ['smtp:421'],
    summary: /service not available/i,
  },
  {
    line: '421 Exceeded allowable connection time',
    outcome: 'transient-failure',
    parts: ['smtp:421', 'hint:session-time-limit'],
    summary: /time limit/i,
  },
  {
    line: '421 Exceeded bad SMTP command limit, disconnecting',
    outcome: 'transient-failure',
    parts: ['smtp:421', 'hint:error-limit'],
    summary: /bad commands/i,
  },
  {
    line: '421 The evaluation license has expired',
    outcome: 'transient-failure',
    parts: ['smtp:421', 'hint:licence'],
    summary: /licence/i,
  },
  {
    line: '451 #4.3.0 Server Error',
    outcome: 'transient-failure',
    parts: ['smtp:451', 'esc:X.3.0'],
    summary: /mail system status/i,
  },
  {
    line: '452 #4.3.1 queue full',
    outcome: 'transient-failure',
    parts: ['smtp:452', 'esc:X.3.1'],
    summary: /mail system full/i,
  },
  {
    line: '452 #4.3.1 server resources low - try again later',
    outcome: 'transient-failure',
    parts: ['smtp:452', 'esc:X.3.1'],
    summary: /452/,
  },
  {
    line: '452 #4.3.1 temporary system error (12)',
    outcome: 'transient-failure',
    parts: ['smtp:452', 'esc:X.3.1'],
    summary: /mail system full/i,
  },
  {
    line: '452 #4.5.3 Too many recipients',
    outcome: 'transient-failure',
    parts: ['smtp:452', 'esc:X.5.3', 'hint:recipient-limit'],
    summary: /recipient limit/i,
  },
  {
    line: '454 TLS not available due to a temporary reason',
    outcome: 'transient-failure',
    parts: ['smtp:454', 'hint:tls-unavailable'],
    summary: /TLS not available/i,
  },
  {
    line: '500 #5.5.1 command not recognized',
    outcome: 'permanent-failure',
    parts: ['smtp:500', 'esc:X.5.1'],
    summary: /invalid command/i,
  },
  {
    line: '500 Line too long',
    outcome: 'permanent-failure',
    parts: ['smtp:500', 'hint:line-too-long'],
    summary: /line too long/i,
  },
  {
    line: '501 #5.0.0 EHLO requires domain address',
    outcome: 'permanent-failure',
    parts: ['smtp:501', 'esc:X.0.0', 'hint:helo-argument'],
    summary: /EHLO argument/i,
  },
  {
    line: '501 #5.5.2 syntax error XXX',
    outcome: 'permanent-failure',
    parts: ['smtp:501', 'esc:X.5.2'],
    summary: /syntax error/i,
  },
  {
    line: '501 #5.5.4 Invalid arguments to AUTH command',
    outcome: 'permanent-failure',
    parts: ['smtp:501', 'esc:X.5.4'],
    summary: /invalid command arguments/i,
  },
  {
    line: '501 Unknown command XXX',
    outcome: 'permanent-failure',
    parts: ['smtp:501'],
    summary: /parameters or arguments/i,
  },
  {
    line: '501 Unknown option XXX',
    outcome: 'permanent-failure',
    parts: ['smtp:501'],
    summary: /parameters or arguments/i,
  },
  {
    line: '501 Unknown value XXX',
    outcome: 'permanent-failure',
    parts: ['smtp:501'],
    summary: /parameters or arguments/i,
  },
  {
    line: '503 #5.3.3 AUTH not available',
    outcome: 'permanent-failure',
    parts: ['smtp:503', 'esc:X.3.3', 'hint:auth-unavailable'],
    summary: /AUTH not offered/i,
  },
  {
    line: '503 #5.5.0 AUTH not permitted during a mail transaction',
    outcome: 'permanent-failure',
    parts: ['smtp:503', 'esc:X.5.0', 'hint:auth-in-transaction'],
    summary: /inside a mail transaction/i,
  },
  {
    line: '503 #5.5.0 Already authenticated',
    outcome: 'permanent-failure',
    parts: ['smtp:503', 'esc:X.5.0', 'hint:auth-twice'],
    summary: /already authenticated/i,
  },
  {
    line: '503 #5.5.1 MAIL first',
    outcome: 'permanent-failure',
    parts: ['smtp:503', 'esc:X.5.1', 'hint:mail-first'],
    summary: /MAIL FROM is missing/i,
  },
  {
    line: '503 #5.5.1 RCPT first',
    outcome: 'permanent-failure',
    parts: ['smtp:503', 'esc:X.5.1', 'hint:rcpt-first'],
    summary: /RCPT TO is missing/i,
  },
  {
    line: '503 Bad sequence of commandsDATA within mailmerge transaction',
    outcome: 'permanent-failure',
    parts: ['smtp:503', 'hint:ironport-mail-merge'],
    summary: /Mail Merge/i,
  },
  {
    line: '503 Bad sequence of commandsXPRT within plain transaction',
    outcome: 'permanent-failure',
    parts: ['smtp:503', 'hint:ironport-mail-merge'],
    summary: /Mail Merge/i,
  },
  {
    line: '503 Bad sequence of commandsnow receiving parts',
    outcome: 'permanent-failure',
    parts: ['smtp:503', 'hint:ironport-mail-merge'],
    summary: /Mail Merge/i,
  },
  {
    line: '503 Not in a mailmerge transaction',
    outcome: 'permanent-failure',
    parts: ['smtp:503', 'hint:ironport-mail-merge'],
    summary: /Mail Merge/i,
  },
  {
    line: '504 #5.5.1 AUTH mechanism XXX is not available',
    outcome: 'permanent-failure',
    parts: ['smtp:504', 'esc:X.5.1', 'hint:auth-mechanism'],
    summary: /mechanism not offered/i,
  },
  {
    line: '504 Command parameter XXX unrecognized',
    outcome: 'permanent-failure',
    parts: ['smtp:504'],
    summary: /parameter not implemented/i,
  },
  {
    line: '504 Invalid XDFN syntax',
    outcome: 'permanent-failure',
    parts: ['smtp:504', 'hint:ironport-mail-merge'],
    summary: /Mail Merge/i,
  },
  {
    line: '504 Invalid part number',
    outcome: 'permanent-failure',
    parts: ['smtp:504', 'hint:ironport-mail-merge'],
    summary: /Mail Merge/i,
  },
  {
    line: '504 Invalid part number XXX',
    outcome: 'permanent-failure',
    parts: ['smtp:504', 'hint:ironport-mail-merge'],
    summary: /Mail Merge/i,
  },
  {
    line: '504 No variable value specified',
    outcome: 'permanent-failure',
    parts: ['smtp:504', 'hint:ironport-mail-merge'],
    summary: /Mail Merge/i,
  },
  {
    line: '504 Other parts still missing',
    outcome: 'permanent-failure',
    parts: ['smtp:504', 'hint:ironport-mail-merge'],
    summary: /Mail Merge/i,
  },
  {
    line: '504 Reserved variable name',
    outcome: 'permanent-failure',
    parts: ['smtp:504', 'hint:ironport-mail-merge'],
    summary: /Mail Merge/i,
  },
  {
    line: '504 Syntax error in *parts syntax',
    outcome: 'permanent-failure',
    parts: ['smtp:504', 'hint:ironport-mail-merge'],
    summary: /Mail Merge/i,
  },
  {
    line: '504 XDFN command must not contain NULL characters',
    outcome: 'permanent-failure',
    parts: ['smtp:504', 'hint:ironport-mail-merge'],
    summary: /Mail Merge/i,
  },
  {
    line: '530 #5.7.0 Must issue a STARTTLS command first',
    outcome: 'permanent-failure',
    parts: ['smtp:530', 'esc:X.7.0', 'hint:tls-required'],
    summary: /TLS required/i,
  },
  {
    line: '530 #5.7.0 This sender must issue a STARTTLS command first',
    outcome: 'permanent-failure',
    parts: ['smtp:530', 'esc:X.7.0', 'hint:tls-required'],
    summary: /TLS required/i,
  },
  {
    line: '530 Authentication required',
    outcome: 'permanent-failure',
    parts: ['smtp:530', 'hint:auth-required'],
    summary: /authentication required/i,
  },
  {
    line: '538 #5.7.11 Encryption required',
    outcome: 'permanent-failure',
    parts: ['smtp:538', 'esc:X.7.11', 'hint:tls-required'],
    summary: /TLS required/i,
  },
  {
    line: '552 #5.3.4 message header size exceeds limit',
    outcome: 'permanent-failure',
    parts: ['smtp:552', 'esc:X.3.4', 'hint:size-limit'],
    summary: /size limit/i,
  },
  {
    line: '552 #5.3.4 message size exceeds limit',
    outcome: 'permanent-failure',
    parts: ['smtp:552', 'esc:X.3.4', 'hint:size-limit'],
    summary: /size limit/i,
  },
  {
    line: '552 size limit exceeded',
    outcome: 'permanent-failure',
    parts: ['smtp:552', 'hint:size-limit'],
    summary: /size limit/i,
  },
  {
    line: '554 #5.3.0 Server Error',
    outcome: 'permanent-failure',
    parts: ['smtp:554', 'esc:X.3.0'],
    summary: /mail system status/i,
  },
  {
    line: '554 Too many hops',
    outcome: 'permanent-failure',
    parts: ['smtp:554', 'hint:routing-loop'],
    summary: /mail loop/i,
  },
  {
    line: '554 message body contains illegal bare CR/LF characters.',
    outcome: 'permanent-failure',
    parts: ['smtp:554', 'hint:bare-lf'],
    summary: /line endings/i,
  },
];

describe('explainServerLine for SMTP', () => {
  it.each(COMMON_REPLIES)('explains $line', ({ line, outcome, parts, summary }) => {
    const explanation = explainServerLine('smtp', line);
    expect(explanation).not.toBeNull();
    expect(explanation!.outcome).toBe(outcome);
    expect(explanation!.parts.map((part) => part.id)).toEqual(expect.arrayContaining([...parts]));
    expect(explanation!.summary).toMatch(summary);
    for (const part of explanation!.parts) {
      expect(part.source, `${part.id} names its source`).not.toBe('');
    }
  });

  it('reads the class of a placeholder enhanced code', () => {
    const part = explainServerLine('smtp', '421 #4.x.2 Too many messages')!.parts[1]!;
    expect(part.label).toBe('4.x.2');
    expect(part.title).toBe('Persistent transient failure');
  });

  it('explains a registered enhanced code without #', () => {
    const explanation = explainServerLine('smtp', '550 5.7.1 Relay access denied')!;
    expect(explanation.parts.map((part) => part.id)).toEqual([
      'smtp:550',
      'esc:X.7.1',
      'hint:relay-denied',
    ]);
  });

  it('explains the Postfix bare LF rejection', () => {
    const explanation = explainServerLine(
      'smtp',
      '521 5.5.2 mail.example.com Error: bare <LF> received',
    )!;
    expect(explanation.parts.map((part) => part.id)).toEqual([
      'smtp:521',
      'esc:X.5.2',
      'hint:bare-lf',
    ]);
  });

  it('explains a synchronization error', () => {
    const explanation = explainServerLine('smtp', '554 SMTP synchronization error')!;
    expect(explanation.parts.map((part) => part.id)).toContain('hint:sync-error');
    expect(explanation.summary).toMatch(/sent before it was allowed/);
  });

  it('explains a bare 334 as an empty challenge', () => {
    const explanation = explainServerLine('smtp', '334')!;
    expect(explanation.outcome).toBe('intermediate');
    expect(explanation.parts[0]!.detail).toMatch(/empty 334 is a valid empty challenge/);
  });

  it('names the extension of an EHLO line', () => {
    const explanation = explainServerLine('smtp', '250-SIZE 52428800')!;
    const extension = explanation.parts.find((part) => part.id === 'ext:SIZE');
    expect(extension?.title).toBe('SMTP extension: 52428800 bytes (50 MiB)');
  });

  it('falls back to the digits of an unknown code', () => {
    const explanation = explainServerLine('smtp', '599 custom refusal')!;
    expect(explanation.parts[0]!.id).toBe('smtp:5xx');
    expect(explanation.outcome).toBe('permanent-failure');
  });

  it('returns null for a line without a reply code', () => {
    expect(explainServerLine('smtp', 'Subject: hello')).toBeNull();
    expect(explainServerLine('smtp', '')).toBeNull();
    expect(explainServerLine('smtp', '2500 too many digits')).toBeNull();
  });
});
