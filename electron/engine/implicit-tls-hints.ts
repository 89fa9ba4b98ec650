import { PRESETS } from '../../shared/presets';

/** Ports whose preset speaks implicit TLS (465, 993, 995, and 443 for raw TLS). */
const IMPLICIT_TLS_PORTS: ReadonlySet<number> = new Set(
  PRESETS.filter((preset) => preset.security === 'tls').map((preset) => preset.port),
);

/** TLS record content types (RFC 8446, section 5.1) that a TLS peer sends first. */
const TLS_HANDSHAKE = 0x16;
const TLS_ALERT = 0x15;
/** The major version byte of every TLS and SSL 3.0 record header. */
const TLS_MAJOR_VERSION = 0x03;

const RECONNECT = 'reconnect with Security set to Implicit TLS';

/** Returns whether bytes start like a TLS record header: a handshake or alert, version 3.x. */
export function looksLikeTlsRecord(bytes: Uint8Array): boolean {
  const type = bytes[0];
  return (type === TLS_HANDSHAKE || type === TLS_ALERT) && bytes[1] === TLS_MAJOR_VERSION;
}

/** Explains plaintext bytes that look like a TLS record, which a TLS port sends. */
export function tlsRecordHint(bytes: Uint8Array): string {
  const head = Array.from(bytes.subarray(0, 2), (byte) => byte.toString(16).padStart(2, '0'));
  return `The server's first bytes (${head.join(' ')}) look like a TLS record, so this port probably expects TLS from the first byte: ${RECONNECT}.`;
}

/**
 * Explains a server that has sent nothing for `waitedMs` after the TCP connection opened. On an
 * implicit-TLS port the client speaks first, so a plaintext client and the server wait for each
 * other until the greeting deadline.
 */
export function silentGreetingHint(port: number, waitedMs: number): string {
  const seconds = Math.round(waitedMs / 1000);
  if (IMPLICIT_TLS_PORTS.has(port)) {
    return `No greeting after ${seconds} s. Port ${port} usually speaks implicit TLS, where the server waits for the client's TLS handshake: ${RECONNECT}.`;
  }
  return `No greeting after ${seconds} s. Some servers delay their greeting on purpose; if this port expects TLS from the first byte, ${RECONNECT}.`;
}
