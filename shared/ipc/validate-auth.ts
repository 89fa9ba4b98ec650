import { decodeBase64 } from '../encoding/base64';
import { challengeFromPaste } from '../sasl/challenge-text';
import {
  AUTH_METHODS,
  LOGIN_CHARSETS,
  SASL_MECHANISMS,
  SECRET_SOURCE_KINDS,
  type AuthStartRequest,
  type SecretSource,
} from '../sasl/types';
import type { RequestParams } from './contract';
import {
  asRecord,
  InvalidField,
  MAX_AUTH_NAME_LENGTH,
  MAX_AUTH_SECRET_LENGTH,
  MAX_CHALLENGE_LENGTH,
  MAX_IMAP_TAG_LENGTH,
  parseSessionId,
  requireBoolean,
  requireChoice,
  requireString,
} from './validate';
import { MAX_CONNECTION_ID_LENGTH } from './validate-features';

/**
 * Returns whether a tag is printable ASCII without the atom specials of RFC 9051 and without
 * `+`, so it cannot be mistaken for a continuation or break the command line.
 */
function isImapTag(tag: string): boolean {
  return /^[\x21-\x7e]+$/.test(tag) && !/[(){%*"\\+]/.test(tag);
}

/** Reads the secret's source. The copy keeps only the fields of its kind, so a stray secret is dropped. */
function parseSecretSource(value: unknown): SecretSource {
  const record = asRecord(value, 'secretSource');
  const kind = requireChoice(record, 'kind', SECRET_SOURCE_KINDS);
  if (kind === 'typed') {
    return { kind, secret: requireString(record, 'secret', MAX_AUTH_SECRET_LENGTH) };
  }
  const connectionId = requireString(record, 'connectionId', MAX_CONNECTION_ID_LENGTH);
  if (connectionId === '') {
    throw new InvalidField('connectionId', 'is empty');
  }
  return { kind, connectionId };
}

function parseAuthStartRequest(value: unknown): AuthStartRequest {
  const record = asRecord(value, 'request');
  const tag = requireString(record, 'tag', MAX_IMAP_TAG_LENGTH);
  if (tag !== '' && !isImapTag(tag)) {
    throw new InvalidField('tag', 'must be printable ASCII without spaces or ( ) { % * " \\ +');
  }
  return {
    method: requireChoice(record, 'method', AUTH_METHODS),
    mechanism: requireChoice(record, 'mechanism', SASL_MECHANISMS),
    initialResponse: requireBoolean(record, 'initialResponse'),
    authzid: requireString(record, 'authzid', MAX_AUTH_NAME_LENGTH),
    username: requireString(record, 'username', MAX_AUTH_NAME_LENGTH),
    secretSource: parseSecretSource(record['secretSource']),
    loginCharset: requireChoice(record, 'loginCharset', LOGIN_CHARSETS),
    tag,
  };
}

export function parseAuthStartParams(value: unknown): RequestParams<'auth:start'> {
  const record = asRecord(value, 'params');
  return { sessionId: parseSessionId(record), request: parseAuthStartRequest(record['request']) };
}

export function parseCramMd5Params(value: unknown): RequestParams<'auth:cram-md5'> {
  const record = asRecord(value, 'params');
  const challenge = challengeFromPaste(requireString(record, 'challenge', MAX_CHALLENGE_LENGTH));
  if (!decodeBase64(challenge).ok) {
    throw new InvalidField(
      'challenge',
      'is not valid base64; paste the challenge line from the terminal, or the text after "334 " or "+ "',
    );
  }
  return {
    challenge,
    username: requireString(record, 'username', MAX_AUTH_NAME_LENGTH),
    secret: requireString(record, 'secret', MAX_AUTH_SECRET_LENGTH),
  };
}
