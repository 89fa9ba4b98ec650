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
