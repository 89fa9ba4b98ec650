/**
 * The one catalog of error codes. Every expected failure of a session or request carries one of
 * these codes, a sentence a sysadmin understands, and the context it happened in. Tests assert
 * the code, never the wording.
 */
export const ERROR_CATALOG = {
  INVALID_REQUEST: 'The request was malformed.',
  INVALID_OPTIONS: 'The connection settings are invalid.',
  SESSION_NOT_FOUND: 'No session has this id; it may have been closed already.',
  ENGINE_LOST:
    'The connection to the Mailtap engine was lost, so this session can no longer be used; restart the engine and open the address it prints.',

  DNS_NOT_FOUND:
    'The host name does not resolve to any address. Check its spelling, or enter an IP address.',
  DNS_TIMEOUT:
    "The DNS lookup did not finish before its deadline. Check this machine's DNS servers, or enter an IP address.",
  DNS_FAILED: 'The DNS lookup failed.',
  NO_ADDRESS_FOR_FAMILY: 'The host has no address of the requested family (IPv4 or IPv6).',

  CONNECT_REFUSED: 'The server refused the TCP connection: nothing listens on that port.',
  CONNECT_TIMEOUT: 'The TCP connection did not open before its deadline.',
  CONNECT_UNREACHABLE: 'The network or host is unreachable from this machine.',
  CONNECT_FAILED: 'The TCP connection failed.',

  GREETING_TIMEOUT:
    'The server accepted the connection but sent no complete greeting before the deadline.',
  GREETING_REJECTED: 'The server greeted with a refusal and will not serve this session.',
  REPLY_TIMEOUT: 'The server did not reply to a command before the deadline.',
  IDLE_TIMEOUT: 'The session was idle for longer than the idle deadline.',

  TLS_HANDSHAKE_FAILED: 'The TLS handshake failed.',
  TLS_HANDSHAKE_TIMEOUT:
    'The TLS handshake did not finish before its deadline. If the port speaks plaintext first, connect with STARTTLS or Plain; otherwise a firewall may drop the handshake.',
  TLS_VERSION_TOO_OLD:
    'The TLS handshake failed at version negotiation: the server supports only TLS versions older than this client accepts.',
  TLS_DH_GROUP_TOO_SMALL:
    "The TLS handshake failed at the server's key exchange: its Diffie-Hellman group is smaller than this client's security level accepts.",
  TLS_PLAINTEXT_REPLY:
    'The server answered the TLS handshake in plaintext: this port speaks plaintext first, so use STARTTLS or plain mode.',

  STARTTLS_UNSUPPORTED: 'This protocol has no STARTTLS command.',
  STARTTLS_NOT_OFFERED: 'The server does not offer STARTTLS, so the session was not upgraded.',
  STARTTLS_REJECTED: 'The server refused STARTTLS, so the connection is not encrypted.',

  STARTTLS_INJECTION:
    'The server sent bytes after agreeing to STARTTLS and before the TLS handshake; they could be injected by an attacker, so the session was closed.',
  STARTTLS_PREAUTH:
    'The IMAP server greeted with PREAUTH, so STARTTLS is no longer possible; the session was closed before any command.',
  ALREADY_TLS: 'The session is already protected by TLS.',

  INPUT_NOT_READY: 'The session cannot take input yet.',
  INPUT_HELD_FOR_STARTTLS:
    'Nothing was sent, because input after a STARTTLS command must wait for the TLS handshake. It stays where you typed it, so send it again once TLS is up.',
  INPUT_INVALID: 'The input line is invalid.',
  INPUT_TOO_LONG: 'The input line is longer than the maximum the console sends.',
  CREDENTIALS_NEED_TLS:
    'The line carries a credential and this session asked for TLS but is not encrypted, so it was not sent.',
  CREDENTIALS_UNTRUSTED_CERTIFICATE:
    'The line carries a credential and the server certificate is not trusted, so it was not sent.',
  CERTIFICATE_NOT_ACCEPTED:
    'The fingerprint does not match the certificate this session received, so nothing was accepted.',
  SESSION_CLOSED: 'The session is closed.',

  AUTH_IN_PROGRESS:
    'The auth helper is in the middle of an exchange; typed lines wait until the server accepts or refuses it.',
  AUTH_UNSUPPORTED: 'A raw session has no login command, so the auth helper cannot run in it.',
  AUTH_INVALID_INPUT: 'The auth helper cannot build the login from these values.',
  CONNECTIONS_INVALID: 'The saved connection or the imported file is invalid.',
  CONNECTIONS_READ_ONLY: 'Saved connections cannot be changed, so that their file stays intact.',
  CONNECTIONS_WRITE_FAILED: 'Writing the saved connections failed.',
  CONNECTION_NOT_FOUND: 'No saved connection has this id; it may have been deleted.',
  PASSWORD_STORAGE_UNAVAILABLE: 'Passwords cannot be stored safely here, so none was saved.',
  SAVED_PASSWORD_MISSING:
    'The saved connection has no stored password, so nothing was sent. Type the password, or save the connection again with one.',
  SAVED_PASSWORD_UNREADABLE:
    'The stored password could not be decrypted, so nothing was sent. Type the password, or save the connection with it again to replace the stored copy.',
  SAVED_PASSWORD_WRONG_SERVER:
    "The stored password belongs to another server than this session's, so it was not sent. Type the password, or open the saved connection itself.",
  FILE_SAVE_FAILED: 'Saving the file failed.',
  NOT_AVAILABLE: 'This action is not available in this mode.',

  CONNECTION_RESET: 'The server reset the connection.',
  CONNECTION_CLOSED: 'The server closed the connection.',
  SOCKET_ERROR: 'The connection failed.',
  INTERNAL_ERROR: 'Mailtap hit an internal error.',

  CERTIFICATE_FILE_INVALID:
    'The file holds no certificate that Mailtap can read; open a PEM, DER or PKCS#7 (.p7b) file.',
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

/** The phase of a session in which an error happened. */
export type SessionPhase =
  | 'resolving'
  | 'connecting'
  | 'tls-handshake'
  | 'greeting'
  | 'starttls'
  | 'ready'
  | 'closing'
  | 'closed';

/** Where an error happened; every field is optional because early failures know little. */
export interface ErrorContext {
  readonly host?: string;
  readonly port?: number;
  readonly address?: string;
  readonly phase?: SessionPhase;
  readonly command?: string;
  readonly reply?: string;
  readonly detail?: string;
}

/** An expected failure as data: it crosses IPC and the WebSocket unchanged. */
export interface MailtapError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly context: ErrorContext;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CATALOG, value);
}

/**
 * Builds an error from its code. The message is the catalog sentence followed by the detail,
 * when the caller has one (an OS error, a server reply).
 */
export function makeError(code: ErrorCode, context: ErrorContext = {}): MailtapError {
  const sentence = ERROR_CATALOG[code];
  const message = context.detail ? `${sentence} ${context.detail}` : sentence;
  return { code, message, context };
}

/** Brackets an IPv6 literal such as `::1`, so that a port can follow it: `[::1]`. */
function bracketIpv6(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** Formats an error with its context as one line for a status bar or a log. */
export function describeError(error: MailtapError): string {
  const { host, port, phase, address, reply } = error.context;
  const where: string[] = [];
  if (host !== undefined) {
    where.push(port === undefined ? host : `${bracketIpv6(host)}:${port}`);
  }
  if (address !== undefined && address !== host && bracketIpv6(address) !== host) {
    where.push(`address ${address}`);
  }
  if (phase !== undefined) {
    where.push(`during ${phase}`);
  }
  const suffix = reply === undefined ? '' : ` Server reply: ${reply}`;
  const location = where.length > 0 ? ` (${where.join(', ')})` : '';
  return `${error.code}${location}: ${error.message}${suffix}`;
}
