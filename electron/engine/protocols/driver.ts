import type { ProtocolId } from '../../../shared/presets';
import type { ServerReply } from '../../../shared/protocol/reply';
import type { CapabilitySource, LastReply } from '../../../shared/session';

/** A STARTTLS command the client sent, with what identifies its reply. */
export interface StarttlsCommand {
  /** The IMAP tag; null for SMTP and POP3, whose next reply is the answer. */
  readonly tag: string | null;
}

/** How the engine should treat a line before sending it. */
export interface PreparedLine {
  /** The line as the terminal and transcript show it, with secrets masked. */
  readonly display: string;
  /** Set when the line is the protocol's STARTTLS command. */
  readonly starttls: StarttlsCommand | null;
}

/** What a sent command's completion looks like, so the engine can wait for it. */
export interface SentCommand {
  readonly verb: string;
  readonly tag: string | null;
}

export type GreetingVerdict = 'ok' | 'rejected' | 'preauth';

/** Verdict on a line the user typed, given the replies still outstanding. */
export type InputVerdict =
  | { readonly action: 'send'; readonly note?: string }
  | { readonly action: 'wait'; readonly reason: string }
  | { readonly action: 'drop'; readonly reason: string };

export interface InputContext {
  /** The capabilities the server advertised last, in this phase of the session. */
  readonly capabilities: readonly string[];
  /** True when the line was held in the queue while an earlier line waited for a reply. */
  readonly waited: boolean;
}
export type StarttlsVerdict = 'go-ahead' | 'rejected' | 'unrelated';

/**
 * One per session: the protocol knowledge the engine needs, built the same way for every
 * protocol. Grammar lives in shared/protocol; a driver adds the per-session state (which command
 * a reply answers, whether the next line is a SASL response) on top of it.
 */
export interface ProtocolDriver {
  readonly protocol: ProtocolId;
  /** Whether the server speaks first; false only for raw sessions. */
  readonly expectsGreeting: boolean;
  /** Parses server bytes and returns the replies they complete, in order. */
  receive(chunk: Uint8Array): ServerReply[];
  /** Bytes received that are not part of a complete reply yet. */
  readonly bufferedByteCount: number;
  /** Inspects a line before sending: its masked form and whether it is STARTTLS. */
  prepare(line: string): PreparedLine;
  /** Records that a line went out, after `prepare`. */
  noteSent(line: string): SentCommand;
  /** Whether a reply completes the given command. */
  completes(reply: ServerReply, command: SentCommand): boolean;
  classifyGreeting(reply: ServerReply): GreetingVerdict;
  classifyStarttlsReply(reply: ServerReply, command: StarttlsCommand): StarttlsVerdict;
  /** Capabilities carried by a reply, or null when it carries none. */
  capabilitiesFrom(reply: ServerReply): string[] | null;
  offersStarttls(capabilities: readonly string[]): boolean;
  /** The line that asks for capabilities: EHLO, CAPABILITY or CAPA. */
  capabilityCommand(ehloName: string): string;
  /** The line that starts TLS: STARTTLS, `tag STARTTLS` or STLS; null when there is none. */
  starttlsCommand(): string | null;
  /** Clears parser state at the TLS upgrade; nothing from before the handshake carries over. */
  resetForTls(): void;
  /**
   * Decides whether a typed line goes out now, waits for a reply, or is dropped because the reply
   * it depended on refused it. Lines are judged in order, each after the one before went out.
   */
  judgeInput(line: string, context: InputContext): InputVerdict;
  /** Completes a typed line before it is sent (an IMAP tag the user left out); null keeps it. */
  completeInput(line: string): string | null;
  /** Names the command that brought a capability list, for a reply `capabilitiesFrom` accepted. */
  capabilitySource(reply: ServerReply): CapabilitySource;
  /** The reply as the input state shows it; null for a reply that completes no command. */
  describeReply(reply: ServerReply): LastReply | null;
  /** A warning about the reply's framing for the terminal, or null when it looks right. */
  framingWarning?(reply: ServerReply): string | null;
  /** A warning about sending a line now, before `noteSent`, or null when nothing is amiss. */
  sendWarning?(line: string): string | null;

  /** Commands sent whose completion has not arrived. */
  readonly awaitingReplies: number;
  /** SMTP: true while the server reads message content after 354. */
  readonly inMessageBody: boolean;
}
