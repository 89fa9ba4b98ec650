/**
 * Explains a failed TLS handshake in plain words: the stage that failed, the server's values and
 * this client's limits. The TLS library's error names only the rule that was broken, so the
 * server's values are read from the plaintext handshake records it sent before the failure.
 */
import { makeError, type MailtapError } from '../../shared/errors';
import {
  HandshakeAssembler,
  MalformedHandshake,
  parseServerHello,
  Reader,
  RECORD_HEADER_LENGTH,
  SERVER_HELLO,
} from './certificates/handshake-capture';
import { STRICT_MIN_DH_BITS, versionName, type TlsPolicy } from './tls-policy';

/** TLS record content types and the handshake type of ServerKeyExchange (RFC 5246, 6.2.1 and 7.4). */
const ALERT_RECORD = 21;
const HANDSHAKE_RECORD = 22;
const SERVER_KEY_EXCHANGE = 12;

/** Version numbers of ServerHello.version, by Node's names for them. */
const VERSION_NUMBERS: ReadonlyMap<number, string> = new Map([
  [0x0300, 'SSLv3'],
  [0x0301, 'TLSv1'],
  [0x0302, 'TLSv1.1'],
  [0x0303, 'TLSv1.2'],
  [0x0304, 'TLSv1.3'],
]);

/** The version just below each minimum this client can have, for "supports at most". */
const VERSION_BELOW: Readonly<Record<string, string>> = {
  'TLSv1.2': 'TLSv1.1',
  'TLSv1.1': 'TLSv1',
  TLSv1: 'SSLv3',
};

const LEGACY_ADVICE =
  'To connect anyway, tick "Allow legacy TLS" under Advanced in the connection form; it applies to that connection only, and the session is marked.';

/** Facts from the plaintext records the server sent before a handshake failed. */
export interface ServerHandshakeFacts {
  /** The version the server's ServerHello chose, in Node's spelling (`TLSv1`); null without one. */
  readonly serverVersion: string | null;
  /** The body of the server's ServerKeyExchange message; null when none arrived. */
  readonly serverKeyExchange: Buffer | null;
}

/**
 * Reads the plaintext handshake records the server sent. It stops at the first record that is
 * neither handshake nor alert (ChangeCipherSpec or encrypted data) and at malformed bytes.
 */
export function readServerHandshake(bytes: Buffer): ServerHandshakeFacts {
  let serverVersion: string | null = null;
  let serverKeyExchange: Buffer | null = null;
  const records = new Reader(bytes);
  const assembler = new HandshakeAssembler();
  try {
    while (records.remaining >= RECORD_HEADER_LENGTH) {
      const header = records.take(RECORD_HEADER_LENGTH, 'record header');
      const body = records.take(header.readUInt16BE(3), 'record');
      if (header[0] === ALERT_RECORD) {
        continue;
      }
      if (header[0] !== HANDSHAKE_RECORD) {
        break;
      }
      for (const message of assembler.push(body)) {
        if (message.type === SERVER_HELLO) {
          const hello = parseServerHello(message.body);
          serverVersion = VERSION_NUMBERS.get(hello.version) ?? `0x${hello.version.toString(16)}`;
        } else if (message.type === SERVER_KEY_EXCHANGE) {
          serverKeyExchange = Buffer.from(message.body);
        }
      }
    }
  } catch (error) {
    if (!(error instanceof MalformedHandshake)) {
      throw error;
    }
  }
  return { serverVersion, serverKeyExchange };
}

/** Returns the size of the prime p of a DHE ServerKeyExchange (RFC 5246, 7.4.3) in bits. */
export function dhPrimeBits(serverKeyExchange: Buffer): number | null {
  let prime: Buffer;
  try {
    const reader = new Reader(serverKeyExchange);
    prime = reader.take(reader.uint16('dh_p length'), 'dh_p');
  } catch (error) {
    if (error instanceof MalformedHandshake) {
      return null;
    }
    throw error;
  }
  const first = prime.findIndex((byte) => byte !== 0);
  if (first === -1) {
    return null;
  }
  return (prime.length - first - 1) * 8 + (32 - Math.clz32(prime[first]!));
}

interface FailureContext {
  readonly host: string;
  readonly port: number;
  readonly phase: 'tls-handshake';
}

