import type { AuthProtocol } from './framing';

/** Facts about the attempt, so an explanation can name the usual mistakes of its method. */
export interface FailureContext {
  /** True when the exchange sent a password-like secret (not an OAuth token). */
  readonly usedPassword: boolean;
  /** True when the session was not under TLS when the credentials went out. */
  readonly plaintext: boolean;
}

const WRONG_CREDENTIALS =
  'The server rejected the credentials. Check the user name (many servers want the full address, some only the local part), the password and its letter case.';
const WRONG_TOKEN =
  'The server rejected the token. Check that it has not expired, that it was issued for mail (IMAP/SMTP scope), and that the user name is the account the token belongs to.';

/** SMTP enhanced status codes of RFC 4954 and RFC 3463 that concern authentication. */
const SMTP_ENHANCED: Readonly<Record<string, string>> = {
  '5.7.8': '',
  '5.7.9':
    'The server considers this mechanism too weak for this account; try a stronger one such as SCRAM-SHA-256.',
  '5.7.11':
    'The server requires encryption for this mechanism: run STARTTLS (or use implicit TLS) first.',
  '4.7.12':
    'The server wants a password change before this mechanism can be used; log in once with PLAIN over TLS.',
  '5.5.2':
    'The server could not decode the response: the base64 or the message inside it is malformed.',
  '4.7.0':
    'The server had a temporary problem checking credentials (its password database may be unreachable); try again later.',
};

/** SMTP reply codes of RFC 4954 and RFC 5321 that an AUTH command can end with. */
const SMTP_CODES: Readonly<Record<number, string>> = {
  535: '',
  534: SMTP_ENHANCED['5.7.9']!,
  538: SMTP_ENHANCED['5.7.11']!,
  454: SMTP_ENHANCED['4.7.0']!,
  432: SMTP_ENHANCED['4.7.12']!,
  500: 'The server does not know the AUTH command here.',
  501: 'The server found a syntax error: the mechanism name or the base64 is malformed, or the exchange was cancelled with "*".',
  502: 'The server does not offer AUTH now; many servers (Postfix with smtpd_tls_auth_only) offer it only after STARTTLS.',
  503: 'The command is out of order: send EHLO first, do not AUTH twice, and do not AUTH inside a mail transaction.',
  504: 'The server does not support this mechanism; pick one from the AUTH line of the EHLO reply.',
  530: 'The server requires authentication, or STARTTLS before it.',
};

/** IMAP response codes of RFC 5530 and RFC 9051 that concern authentication. */
const IMAP_CODES: Readonly<Record<string, string>> = {
  AUTHENTICATIONFAILED: '',
  AUTHORIZATIONFAILED:
    'The credentials are valid, but the account may not act as the authorization identity given.',
  EXPIRED: 'The password or account has expired; renew it with the provider.',
  PRIVACYREQUIRED:
    'The server accepts credentials only over TLS: run STARTTLS (or use port 993) first.',
  CONTACTADMIN: 'The server asks the user to contact the administrator; the account may be locked.',
  UNAVAILABLE: 'The server had a temporary problem checking credentials; try again later.',
  CANNOT: 'The server cannot perform this login at all, whatever the credentials.',
};

/** POP3 response codes of RFC 3206 and RFC 2449. */
const POP3_CODES: Readonly<Record<string, string>> = {
  AUTH: '',
  'SYS/TEMP': 'The server had a temporary problem; try again later.',
  'SYS/PERM': 'The server has a permanent problem with this account; contact its administrator.',
  'IN-USE': 'The credentials were accepted but the mailbox is locked by another POP3 session.',
  'LOGIN-DELAY': 'The server limits how often this account may log in; wait before trying again.',
};

function credentialsSentence(context: FailureContext): string {
  return context.usedPassword ? WRONG_CREDENTIALS : WRONG_TOKEN;
}

function explainSmtp(line: string, context: FailureContext): string {
  const match = /^(\d{3})[ -]?(?:([245]\.\d{1,3}\.\d{1,3})\b)?/.exec(line);
  const code = match === null ? null : Number(match[1]);
  const enhanced = match?.[2];
  const fromEnhanced = enhanced === undefined ? undefined : SMTP_ENHANCED[enhanced];
  const fromCode = code === null ? undefined : SMTP_CODES[code];
  const sentence = fromEnhanced ?? fromCode;
  if (sentence === '') {
    return credentialsSentence(context);
  }
  if (sentence !== undefined) {
    return sentence;
  }
  if (code !== null && code >= 400 && code < 500) {
    return 'The server refused for now (4xx is temporary); try again later.';
  }
  return 'The server refused the authentication; its reply text says why.';
}

function explainImap(line: string, context: FailureContext): string {
  const code = /\[([A-Z-]+)/i.exec(line)?.[1]?.toUpperCase();
  const sentence = code === undefined ? undefined : IMAP_CODES[code];
  if (sentence === '') {
    return credentialsSentence(context);
  }
  if (sentence !== undefined) {
    return sentence;
  }
  if (/^\S+ BAD\b/i.test(line) || /^\* BAD\b/i.test(line)) {
    return 'BAD means the server could not parse the command: a password with spaces or quotes must be quoted or sent as a literal, and the base64 must be on one line.';
  }
  if (/^\* BYE\b/i.test(line)) {
    return 'The server closed the connection, often after too many failed logins.';
  }
  if (/plaintext|cleartext|ssl|tls/i.test(line)) {
    return IMAP_CODES['PRIVACYREQUIRED']!;
  }
  return `NO means the server refused the login. ${credentialsSentence(context)}`;
}

function explainPop3(line: string, context: FailureContext): string {
  const code = /^-ERR \[([A-Z/-]+)\]/i.exec(line)?.[1]?.toUpperCase();
  const sentence = code === undefined ? undefined : POP3_CODES[code];
  if (sentence === '') {
    return credentialsSentence(context);
  }
  if (sentence !== undefined) {
    return sentence;
  }
  if (/plaintext|cleartext|ssl|tls/i.test(line)) {
    return 'The server accepts credentials only over TLS: run STLS (or use port 995) first.';
  }
  if (/unknown|unsupported|mechanism/i.test(line)) {
    return 'The server does not support this mechanism or command; CAPA lists what it offers (SASL, USER).';
  }
  return `The server refused the login. ${credentialsSentence(context)}`;
}

/**
 * Explains the reply that ended a failed authentication, from its codes first and its wording
 * only where no code is more specific. Adds a warning when the credentials went out without TLS.
 */
export function explainAuthFailure(
  protocol: AuthProtocol,
  line: string,
  context: FailureContext,
): string {
  let sentence: string;
  switch (protocol) {
    case 'smtp':
      sentence = explainSmtp(line, context);
      break;
    case 'imap':
      sentence = explainImap(line, context);
      break;
    case 'pop3':
      sentence = explainPop3(line, context);
      break;
  }
  if (!context.plaintext) {
    return sentence;
  }
  // A bearer token is valid until it expires, whatever the password, so it must be revoked.
  return context.usedPassword
    ? `${sentence} The credentials were sent without TLS; change the password if anyone could listen.`
    : `${sentence} The token was sent without TLS; revoke it with its issuer if anyone could listen.`;
}
