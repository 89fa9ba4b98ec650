import { encodeUtf8 } from '../encoding/base64';
import { SECRET_MASK } from '../protocol/secrets';
import type { OutgoingLine } from './framing';

/**
 * The largest literal that `LITERAL-` (RFC 7888) lets a client send without waiting for the
 * server's `+` go-ahead.
 */
export const MAX_LITERAL_MINUS_BYTES = 4096;

/** One line of an IMAP LOGIN command; after a synchronising literal, wait for `+` first. */
export interface ImapLoginLine extends OutgoingLine {
  /** True when the line ends in `{n}` and the server must send `+` before the next line. */
  readonly awaitsContinuation: boolean;
}

export type ImapLoginResult =
  | { readonly ok: true; readonly lines: readonly ImapLoginLine[] }
  | { readonly ok: false; readonly problem: string };

/** The form a value is sent in: a quoted string, or a literal when quoting cannot carry it. */
type ImapString = { readonly kind: 'quoted'; readonly text: string } | { readonly kind: 'literal' };

/**
 * Chooses the IMAP string form for a LOGIN argument (RFC 9051, section 4.3). A quoted string
 * carries 7-bit text with `\"` and `\\` escaped. Non-ASCII text needs a literal, because an
 * IMAP4rev1 server rejects 8-bit bytes in a quoted string.
 */
function imapString(value: string): ImapString {
  // eslint-disable-next-line no-control-regex
  if (/[^\x01-\x7f]/.test(value)) {
    return { kind: 'literal' };
  }
  return { kind: 'quoted', text: `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"` };
}

function checkValue(field: string, value: string): string | null {
  if (value.includes('\0')) {
    return `The ${field} contains NUL, which IMAP cannot send in LOGIN; use AUTHENTICATE PLAIN.`;
  }
  if (/[\r\n]/.test(value)) {
    return `The ${field} contains a line break, which the console cannot send inside LOGIN; use AUTHENTICATE PLAIN.`;
  }
  return null;
}

/**
 * Builds `tag LOGIN user password` with each argument quoted, or sent as a literal when it has
 * non-ASCII characters. When the server offers LITERAL+ (`literalPlus.plus`), or LITERAL-
 * (`literalPlus.minus`) and the literal is small enough, literals are `{n+}` and every line goes
 * out at once. Otherwise each `{n}` line waits for the server's `+`.
 *
 * NOTE: a literal's `{n}` shows the password's length in bytes, in the terminal too, because
 * the displayed line is the line as sent.
 */
export function imapLoginLines(
  tag: string,
  username: string,
  password: string,
  literalPlus: { readonly plus: boolean; readonly minus: boolean },
): ImapLoginResult {
  const problem = checkValue('user name', username) ?? checkValue('password', password);
  if (problem !== null) {
    return { ok: false, problem };
  }

  const lines: ImapLoginLine[] = [];
  let text = `${tag} LOGIN`;
  let display = text;
  const values = [
    { value: username, secret: false },
    { value: password, secret: true },
  ];
  for (const { value, secret } of values) {
    const form = imapString(value);
    if (form.kind === 'quoted') {
      text += ` ${form.text}`;
      display += ` ${secret ? SECRET_MASK : form.text}`;
      continue;
    }
    const size = encodeUtf8(value).length;
    const plus = literalPlus.plus || (literalPlus.minus && size <= MAX_LITERAL_MINUS_BYTES);
    const announcement = ` {${size}${plus ? '+' : ''}}`;
    lines.push({
      text: text + announcement,
      display: display + announcement,
      awaitsContinuation: !plus,
    });
    text = value;
    display = secret ? SECRET_MASK : value;
  }
  lines.push({ text, display, awaitsContinuation: false });
  return { ok: true, lines };
}
