import { createHash, createHmac } from 'node:crypto';

import { expect } from 'vitest';

import type { ProtocolId } from '../../../shared/presets';

/** Credentials in every form a client sends them, shared by the redaction and echo tests. */

export const USER = 'alice@example.com';
export const PASSWORD = 'Grüße-s3cret';
export const TOKEN = 'ya29.EXAMPLE-TOKEN';
export const CRAM_CHALLENGE = '<1896.697170952@postoffice.example.net>';
export const APOP_STAMP = '<1896.697170952@dbc.mailcom.com>';

export const base64 = (text: string, encoding: BufferEncoding = 'utf8') =>
  Buffer.from(text, encoding).toString('base64');
export const plainBlob = base64(`\0${USER}\0${PASSWORD}`);
export const xoauthBlob = base64(`user=${USER}\x01auth=Bearer ${TOKEN}\x01\x01`);
export const cramDigest = createHmac('md5', PASSWORD).update(CRAM_CHALLENGE).digest('hex');
export const cramResponse = base64(`${USER} ${cramDigest}`);
export const apopDigest = createHash('md5').update(`${APOP_STAMP}${PASSWORD}`).digest('hex');

/** Every form in which the secret could leak: plain, base64 of UTF-8 and UTF-16, the SASL blobs and digests. */
export const SECRET_FORMS = [
  PASSWORD,
  base64(PASSWORD),
  base64(PASSWORD, 'utf16le'),
  Buffer.from(PASSWORD, 'utf16le').toString('latin1'),
  Buffer.from(PASSWORD).toString('hex'),
  plainBlob,
  xoauthBlob,
  TOKEN,
  cramDigest,
  cramResponse,
  apopDigest,
  base64(USER), // AUTH LOGIN sends the user name as its own SASL response
];

export const GREETINGS: Readonly<Record<ProtocolId, string>> = {
  smtp: '220 mail.example.test ESMTP\r\n',
  imap: '* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\r\n',
  pop3: `+OK POP3 ready ${APOP_STAMP}\r\n`,
  raw: '',
};

export interface AuthCase {
  readonly name: string;
  readonly protocol: ProtocolId;
  /** Client lines, sent one by one with CRLF. */
  readonly lines: readonly string[];
  /** The server's reply to each line, by index; an empty string sends nothing. */
  readonly replies: readonly string[];
  /** Text the masked transcript must still show: verbs and mechanism names. */
  readonly kept: readonly string[];
}

