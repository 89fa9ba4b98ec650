import type { ChainHeadline } from './certificates/model';
import type { MailtapError, SessionPhase } from './errors';
import type { AddressFamily, ProtocolId, SecurityMode } from './presets';
import type { AuthProgress } from './sasl/types';

/** Per-phase deadlines in milliseconds. Each is absolute: traffic inside a phase never extends it. */
export interface Deadlines {
  readonly dnsMs: number;
  readonly connectMs: number;
  readonly greetingMs: number;
  readonly handshakeMs: number;
  readonly replyMs: number;
  /** No complete line in either direction for this long ends the session. A line counts once
   * its LF arrives, so a server trickling bytes without one does not keep the session alive. */
  readonly idleMs: number;
}

/** Per-session caps on sizes and connection pacing; each has a named default in the engine. */
export interface SessionLimits {
  /** Maximum length of a server line the reply trackers keep, in bytes; the terminal shows all. */
  readonly maxTrackedLineBytes: number;
  /** Maximum length of a line the user sends, in bytes after UTF-8 encoding. */
  readonly maxInputLineBytes: number;
  /** Unacknowledged server bytes above which the engine stops reading the socket. */
  readonly unackedHighWatermarkBytes: number;
  /** Unacknowledged server bytes below which the engine reads the socket again. */
  readonly unackedLowWatermarkBytes: number;
  /** Bytes the session's transcript keeps; later records are counted, not kept. */
  readonly transcriptMaxBytes: number;
  /** Wait before racing the next address while an earlier attempt is pending (RFC 8305). */
  readonly connectionAttemptDelayMs: number;
}

/** Connection settings from the form. */
export interface SessionOptions {
  readonly host: string;
  readonly port: number;
  readonly protocol: ProtocolId;
  readonly security: SecurityMode;
  /** Name sent with EHLO; the engine uses this machine's host name when it is empty. */
  readonly ehloName?: string;
  /**
   * Server name sent in the TLS ClientHello. Undefined means the typed host (none for an IP
   * literal); an empty string means send no SNI at all.
   */
  readonly sni?: string;
  /** Name the certificate must match; defaults to the SNI, or to the host when SNI is off. */
  readonly verifyName?: string;
  readonly family?: AddressFamily;
  /** Extra trust anchors in PEM, added to the runtime's roots. */
  readonly caPem?: string;
  /** Path of a PEM file with extra trust anchors, read by the main process. */
  readonly caFile?: string;
  /**
   * The user's choice to allow legacy TLS for this connection only: TLS 1.0 and 1.1 and OpenSSL
   * security level 0, which accepts DH groups and keys under 2048 bits. Off unless set to true.
   */
  readonly legacyTls?: boolean;
  readonly deadlines?: Partial<Deadlines>;
  readonly limits?: Partial<SessionLimits>;
}

/** The facts of an established TLS session. */
export interface TlsSummary {
  /** e.g. `TLSv1.3`. */
  readonly version: string;
  /** IANA cipher suite name, e.g. `TLS_AES_256_GCM_SHA384`. */
  readonly cipher: string;
  /** Key-exchange group and size, e.g. `X25519 (253 bits)`; null when the runtime does not report it. */
  readonly keyExchange: string | null;
  readonly alpn: string | null;
  /** The SNI the engine sent, or null when it sent none. */
  readonly sniSent: string | null;
  /** The name the certificate was checked against. */
  readonly verifyName: string;
  /** True when the chain verified against the trust anchors and the name matched. */
  readonly trusted: boolean;
  /** The first verification error in OpenSSL's spelling (e.g. `CERT_HAS_EXPIRED`), null when it passed. */
  readonly chainError: string | null;
  /** Reason the host-name check failed, null when it passed. */
  readonly nameError: string | null;
  /** Subject and issuer of the leaf certificate, as one-line distinguished names. */
  readonly leafSubject: string;
  readonly leafIssuer: string;
  readonly leafValidTo: string;
  /** SHA-256 fingerprint of the leaf certificate as colon-separated hex pairs, null without one. */
  readonly leafFingerprint256: string | null;
  /** Whether TLS was started by STARTTLS (true) or was implicit (false). */
  readonly viaStarttls: boolean;
  /** True when the user allowed legacy TLS for this session, whatever version was negotiated. */
  readonly legacyTls: boolean;
  /** How many certificates the server sent, duplicates included. */
  readonly certificateCount: number;
  /** The certificate verdict in plain words; the full analysis comes from `session:certificates`. */
  readonly headline: ChainHeadline;
}

/** Origin of a capability list: EHLO or HELO (SMTP), the greeting, a response code or the
 * CAPABILITY command (IMAP), CAPA (POP3). */
export type CapabilitySource =
  'ehlo' | 'helo' | 'greeting' | 'response-code' | 'capability' | 'capa';

