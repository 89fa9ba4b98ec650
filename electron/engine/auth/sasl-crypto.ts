import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';

/** Hash functions the SASL mechanisms use, by their OpenSSL names. */
export type HashName = 'md5' | 'sha1' | 'sha256';

/** Random bytes in a SCRAM client nonce; 18 bytes make 24 base64 characters. */
const SCRAM_NONCE_BYTES = 18;

export function hmac(hash: HashName, key: Uint8Array, data: Uint8Array | string): Uint8Array {
  return createHmac(hash, key).update(data).digest();
}

export function digest(hash: HashName, data: Uint8Array | string): Uint8Array {
  return createHash(hash).update(data).digest();
}

/** Derives a key with PBKDF2-HMAC (RFC 8018) on libuv's thread pool, off the event loop. */
export function pbkdf2Hmac(
  hash: HashName,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  keyLength: number,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    pbkdf2(password, salt, iterations, keyLength, hash, (error, key) => {
      if (error === null) {
        resolve(key);
      } else {
        reject(error);
      }
    });
  });
}

/** Returns a fresh SCRAM client nonce, printable and free of `,` as RFC 5802 requires. */
export function randomNonce(): string {
  return randomBytes(SCRAM_NONCE_BYTES).toString('base64');
}

/** Compares two byte strings in constant time, so a signature check leaks nothing by timing. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** HMAC-MD5 of the challenge keyed with the UTF-8 password, in lowercase hex (RFC 2195). */
export function cramMd5Digest(password: string, challenge: Uint8Array): string {
  return Buffer.from(hmac('md5', Buffer.from(password, 'utf8'), challenge)).toString('hex');
}

/**
 * MD5 of the greeting's timestamp followed by the UTF-8 password, in lowercase hex (RFC 1939).
 * The timestamp is a binary string as received, one character per byte.
 */
export function apopDigest(timestamp: string, password: string): string {
  const input = Buffer.concat([Buffer.from(timestamp, 'latin1'), Buffer.from(password, 'utf8')]);
  return Buffer.from(digest('md5', input)).toString('hex');
}
