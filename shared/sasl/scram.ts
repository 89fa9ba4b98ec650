import { decodeBase64, encodeBase64, encodeUtf8 } from '../encoding/base64';
import { escapeSaslName } from './messages';

/**
 * Highest iteration count the client accepts from a server. RFC 7677 asks for at least 4096,
 * and every PBKDF2 iteration costs the engine CPU time, so a hostile or broken server that
 * requests billions must not be able to stall the session for minutes.
 */
export const MAX_SCRAM_ITERATIONS = 1_000_000;

/** The values of the server-first message (RFC 5802, section 5.1). */
export interface ScramServerFirst {
  /** The client nonce followed by the server's part. */
  readonly nonce: string;
  readonly salt: Uint8Array;
  readonly iterations: number;
}

export type ScramParse<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** Builds the GS2 header: no channel binding, and the authorization identity if there is one. */
export function scramGs2Header(authzid: string): string {
  return authzid === '' ? 'n,,' : `n,a=${escapeSaslName(authzid)},`;
}

/** Builds the client-first message without its GS2 header: `n=user,r=nonce`. */
export function scramClientFirstBare(preparedUsername: string, clientNonce: string): string {
  return `n=${escapeSaslName(preparedUsername)},r=${clientNonce}`;
}

/** Splits `a=1,b=2` into attributes; values may contain `=` but not `,`. */
function readAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const part of text.split(',')) {
    const equals = part.indexOf('=');
    if (equals === 1 && !attributes.has(part[0]!)) {
      attributes.set(part[0]!, part.slice(2));
    }
  }
  return attributes;
}

/** Parses the server-first message and checks it against the nonce the client sent. */
export function parseScramServerFirst(
  text: string,
  clientNonce: string,
): ScramParse<ScramServerFirst> {
  const attributes = readAttributes(text);

  if (attributes.has('m')) {
    return {
      ok: false,
      problem: 'The server requires a SCRAM extension (m=) that Mailtap does not know.',
    };
  }
  const nonce = attributes.get('r');
  const saltText = attributes.get('s');
  const iterationText = attributes.get('i');
  if (nonce === undefined || saltText === undefined || iterationText === undefined) {
    return {
      ok: false,
      problem: `The server-first message lacks r=, s= or i=: ${JSON.stringify(text)}.`,
    };
  }
  if (!nonce.startsWith(clientNonce) || nonce.length === clientNonce.length) {
    return {
      ok: false,
      problem:
        'The server nonce does not extend the client nonce, so the server is not answering this exchange.',
    };
  }

  const salt = decodeBase64(saltText);
  if (!salt.ok || salt.bytes.length === 0) {
    return { ok: false, problem: `The salt s=${saltText} is not valid base64.` };
  }
  const iterations = /^[1-9]\d{0,9}$/.test(iterationText) ? Number(iterationText) : 0;
  if (iterations === 0 || iterations > MAX_SCRAM_ITERATIONS) {
    return {
      ok: false,
      problem: `The iteration count i=${iterationText} is not a number from 1 to ${MAX_SCRAM_ITERATIONS}.`,
    };
  }
  return { ok: true, value: { nonce, salt: salt.bytes, iterations } };
}

/** Builds the client-final message without its proof: the encoded GS2 header and the nonce. */
export function scramClientFinalWithoutProof(gs2Header: string, nonce: string): string {
  return `c=${encodeBase64(encodeUtf8(gs2Header))},r=${nonce}`;
}

/** Builds the text that both sides sign (RFC 5802, section 3). */
export function scramAuthMessage(
  clientFirstBare: string,
  serverFirst: string,
  clientFinalWithoutProof: string,
): string {
  return `${clientFirstBare},${serverFirst},${clientFinalWithoutProof}`;
}

/** Parses the server-final message: the server signature `v=`, or an error `e=`. */
export function parseScramServerFinal(
  text: string,
): ScramParse<{ readonly signature: Uint8Array }> {
  const attributes = readAttributes(text);
  const error = attributes.get('e');
  if (error !== undefined) {
    return { ok: false, problem: `The server ended SCRAM with the error "${error}".` };
  }
  const verifier = attributes.get('v');
  const signature = verifier === undefined ? null : decodeBase64(verifier);
  if (signature === null || !signature.ok) {
    return {
      ok: false,
      problem: `The server-final message has no valid v= signature: ${JSON.stringify(text)}.`,
    };
  }
  return { ok: true, value: { signature: signature.bytes } };
}
