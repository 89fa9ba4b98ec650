import { describe, expect, it } from 'vitest';

import type { ProtocolId } from '../presets';
import { classifyReplyStart, type ReplyCategory } from './reply-class';

type Row = readonly [text: string, category: ReplyCategory, status: string | null];

describe('classifyReplyStart for complete SMTP lines', () => {
  const rows: Row[] = [
    ['220 mx.example.com ESMTP', 'success', '220'],
    ['250-PIPELINING', 'success', '250'],
    ['250', 'success', '250'],
    ['354 End data with <CR><LF>.<CR><LF>', 'intermediate', '354'],
    ['334 VXNlcm5hbWU6', 'intermediate', '334'],
    ['421 4.7.0 Try again later', 'transient-failure', '421'],
    ['454 4.7.0 TLS not available', 'transient-failure', '454'],
    ['550 5.7.1 Relaying denied', 'permanent-failure', '550'],
    ['554-', 'permanent-failure', '554'],
    ['150 no such class in SMTP', 'unclassified', null],
    ['650 beyond 5', 'unclassified', null],
    ['25 short', 'unclassified', null],
    ['2500 four digits', 'unclassified', null],
    ['250x', 'unclassified', null],
    ['25', 'unclassified', null],
    ['', 'unclassified', null],
    [' 250 indented', 'unclassified', null],
    ['abc', 'unclassified', null],
    ['+OK is POP3', 'unclassified', null],
  ];

  it.each(rows)('%j is %s', (text, category, status) => {
    const reply = classifyReplyStart('smtp', text, true);
    expect(reply?.category).toBe(category);
    expect(reply?.status).toBe(status);
    expect(reply?.tag).toBeNull();
  });
});

describe('classifyReplyStart for complete POP3 lines', () => {
  const rows: Row[] = [
    ['+OK POP3 ready', 'success', '+OK'],
    ['+OK', 'success', '+OK'],
    ['+ok lenient server', 'success', '+OK'],
    ['-ERR authentication failed', 'permanent-failure', '-ERR'],
    ['-ERR', 'permanent-failure', '-ERR'],
    ['+ ', 'continuation', '+'],
    ['+ VXNlcm5hbWU6', 'continuation', '+'],
    ['+', 'continuation', '+'],
    ['+OKAY', 'unclassified', null],
    ['-ERROR', 'unclassified', null],
    ['+x', 'unclassified', null],
    ['.', 'unclassified', null],
    ['1 1205', 'unclassified', null],
    ['', 'unclassified', null],
  ];

  it.each(rows)('%j is %s', (text, category, status) => {
    const reply = classifyReplyStart('pop3', text, true);
    expect(reply?.category).toBe(category);
    expect(reply?.status).toBe(status);
  });
});

describe('classifyReplyStart for complete IMAP lines', () => {
  const rows: (readonly [string, ReplyCategory, string | null, string | null])[] = [
    ['* OK [CAPABILITY IMAP4rev1 STARTTLS] ready', 'success', 'OK', '*'],
    ['* PREAUTH welcome back', 'success', 'PREAUTH', '*'],
    ['* NO disk almost full', 'transient-failure', 'NO', '*'],
    ['* BAD garbage', 'permanent-failure', 'BAD', '*'],
    ['* BYE logging out', 'permanent-failure', 'BYE', '*'],
    ['* bye lower case', 'permanent-failure', 'BYE', '*'],
    ['a1 OK LOGIN completed', 'success', 'OK', 'a1'],
    ['a1 NO [AUTHENTICATIONFAILED] Authentication failed.', 'transient-failure', 'NO', 'a1'],
    ['A0002 BAD Error in IMAP command', 'permanent-failure', 'BAD', 'A0002'],
    ['a1 OK', 'success', 'OK', 'a1'],
    ['a1 BYE only untagged', 'unclassified', null, null],
    ['a1 PREAUTH only untagged', 'unclassified', null, null],
    ['* CAPABILITY IMAP4rev1', 'unclassified', null, null],
    ['* 3 EXISTS', 'unclassified', null, null],
    ['* OKAY not a status', 'unclassified', null, null],
    ['+ idling', 'continuation', '+', null],
    ['+', 'continuation', '+', null],
    ['+OK is POP3', 'unclassified', null, null],
    ['(a1 OK', 'unclassified', null, null],
    ['a"1 OK quote in tag', 'unclassified', null, null],
    ['a+1 OK plus in tag', 'unclassified', null, null],
    [' OK empty tag', 'unclassified', null, null],
    ['é1 OK non-ASCII tag', 'unclassified', null, null],
    ['a1', 'unclassified', null, null],
    ['', 'unclassified', null, null],
  ];

  it.each(rows)('%j is %s', (text, category, status, tag) => {
    const reply = classifyReplyStart('imap', text, true);
    expect(reply?.category).toBe(category);
    expect(reply?.status).toBe(status);
    expect(reply?.tag).toBe(tag);
  });
});

describe('classifyReplyStart for line starts', () => {
  const undecided: (readonly [ProtocolId, string])[] = [
    ['smtp', ''],
    ['smtp', '2'],
    ['smtp', '25'],
    ['smtp', '250'],
    ['pop3', ''],
    ['pop3', '+'],
    ['pop3', '+O'],
    ['pop3', '+OK'],
    ['pop3', '-E'],
    ['pop3', '-ERR'],
    ['imap', ''],
    ['imap', '+'],
    ['imap', '*'],
    ['imap', '* '],
    ['imap', '* O'],
    ['imap', '* OK'],
    ['imap', '* PREAU'],
    ['imap', 'a1'],
    ['imap', 'a1 '],
    ['imap', 'a1 B'],
    ['imap', 'a1 BA'],
  ];

  it.each(undecided)('%s %j is undecided', (protocol, text) => {
    expect(classifyReplyStart(protocol, text, false)).toBeUndefined();
  });

  const decided: (readonly [ProtocolId, string, ReplyCategory])[] = [
    ['smtp', 'x', 'unclassified'],
    ['smtp', '6', 'unclassified'],
    ['smtp', '2x', 'unclassified'],
    ['smtp', '250 ', 'success'],
    ['smtp', '421-', 'transient-failure'],
    ['pop3', '+OK ', 'success'],
    ['pop3', '+ ', 'continuation'],
    ['pop3', '+x', 'unclassified'],
    ['pop3', '-ERR ', 'permanent-failure'],
    ['pop3', 'x', 'unclassified'],
    ['imap', '* OK ', 'success'],
    ['imap', '* C', 'unclassified'],
    ['imap', '* 1', 'unclassified'],
    ['imap', 'a1 NO ', 'transient-failure'],
    ['imap', 'a1 BY', 'unclassified'],
    ['imap', '(', 'unclassified'],
    ['imap', '+ ', 'continuation'],
    ['raw', '', 'unclassified'],
    ['raw', '250 ', 'unclassified'],
  ];

  it.each(decided)('%s %j is %s', (protocol, text, category) => {
    expect(classifyReplyStart(protocol, text, false)?.category).toBe(category);
  });
});
