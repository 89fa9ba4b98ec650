import {
  createDecipheriv,
  createHmac,
  type CipherCCMTypes,
  type CipherGCMTypes,
} from 'node:crypto';

/** The AEAD and hash of each TLS 1.3 cipher suite (RFC 8446, appendix B.4). */
interface CipherSuiteParameters {
  readonly cipher: CipherGCMTypes | CipherCCMTypes | 'chacha20-poly1305';
  readonly keyLength: number;
  readonly hash: 'sha256' | 'sha384';
  readonly tagLength: number;
}

const TLS13_CIPHER_SUITES: ReadonlyMap<number, CipherSuiteParameters> = new Map([
  [0x1301, { cipher: 'aes-128-gcm', keyLength: 16, hash: 'sha256', tagLength: 16 }],
  [0x1302, { cipher: 'aes-256-gcm', keyLength: 32, hash: 'sha384', tagLength: 16 }],
  [0x1303, { cipher: 'chacha20-poly1305', keyLength: 32, hash: 'sha256', tagLength: 16 }],
  [0x1304, { cipher: 'aes-128-ccm', keyLength: 16, hash: 'sha256', tagLength: 16 }],
  [0x1305, { cipher: 'aes-128-ccm', keyLength: 16, hash: 'sha256', tagLength: 8 }],
]);

/** Every TLS 1.3 AEAD uses a 12-byte nonce (RFC 8446, section 5.3). */
const IV_LENGTH = 12;

/** HKDF-Expand of RFC 5869, section 2.3. Node's hkdf() always runs Extract first, so it cannot serve. */
function hkdfExpand(hash: string, secret: Buffer, info: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  let previous = Buffer.alloc(0);
  let produced = 0;
  for (let counter = 1; produced < length; counter++) {
    previous = createHmac(hash, secret)
      .update(Buffer.concat([previous, info, Buffer.from([counter])]))
      .digest();
    blocks.push(previous);
    produced += previous.length;
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** HKDF-Expand-Label of RFC 8446, section 7.1, with an empty context. */
export function hkdfExpandLabel(
  hash: string,
  secret: Buffer,
  label: string,
  length: number,
): Buffer {
  const fullLabel = Buffer.from(`tls13 ${label}`, 'ascii');
  const info = Buffer.alloc(2 + 1 + fullLabel.length + 1);
  info.writeUInt16BE(length, 0);
  info.writeUInt8(fullLabel.length, 2);
  fullLabel.copy(info, 3);
  info.writeUInt8(0, 3 + fullLabel.length);
  return hkdfExpand(hash, secret, info, length);
}

export class RecordDecryptionError extends Error {}

/** The content type and content of one decrypted TLSInnerPlaintext. */
export interface InnerPlaintext {
  readonly contentType: number;
  readonly content: Buffer;
}

/**
 * Decrypts the server's protected handshake records of one TLS 1.3 connection, in order, with
 * the server handshake traffic secret (RFC 8446, sections 5.2 and 7.3).
 */
export class ServerHandshakeDecryptor {
  readonly #parameters: CipherSuiteParameters;
  readonly #key: Buffer;
  readonly #iv: Buffer;
  #sequence = 0n;

  constructor(cipherSuite: number, serverHandshakeSecret: Buffer) {
    const parameters = TLS13_CIPHER_SUITES.get(cipherSuite);
    if (parameters === undefined) {
      throw new RecordDecryptionError(
        `cipher suite 0x${cipherSuite.toString(16).padStart(4, '0')} is not a TLS 1.3 suite`,
      );
    }
    this.#parameters = parameters;
    this.#key = hkdfExpandLabel(
      parameters.hash,
      serverHandshakeSecret,
      'key',
      parameters.keyLength,
    );
    this.#iv = hkdfExpandLabel(parameters.hash, serverHandshakeSecret, 'iv', IV_LENGTH);
  }

  /** Decrypts the next record. `header` is its 5-byte record header, the AEAD's additional data. */
  decrypt(header: Buffer, body: Buffer): InnerPlaintext {
    const { cipher, tagLength } = this.#parameters;
    if (body.length < tagLength + 1) {
      throw new RecordDecryptionError(`a protected record of ${body.length} bytes is too short`);
    }
    const nonce = Buffer.from(this.#iv);
    const sequence = Buffer.alloc(8);
    sequence.writeBigUInt64BE(this.#sequence);
    for (let index = 0; index < 8; index++) {
      nonce[IV_LENGTH - 8 + index]! ^= sequence[index]!;
    }
    this.#sequence++;

    const ciphertext = body.subarray(0, body.length - tagLength);
    const tag = body.subarray(body.length - tagLength);
    let plaintext: Buffer;
    try {
      const decipher = createDecipheriv(cipher as CipherGCMTypes, this.#key, nonce, {
        authTagLength: tagLength,
      });
      decipher.setAuthTag(tag);
      decipher.setAAD(header, { plaintextLength: ciphertext.length });
      plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    } catch (error) {
      throw new RecordDecryptionError(
        `record ${this.#sequence - 1n} did not decrypt (${error instanceof Error ? error.message : String(error)})`,
      );
    }

    // TLSInnerPlaintext: content, then the real content type, then zero padding.
    let end = plaintext.length;
    while (end > 0 && plaintext[end - 1] === 0) {
      end--;
    }
    if (end === 0) {
      throw new RecordDecryptionError('a decrypted record holds only padding');
    }
    return { contentType: plaintext[end - 1]!, content: plaintext.subarray(0, end - 1) };
  }

  /** Overwrites the derived key material once the certificates are read. */
  dispose(): void {
    this.#key.fill(0);
    this.#iv.fill(0);
  }
}
