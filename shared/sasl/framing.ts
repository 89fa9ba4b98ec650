import { encodeBase64 } from '../encoding/base64';
import type { ProtocolId } from '../presets';
import type { ImapResponse } from '../protocol/imap';
import type { Pop3Response } from '../protocol/pop3';
import type { ServerReply } from '../protocol/reply';
import { SECRET_MASK } from '../protocol/secrets';
import type { SmtpReply } from '../protocol/smtp';
import type { SaslMechanism } from './types';

/** A client line with the form the terminal, the transcript and the logs show instead. */
export interface OutgoingLine {
  readonly text: string;
  readonly display: string;
}

/** The meaning of a server reply for a running authentication exchange. */
export type AuthReply =
  | { readonly kind: 'challenge'; readonly base64: string }
  | { readonly kind: 'success' }
  | { readonly kind: 'failure' }
  | { readonly kind: 'unrelated' };

/** Protocols that carry SASL; a raw session has no AUTH command. */
export type AuthProtocol = Exclude<ProtocolId, 'raw'>;

/**
 * Encodes a SASL response for the wire: base64 on one line, never wrapped. An empty response is
 * an empty line, except as an initial response, where it is `=` (RFC 4954, RFC 4959, RFC 5034).
 */
export function encodeSaslResponse(bytes: Uint8Array, initial: boolean): string {
  if (bytes.length === 0) {
    return initial ? '=' : '';
  }
  return encodeBase64(bytes);
}

/** Masks a SASL response for display; an empty response and a cancel stay visible. */
export function displaySaslResponse(text: string): string {
  return text === '' || text === '=' || text === '*' ? text : SECRET_MASK;
}

/**
 * Builds the command that starts a SASL exchange: SMTP `AUTH` (RFC 4954), IMAP `AUTHENTICATE`
 * (RFC 9051, with SASL-IR from RFC 4959) or POP3 `AUTH` (RFC 5034), with the initial response
 * when there is one.
 */
export function saslCommand(
  protocol: AuthProtocol,
  mechanism: SaslMechanism,
  initialResponse: Uint8Array | null,
  tag: string,
): OutgoingLine {
  const verb = protocol === 'imap' ? `${tag} AUTHENTICATE` : 'AUTH';
  const start = `${verb} ${mechanism}`;
  if (initialResponse === null) {
    return { text: start, display: start };
  }
  const encoded = encodeSaslResponse(initialResponse, true);
  return { text: `${start} ${encoded}`, display: `${start} ${displaySaslResponse(encoded)}` };
}

/** The line that cancels a SASL exchange in all three protocols. */
export const SASL_CANCEL: OutgoingLine = { text: '*', display: '*' };

function classifySmtp(reply: SmtpReply): AuthReply {
  if (reply.code === null) {
    return { kind: 'unrelated' };
  }
  if (reply.code === 334) {
    return { kind: 'challenge', base64: (reply.lines.at(-1) ?? '').trim() };
  }
  return reply.code >= 200 && reply.code < 300 ? { kind: 'success' } : { kind: 'failure' };
}

function classifyImap(reply: ImapResponse, tag: string): AuthReply {
  if (reply.kind === 'continuation') {
    return { kind: 'challenge', base64: reply.text.trim() };
  }
  if (reply.kind === 'untagged' && reply.status === 'BYE') {
    return { kind: 'failure' };
  }
  if (reply.kind !== 'tagged' || reply.tag !== tag) {
    return { kind: 'unrelated' };
  }
  return reply.status === 'OK' ? { kind: 'success' } : { kind: 'failure' };
}

function classifyPop3(reply: Pop3Response): AuthReply {
  switch (reply.status) {
    case '+':
      return { kind: 'challenge', base64: reply.text.trim() };
    case '+OK':
      return { kind: 'success' };
    case '-ERR':
      return { kind: 'failure' };
    default:
      return { kind: 'unrelated' };
  }
}

/**
 * Reads a reply during an authentication exchange. For IMAP, `tag` is the tag of the
 * exchange's command; only its completion (or a BYE) ends the exchange.
 */
export function classifyAuthReply(reply: ServerReply, tag: string): AuthReply {
  switch (reply.protocol) {
    case 'smtp':
      return classifySmtp(reply);
    case 'imap':
      return classifyImap(reply, tag);
    case 'pop3':
      return classifyPop3(reply);
  }
}
