import { isIpv6Literal } from '../../../shared/ipc/host-syntax';

/** The Host field after reading what people paste there: URLs, user names and ports. */
export interface ParsedHostInput {
  readonly host: string;
  /** The port that followed the host, for the Port field; null when there was none. */
  readonly port: string | null;
  /** Sentences describing each change, for a note beside the field; empty when nothing changed. */
  readonly notes: readonly string[];
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const BRACKETED_WITH_PORT = /^(\[[^\]]*\]):(\d+)$/;
const NAME_WITH_PORT = /^([^:]+):(\d+)$/;

/**
 * Reads the Host field as typed or pasted. It drops a URL scheme (`smtp://`), a path and a user
 * name (`alice@`), and moves a port (`mx.example.com:587`, `[2001:db8::1]:25`) out of the host.
 * Bare IPv6 addresses (`2001:db8::1`) and bracketed ones stay as they are.
 */
export function parseHostInput(text: string): ParsedHostInput {
  let host = text.trim();
  const notes: string[] = [];

  const scheme = SCHEME.exec(host);
  if (scheme !== null) {
    host = host.slice(scheme[0].length);
    notes.push(`Removed "${scheme[0]}": choose the protocol under Protocol.`);
  }

  const slash = host.indexOf('/');
  if (slash >= 0) {
    notes.push(`Removed the path "${host.slice(slash)}".`);
    host = host.slice(0, slash);
  }

  const at = host.lastIndexOf('@');
  if (at >= 0) {
    notes.push(`Removed the user name "${host.slice(0, at + 1)}": log in with the Auth tab.`);
    host = host.slice(at + 1);
  }

  if (isIpv6Literal(host)) {
    return { host, port: null, notes };
  }
  const withPort = BRACKETED_WITH_PORT.exec(host) ?? NAME_WITH_PORT.exec(host);
  if (withPort === null) {
    return { host, port: null, notes };
  }
  const port = withPort[2]!;
  notes.push(`Moved port ${port} into Port.`);
  return { host: withPort[1]!, port, notes };
}
