import { decodeBase64, decodeUtf8Strict, encodeBase64, encodeUtf8 } from '../encoding/base64';
import { SECRET_MASK } from './secrets';

/**
 * The forms in which a server could repeat a credential that a client line carried: the masked
 * text itself, and what a server that decodes or encodes it would print.
 */

const BASE64_TEXT = /^[A-Za-z0-9+/]+={0,2}$/;
/** Starts the field of XOAUTH2 and OAUTHBEARER (RFC 7628) that carries the bearer token. */
const BEARER_FIELD = 'auth=bearer ';
const NUL = 0x00;
const SOH = 0x01;

/**
 * Returns the parts of a client line that its display form hides behind the mask. Every driver
 * and the auth helper build a display as the line with one stretch replaced by `SECRET_MASK`, so
 * the hidden part is what lies between the display's prefix and suffix. For any other shape,
 * such as a display with several masks, it returns every word of the line that the display lacks.
 */
export function hiddenParts(text: string, display: string): string[] {
  if (text === display) {
    return [];
  }
  const at = display.indexOf(SECRET_MASK);
  if (at >= 0 && display.indexOf(SECRET_MASK, at + 1) < 0) {
    const prefix = display.slice(0, at);
    const suffix = display.slice(at + SECRET_MASK.length);
    const fits = prefix.length + suffix.length <= text.length;
    if (fits && text.startsWith(prefix) && text.endsWith(suffix)) {
      const hidden = text.slice(prefix.length, text.length - suffix.length).trim();
      return hidden === '' ? [] : [hidden];
    }
  }
  const shown = new Set(display.split(/\s+/));
  return text.split(/\s+/).filter((word) => word !== '' && !shown.has(word));
}

/**
 * Returns the byte forms of a hidden credential that a server might echo:
 * - the credential as sent (`AGFsaWNlAHNlY3JldA==`, `"pass word"`, `secret`);
 * - the content of an IMAP quoted string, unescaped;
 * - for base64 SASL data, the password field of PLAIN (`authzid\0user\0password`), the bearer
 *   token of XOAUTH2 and OAUTHBEARER, or the decoded text of LOGIN and similar one-value
 *   responses;
 * - the base64 of every clear value above, as for a `PASS` or `LOGIN` password.
 */
export function credentialForms(hidden: string): Uint8Array[] {
  const trimmed = hidden.trim();
  if (trimmed === '') {
    return [];
  }
  const clearValues: Uint8Array[] = [encodeUtf8(trimmed)];

  const unquoted = unquoteImapString(trimmed);
  if (unquoted !== null && unquoted !== '') {
    clearValues.push(encodeUtf8(unquoted));
  }

  const decoded = BASE64_TEXT.test(trimmed) ? decodeBase64(trimmed) : null;
  if (decoded?.ok === true) {
    const value = saslValue(decoded.bytes);
    if (value !== null && value.length > 0) {
      clearValues.push(value);
    }
  }

  const forms = new Map<string, Uint8Array>();
  for (const value of clearValues) {
    forms.set(encodeBase64(value), value);
    const encoded = encodeUtf8(encodeBase64(value));
    forms.set(encodeBase64(encoded), encoded);
  }
  return [...forms.values()];
}

/** Returns the part of decoded SASL data that is the secret, or null when there is none. */
function saslValue(bytes: Uint8Array): Uint8Array | null {
  if (bytes.includes(SOH)) {
    let latin1 = '';
    for (const byte of bytes) {
      latin1 += String.fromCharCode(byte);
    }
    // Fields are separated by ^A: `user=…^Aauth=Bearer <token>^A^A`.
    const field = latin1.split('\x01').find((part) => part.toLowerCase().startsWith(BEARER_FIELD));
    const token = field?.slice(BEARER_FIELD.length) ?? '';
    return token === '' ? null : Uint8Array.from(token, (char) => char.charCodeAt(0));
  }
  if (bytes.includes(NUL)) {
    return bytes.subarray(bytes.lastIndexOf(NUL) + 1);
  }
  return isPrintableUtf8(bytes) ? bytes : null;
}

/** Returns whether bytes are UTF-8 text without control characters, like a typed password. */
function isPrintableUtf8(bytes: Uint8Array): boolean {
  // In UTF-8, bytes below 0x80 are the ASCII characters themselves, so this finds every control.
  if (bytes.some((byte) => byte < 0x20 || byte === 0x7f)) {
    return false;
  }
  try {
    decodeUtf8Strict(bytes);
    return true;
  } catch (error) {
    if (error instanceof SyntaxError) {
      return false;
    }
    throw error;
  }
}

/** Returns the content of an IMAP quoted string (RFC 9051) with `\"` and `\\` unescaped. */
function unquoteImapString(text: string): string | null {
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) {
    return null;
  }
  return text.slice(1, -1).replace(/\\(["\\])/g, '$1');
}
