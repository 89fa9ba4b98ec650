import type { AuthProtocol } from './framing';

/** The login-related facts of a server's capabilities. */
export interface AuthOffer {
  /** SASL mechanisms advertised, upper-cased; empty when none are. */
  readonly mechanisms: readonly string[];
  /** IMAP SASL-IR (RFC 4959): AUTHENTICATE may carry the initial response. */
  readonly saslIr: boolean;
  /** IMAP LOGINDISABLED: the server refuses LOGIN, usually until STARTTLS. */
  readonly loginDisabled: boolean;
  /** IMAP LITERAL+ (RFC 7888): literals of any size need no `+` go-ahead. */
  readonly literalPlus: boolean;
  /** IMAP LITERAL- (RFC 7888): literals up to 4096 bytes need no `+` go-ahead. */
  readonly literalMinus: boolean;
  /** POP3 USER in CAPA (RFC 2449): USER and PASS are accepted. */
  readonly userCommand: boolean;
}

function words(text: string): string[] {
  return text
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '')
    .map((word) => word.toUpperCase());
}

/**
 * Reads the login-related capabilities: SMTP `AUTH PLAIN LOGIN` (and the old `AUTH=PLAIN`
 * form), IMAP `AUTH=PLAIN`, SASL-IR, LOGINDISABLED and LITERAL±, POP3 `SASL PLAIN` and USER.
 */
export function readAuthOffer(protocol: AuthProtocol, keywords: readonly string[]): AuthOffer {
  const mechanisms = new Set<string>();
  const upper = keywords.map((keyword) => keyword.toUpperCase());
  for (const keyword of upper) {
    if (protocol === 'smtp' && /^AUTH[ =]/.test(keyword)) {
      words(keyword.slice(5)).forEach((mechanism) => mechanisms.add(mechanism));
    } else if (protocol === 'imap' && keyword.startsWith('AUTH=')) {
      mechanisms.add(keyword.slice(5));
    } else if (protocol === 'pop3' && /^SASL(\s|$)/.test(keyword)) {
      words(keyword.slice(4)).forEach((mechanism) => mechanisms.add(mechanism));
    }
  }
  return {
    mechanisms: [...mechanisms],
    saslIr: protocol === 'imap' && upper.includes('SASL-IR'),
    loginDisabled: protocol === 'imap' && upper.includes('LOGINDISABLED'),
    literalPlus: protocol === 'imap' && upper.includes('LITERAL+'),
    literalMinus: protocol === 'imap' && upper.includes('LITERAL-'),
    userCommand: protocol === 'pop3' && upper.some((keyword) => /^USER(\s|$)/.test(keyword)),
  };
}
