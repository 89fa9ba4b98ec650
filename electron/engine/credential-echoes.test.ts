import { describe, expect, it } from 'vitest';

import { SECRET_MASK } from '../../shared/protocol/secrets';
import { CredentialEchoes } from './credential-echoes';

const PASSWORD = 'Pässw0rd€';
const PLAIN_BLOB = Buffer.from(`\0alice\0${PASSWORD}`).toString('base64');
const base64 = (text: string): string => Buffer.from(text).toString('base64');

/** Remembers `PASS <password>` as a POP3 driver masks it, and returns the masker. */
function afterPass(password = PASSWORD, kept = false): CredentialEchoes {
  const echoes = new CredentialEchoes();
  echoes.rememberLine(`PASS ${password}`, `PASS ${SECRET_MASK}`, kept);
  return echoes;
}

function shown(echoes: CredentialEchoes, text: string): string {
  const masked = echoes.mask(Buffer.from(text));
  return masked === null ? text : Buffer.from(masked.shown).toString();
}

describe('CredentialEchoes matcher', () => {
  it.each([
    ['at the start of a line', `${PASSWORD} is wrong\r\n`, `${SECRET_MASK} is wrong\r\n`],
    ['at the end of a line', `-ERR bad ${PASSWORD}\r\n`, `-ERR bad ${SECRET_MASK}\r\n`],
    ['at the end of the bytes', `-ERR bad ${PASSWORD}`, `-ERR bad ${SECRET_MASK}`],
    ['inside quotes', `250 ok "${PASSWORD}"\r\n`, `250 ok "${SECRET_MASK}"\r\n`],
    ['inside single quotes', `250 ok '${PASSWORD}'\r\n`, `250 ok '${SECRET_MASK}'\r\n`],
    ['inside angle brackets', `500 <${PASSWORD}>\r\n`, `500 <${SECRET_MASK}>\r\n`],
    ['before a full stop', `535 no ${PASSWORD}.\r\n`, `535 no ${SECRET_MASK}.\r\n`],
    [
      'inside an echoed command',
      `250 ok "PASS ${PASSWORD}"\r\n`,
      `250 ok "PASS ${SECRET_MASK}"\r\n`,
    ],
    ['as base64', `-ERR ${base64(PASSWORD)}\r\n`, `-ERR ${SECRET_MASK}\r\n`],
    ['twice on one line', `${PASSWORD} ${PASSWORD}\r\n`, `${SECRET_MASK} ${SECRET_MASK}\r\n`],
    ['on a later line of a read', `+OK\r\n-ERR ${PASSWORD}\r\n`, `+OK\r\n-ERR ${SECRET_MASK}\r\n`],
  ])('masks a password %s', (_name, text, expected) => {
    expect(shown(afterPass(), text)).toBe(expected);
  });

  it.each([
    ['a longer token', `-ERR x${PASSWORD}\r\n`],
    ['a different password of the same length', '-ERR Pässw0rd$\r\n'],
  ])('leaves %s unmasked', (_name, text) => {
    expect(afterPass().mask(Buffer.from(text))).toBeNull();
  });

  it.each([
    '250-SIZE 10240000\r\n',
    '235 2.7.0 Authentication successful\r\n',
    '220 mail.example.com ESMTP Postfix\r\n',
    '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n',
    '334 VXNlcm5hbWU6\r\n',
  ])('finds nothing in %j', (reply) => {
    // Passwords as long as the words of the replies, so that those words are compared.
    const echoes = afterPass('12345678');
    for (const password of ['IMAP4rev2', 'VXNlcm5hbWU7', 'Postfiz', 'maik']) {
      echoes.rememberLine(`PASS ${password}`, `PASS ${SECRET_MASK}`, false);
    }
    echoes.rememberLine(`AUTH PLAIN ${PLAIN_BLOB}`, `AUTH PLAIN ${SECRET_MASK}`, false);
    expect(echoes.mask(Buffer.from(reply))).toBeNull();
    expect(shown(echoes, '-ERR 12345678\r\n')).toBe(`-ERR ${SECRET_MASK}\r\n`);
  });

  it('scans nothing before a credential was sent', () => {
    const echoes = new CredentialEchoes();
    expect(echoes.empty).toBe(true);
    expect(echoes.mask(Buffer.from(`250 ok "${PLAIN_BLOB}"\r\n`))).toBeNull();
    expect(echoes.maskText(PASSWORD)).toBe(PASSWORD);
  });

  it('masks the blob and the password of a PLAIN response', () => {
    const echoes = new CredentialEchoes();
    echoes.rememberLine(PLAIN_BLOB, SECRET_MASK, false);
    expect(shown(echoes, `250 ok "${PLAIN_BLOB}"\r\n`)).toBe(`250 ok "${SECRET_MASK}"\r\n`);
    expect(shown(echoes, `535 bad password ${PASSWORD}\r\n`)).toBe(
      `535 bad password ${SECRET_MASK}\r\n`,
    );
    // The user name of PLAIN is not a secret and stays.
    expect(shown(echoes, '535 bad user alice\r\n')).toBe('535 bad user alice\r\n');
  });

  it('masks a quoted IMAP password with spaces inside a quoted echo', () => {
    const echoes = new CredentialEchoes();
    const line = 'a1 LOGIN alice "pass \\"word\\""';
    echoes.rememberLine(line, `a1 LOGIN alice ${SECRET_MASK}`, false);
    expect(shown(echoes, `a1 BAD "${line}"\r\n`)).toBe(
      `a1 BAD "a1 LOGIN alice ${SECRET_MASK}"\r\n`,
    );
    expect(shown(echoes, 'a1 NO "pass "\r\n')).toBe('a1 NO "pass "\r\n');
  });

  it('tells whether every credential found was kept', () => {
    const echoes = afterPass('kept-secret', true);
    echoes.rememberLine('PASS other-secret', `PASS ${SECRET_MASK}`, false);
    expect(echoes.mask(Buffer.from('-ERR kept-secret\r\n'))?.allKept).toBe(true);
    expect(echoes.mask(Buffer.from('-ERR kept-secret other-secret\r\n'))?.allKept).toBe(false);
    expect(echoes.mask(Buffer.from('-ERR kept-secret other-secret\r\n'))?.count).toBe(2);
  });

  it('masks text built from replies', () => {
    expect(afterPass().maskText(`Server reply: -ERR ${PASSWORD}`)).toBe(
      `Server reply: -ERR ${SECRET_MASK}`,
    );
  });
});
