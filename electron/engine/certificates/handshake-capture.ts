/**
 * Reads the server's certificates exactly as it sent them, from the raw bytes of the handshake.
 *
 * Node's `getPeerCertificate(true)` rebuilds the chain by issuer links: it reorders it and drops
 * duplicates and unrelated certificates, which are what a sysadmin needs to see. So the engine
 * records every server byte of the handshake (the TLS socket runs over a tap that sees them) and
 * parses the Certificate message itself:
 * - TLS 1.2 and older send it in plaintext handshake records.
 * - TLS 1.3 encrypts it with the server handshake traffic secret, which the TLS socket's
 *   `keylog` event reveals (NSS key log format, `SERVER_HANDSHAKE_TRAFFIC_SECRET`). The records
 *   are decrypted with node:crypto; the secret covers only the handshake, never application data,
 *   and is overwritten once the certificates are read.
 *
 * Limits: a CompressedCertificate (RFC 8879) is not decompressed, a resumed session sends no
 * certificate, and a handshake larger than the capture cap is not parsed. In those cases the
 * caller falls back to the TLS library's view and says so.
 */
import { RecordDecryptionError, ServerHandshakeDecryptor } from './tls13-record-decryption';

/** TLS record content types (RFC 8446, section 5.1). */
const CHANGE_CIPHER_SPEC = 20;
const ALERT = 21;
const HANDSHAKE = 22;
const APPLICATION_DATA = 23;

/** Handshake message types (RFC 8446, section 4, and RFC 8879). */
export const SERVER_HELLO = 2;
const CERTIFICATE = 11;
const FINISHED = 20;
const COMPRESSED_CERTIFICATE = 25;

export const RECORD_HEADER_LENGTH = 5;
const HANDSHAKE_HEADER_LENGTH = 4;
const SUPPORTED_VERSIONS_EXTENSION = 43;
const TLS13_VERSION = 0x0304;

/** The ServerHello.random that marks a HelloRetryRequest (RFC 8446, section 4.1.3). */
const HELLO_RETRY_REQUEST_RANDOM = Buffer.from(
  'CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C',
  'hex',
);

export type CaptureOutcome =
  | {
      readonly ok: true;
      readonly method: 'tls12-record' | 'tls13-decrypted';
      readonly certificates: readonly Buffer[];
    }
  | { readonly ok: false; readonly problem: string };

export class MalformedHandshake extends Error {}

/** A bounds-checked reader over one buffer; any overrun throws MalformedHandshake. */
export class Reader {
  #offset = 0;

  constructor(private readonly bytes: Buffer) {}

  get remaining(): number {
    return this.bytes.length - this.#offset;
  }

  take(length: number, what: string): Buffer {
    if (length > this.remaining) {
      throw new MalformedHandshake(`${what} claims ${length} bytes, ${this.remaining} remain`);
    }
    const slice = this.bytes.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return slice;
  }

  uint8(what: string): number {
    return this.take(1, what).readUInt8(0);
  }

  uint16(what: string): number {
    return this.take(2, what).readUInt16BE(0);
  }

  uint24(what: string): number {
    return this.take(3, what).readUIntBE(0, 3);
  }
}

export interface HandshakeMessage {
  readonly type: number;
  readonly body: Buffer;
}

/** Joins handshake records into messages, which may span several records (RFC 8446, 5.1). */
export class HandshakeAssembler {
  #pending = Buffer.alloc(0);

  push(fragment: Buffer): HandshakeMessage[] {
    this.#pending = Buffer.concat([this.#pending, fragment]);
    const messages: HandshakeMessage[] = [];
    while (this.#pending.length >= HANDSHAKE_HEADER_LENGTH) {
      const length = this.#pending.readUIntBE(1, 3);
      if (this.#pending.length < HANDSHAKE_HEADER_LENGTH + length) {
        break;
      }
      messages.push({
        type: this.#pending[0]!,
        body: this.#pending.subarray(HANDSHAKE_HEADER_LENGTH, HANDSHAKE_HEADER_LENGTH + length),
      });
      this.#pending = this.#pending.subarray(HANDSHAKE_HEADER_LENGTH + length);
    }
    return messages;
  }
}

