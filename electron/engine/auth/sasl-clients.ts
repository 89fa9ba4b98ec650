import { bytesToVisibleText } from '../../../shared/sasl/challenge-text';
import {
  cramMd5Message,
  loginValue,
  OAUTHBEARER_ERROR_ACK,
  type EncodedMessage,
} from '../../../shared/sasl/messages';
import { staticInitialMessage } from '../../../shared/sasl/plan';
import type { AuthRequest } from '../../../shared/sasl/types';
import { cramMd5Digest } from './sasl-crypto';
import { ScramClient } from './scram-client';

/** The client's response to a challenge, or a cancel of the exchange with its reason. */
export type SaslAnswer =
  | {
      readonly kind: 'respond';
      readonly bytes: Uint8Array;
      /** A sentence for the terminal about what the response means, or null. */
      readonly note: string | null;
    }
  | { readonly kind: 'abort'; readonly reason: string };

/** The client side of one SASL mechanism, for one exchange. */
export interface SaslClient {
  /** The first client message, or null when the mechanism starts with a server challenge. */
  readonly initialMessage: Uint8Array | null;
  /** Computes the response to a challenge that follows the first client message. */
  respond(challenge: Uint8Array): Promise<SaslAnswer>;
  /** SCRAM's check of the server signature; null for mechanisms that have none. */
  readonly serverSignature: 'verified' | 'mismatch' | 'missing' | null;
}

export type SaslClientResult =
  | { readonly ok: true; readonly client: SaslClient }
  | { readonly ok: false; readonly problem: string };

function abort(reason: string): SaslAnswer {
  return { kind: 'abort', reason };
}

function unexpected(mechanism: string, challenge: Uint8Array): SaslAnswer {
  const text = bytesToVisibleText(challenge).text;
  return abort(
    `${mechanism} expects no further challenge, but the server sent ${JSON.stringify(text)}.`,
  );
}

/** PLAIN: one message and no challenge after it. */
function plainClient(message: Uint8Array): SaslClient {
  return {
    initialMessage: message,
    respond: (challenge) => Promise.resolve(unexpected('PLAIN', challenge)),
    serverSignature: null,
  };
}

/** LOGIN: the user name first (as the initial response or the first answer), then the password. */
function loginClient(username: Uint8Array, password: Uint8Array): SaslClient {
  let passwordSent = false;
  return {
    initialMessage: username,
    respond: (challenge) => {
      if (passwordSent) {
        return Promise.resolve(unexpected('LOGIN', challenge));
      }
      passwordSent = true;
      return Promise.resolve({ kind: 'respond', bytes: password, note: null });
    },
    serverSignature: null,
  };
}

/**
 * XOAUTH2: after the message, a challenge carries an error (base64 JSON) and must be answered
 * with an empty response before the server sends its final failure.
 */
function xoauth2Client(message: Uint8Array): SaslClient {
  return {
    initialMessage: message,
    respond: (challenge) =>
      Promise.resolve({
        kind: 'respond',
        bytes: new Uint8Array(0),
        note: `XOAUTH2 error from the server: ${bytesToVisibleText(challenge).text}. Sending the empty response the mechanism requires, so the server sends its final reply.`,
      }),
    serverSignature: null,
  };
}

/** OAUTHBEARER: an error challenge is acknowledged with a lone ^A (RFC 7628, section 3.2.3). */
function oauthbearerClient(message: Uint8Array): SaslClient {
  return {
    initialMessage: message,
    respond: (challenge) =>
      Promise.resolve({
        kind: 'respond',
        bytes: OAUTHBEARER_ERROR_ACK,
        note: `OAUTHBEARER error from the server: ${bytesToVisibleText(challenge).text}. Sending ^A to end the exchange, as RFC 7628 requires.`,
      }),
    serverSignature: null,
  };
}

/** CRAM-MD5 (RFC 2195): the server speaks first; the answer is the user and the HMAC-MD5 digest. */
function cramMd5Client(username: string, password: string): SaslClient {
  let answered = false;
  return {
    initialMessage: null,
    respond: (challenge) => {
      if (answered) {
        return Promise.resolve(unexpected('CRAM-MD5', challenge));
      }
      answered = true;
      const message = cramMd5Message(username, cramMd5Digest(password, challenge));
      if (!message.ok) {
        return Promise.resolve(abort(message.problem));
      }
      return Promise.resolve({ kind: 'respond', bytes: message.bytes, note: null });
    },
    serverSignature: null,
  };
}

function fromMessage(
  message: EncodedMessage | null,
  build: (bytes: Uint8Array) => SaslClient,
): SaslClientResult {
  if (message === null) {
    return { ok: false, problem: 'The mechanism has no static first message.' };
  }
  return message.ok
    ? { ok: true, client: build(message.bytes) }
    : { ok: false, problem: message.problem };
}

/**
 * Creates the client of the requested mechanism. Returns the reason instead when the credentials
 * cannot be encoded, such as a character SASLprep prohibits or a name Latin-1 cannot carry.
 */
export function createSaslClient(
  request: AuthRequest,
  target: { readonly host: string; readonly port: number },
): SaslClientResult {
  switch (request.mechanism) {
    case 'PLAIN':
      return fromMessage(staticInitialMessage(request, target), plainClient);
    case 'XOAUTH2':
      return fromMessage(staticInitialMessage(request, target), xoauth2Client);
    case 'OAUTHBEARER':
      return fromMessage(staticInitialMessage(request, target), oauthbearerClient);
    case 'LOGIN': {
      const password = loginValue('password', request.secret, request.loginCharset);
      if (!password.ok) {
        return { ok: false, problem: password.problem };
      }
      return fromMessage(staticInitialMessage(request, target), (username) =>
        loginClient(username, password.bytes),
      );
    }
    case 'CRAM-MD5':
      if (request.username === '') {
        return { ok: false, problem: 'The user name is empty; CRAM-MD5 requires one.' };
      }
      return { ok: true, client: cramMd5Client(request.username, request.secret) };
    case 'SCRAM-SHA-1':
    case 'SCRAM-SHA-256':
      return ScramClient.create(
        request.mechanism,
        request.authzid,
        request.username,
        request.secret,
      );
  }
}
