/** Maximum number of 16-bit groups in an IPv6 address (RFC 4291, section 2.2). */
const IPV6_GROUP_COUNT = 8;
/** An embedded IPv4 address at the end of an IPv6 one takes the place of two groups. */
const IPV4_GROUP_WIDTH = 2;

const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function countGroups(part: string): number | null {
  if (part === '') {
    return 0;
  }
  const groups = part.split(':');
  let count = 0;
  for (const [index, group] of groups.entries()) {
    if (HEX_GROUP.test(group)) {
      count += 1;
    } else if (index === groups.length - 1 && IPV4.test(group)) {
      count += IPV4_GROUP_WIDTH;
    } else {
      return null;
    }
  }
  return count;
}

/**
 * Returns true for an IPv6 address in the text forms of RFC 4291, section 2.2 (with `::`
 * and an embedded IPv4 address), optionally in brackets and with a zone id such as `%eth0`.
 */
export function isIpv6Literal(text: string): boolean {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const address = bare.split('%', 2)[0] ?? '';
  const halves = address.split('::');
  if (halves.length > 2) {
    return false;
  }
  if (halves.length === 1) {
    return countGroups(address) === IPV6_GROUP_COUNT;
  }
  const before = countGroups(halves[0]!);
  const after = countGroups(halves[1]!);
  if (before === null || after === null) {
    return false;
  }
  // The IPv4 part may only end the address, never stand before `::`.
  if (halves[0]!.includes('.')) {
    return false;
  }
  return before + after < IPV6_GROUP_COUNT;
}

/**
 * Returns why `host` is not a host name or an IP address, or null when it may be one. It catches
 * what people paste from elsewhere: a URL (`smtp://mx.example.com`), a user (`alice@host`) and a
 * port (`mx.example.com:587`), which a resolver would otherwise look up as a name.
 */
export function hostSyntaxProblem(host: string): string | null {
  if (host.includes('/')) {
    return `"${host}" contains "/": enter only the host name, without a URL scheme or path`;
  }
  if (host.includes('@')) {
    return `"${host}" contains "@": enter only the host name, without a user name`;
  }
  if (host.includes(':') && !isIpv6Literal(host)) {
    return `"${host}" contains ":" but is not an IPv6 address: put a port in the port field`;
  }
  return null;
}
