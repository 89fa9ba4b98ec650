import { decodeBase64, decodeUtf8Strict } from '../encoding/base64';

/**
 * Masking of credentials in client lines, for the terminal, the transcript and logs. The wire
 * gets the real line; everything a person can see or save gets the masked one.
 */

/** Fixed width, so the mask does not reveal the secret's length. */
export const SECRET_MASK = '********';

/** Returns `line` with everything after the first `keep` words replaced by the mask. */
export function maskAfterWords(line: string, keep: number): string {
  const pattern = new RegExp(`^(\\s*(?:\\S+\\s+){${keep}})\\S.*$`, 's');
  const match = pattern.exec(line);
  return match === null ? line : `${match[1]}${SECRET_MASK}`;
}

/** Masks a SASL response line; a lone `*` (cancel) and an empty line stay visible. */
export function maskSaslResponse(line: string): string {
  const trimmed = line.trim();
  return trimmed === '' || trimmed === '*' ? line : SECRET_MASK;
}

/**
 * Masks the password of an IMAP `LOGIN user password` command, with atoms, quoted strings
 * (with `\"` and `\\` escapes) or literals for either argument. `argumentsText` is everything
 * after `LOGIN `. Returns the masked arguments and whether the password itself is still to come
 * as literal data on the next line.
 */
export function maskImapLoginArguments(argumentsText: string): {
  masked: string;
  passwordInLiteral: boolean;
} {
  const user = readImapString(argumentsText, 0);
  if (user === null) {
    return { masked: SECRET_MASK, passwordInLiteral: false };
  }
  if (user.literal) {
    // The user name is a literal, so the password comes on a later line.
    return { masked: argumentsText, passwordInLiteral: false };
  }
  const rest = argumentsText.slice(user.end);
  const spaces = /^\s*/.exec(rest)?.[0].length ?? 0;
  const passwordText = rest.slice(spaces);
  if (/^\{\d+\+?\}$/.test(passwordText.trim())) {
    return { masked: argumentsText, passwordInLiteral: true };
  }
  if (passwordText === '') {
    return { masked: argumentsText, passwordInLiteral: false };
  }
  return {
    masked: `${argumentsText.slice(0, user.end + spaces)}${SECRET_MASK}`,
    passwordInLiteral: false,
  };
}

function readImapString(text: string, start: number): { end: number; literal: boolean } | null {
  let index = start;
  while (text[index] === ' ') {
    index++;
  }
  if (index >= text.length) {
    return null;
  }
  if (text[index] === '"') {
    index++;
    while (index < text.length && text[index] !== '"') {
      index += text[index] === '\\' ? 2 : 1;
    }
    return { end: Math.min(index + 1, text.length), literal: false };
  }
  const literal = /^\{\d+\+?\}$/.exec(text.slice(index).trim());
  if (literal !== null) {
    return { end: text.length, literal: true };
  }
  while (index < text.length && text[index] !== ' ') {
    index++;
  }
  return { end: index, literal: false };
}

/**
 * Masks an IMAP command that was typed without a tag (`LOGIN user pass`, `AUTHENTICATE PLAIN
 * …`). A server reads the verb as the tag and rejects the line, but the password still went
 * out, so the display must hide it. Returns null for any other line.
 */
export function maskUntaggedImapCredentials(line: string): string | null {
  const verb = /^\s*(\S+)/.exec(line)?.[1]?.toUpperCase();
  if (verb === 'LOGIN') {
    const start = line.toUpperCase().indexOf('LOGIN') + 'LOGIN'.length;
    return `${line.slice(0, start)}${maskImapLoginArguments(line.slice(start)).masked}`;
  }
  return verb === 'AUTHENTICATE' ? maskAfterWords(line, 2) : null;
}

/** Verbs whose arguments after the first `keep` words are credentials in SMTP or POP3. */
const CREDENTIAL_VERBS: Readonly<Record<string, number>> = { AUTH: 2, PASS: 1, APOP: 2 };

/**
 * Masks a line that carries credentials in any of the three protocols, without knowing the
 * session's state. Raw sessions use it, since a raw connection to a mail port is common.
 */
export function maskCredentialLine(line: string): string {
  const words = line.trim().split(/\s+/);
  const keep = CREDENTIAL_VERBS[(words[0] ?? '').toUpperCase()];
  if (keep !== undefined) {
    return maskAfterWords(line, keep);
  }
  const untagged = maskUntaggedImapCredentials(line);
  if (untagged !== null) {
    return untagged;
  }
  const command = (words[1] ?? '').toUpperCase();
  if (command === 'LOGIN') {
    const start = line.toUpperCase().indexOf('LOGIN') + 'LOGIN'.length;
    return `${line.slice(0, start)}${maskImapLoginArguments(line.slice(start)).masked}`;
  }
  return command === 'AUTHENTICATE' ? maskAfterWords(line, 3) : line;
}

/** Shortest line taken for a SASL blob: PLAIN of a one-letter user and password is 8 characters. */
const MIN_SASL_BLOB_LENGTH = 8;

/**
 * Returns whether a whole line is base64 of a SASL message: the PLAIN form
 * (`[authzid]\0user\0password`, UTF-8 text with exactly two NULs) or XOAUTH2
 * (`user=…\x01auth=Bearer …`). Such a line sent outside an AUTH exchange is a pasted credential
 * all the same, so it is masked and gated. A line of a base64 attachment decodes to binary,
 * which fails the UTF-8 and control-byte checks, so message content is not taken for one.
 */
export function isLoneSaslCredential(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed.length < MIN_SASL_BLOB_LENGTH || !/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) {
    return false;
  }
  const decoded = decodeBase64(trimmed);
  if (!decoded.ok) {
    return false;
  }
  let text: string;
  try {
    text = decodeUtf8Strict(decoded.bytes);
  } catch {
    return false;
  }
  if (text.startsWith('user=') && text.includes('\u0001auth=')) {
    return true;
  }
  const nuls = text.split('\0').length - 1;
  return nuls === 2 && !hasBinaryControls(text);
}

/**
 * Returns whether text has control characters that only binary data carries: any but NUL (the
 * PLAIN separator) and the TAB, LF and CR that a hand-built string may pick up from a shell.
 */
function hasBinaryControls(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (
      (code < 0x20 && code !== 0x00 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
      code === 0x7f
    ) {
      return true;
    }
  }
  return false;
}