export const CASES: readonly AuthCase[] = [
  {
    name: 'SMTP AUTH PLAIN with initial response',
    protocol: 'smtp',
    lines: [`AUTH PLAIN ${plainBlob}`],
    replies: ['235 2.7.0 ok\r\n'],
    kept: ['AUTH PLAIN'],
  },
  {
    name: 'SMTP auth plain in lower case, response after 334',
    protocol: 'smtp',
    lines: ['auth plain', plainBlob],
    replies: ['334 \r\n', '235 2.7.0 ok\r\n'],
    kept: ['auth plain'],
  },
  {
    name: 'SMTP AUTH LOGIN in three steps',
    protocol: 'smtp',
    lines: ['AUTH LOGIN', base64(USER), base64(PASSWORD)],
    replies: ['334 VXNlcm5hbWU6\r\n', '334 UGFzc3dvcmQ6\r\n', '235 2.7.0 ok\r\n'],
    kept: ['AUTH LOGIN'],
  },
  {
    name: 'SMTP AUTH LOGIN with the user name on the command',
    protocol: 'smtp',
    lines: [`Auth Login ${base64(USER)}`, base64(PASSWORD)],
    replies: ['334 UGFzc3dvcmQ6\r\n', '235 2.7.0 ok\r\n'],
    kept: ['Auth Login'],
  },
  {
    name: 'SMTP AUTH XOAUTH2 with the error challenge',
    protocol: 'smtp',
    lines: [`AUTH XOAUTH2 ${xoauthBlob}`, ''],
    replies: ['334 eyJzdGF0dXMiOiI0MDAifQ==\r\n', '535 5.7.8 failed\r\n'],
    kept: ['AUTH XOAUTH2'],
  },
  {
    name: 'SMTP AUTH CRAM-MD5',
    protocol: 'smtp',
    lines: ['AUTH CRAM-MD5', cramResponse],
    replies: [`334 ${base64(CRAM_CHALLENGE)}\r\n`, '235 2.7.0 ok\r\n'],
    kept: ['AUTH CRAM-MD5'],
  },
  {
    name: 'IMAP LOGIN with atoms',
    protocol: 'imap',
    lines: [`a1 LOGIN ${USER} ${PASSWORD}`],
    replies: ['a1 OK done\r\n'],
    kept: ['a1 LOGIN alice@example.com'],
  },
  {
    name: 'IMAP login with quoted strings in lower case',
    protocol: 'imap',
    lines: [`a2 login "${USER}" "${PASSWORD} \\"quoted\\""`],
    replies: ['a2 OK done\r\n'],
    kept: ['a2 login "alice@example.com"'],
  },
  {
    name: 'IMAP LOGIN with literals',
    protocol: 'imap',
    lines: [
      `a3 LOGIN {${Buffer.byteLength(USER)}}`,
      `${USER} {${Buffer.byteLength(PASSWORD)}}`,
      PASSWORD,
    ],
    replies: ['+ go on\r\n', '+ go on\r\n', 'a3 OK done\r\n'],
    kept: ['a3 LOGIN {17}'],
  },
  {
    name: 'IMAP LOGIN without a tag',
    protocol: 'imap',
    lines: [`LOGIN ${USER} ${PASSWORD}`],
    replies: ['LOGIN BAD Error in IMAP command\r\n'],
    kept: ['LOGIN alice@example.com'],
  },
  {
    name: 'IMAP AUTHENTICATE PLAIN after a continuation',
    protocol: 'imap',
    lines: ['a4 AUTHENTICATE PLAIN', plainBlob],
    replies: ['+ \r\n', 'a4 OK done\r\n'],
    kept: ['a4 AUTHENTICATE PLAIN'],
  },
  {
    name: 'IMAP authenticate with SASL-IR',
    protocol: 'imap',
    lines: [`a5 authenticate plain ${plainBlob}`],
    replies: ['a5 OK done\r\n'],
    kept: ['a5 authenticate plain'],
  },
  {
    name: 'POP3 USER and PASS',
    protocol: 'pop3',
    lines: [`USER ${USER}`, `PASS ${PASSWORD}`],
    replies: ['+OK\r\n', '+OK logged in\r\n'],
    kept: ['USER alice@example.com', 'PASS'],
  },
  {
    name: 'POP3 apop in lower case',
    protocol: 'pop3',
    lines: [`apop ${USER} ${apopDigest}`],
    replies: ['+OK logged in\r\n'],
    kept: ['apop alice@example.com'],
  },
  {
    name: 'POP3 AUTH PLAIN after a continuation',
    protocol: 'pop3',
    lines: ['AUTH PLAIN', plainBlob],
    replies: ['+ \r\n', '+OK logged in\r\n'],
    kept: ['AUTH PLAIN'],
  },
  {
    name: 'POP3 AUTH LOGIN in three steps',
    protocol: 'pop3',
    lines: ['auth login', base64(USER), base64(PASSWORD)],
    replies: ['+ VXNlcm5hbWU6\r\n', '+ UGFzc3dvcmQ6\r\n', '+OK logged in\r\n'],
    kept: ['auth login'],
  },
];

/** Undoes the escaping of the HTML and JSON exports, so a secret cannot hide behind it. */
export function readableForms(content: string): string[] {
  const html = content
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return [content, html, content.replace(/\\"/g, '"').replace(/\\\\/g, '\\')];
}

export function expectNoSecret(content: string, where: string): void {
  for (const form of readableForms(content)) {
    for (const secret of SECRET_FORMS) {
      expect(form.includes(secret), `${where} contains ${JSON.stringify(secret)}`).toBe(false);
    }
  }
}