export interface Capabilities {
  readonly keywords: readonly string[];
  /** True when they were learned over TLS. Lists learned in plaintext are dropped at upgrade. */
  readonly underTls: boolean;
  readonly source?: CapabilitySource;
  /** True for a list kept from before a STARTTLS upgrade, which the server no longer guarantees. */
  readonly stale?: boolean;
  /** True for a list the server sent after a successful login, when AUTH offers usually go. */
  readonly afterLogin?: boolean;
}

/** The latest reply that completed or continued a command, with that command. */
export interface LastReply {
  /**
   * The command the reply belongs to, upper-cased: `MAIL`, `DATA`, `.` for the end of message data, `LOGIN`,
   * `RETR`; null for the greeting or when the engine cannot tell.
   */
  readonly command: string | null;
  /** `250`, `354`, `OK`, `NO`, `+OK`, `-ERR`, or `+` for a continuation. */
  readonly status: string;
  /** The reply line that states the outcome, as received. */
  readonly line: string;
}

/** The state of the input path that typing aids and the guided flows need. */
export interface InputState {
  /** Commands sent whose completion has not arrived yet. */
  readonly awaitingReplies: number;
  /** Lines accepted from the user but held until a reply allows them. */
  readonly heldLines: number;
  /** SMTP only: true after DATA got 354, while the server reads message content until the final dot. */
  readonly inMessageBody: boolean;
  readonly lastReply: LastReply | null;
  /** Counts completing replies, so that two equal replies in a row stay distinguishable. */
  readonly replyCount: number;
}

/** The whole visible state of a session; the engine sends a fresh copy on every change. */
export interface SessionSnapshot {
  readonly sessionId: string;
  /** Increases with every snapshot of this session, so a receiver can drop stale ones. */
  readonly revision: number;
  readonly host: string;
  readonly port: number;
  readonly protocol: ProtocolId;
  readonly security: SecurityMode;
  readonly phase: SessionPhase;
  /** The address the socket is connected to, e.g. `127.0.0.2` or `::1`. */
  readonly remoteAddress: string | null;
  readonly tls: TlsSummary | null;
  readonly capabilities: Capabilities | null;
  /**
   * The list learned in plaintext before the STARTTLS upgrade, kept with `stale: true` so it can be
   * compared with the list learned over TLS; null before an upgrade or when none was learned.
   * Optional so that snapshots built by older code stay valid.
   */
  readonly capabilitiesBeforeTls?: Capabilities | null;
  readonly input?: InputState;
  /** True between a STARTTLS command and the end of its handshake; input is held meanwhile. */
  readonly upgrading: boolean;
  /**
   * The leaf fingerprint the user accepted for sending credentials despite an untrusted
   * certificate, or null. Credentials on an untrusted TLS session are rejected without it.
   */
  readonly acceptedFingerprint: string | null;
  /** Set when the session ended because of an error. */
  readonly error: MailtapError | null;
  /** A sentence saying why the session ended, set once phase is `closed`. */
  readonly closeReason: string | null;
  /** The auth helper's exchange, running or the last one to end; null before the first. */
  readonly auth: AuthProgress | null;
}

/** One piece of the session's output, in the order it happened. */
export type OutputEntry =
  | {
      readonly kind: 'server';
      /** Bytes exactly as received (after TLS decryption). */
      readonly bytes: Uint8Array;
    }
  | {
      readonly kind: 'client';
      /** The line as shown: exactly as sent, but with secrets masked. No line terminator. */
      readonly text: string;
      /** True when the engine itself sent the line (STARTTLS dialogue), false for user input. */
      readonly automatic: boolean;
    }
  | {
      readonly kind: 'note';
      readonly level: 'info' | 'warning' | 'error';
      readonly text: string;
    };

/** Output coalesced by the engine; the renderer acknowledges `serverBytes` after writing it. */
export interface OutputBatch {
  readonly sessionId: string;
  readonly entries: readonly OutputEntry[];
  /** Total bytes of the `server` entries, which is what flow control counts. */
  readonly serverBytes: number;
}

export type SendLineResult =
  { readonly sent: true } | { readonly sent: false; readonly error: MailtapError };

/** The outcome of sending several typed lines in order, stopping at the first refusal. */
export interface SendLinesResult {
  /** How many lines the engine accepted, counted from the first. */
  readonly sentCount: number;
  /**
   * Indexes of accepted lines that the terminal shows masked because they carry a credential,
   * so the renderer keeps them out of its command history.
   */
  readonly maskedIndexes: readonly number[];
  /** The reason the line at `sentCount` was refused; null when every line was accepted. */
  readonly error: MailtapError | null;
}

/** Values the connection form starts with. */
export interface AppDefaults {
  readonly ehloName: string;
  readonly deadlines: Deadlines;
  /** Sentences about settings of the engine's environment that weaken TLS elsewhere. */
  readonly environmentWarnings: readonly string[];
}
