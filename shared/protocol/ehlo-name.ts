/**
 * The name a client gives in EHLO or HELO (RFC 5321, section 4.1.1.1): its fully qualified
 * domain name or, when it has none, an address literal of the address it connects from.
 */

/** Returns whether a host name looks fully qualified: two labels or more, not `localhost`. */
export function isFullyQualifiedName(name: string): boolean {
  const trimmed = name.trim().replace(/\.$/, '');
  return /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(trimmed) && !isLocalhostName(trimmed);
}

function isLocalhostName(name: string): boolean {
  return /^localhost(\.localdomain)?\.?$/i.test(name);
}

/**
 * Returns the address literal of a local socket address (RFC 5321, section 4.1.3): `[192.0.2.1]`
 * for IPv4, `[IPv6:2001:db8::1]` for IPv6. An IPv4-mapped IPv6 address, as a dual-stack socket
 * reports an IPv4 connection, becomes the IPv4 literal.
 */
export function addressLiteral(localAddress: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(localAddress);
  if (mapped !== null) {
    return `[${mapped[1]}]`;
  }
  const withoutZone = localAddress.replace(/%.*$/, '');
  return withoutZone.includes(':') ? `[IPv6:${withoutZone}]` : `[${withoutZone}]`;
}

/**
 * Returns a warning for a typed EHLO or HELO line whose name servers commonly reject: none at all,
 * or `localhost`. `suggestion` is the literal of the session's local address, when known.
 */
export function ehloNameWarning(line: string, suggestion: string | null): string | null {
  const match = /^\s*(EHLO|HELO)(?:\s+(\S*))?\s*$/i.exec(line);
  if (match === null) {
    return null;
  }
  const verb = match[1]!.toUpperCase();
  const name = match[2] ?? '';
  const next = suggestion === null ? '' : ` Try ${verb} ${suggestion}.`;
  if (name === '') {
    return `${verb} without a name: RFC 5321 requires the client's domain name or an address literal, and Postfix, for one, answers 501.${next}`;
  }
  if (isLocalhostName(name)) {
    return `${verb} ${name}: servers that check the name (Postfix with reject_non_fqdn_helo_hostname, for one) reject it, and spam filters score it.${next}`;
  }
  return null;
}