export interface ServerHello {
  readonly retry: boolean;
  readonly tls13: boolean;
  readonly cipherSuite: number;
  /** The version the server chose, e.g. 0x0301 for TLS 1.0 or 0x0304 for TLS 1.3. */
  readonly version: number;
}

export function parseServerHello(body: Buffer): ServerHello {
  const reader = new Reader(body);
  const legacyVersion = reader.uint16('ServerHello.legacy_version');
  const random = reader.take(32, 'ServerHello.random');
  reader.take(reader.uint8('session id length'), 'ServerHello.session_id');
  const cipherSuite = reader.uint16('ServerHello.cipher_suite');
  reader.uint8('ServerHello.compression_method');
  let tls13 = false;
  if (reader.remaining > 0) {
    const extensions = new Reader(reader.take(reader.uint16('extensions length'), 'extensions'));
    while (extensions.remaining > 0) {
      const type = extensions.uint16('extension type');
      const data = extensions.take(extensions.uint16('extension length'), 'extension data');
      if (type === SUPPORTED_VERSIONS_EXTENSION && data.length === 2) {
        tls13 = data.readUInt16BE(0) === TLS13_VERSION;
      }
    }
  }
  return {
    retry: random.equals(HELLO_RETRY_REQUEST_RANDOM),
    tls13,
    cipherSuite,
    version: tls13 ? TLS13_VERSION : legacyVersion,
  };
}

/** Certificate message of TLS 1.2 and older (RFC 5246, section 7.4.2). */
function parseTls12Certificates(body: Buffer): Buffer[] {
  const reader = new Reader(body);
  const list = new Reader(
    reader.take(reader.uint24('certificate_list length'), 'certificate_list'),
  );
  const certificates: Buffer[] = [];
  while (list.remaining > 0) {
    certificates.push(Buffer.from(list.take(list.uint24('certificate length'), 'certificate')));
  }
  return certificates;
}

/** Certificate message of TLS 1.3 (RFC 8446, section 4.4.2): entries carry extensions. */
function parseTls13Certificates(body: Buffer): Buffer[] {
  const reader = new Reader(body);
  reader.take(reader.uint8('certificate_request_context length'), 'certificate_request_context');
  const list = new Reader(
    reader.take(reader.uint24('certificate_list length'), 'certificate_list'),
  );
  const certificates: Buffer[] = [];
  while (list.remaining > 0) {
    certificates.push(Buffer.from(list.take(list.uint24('cert_data length'), 'cert_data')));
    list.take(list.uint16('extensions length'), 'CertificateEntry.extensions');
  }
  return certificates;
}

/**
 * Finds the server's Certificate message in the raw bytes the server sent during a handshake.
 * `serverHandshakeSecret` is needed for TLS 1.3 only.
 */
export function extractServerCertificates(
  bytes: Buffer,
  serverHandshakeSecret: Buffer | null,
): CaptureOutcome {
  try {
    return extract(bytes, serverHandshakeSecret);
  } catch (error) {
    if (error instanceof MalformedHandshake || error instanceof RecordDecryptionError) {
      return { ok: false, problem: error.message };
    }
    throw error;
  }
}

