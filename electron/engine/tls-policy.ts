/**
 * The TLS settings of a client handshake: strict, unless the user allowed legacy TLS for one
 * connection. Facts measured with Node 20.20.2, which bundles OpenSSL 3.0.19:
 * - OpenSSL 3.0's default security level is 1, which accepts a 1024-bit DH group. This client
 *   asks for level 2, the default of Debian's and Ubuntu's OpenSSL builds and so of their
 *   `openssl s_client`: 112 bits of security, so DH and RSA groups of at least 2048 bits.
 * - TLS 1.0 and 1.1 sign the handshake with MD5+SHA-1 or SHA-1, which OpenSSL 3.0 accepts only
 *   at security level 0. At level 1 a TLS 1.0 handshake fails with "legacy sigalg disallowed
 *   or unsupported", so legacy mode lowers the level to 0 and the minimum version to TLS 1.0.
 * - `--tls-min-v1.0` or a changed `tls.DEFAULT_MIN_VERSION` lowers Node's minimum for the whole
 *   process, so the strict settings name TLS 1.2 explicitly: only the user's choice for one
 *   connection downgrades it.
 */
import tls from 'node:tls';

export const STRICT_SECURITY_LEVEL = 2;
export const LEGACY_SECURITY_LEVEL = 0;
/** Minimum DH group size that OpenSSL accepts at the strict security level, in bits. */
export const STRICT_MIN_DH_BITS = 2048;
export const STRICT_MIN_VERSION: tls.SecureVersion = 'TLSv1.2';
export const LEGACY_MIN_VERSION: tls.SecureVersion = 'TLSv1';

/** The settings one handshake runs with. */
export interface TlsPolicy {
  /** True when the user allowed legacy TLS for this connection. */
  readonly legacy: boolean;
  readonly minVersion: tls.SecureVersion;
  /** The security level in force, or null when the TLS library has none (BoringSSL). */
  readonly securityLevel: number | null;
  /** The `ciphers` option of `tls.connect`, or undefined for the library's default. */
  readonly ciphers: string | undefined;
}

let securityLevelsSupported: boolean | null = null;

/**
 * Returns whether the TLS library understands `@SECLEVEL=n` in a cipher string. OpenSSL does.
 * BoringSSL, which Electron's Node uses, accepts only `@STRENGTH` there and rejects the whole
 * string as an invalid command (ssl/ssl_cipher.cc).
 */
function supportsSecurityLevels(): boolean {
  if (securityLevelsSupported === null) {
    try {
      tls.createSecureContext({ ciphers: `DEFAULT:@SECLEVEL=${STRICT_SECURITY_LEVEL}` });
      securityLevelsSupported = true;
    } catch {
      securityLevelsSupported = false;
    }
  }
  return securityLevelsSupported;
}

/**
 * Returns the settings of a handshake.
 *
 * NOTE: in Electron (BoringSSL) there are no security levels and no DHE cipher suites on the
 * client side, so only the minimum version changes there. Only Node with OpenSSL is tested.
 */
export function tlsPolicy(legacy: boolean): TlsPolicy {
  const levels = supportsSecurityLevels();
  if (legacy) {
    return {
      legacy,
      minVersion: LEGACY_MIN_VERSION,
      securityLevel: levels ? LEGACY_SECURITY_LEVEL : null,
      ciphers: levels ? `DEFAULT:@SECLEVEL=${LEGACY_SECURITY_LEVEL}` : undefined,
    };
  }
  return {
    legacy,
    minVersion: STRICT_MIN_VERSION,
    securityLevel: levels ? STRICT_SECURITY_LEVEL : null,
    ciphers: levels ? `${tls.DEFAULT_CIPHERS}:@SECLEVEL=${STRICT_SECURITY_LEVEL}` : undefined,
  };
}

/** Names a version as people write it: `TLSv1` is `TLS 1.0`, `SSLv3` is `SSL 3.0`. */
export function versionName(version: string): string {
  if (version === 'TLSv1') {
    return 'TLS 1.0';
  }
  const match = /^(TLS|SSL)v(\d)(?:\.(\d))?$/.exec(version);
  if (match === null) {
    return version;
  }
  return `${match[1]} ${match[2]}.${match[3] ?? '0'}`;
}
