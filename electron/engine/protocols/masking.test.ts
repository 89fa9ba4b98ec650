import { describe, expect, it } from 'vitest';

import { SECRET_MASK } from '../../../shared/protocol/secrets';
import type { ProtocolDriver } from './driver';
import { ImapDriver } from './imap';
import { Pop3Driver } from './pop3';
import { RawDriver } from './raw';
import { SmtpDriver } from './smtp';

/** Sends lines and server text through a driver, as the session does, and records displays. */
function run(driver: ProtocolDriver, script: readonly (string | { server: string })[]): string[] {
  const displayed: string[] = [];
  for (const step of script) {
    if (typeof step === 'string') {
      displayed.push(driver.prepare(step).display);
      driver.noteSent(step);
    } else {
      driver.receive(Buffer.from(step.server, 'utf8'));
    }
  }
  return displayed;
}

const SMTP_GREETING = { server: '220 mail.example.com ESMTP\r\n' };
const POP3_GREETING = { server: '+OK ready\r\n' };
const IMAP_GREETING = { server: '* OK ready\r\n' };

describe('SMTP masking', () => {
  it('masks a response pasted right after AUTH, before the 334 arrives', () => {
    const displayed = run(new SmtpDriver(), [SMTP_GREETING, 'AUTH PLAIN', 'AGFsaWNlAHMzY3JldA==']);
    expect(displayed).toEqual(['AUTH PLAIN', SECRET_MASK]);
  });

  it('keeps masking when the reply to an earlier pipelined command arrives first', () => {
    const displayed = run(new SmtpDriver(), [
      SMTP_GREETING,
      'EHLO client.example.com',
      'AUTH PLAIN',
      { server: '250-mail.example.com\r\n250 AUTH PLAIN\r\n' },
      'AGFsaWNlAHMzY3JldA==',
    ]);
    expect(displayed.at(-1)).toBe(SECRET_MASK);
  });

  it('masks each step of AUTH LOGIN and shows the line after 235', () => {
    const displayed = run(new SmtpDriver(), [
      SMTP_GREETING,
      'AUTH LOGIN',
      { server: '334 VXNlcm5hbWU6\r\n' },
      'YWxpY2U=',
      { server: '334 UGFzc3dvcmQ6\r\n' },
      'czNjcmV0',
      { server: '235 2.7.0 Authentication successful\r\n' },
      'MAIL FROM:<alice@example.com>',
    ]);
    expect(displayed).toEqual([
      'AUTH LOGIN',
      SECRET_MASK,
      SECRET_MASK,
      'MAIL FROM:<alice@example.com>',
    ]);
  });

  it('shows the next command once the server refused the mechanism', () => {
    const displayed = run(new SmtpDriver(), [
      SMTP_GREETING,
      'AUTH CRAM-MD5',
      { server: '504 5.5.4 Unrecognized authentication type\r\n' },
      'QUIT',
    ]);
    expect(displayed).toEqual(['AUTH CRAM-MD5', 'QUIT']);
  });

  it('masks AUTH typed in lower case, and a lone * stays visible', () => {
    const displayed = run(new SmtpDriver(), [
      SMTP_GREETING,
      'auth login YWxpY2U=',
      { server: '334 UGFzc3dvcmQ6\r\n' },
      '*',
    ]);
    expect(displayed).toEqual([`auth login ${SECRET_MASK}`, '*']);
  });
});

describe('POP3 masking', () => {
  it('masks PASS, APOP, AUTH and a response sent before the + arrives', () => {
    const displayed = run(new Pop3Driver(), [
      POP3_GREETING,
      'USER alice',
      'PASS s3 cret',
      'APOP alice c4c9334bac560ecc979e58001b3e22fb',
      'AUTH PLAIN',
      'AGFsaWNlAHMzY3JldA==',
    ]);
    expect(displayed).toEqual([
      'USER alice',
      `PASS ${SECRET_MASK}`,
      `APOP alice ${SECRET_MASK}`,
      'AUTH PLAIN',
      SECRET_MASK,
    ]);
  });
});

describe('IMAP masking', () => {
  it('masks LOGIN without a tag, which the server takes as the tag', () => {
    const displayed = run(new ImapDriver(), [IMAP_GREETING, 'LOGIN alice@example.com s3cret']);
    expect(displayed).toEqual([`LOGIN alice@example.com ${SECRET_MASK}`]);
  });

  it('masks the literal data of LOGIN and the responses of AUTHENTICATE', () => {
    const displayed = run(new ImapDriver(), [
      IMAP_GREETING,
      'a1 LOGIN "alice" {12}',
      { server: '+ OK\r\n' },
      'Grüße-s3cret',
      { server: 'a1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n' },
      'a2 AUTHENTICATE PLAIN',
      'AGFsaWNlAHMzY3JldA==',
      { server: 'a2 OK Logged in\r\n' },
      'a3 SELECT INBOX',
    ]);
    expect(displayed).toEqual([
      'a1 LOGIN "alice" {12}',
      SECRET_MASK,
      'a2 AUTHENTICATE PLAIN',
      SECRET_MASK,
      'a3 SELECT INBOX',
    ]);
  });
});

describe('raw masking', () => {
  it('masks credential lines of every mail protocol', () => {
    const displayed = run(new RawDriver(), [
      'AUTH PLAIN AGFsaWNlAHMzY3JldA==',
      'PASS s3cret',
      'a1 LOGIN alice s3cret',
      'hello',
    ]);
    expect(displayed).toEqual([
      `AUTH PLAIN ${SECRET_MASK}`,
      `PASS ${SECRET_MASK}`,
      `a1 LOGIN alice ${SECRET_MASK}`,
      'hello',
    ]);
  });
});