/** Quotes the TLS library's own words, so that a sysadmin can search for them. */
function libraryWords(error: NodeJS.ErrnoException): string {
  const reason = (error as { reason?: string }).reason ?? error.message;
  return `The TLS library reported: ${reason} (${error.code ?? 'no code'}).`;
}

function dhGroupTooSmall(
  error: NodeJS.ErrnoException,
  facts: ServerHandshakeFacts,
  policy: TlsPolicy,
  context: FailureContext,
): MailtapError {
  const bits = facts.serverKeyExchange === null ? null : dhPrimeBits(facts.serverKeyExchange);
  const level =
    policy.securityLevel === null ? '' : ` (OpenSSL security level ${policy.securityLevel})`;
  let sentence: string;
  if (policy.legacy) {
    sentence = `The server's DH group is ${bits ?? 'too small'}${bits === null ? '' : ' bits'}, which even legacy TLS does not accept.`;
  } else if (bits === null) {
    sentence = `The server's DH group is smaller than ${STRICT_MIN_DH_BITS} bits, the minimum this client requires at its security level${level}. ${LEGACY_ADVICE}`;
  } else {
    sentence = `The server's DH group is ${bits} bits; this client requires at least ${STRICT_MIN_DH_BITS} at its security level${level}. ${LEGACY_ADVICE}`;
  }
  return makeError('TLS_DH_GROUP_TOO_SMALL', {
    ...context,
    detail: `${sentence} ${libraryWords(error)}`,
  });
}

function versionTooOld(
  error: NodeJS.ErrnoException,
  facts: ServerHandshakeFacts,
  policy: TlsPolicy,
  context: FailureContext,
): MailtapError {
  const minimum = versionName(policy.minVersion);
  const advice = policy.legacy ? '' : ` ${LEGACY_ADVICE}`;
  let sentence: string;
  if (facts.serverVersion !== null) {
    sentence = `The server supports at most ${versionName(facts.serverVersion)}; this client's minimum is ${minimum}.`;
  } else {
    // A server that receives the supported_versions extension (RFC 8446, 4.2.1) and shares no
    // version replies with an alert, which does not name the versions it has. It has none at
    // or above the minimum, because this client offers every version from there to TLS 1.3.
    const below = VERSION_BELOW[policy.minVersion];
    const most = below === undefined ? 'an older version' : versionName(below);
    sentence = `The server supports at most ${most}: it refused every version from ${minimum} to TLS 1.3 that this client offered; this client's minimum is ${minimum}.`;
  }
  return makeError('TLS_VERSION_TOO_OLD', {
    ...context,
    detail: `${sentence}${advice} ${libraryWords(error)}`,
  });
}

function otherFailure(error: NodeJS.ErrnoException, context: FailureContext): MailtapError {
  const reason = (error as { reason?: string }).reason;
  const code = error.code ?? '';
  let hint = '';
  if (
    /WRONG_VERSION_NUMBER|UNKNOWN_PROTOCOL|RECORD_LAYER_FAILURE/.test(code) ||
    /wrong version number/i.test(error.message)
  ) {
    hint = ' The server did not answer with TLS; the port may expect STARTTLS or plaintext.';
  } else if (/HANDSHAKE_FAILURE|NO_SHARED_CIPHER|SSLV3_ALERT_HANDSHAKE_FAILURE/.test(code)) {
    hint = ' The server and this client share no cipher suite or signature algorithm.';
  } else if (code === 'ECONNRESET') {
    hint = ' The server reset the connection during the handshake.';
  }
  const detail = `${code || 'Error'}: ${reason ?? error.message}.${hint}`;
  return makeError('TLS_HANDSHAKE_FAILED', { ...context, detail });
}

/**
 * Turns the TLS library's handshake error into a catalog error. `serverBytes` are the raw bytes
 * the server sent during the handshake.
 */
export function diagnoseHandshakeFailure(
  error: NodeJS.ErrnoException,
  serverBytes: Buffer,
  policy: TlsPolicy,
  context: FailureContext,
): MailtapError {
  const code = error.code ?? '';
  if (/DH_KEY_TOO_SMALL/.test(code)) {
    return dhGroupTooSmall(error, readServerHandshake(serverBytes), policy, context);
  }
  if (/UNSUPPORTED_PROTOCOL|TLSV1_ALERT_PROTOCOL_VERSION|NO_PROTOCOLS_AVAILABLE/.test(code)) {
    return versionTooOld(error, readServerHandshake(serverBytes), policy, context);
  }
  return otherFailure(error, context);
}
