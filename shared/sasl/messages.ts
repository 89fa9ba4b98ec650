import { encodeUtf8 } from '../encoding/base64';
import { describeSaslprepProblem, saslprep } from './saslprep';
import type { LoginCharset } from './types';

/** A client message as bytes, or why it cannot be built from the values given. */
export type EncodedMessage =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly problem: string };

/** The separator of XOAUTH2 and OAUTHBEARER key-value pairs, shown as `^A`. */
const CONTROL_A = '\x01';
const NUL = '\0';

/** Largest code point that Latin-1 (ISO 8859-1) encodes. */
const MAX_LATIN1_CODE_POINT = 0xff;

/** Result of preparing one credential field, or the sentence that explains why it failed. */
type Prepared =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly problem: string };

/** Applies SASLprep to a field and turns a rejection into a sentence that names the field. */
export function prepareField(field: string, value: string): Prepared {
  const result = saslprep(value);
  return result.ok
    ? { ok: true, value: result.value }
    : { ok: false, problem: describeSaslprepProblem(field, result.problem) };
}

function failure(problem: string): EncodedMessage {
  return { ok: false, problem };
}

/**
 * Builds the PLAIN message (RFC 4616): `[authzid] NUL authcid NUL passwd` in UTF-8, with the
 * user name and password prepared by SASLprep. The authorization identity is sent as given,
 * because its form belongs to the application protocol.
 */
export function plainMessage(authzid: string, username: string, password: string): EncodedMessage {
  if (authzid.includes(NUL)) {
    return failure('The authorization identity contains NUL, which PLAIN uses as its separator.');
  }
  if (username === '') {
    return failure('The user name is empty; PLAIN requires one.');
  }
  const user = prepareField('user name', username);
  if (!user.ok) {
    return failure(user.problem);
  }
  const pass = prepareField('password', password);
  if (!pass.ok) {
    return failure(pass.problem);
  }
  return { ok: true, bytes: encodeUtf8(`${authzid}${NUL}${user.value}${NUL}${pass.value}`) };
}

/**
 * Encodes one AUTH LOGIN value (the user name or the password) in the charset the user chose.
 * LOGIN has no standard encoding: most servers expect UTF-8, some older ones Latin-1.
 */
export function loginValue(field: string, value: string, charset: LoginCharset): EncodedMessage {
  if (charset === 'utf-8') {
    return { ok: true, bytes: encodeUtf8(value) };
  }
  const bytes: number[] = [];
  for (const char of value) {
    const codePoint = char.codePointAt(0)!;
    if (codePoint > MAX_LATIN1_CODE_POINT) {
      const name = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
      return failure(
        `The ${field} contains ${name} (${char}), which Latin-1 cannot encode; choose UTF-8.`,
      );
    }
    bytes.push(codePoint);
  }
  return { ok: true, bytes: Uint8Array.from(bytes) };
}

function checkNoControlA(field: string, value: string): string | null {
  return value.includes(CONTROL_A)
    ? `The ${field} contains ^A (U+0001), which the mechanism uses as its separator.`
    : null;
}

/**
 * Builds the XOAUTH2 message of Google and Microsoft: `user=… ^A auth=Bearer … ^A ^A`. The
 * token goes as given, because it is already printable ASCII.
 */
export function xoauth2Message(username: string, token: string): EncodedMessage {
  const problem = checkNoControlA('user name', username) ?? checkNoControlA('token', token);
  if (problem !== null) {
    return failure(problem);
  }
  if (token === '') {
    return failure('The access token is empty.');
  }
  return {
    ok: true,
    bytes: encodeUtf8(`user=${username}${CONTROL_A}auth=Bearer ${token}${CONTROL_A}${CONTROL_A}`),
  };
}

/** Escapes a name for a GS2 header or a SCRAM attribute (RFC 5801 and RFC 5802): `=` and `,`. */
export function escapeSaslName(name: string): string {
  return name.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

/**
 * Builds the OAUTHBEARER client response (RFC 7628, section 3.1): a GS2 header naming the user,
 * then `host`, `port` and `auth` key-value pairs separated by ^A. `host` and `port` name where the
 * client connected; they are optional in the standard and left out when unknown.
 */
export function oauthbearerMessage(
  username: string,
  token: string,
  host: string | null,
  port: number | null,
): EncodedMessage {
  const problem = checkNoControlA('user name', username) ?? checkNoControlA('token', token);
  if (problem !== null) {
    return failure(problem);
  }
  if (token === '') {
    return failure('The access token is empty.');
  }
  const header = username === '' ? 'n,,' : `n,a=${escapeSaslName(username)},`;
  const pairs = [
    ...(host === null ? [] : [`host=${host}`]),
    ...(port === null ? [] : [`port=${port}`]),
    `auth=Bearer ${token}`,
  ];
  return {
    ok: true,
    bytes: encodeUtf8(`${header}${CONTROL_A}${pairs.join(CONTROL_A)}${CONTROL_A}${CONTROL_A}`),
  };
}

/**
 * The OAUTHBEARER response to an error challenge (RFC 7628, section 3.2.3): a lone ^A, after which
 * the server sends its final failure reply.
 */
export const OAUTHBEARER_ERROR_ACK: Uint8Array = Uint8Array.of(0x01);

/** Builds the CRAM-MD5 response text (RFC 2195): the user name, a space and the hex digest. */
export function cramMd5Message(username: string, digestHex: string): EncodedMessage {
  if (username === '') {
    return failure('The user name is empty; CRAM-MD5 requires one.');
  }
  return { ok: true, bytes: encodeUtf8(`${username} ${digestHex}`) };
}

/** Returns the `<…@…>` timestamp of a POP3 greeting that offers APOP (RFC 1939), or null. */
export function apopTimestamp(greeting: string): string | null {
  return /<[^<>\s]*@[^<>\s]*>/.exec(greeting)?.[0] ?? null;
}