function extract(bytes: Buffer, secret: Buffer | null): CaptureOutcome {
  const records = new Reader(bytes);
  let plaintext = new HandshakeAssembler();
  let hello: ServerHello | null = null;
  let decryptor: ServerHandshakeDecryptor | null = null;

  try {
    while (records.remaining >= RECORD_HEADER_LENGTH) {
      const header = records.take(RECORD_HEADER_LENGTH, 'record header');
      const type = header[0]!;
      const body = records.take(header.readUInt16BE(3), 'record');

      if (type === ALERT && decryptor === null) {
        return { ok: false, problem: 'the server sent an alert before its certificate' };
      }
      if (type === CHANGE_CIPHER_SPEC) {
        if (hello !== null && !hello.tls13) {
          return {
            ok: false,
            problem: 'the session was resumed, so the server sent no certificate',
          };
        }
        // TLS 1.3 servers send it only for middlebox compatibility (RFC 8446, appendix D.4).
        continue;
      }

      let fragment: Buffer;
      if (type === HANDSHAKE && decryptor === null) {
        fragment = body;
      } else if (type === APPLICATION_DATA && decryptor !== null) {
        const inner = decryptor.decrypt(header, body);
        if (inner.contentType !== HANDSHAKE) {
          return { ok: false, problem: 'the server sent no certificate before other data' };
        }
        fragment = inner.content;
      } else {
        return { ok: false, problem: `record type ${type} came where a handshake record belongs` };
      }

      for (const message of plaintext.push(fragment)) {
        if (message.type === SERVER_HELLO && decryptor === null) {
          hello = parseServerHello(message.body);
          if (hello.retry) {
            continue;
          }
          if (hello.tls13) {
            if (secret === null) {
              return { ok: false, problem: 'the TLS library did not reveal the handshake secret' };
            }
            decryptor = new ServerHandshakeDecryptor(hello.cipherSuite, secret);
            // The key changes after ServerHello, so its messages cannot continue into
            // protected records.
            plaintext = new HandshakeAssembler();
          }
          continue;
        }
        if (message.type === CERTIFICATE) {
          return decryptor === null
            ? {
                ok: true,
                method: 'tls12-record',
                certificates: parseTls12Certificates(message.body),
              }
            : {
                ok: true,
                method: 'tls13-decrypted',
                certificates: parseTls13Certificates(message.body),
              };
        }
        if (message.type === COMPRESSED_CERTIFICATE) {
          return { ok: false, problem: 'the server compressed its certificates (RFC 8879)' };
        }
        if (message.type === FINISHED) {
          return { ok: false, problem: 'the server finished its handshake without a certificate' };
        }
      }
    }
  } finally {
    decryptor?.dispose();
  }
  return { ok: false, problem: 'the captured bytes end before the Certificate message' };
}

/**
 * Most bytes of a server's handshake flight that the engine keeps. OpenSSL's client accepts a
 * certificate list of at most 100 KiB by default, and BoringSSL is similar, so a handshake that
 * succeeded fits with a wide margin.
 */
export const MAX_HANDSHAKE_CAPTURE_BYTES = 1024 * 1024;

/**
 * Collects the server's handshake bytes and the TLS 1.3 handshake secret of one connection,
 * and stops collecting at `finish()`.
 */
export class HandshakeRecorder {
  #chunks: Buffer[] = [];
  #byteCount = 0;
  #overflow = false;
  #finished = false;
  #serverSecret: Buffer | null = null;

  /** Records one chunk of raw server bytes. */
  record(chunk: Buffer): void {
    if (this.#finished || this.#overflow) {
      return;
    }
    if (this.#byteCount + chunk.length > MAX_HANDSHAKE_CAPTURE_BYTES) {
      this.#overflow = true;
      this.#chunks = [];
      return;
    }
    this.#chunks.push(Buffer.from(chunk));
    this.#byteCount += chunk.length;
  }

  /** Listener for the TLS socket's `keylog` event; keeps only the server handshake secret. */
  readonly onKeylog = (line: Buffer): void => {
    if (this.#finished) {
      return;
    }
    const [label, , secret] = line.toString('latin1').trim().split(' ');
    if (label === 'SERVER_HANDSHAKE_TRAFFIC_SECRET' && secret !== undefined) {
      this.#serverSecret = Buffer.from(secret, 'hex');
    }
  };

  /**
   * Stops recording and returns the server bytes of a handshake that failed, for the failure's
   * diagnosis; empty when the capture overflowed or was already read.
   */
  finishFailed(): Buffer {
    this.#finished = true;
    this.#serverSecret?.fill(0);
    this.#serverSecret = null;
    const bytes = this.#overflow ? Buffer.alloc(0) : Buffer.concat(this.#chunks);
    this.#chunks = [];
    return bytes;
  }

  /** Stops recording, extracts the certificates and drops the bytes and the secret. */
  finish(): CaptureOutcome {
    if (this.#finished) {
      return { ok: false, problem: 'the capture was already read' };
    }
    this.#finished = true;
    const bytes = Buffer.concat(this.#chunks);
    this.#chunks = [];
    const secret = this.#serverSecret;
    this.#serverSecret = null;
    try {
      if (this.#overflow) {
        return {
          ok: false,
          problem: `the handshake was larger than ${MAX_HANDSHAKE_CAPTURE_BYTES} bytes`,
        };
      }
      return extractServerCertificates(bytes, secret);
    } finally {
      secret?.fill(0);
    }
  }
}
