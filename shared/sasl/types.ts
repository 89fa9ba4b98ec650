/** SASL mechanisms the auth helpers can run, by their IANA names. */
export const SASL_MECHANISMS = [
  'PLAIN',
  'LOGIN',
  'CRAM-MD5',
  'XOAUTH2',
  'OAUTHBEARER',
  'SCRAM-SHA-1',
  'SCRAM-SHA-256',
] as const;

export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/**
 * The way credentials are sent:
 * - `sasl`: SMTP `AUTH`, IMAP `AUTHENTICATE` or POP3 `AUTH` with a SASL mechanism;
 * - `imap-login`: the IMAP `LOGIN` command;
 * - `pop3-user`: the POP3 `USER` and `PASS` commands;
 * - `pop3-apop`: the POP3 `APOP` command with a digest of the greeting's timestamp.
 */
export type AuthMethod = 'sasl' | 'imap-login' | 'pop3-user' | 'pop3-apop';

export const AUTH_METHODS: readonly AuthMethod[] = ['sasl', 'imap-login', 'pop3-user', 'pop3-apop'];

/** Character encoding of the AUTH LOGIN user name and password; servers differ in what they expect. */
export type LoginCharset = 'utf-8' | 'latin1';

export const LOGIN_CHARSETS: readonly LoginCharset[] = ['utf-8', 'latin1'];

/** The settings of one auth helper exchange: everything but the secret. */
export interface AuthSettings {
  readonly method: AuthMethod;
  /** The SASL mechanism; ignored unless `method` is `sasl`. */
  readonly mechanism: SaslMechanism;
  /** Send the first SASL message with the command (SMTP AUTH, IMAP SASL-IR, POP3 AUTH). */
  readonly initialResponse: boolean;
  /** Authorization identity, the user to act as; empty for none. Used by PLAIN and SCRAM. */
  readonly authzid: string;
  readonly username: string;
  readonly loginCharset: LoginCharset;
  /** The tag of the IMAP command; ignored by SMTP and POP3. */
  readonly tag: string;
}

/**
 * The request the engine runs and the sidebar previews, with the secret itself. When the secret
 * is a saved connection's stored password, this exists only in the main process.
 */
export interface AuthRequest extends AuthSettings {
  /** The password, or the OAuth 2.0 access token for XOAUTH2 and OAUTHBEARER. */
  readonly secret: string;
}

/**
 * The origin of an exchange's secret:
 * - `typed`: the user typed it into the helper, and the request carries it;
 * - `saved-connection`: the password stored with this saved connection, which the engine
 *   decrypts in the main process, so it never crosses IPC.
 */
export type SecretSource =
  | { readonly kind: 'typed'; readonly secret: string }
  | { readonly kind: 'saved-connection'; readonly connectionId: string };

export const SECRET_SOURCE_KINDS: readonly SecretSource['kind'][] = ['typed', 'saved-connection'];

/** The auth helper's request as it crosses IPC, sent once per exchange. */
export interface AuthStartRequest extends AuthSettings {
  readonly secretSource: SecretSource;
}

/**
 * The auth helper's exchange as the renderer gets it. It never contains a secret or anything
 * computed from one: client lines appear masked, challenges come from the server.
 */
export interface AuthProgress {
  /** The command that started the exchange, masked, e.g. `AUTH SCRAM-SHA-256 ********`. */
  readonly label: string;
  readonly state: 'running' | 'succeeded' | 'failed';
  /** Client lines sent so far, masked as the terminal shows them. */
  readonly sentLines: readonly string[];
  /** The latest server challenge: its base64 text as received and its decoded, escaped text. */
  readonly lastChallenge: { readonly base64: string; readonly text: string } | null;
  /** The reply line that ended the exchange; null while it runs. */
  readonly finalReply: string | null;
  /** The meaning of the outcome and what to try next; null while the exchange runs. */
  readonly explanation: string | null;
  /** SCRAM only: whether the server proved that it holds keys derived from the password. */
  readonly serverSignature: 'verified' | 'mismatch' | 'missing' | null;
}

/** Result of the CRAM-MD5 calculator: every intermediate value, so a mismatch can be traced. */
export interface CramMd5Computation {
  /** The decoded challenge, with control bytes escaped. */
  readonly challengeText: string;
  /** HMAC-MD5 of the challenge keyed with the password, in lowercase hex. */
  readonly digestHex: string;
  /** `user digest`, the text that is base64-encoded. */
  readonly responseText: string;
  /** The response line to send. */
  readonly responseBase64: string;
}
